package tools

import (
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// IdentityProviderSummary is one row of list_identity_providers.
type IdentityProviderSummary struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Type      string     `json:"type"`
	Enabled   bool       `json:"enabled"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
}

// identityProviderVerificationIn is a SAML provider's verification certificates.
type identityProviderVerificationIn struct {
	Certificates []refIn `json:"certificates" jsonschema:"Certificates [{\"id\": \"…\"}] that verify the provider's signed assertions."`
}

// identityProviderFields are the settable members of every provider type;
// which are required depends on type (the descriptions say).
type identityProviderFields struct {
	Name        string  `json:"name" jsonschema:"Provider name shown to administrators."`
	Enabled     bool    `json:"enabled" jsonschema:"Whether users can sign on through the provider."`
	Type        string  `json:"type" jsonschema:"FACEBOOK, GOOGLE, LINKEDIN, LINKEDIN_OIDC, APPLE, TWITTER, AMAZON, YAHOO, MICROSOFT, PAYPAL, GITHUB, OPENID_CONNECT or SAML. It cannot change later."`
	Description *string `json:"description,omitempty" jsonschema:"Description."`

	AppID                   *string  `json:"appId,omitempty" jsonschema:"FACEBOOK."`
	AppSecret               *string  `json:"appSecret,omitempty" jsonschema:"FACEBOOK."`
	ClientID                *string  `json:"clientId,omitempty" jsonschema:"The client (application) id registered at the provider."`
	ClientSecret            *string  `json:"clientSecret,omitempty" jsonschema:"Never shown in results."`
	TenantID                *string  `json:"tenantId,omitempty" jsonschema:"MICROSOFT: Entra tenant id."`
	ClientEnvironment       *string  `json:"clientEnvironment,omitempty" jsonschema:"PAYPAL."`
	ClientSecretSigningKey  *string  `json:"clientSecretSigningKey,omitempty" jsonschema:"APPLE: PKCS8 PEM private key that signs the client secret."`
	KeyID                   *string  `json:"keyId,omitempty" jsonschema:"APPLE: that key's id."`
	TeamID                  *string  `json:"teamId,omitempty" jsonschema:"APPLE developer team id."`
	Issuer                  *string  `json:"issuer,omitempty" jsonschema:"OPENID_CONNECT."`
	AuthorizationEndpoint   *string  `json:"authorizationEndpoint,omitempty" jsonschema:"OPENID_CONNECT."`
	TokenEndpoint           *string  `json:"tokenEndpoint,omitempty" jsonschema:"OPENID_CONNECT."`
	JWKSEndpoint            *string  `json:"jwksEndpoint,omitempty" jsonschema:"OPENID_CONNECT."`
	UserInfoEndpoint        *string  `json:"userInfoEndpoint,omitempty" jsonschema:"OPENID_CONNECT."`
	DiscoveryEndpoint       *string  `json:"discoveryEndpoint,omitempty" jsonschema:"OPENID_CONNECT: the .well-known URL."`
	Scopes                  []string `json:"scopes,omitempty" jsonschema:"OPENID_CONNECT, e.g. [\"openid\",\"email\"]."`
	TokenEndpointAuthMethod *string  `json:"tokenEndpointAuthMethod,omitempty" jsonschema:"OPENID_CONNECT."`
	PKCEMethod              *string  `json:"pkceMethod,omitempty" jsonschema:"OPENID_CONNECT: S256 or NONE."`
	IDPEntityID             *string  `json:"idpEntityId,omitempty" jsonschema:"SAML: the provider's."`
	SPEntityID              *string  `json:"spEntityId,omitempty" jsonschema:"SAML: PingOne's, towards the provider."`
	SSOBinding              *string  `json:"ssoBinding,omitempty" jsonschema:"SAML."`
	SSOEndpoint             *string  `json:"ssoEndpoint,omitempty" jsonschema:"SAML."`
	SLOBinding              *string  `json:"sloBinding,omitempty" jsonschema:"SAML."`
	SLOEndpoint             *string  `json:"sloEndpoint,omitempty" jsonschema:"SAML."`
	AuthnRequestSigned      *bool    `json:"authnRequestSigned,omitempty" jsonschema:"SAML: whether PingOne signs its authentication requests."`

	IDPVerification *identityProviderVerificationIn `json:"idpVerification,omitempty" jsonschema:"SAML."`
}

func (identityProviderFields) tuneSchema(s *jsonschema.Schema) {
	enum(s, "type", pingone.IdentityProviderTypes()...)
	enum(s, "tokenEndpointAuthMethod", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "NONE")
	enum(s, "ssoBinding", "HTTP_POST", "HTTP_REDIRECT")
	enum(s, "sloBinding", "HTTP_POST", "HTTP_REDIRECT")
	enum(s, "clientEnvironment", "sandbox", "live")
	// The provider's own ids are not PingOne ids (UUIDs): any non-empty string.
	for _, name := range []string{"appId", "clientId", "tenantId", "keyId", "teamId", "idpEntityId", "spEntityId"} {
		prop(s, name).Pattern = "^.+$"
	}
}

var identityProviders = Family[pingone.IdentityProvider, IdentityProviderSummary, identityProviderFields]{
	Noun: "identity_provider", Collection: "identity_providers",
	Client: func(c *pingone.Client) EnvResource[pingone.IdentityProvider] { return c.IdentityProviders },
	Summary: func(p *pingone.IdentityProvider) IdentityProviderSummary {
		return IdentityProviderSummary{ID: p.ID, Name: p.Name, Type: p.Type, Enabled: p.Enabled, CreatedAt: p.CreatedAt}
	},
	Name:       func(p *pingone.IdentityProvider) string { return p.Name },
	CreateOnly: []string{"type"},
	Descriptions: Descriptions{
		List: "Lists the external identity providers (social sign-on, OpenID Connect, SAML) of an environment: " +
			"id, name, type, enabled, createdAt.",
		Get: "Returns one identity provider in full, its secrets redacted.",
		Create: "Creates an identity provider. The members required depend on type: FACEBOOK appId and appSecret; APPLE clientId, " +
			"clientSecretSigningKey, keyId, teamId; PAYPAL clientId, clientSecret, clientEnvironment; OPENID_CONNECT issuer, authorizationEndpoint, " +
			"tokenEndpoint, jwksEndpoint, scopes, tokenEndpointAuthMethod, clientId, clientSecret; SAML idpEntityId, spEntityId, ssoBinding, " +
			"ssoEndpoint, idpVerification; every other type clientId and clientSecret.",
		Update: "Updates an identity provider (its type cannot change). Secrets you omit keep their values too.",
		Delete: "Deletes an identity provider and its attribute mappings; users can no longer sign on through it. PingOne refuses while a " +
			"sign-on policy's IDENTITY_PROVIDER action uses it (list_sign_on_policy_actions) and while it is a population's default " +
			"(set_population_default_identity_provider without identityProviderId resets that).",
	},
}

func identityProviderTools() []*Tool { return identityProviders.Tools() }
