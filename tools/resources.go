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
		List: "Lists the protected resources (APIs) of an environment (id, name, type, audience, createdAt): " +
			"the built-in openid (OPENID_CONNECT) and PingOne API (PINGONE_API) resources and the CUSTOM ones.",
		Get:    "Returns one protected resource in full.",
		Create: "Creates a CUSTOM protected resource (an API access tokens are issued for). name must be unique in the environment.",
		Update: "Updates a protected resource: its name, audience, token lifetime or introspection auth method.",
		Delete: "Deletes a CUSTOM protected resource with its scopes: access tokens are no longer issued for it, and every application grant of it " +
			"goes too. The built-in openid and PingOne API resources cannot be deleted.",
	},
}

// ResourceScopeSummary is one row of list_resource_scopes.
type ResourceScopeSummary struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Description      string   `json:"description,omitempty"`
	SchemaAttributes []string `json:"schemaAttributes,omitempty"`
}

// resourceScopeFields are the settable fields of a resource scope.
type resourceScopeFields struct {
	Name        string  `json:"name" jsonschema:"Scope name, unique in the resource, without spaces, e.g. payroll:read. The PingOne API resource takes only p1:read:user:{suffix} and p1:update:user:{suffix}; built-in scopes (openid, profile, email, …) keep their names."`
	Description *string `json:"description,omitempty" jsonschema:"Description."`
	// SchemaAttributes and MappedClaims apply to the built-in resources only.
	SchemaAttributes []string `json:"schemaAttributes,omitempty" jsonschema:"PingOne API scopes p1:read:user, p1:update:user and their {suffix} forms only: the user attributes the scope reaches, e.g. [\"name.given\",\"email\"], or [\"*\"] for all."`
	MappedClaims     []string `json:"mappedClaims,omitempty" jsonschema:"Scopes of the openid resource only: ids of the custom resource attributes the scope carries."`
}

var resourceScopes = Family[pingone.ResourceScope, ResourceScopeSummary, resourceScopeFields]{
	Noun: "resource_scope", Collection: "resource_scopes", Key: "scopes", Group: "resources",
	Parent: resources.Target(),
	Child:  func(c *pingone.Client) ChildResource[pingone.ResourceScope] { return c.ResourceScopes },
	Summary: func(s *pingone.ResourceScope) ResourceScopeSummary {
		return ResourceScopeSummary{ID: s.ID, Name: s.Name, Description: s.Description, SchemaAttributes: s.SchemaAttributes}
	},
	Descriptions: Descriptions{
		List: "Lists the scopes of a protected resource (id, name, description, schemaAttributes): what applications can be granted " +
			"(create_application_grant). list_resources gives the resource ids; openid holds openid, profile, email, address and phone.",
		Get: "Returns one scope of a protected resource in full.",
		Create: "Adds a scope to a protected resource. The name is unique in the resource and has no spaces; the PingOne API resource " +
			"takes only p1:read:user:{suffix} and p1:update:user:{suffix} (with schemaAttributes to limit the attributes they reach).",
		Update: "Updates a scope of a protected resource. Built-in scopes keep their names.",
		Delete: "Deletes a scope of a protected resource. PingOne refuses for built-in scopes and for a scope an application grant still names " +
			"(remove it from the grant first: update_application_grant).",
	},
}

func resourceTools() []*Tool { return append(resources.Tools(), resourceScopes.Tools()...) }
