package pingone

// IdentityProvidersService manages external identity providers:
// /environments/{envID}/identityProviders — social providers, OpenID
// Connect and SAML. Their secrets come back in results: treat a provider as
// a credential.
type IdentityProvidersService struct {
	EnvCollection[IdentityProvider]
}

var identityProvidersResource = Resource{Path: "identityProviders", Key: "identityProviders",
	ReadOnly: []string{"_links", "createdAt", "environment", "id", "updatedAt"}}

// Identity provider types (IdentityProvider.Type).
const (
	IdPFacebook      = "FACEBOOK"
	IdPGoogle        = "GOOGLE"
	IdPLinkedIn      = "LINKEDIN"
	IdPLinkedInOIDC  = "LINKEDIN_OIDC"
	IdPApple         = "APPLE"
	IdPTwitter       = "TWITTER"
	IdPAmazon        = "AMAZON"
	IdPYahoo         = "YAHOO"
	IdPMicrosoft     = "MICROSOFT"
	IdPPaypal        = "PAYPAL"
	IdPGitHub        = "GITHUB"
	IdPOpenIDConnect = "OPENID_CONNECT"
	IdPSAML          = "SAML"
)

// IdentityProviderTypes lists the identity provider types PingOne knows.
func IdentityProviderTypes() []string {
	return []string{IdPFacebook, IdPGoogle, IdPLinkedIn, IdPLinkedInOIDC, IdPApple, IdPTwitter, IdPAmazon, IdPYahoo,
		IdPMicrosoft, IdPPaypal, IdPGitHub, IdPOpenIDConnect, IdPSAML}
}

// IdentityProvider is an external identity provider of any type. PingOne
// models them as a oneOf switched on Type; this struct names the members of
// every variant and keeps the rest (icon, registration, …) in Extra.
//
// Required: Name, Enabled and Type (which never changes), plus per type —
// FACEBOOK: AppID, AppSecret; APPLE: ClientID, ClientSecretSigningKey,
// KeyID, TeamID; PAYPAL: ClientID, ClientSecret, ClientEnvironment;
// OPENID_CONNECT: AuthorizationEndpoint, ClientID, ClientSecret, Issuer,
// JWKSEndpoint, Scopes, TokenEndpoint, TokenEndpointAuthMethod; SAML:
// IDPEntityID, IDPVerification, SPEntityID, SSOBinding, SSOEndpoint; the
// other social types: ClientID, ClientSecret.
type IdentityProvider struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Enabled     bool   `json:"enabled"`
	Type        string `json:"type"`

	// Facebook.
	AppID     string `json:"appId,omitempty"`
	AppSecret string `json:"appSecret,omitempty"`
	// Client id and secret of the social types, PayPal, Microsoft and OIDC.
	ClientID     string `json:"clientId,omitempty"`
	ClientSecret string `json:"clientSecret,omitempty"`
	// Microsoft: the Entra tenant.
	TenantID string `json:"tenantId,omitempty"`
	// PayPal: sandbox or live.
	ClientEnvironment string `json:"clientEnvironment,omitempty"`
	// Apple.
	ClientSecretSigningKey string `json:"clientSecretSigningKey,omitempty"`
	KeyID                  string `json:"keyId,omitempty"`
	TeamID                 string `json:"teamId,omitempty"`
	// OpenID Connect.
	AuthorizationEndpoint   string   `json:"authorizationEndpoint,omitempty"`
	DiscoveryEndpoint       string   `json:"discoveryEndpoint,omitempty"`
	Issuer                  string   `json:"issuer,omitempty"`
	JWKSEndpoint            string   `json:"jwksEndpoint,omitempty"`
	Scopes                  []string `json:"scopes,omitempty"`
	TokenEndpoint           string   `json:"tokenEndpoint,omitempty"`
	TokenEndpointAuthMethod string   `json:"tokenEndpointAuthMethod,omitempty"`
	UserInfoEndpoint        string   `json:"userInfoEndpoint,omitempty"`
	PKCEMethod              string   `json:"pkceMethod,omitempty"`
	// SAML.
	IDPEntityID        string                        `json:"idpEntityId,omitempty"`
	SPEntityID         string                        `json:"spEntityId,omitempty"`
	SSOBinding         string                        `json:"ssoBinding,omitempty"`
	SSOEndpoint        string                        `json:"ssoEndpoint,omitempty"`
	SLOBinding         string                        `json:"sloBinding,omitempty"`
	SLOEndpoint        string                        `json:"sloEndpoint,omitempty"`
	AuthnRequestSigned *bool                         `json:"authnRequestSigned,omitempty"`
	IDPVerification    *IdentityProviderVerification `json:"idpVerification,omitempty"`

	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// IdentityProviderVerification holds the certificates that verify a SAML
// identity provider's signed assertions.
type IdentityProviderVerification struct {
	Certificates []ObjectRef `json:"certificates"`
}
