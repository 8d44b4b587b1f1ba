package tools

import (
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// ResourceSummary is one row of list_resources.
type ResourceSummary struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Type      string     `json:"type"`
	Audience  string     `json:"audience,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
}

// resourceFields are the settable fields of a protected resource.
type resourceFields struct {
	Name                         string  `json:"name" jsonschema:"Resource name, unique in the environment."`
	Description                  *string `json:"description,omitempty" jsonschema:"Description."`
	Audience                     *string `json:"audience,omitempty" jsonschema:"aud claim of the resource's access tokens, e.g. https://api.example.com; defaults to the name; must not contain pingone or pingidentity."`
	AccessTokenValiditySeconds   *int    `json:"accessTokenValiditySeconds,omitempty" jsonschema:"Access token lifetime in seconds (300 to 2592000; default 3600)."`
	IntrospectEndpointAuthMethod *string `json:"introspectEndpointAuthMethod,omitempty" jsonschema:"How the resource authenticates at the introspection endpoint: NONE, CLIENT_SECRET_BASIC or CLIENT_SECRET_POST."`
}

func (resourceFields) tuneSchema(s *jsonschema.Schema) {
	bounds(s, "accessTokenValiditySeconds", 300, 2592000)
	enum(s, "introspectEndpointAuthMethod", "NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST")
}

var resources = Family[pingone.APIResource, ResourceSummary, resourceFields]{
	Noun: "resource", Collection: "resources",
	Client: func(c *pingone.Client) EnvResource[pingone.APIResource] { return c.APIResources },
	Summary: func(r *pingone.APIResource) ResourceSummary {
		return ResourceSummary{ID: r.ID, Name: r.Name, Type: r.Type, Audience: r.Audience, CreatedAt: r.CreatedAt}
	},
	Name: func(r *pingone.APIResource) string { return r.Name },
	Descriptions: Descriptions{
		List: "Lists the protected resources (APIs) of an environment, one page at a time (id, name, type, audience, createdAt): " +
			"the built-in openid (OPENID_CONNECT) and PingOne API (PINGONE_API) resources and the CUSTOM ones.",
		Get:    "Returns one protected resource in full.",
		Create: "Creates a CUSTOM protected resource (an API access tokens are issued for). name must be unique in the environment.",
		Update: "Updates a protected resource. Fields you omit keep their current values (p1kit reads the resource first and merges); clear removes optional ones.",
		Delete: "Deletes a CUSTOM protected resource: access tokens are no longer issued for it. The built-in openid and PingOne API resources cannot be deleted.",
	},
}

func resourceTools() []*Tool { return resources.Tools() }
