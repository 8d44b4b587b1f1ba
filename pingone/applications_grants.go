package pingone

// ApplicationGrantsService manages which scopes of which protected
// resources an application may request:
// /environments/{envID}/applications/{appID}/grants. An application has at
// most one grant per resource.
type ApplicationGrantsService struct {
	ChildCollection[ApplicationGrant]
}

var applicationGrantsResource = Resource{Parent: "applications", Path: "grants", Key: "grants",
	ReadOnly: []string{"_links", "application", "createdAt", "id", "updatedAt"}}

// ApplicationGrant grants an application scopes of one protected resource.
// Resource and Scopes (at least one, each a scope of Resource) are
// required.
type ApplicationGrant struct {
	Meta
	// Application is the application granted (set by PingOne).
	Application *ObjectRef  `json:"application,omitempty"`
	Resource    *ObjectRef  `json:"resource"`
	Scopes      []ObjectRef `json:"scopes"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// ApplicationAttributesService manages an application's attribute
// mappings, what its ID tokens, userinfo answers or SAML assertions carry:
// /environments/{envID}/applications/{appID}/attributes.
type ApplicationAttributesService struct {
	ChildCollection[AttributeMapping]
}

var applicationAttributesResource = Resource{Parent: "applications", Path: "attributes", Key: "attributes",
	ReadOnly: []string{"_links", "application", "createdAt", "id", "updatedAt"}}

// Attribute mapping types (AttributeMapping.MappingType).
const (
	// MappingTypeCore mappings (sub, saml_subject) come with the
	// application: their value may change, they cannot be deleted.
	MappingTypeCore = "CORE"
	// MappingTypeScope mappings come with a scope; they cannot be deleted.
	MappingTypeScope = "SCOPE"
	// MappingTypeCustom mappings are the ones an administrator creates.
	MappingTypeCustom = "CUSTOM"
)

// AttributeMapping maps a user attribute to a claim or SAML attribute of an
// application. Name (unique in the application; OIDC's reserved claims such
// as sub, aud or iss are refused), Value (a constant or an expression
// reading the user, ${user.email}) and Required are required.
type AttributeMapping struct {
	Meta
	// Application is the application the mapping belongs to (set by PingOne).
	Application *ObjectRef `json:"application,omitempty"`
	Name        string     `json:"name"`
	Value       string     `json:"value"`
	Required    bool       `json:"required"`
	// MappingType is CORE, SCOPE or CUSTOM; created mappings are CUSTOM.
	MappingType string `json:"mappingType,omitempty"`
	// NameFormat is the SAML attribute name format (a URI).
	NameFormat string `json:"nameFormat,omitempty"`
	// IDToken and UserInfo say where an OIDC claim goes (both default to
	// true; not both false).
	IDToken  *bool `json:"idToken,omitempty"`
	UserInfo *bool `json:"userInfo,omitempty"`
	// OIDCScopes are ids of openid-resource scopes granted to the
	// application that alone carry the claim.
	OIDCScopes []string `json:"oidcScopes,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}
