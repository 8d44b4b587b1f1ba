package pingone

// APIResourcesService manages the protected resources of an environment
// (what access tokens are issued for): /environments/{envID}/resources.
// Applications are granted a resource's scopes by application grants. Only
// CUSTOM resources can be created; OPENID_CONNECT and PINGONE_API are
// built in.
type APIResourcesService struct{ EnvCollection[APIResource] }

// resource is flagged read-only by the spec: what it names is not documented.
var apiResourcesResource = Resource{Path: "resources", Key: "resources",
	ReadOnly: []string{"_links", "clientSecret", "createdAt", "environment", "id", "resource", "updatedAt"}}

// Resource types (APIResource.Type).
const (
	ResourceTypeCustom        = "CUSTOM"
	ResourceTypeOpenIDConnect = "OPENID_CONNECT"
	ResourceTypePingOneAPI    = "PINGONE_API"
)

// APIResource is a protected resource: an API access tokens are issued for.
// Name is required and unique in the environment.
type APIResource struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Type is CUSTOM, OPENID_CONNECT or PINGONE_API; only CUSTOM is created.
	Type string `json:"type,omitempty"`
	// Audience is the aud claim of its access tokens (the name when unset).
	Audience string `json:"audience,omitempty"`
	// AccessTokenValiditySeconds is 300 to 2592000 (default 3600).
	AccessTokenValiditySeconds *int `json:"accessTokenValiditySeconds,omitempty"`
	// IntrospectEndpointAuthMethod is NONE, CLIENT_SECRET_BASIC or CLIENT_SECRET_POST.
	IntrospectEndpointAuthMethod string `json:"introspectEndpointAuthMethod,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}
