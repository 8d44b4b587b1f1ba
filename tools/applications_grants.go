package tools

import (
	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// ApplicationGrantSummary is one row of list_application_grants.
type ApplicationGrantSummary struct {
	ID         string   `json:"id"`
	ResourceID string   `json:"resourceId"`
	ScopeIDs   []string `json:"scopeIds"`
}

// applicationGrantFields are the settable fields of a grant.
type applicationGrantFields struct {
	ResourceID string  `json:"resourceId" jsonschema:"ID (UUID) of the protected resource, from list_resources. An application has one grant per resource; it cannot change later."`
	Scopes     []refIn `json:"scopes" jsonschema:"The scopes granted, each {\"id\": …} from list_resource_scopes of that resource (at least one)."`
}

func (applicationGrantFields) tuneSchema(s *jsonschema.Schema) {
	prop(s, "scopes").MinItems = jsonschema.Ptr(1)
}

var applicationGrants = Family[pingone.ApplicationGrant, ApplicationGrantSummary, applicationGrantFields]{
	Noun: "application_grant", Collection: "application_grants", Key: "grants", Group: "applications",
	Parent: applications.Target(),
	Child:  func(c *pingone.Client) ChildResource[pingone.ApplicationGrant] { return c.ApplicationGrants },
	Summary: func(g *pingone.ApplicationGrant) ApplicationGrantSummary {
		out := ApplicationGrantSummary{ID: g.ID, ScopeIDs: []string{}}
		if g.Resource != nil {
			out.ResourceID = g.Resource.ID
		}
		for _, s := range g.Scopes {
			out.ScopeIDs = append(out.ScopeIDs, s.ID)
		}
		return out
	},
	Refs:       map[string]string{"resourceId": "resource"},
	CreateOnly: []string{"resourceId"},
	Descriptions: Descriptions{
		List: "Lists the resource grants of an application: per protected resource, the scope ids it may request in its tokens " +
			"(list_resource_scopes names them).",
		Get: "Returns one resource grant of an application.",
		Create: "Grants an application scopes of one protected resource. PingOne refuses a resource that does not exist, a scope of another " +
			"resource, and a second grant of the same resource (change that one with update_application_grant).",
		Update: "Replaces the scopes of one resource grant of an application (scopes is the whole new list).",
		Delete: "Removes a resource grant from an application: it can no longer request that resource's scopes.",
	},
}

// ApplicationAttributeSummary is one row of list_application_attributes.
type ApplicationAttributeSummary struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Value       string `json:"value"`
	MappingType string `json:"mappingType"`
	Required    bool   `json:"required"`
}

// applicationAttributeFields are the settable fields of an attribute mapping.
type applicationAttributeFields struct {
	Name       string   `json:"name" jsonschema:"Claim (OIDC) or attribute (SAML) name, unique in the application, e.g. email. OIDC's reserved claims (sub, aud, iss, exp, …) are refused."`
	Value      string   `json:"value" jsonschema:"A constant, or an expression reading the user, e.g. ${user.email} or ${user.name.given}."`
	Required   bool     `json:"required" jsonschema:"Whether a non-empty value must be available for every token or assertion."`
	NameFormat *string  `json:"nameFormat,omitempty" jsonschema:"SAML only: the attribute name format (a URI)."`
	IDToken    *bool    `json:"idToken,omitempty" jsonschema:"OIDC only: put the claim in the ID token (default true; not false together with userInfo)."`
	UserInfo   *bool    `json:"userInfo,omitempty" jsonschema:"OIDC only: return the claim from the userinfo endpoint (default true)."`
	OIDCScopes []string `json:"oidcScopes,omitempty" jsonschema:"OIDC only: ids of openid-resource scopes granted to the application that alone carry the claim (at least one when given)."`
}

var applicationAttributes = Family[pingone.AttributeMapping, ApplicationAttributeSummary, applicationAttributeFields]{
	Noun: "application_attribute", Collection: "application_attributes", Group: "applications",
	Parent: applications.Target(),
	Child:  func(c *pingone.Client) ChildResource[pingone.AttributeMapping] { return c.ApplicationAttributes },
	Summary: func(m *pingone.AttributeMapping) ApplicationAttributeSummary {
		return ApplicationAttributeSummary{ID: m.ID, Name: m.Name, Value: m.Value, MappingType: m.MappingType, Required: m.Required}
	},
	Descriptions: Descriptions{
		List: "Lists the attribute mappings of an application: the claims of its ID tokens and userinfo (OIDC) or the attributes of its " +
			"assertions (SAML), each with its value expression and type: CORE (sub, saml_subject; PingOne's), SCOPE or CUSTOM.",
		Get:    "Returns one attribute mapping of an application in full.",
		Create: "Adds a CUSTOM attribute mapping to an application, e.g. name email, value ${user.email}. Names are unique in the application.",
		Update: "Updates an attribute mapping of an application. CORE mappings (sub, saml_subject) keep their names; their values can change.",
		Delete: "Deletes a CUSTOM attribute mapping of an application: its tokens or assertions no longer carry it. CORE and SCOPE mappings cannot be deleted.",
	},
}

func grantTools() []*Tool { return append(applicationGrants.Tools(), applicationAttributes.Tools()...) }
