package tools

import (
	"context"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// The attribute mappings of an identity provider: what its sign-on writes
// into the user. They sit in the identity_providers collection and confirm
// by naming their provider.

type identityProviderIn struct {
	envIn
	IdentityProviderID string `json:"identityProviderId" jsonschema:"ID (UUID) of the identity provider, from list_identity_providers."`
}

type idpAttributeIn struct {
	identityProviderIn
	AttributeID string `json:"attributeId" jsonschema:"ID (UUID) of the attribute mapping, from list_identity_provider_attributes."`
}

const (
	idpAttributeNameDoc = "The user attribute the mapping writes, unique per provider: username, email, name.given, name.family, mobilePhone, " +
		"title, address.locality, … or a custom attribute of the user schema. Read-only attributes (id, enabled, mfaEnabled, account, lifecycle, …) " +
		"and COMPLEX ones (name, address, photo: map their members) are refused."
	idpAttributeValueDoc = "What to write, as ${…} placeholders of what the provider returns, e.g. ${providerAttributes.email} or " +
		"\"${providerAttributes.given_name} ${providerAttributes.family_name}\"; a SAML provider's assertion is ${samlAssertion.subject} or ${samlAssertion.<attribute>}."
	idpAttributeUpdateDoc = "EMPTY_ONLY writes the value only into an empty user attribute; ALWAYS overwrites it on every sign-on through the provider."
)

type createIdPAttributeIn struct {
	identityProviderIn
	Name   string `json:"name" jsonschema:"The user attribute the mapping writes, unique per provider."`
	Value  string `json:"value" jsonschema:"The ${…} placeholders of what the provider returns."`
	Update string `json:"update" jsonschema:"EMPTY_ONLY or ALWAYS."`
}

type updateIdPAttributeIn struct {
	idpAttributeIn
	Name   *string `json:"name,omitempty" jsonschema:"Another user attribute (not for the CORE username mapping)."`
	Value  *string `json:"value,omitempty" jsonschema:"New ${…} placeholders of what the provider returns."`
	Update *string `json:"update,omitempty" jsonschema:"EMPTY_ONLY or ALWAYS (not for the CORE username mapping)."`
}

func idpAttributeSchema(s *jsonschema.Schema) {
	prop(s, "name").Description, prop(s, "value").Description = idpAttributeNameDoc, idpAttributeValueDoc
	prop(s, "update").Description += " " + idpAttributeUpdateDoc
	prop(s, "name").Pattern = `^[A-Za-z][A-Za-z0-9_.-]*$`
	enum(s, "update", pingone.AttributeUpdateEmptyOnly, pingone.AttributeUpdateAlways)
}

func (createIdPAttributeIn) tuneSchema(s *jsonschema.Schema) { idpAttributeSchema(s) }
func (updateIdPAttributeIn) tuneSchema(s *jsonschema.Schema) { idpAttributeSchema(s) }

type idpAttributesOut struct {
	IdentityProviderID string                               `json:"identityProviderId"`
	Attributes         []*pingone.IdentityProviderAttribute `json:"attributes"`
}

type idpAttributeOut struct {
	Attribute *pingone.IdentityProviderAttribute `json:"attribute"`
}

func identityProviderAttributeTools() []*Tool {
	idp := identityProviders.Target() // a mapping's confirmation names its provider
	const coll = "identity_providers"
	return []*Tool{
		New(Meta{
			Name: "list_identity_provider_attributes", Title: "List an identity provider's attribute mappings", Collection: coll, Effect: Read,
			Description: "Lists what an identity provider's sign-on writes into the user: each mapping's id, name (the user attribute), value " +
				"(${…} placeholders of the provider's attributes), update (EMPTY_ONLY or ALWAYS) and mappingType (CORE: the username mapping every " +
				"provider has, which cannot be deleted; CUSTOM: the ones administrators add).",
		}, func(ctx context.Context, d Deps, in identityProviderIn) (idpAttributesOut, error) {
			attrs, err := all(d.Client.IdentityProviderAttributes.All(ctx, in.EnvironmentID, in.IdentityProviderID, nil))
			if err != nil {
				return idpAttributesOut{}, err
			}
			return idpAttributesOut{IdentityProviderID: in.IdentityProviderID, Attributes: attrs}, nil
		}),
		New(Meta{
			Name: "get_identity_provider_attribute", Title: "Get an identity provider attribute mapping", Collection: coll, Effect: Read,
			Description: "Returns one attribute mapping of an identity provider: name, value, update and mappingType.",
		}, func(ctx context.Context, d Deps, in idpAttributeIn) (idpAttributeOut, error) {
			a, err := d.Client.IdentityProviderAttributes.Get(ctx, in.EnvironmentID, in.IdentityProviderID, in.AttributeID)
			return idpAttributeOut{a}, err
		}),
		New(Meta{
			Name: "create_identity_provider_attribute", Title: "Map a provider attribute into users", Collection: coll, Effect: Create,
			EnvironmentArg: "environmentId", Target: idp,
			Description: "Adds a CUSTOM attribute mapping to an identity provider: from then on every sign-on through it writes value into the " +
				"user attribute name, only when empty (EMPTY_ONLY) or always (ALWAYS). PingOne refuses an attribute the provider already maps " +
				"and a ${samlAssertion.…} placeholder on a provider that is not SAML.",
		}, func(ctx context.Context, d Deps, in createIdPAttributeIn) (idpAttributeOut, error) {
			a, err := d.Client.IdentityProviderAttributes.Create(ctx, in.EnvironmentID, in.IdentityProviderID,
				&pingone.IdentityProviderAttribute{Name: in.Name, Value: in.Value, Update: in.Update})
			return idpAttributeOut{a}, err
		}),
		New(Meta{
			Name: "update_identity_provider_attribute", Title: "Change an identity provider attribute mapping", Collection: coll, Effect: Update,
			EnvironmentArg: "environmentId", Target: idp,
			Description: "Changes the name, value or update rule of an attribute mapping; what you omit stays as it is (p1kit reads the mapping " +
				"first). Of the CORE username mapping only the value can change.",
		}, func(ctx context.Context, d Deps, in updateIdPAttributeIn) (idpAttributeOut, error) {
			c := d.Client.IdentityProviderAttributes
			cur, err := c.Get(ctx, in.EnvironmentID, in.IdentityProviderID, in.AttributeID)
			if err != nil {
				return idpAttributeOut{}, err
			}
			if in.Name != nil {
				cur.Name = *in.Name
			}
			if in.Value != nil {
				cur.Value = *in.Value
			}
			if in.Update != nil {
				cur.Update = *in.Update
			}
			a, err := c.Update(ctx, in.EnvironmentID, in.IdentityProviderID, in.AttributeID, cur)
			return idpAttributeOut{a}, err
		}),
		New(Meta{
			Name: "delete_identity_provider_attribute", Title: "Delete an identity provider attribute mapping", Collection: coll, Effect: Delete,
			EnvironmentArg: "environmentId", Target: idp,
			Description: "Removes a CUSTOM attribute mapping from an identity provider; sign-ons through it stop writing that user attribute " +
				"(what users already have stays). PingOne refuses for the CORE username mapping.",
		}, func(ctx context.Context, d Deps, in idpAttributeIn) (deleted, error) {
			err := d.Client.IdentityProviderAttributes.Delete(ctx, in.EnvironmentID, in.IdentityProviderID, in.AttributeID)
			return deleted{Deleted: err == nil, ID: in.AttributeID}, err
		}),
	}
}

// idpAttributesServed: a provider's attribute mappings have hand-written tools.
var idpAttributesServed = handWritten(keyIdentityProviderAttributes, "identity_providers", "identity_provider_attribute",
	"list_identity_provider_attributes", "get_identity_provider_attribute", "create_identity_provider_attribute",
	"update_identity_provider_attribute", "delete_identity_provider_attribute")

// keyIdentityProviderAttributes is the emulator's key of the mappings, whose
// HAL key (attributes) applications' attribute mappings share.
const keyIdentityProviderAttributes = "identityProviderAttributes"
