package pingone

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// ApplicationsService manages applications of every protocol:
// /environments/{envID}/applications. See Application for the members
// Create and Update require.
type ApplicationsService struct{ EnvCollection[Application] }

// clientSecret is read-only in the OIDC variant; GetSecret reads it.
var applicationsResource = Resource{Path: "applications", Key: "applications",
	ReadOnly: []string{"_links", "clientSecret", "createdAt", "environment", "id", "updatedAt"}}

// Application protocols.
const (
	ProtocolOpenIDConnect = "OPENID_CONNECT"
	ProtocolSAML          = "SAML"
	ProtocolWSFed         = "WS_FED"
	ProtocolExternalLink  = "EXTERNAL_LINK"
)

// Application types.
const (
	AppTypeWebApp              = "WEB_APP"
	AppTypeNativeApp           = "NATIVE_APP"
	AppTypeSinglePageApp       = "SINGLE_PAGE_APP"
	AppTypeWorker              = "WORKER"
	AppTypeService             = "SERVICE"
	AppTypeCustomApp           = "CUSTOM_APP"
	AppTypePingOneSelfService  = "PING_ONE_SELF_SERVICE"
	AppTypePingOneAdminConsole = "PING_ONE_ADMIN_CONSOLE"
	AppTypePingOnePortal       = "PING_ONE_PORTAL"
	AppTypeTemplateApp         = "TEMPLATE_APP"
	AppTypePortalLinkApp       = "PORTAL_LINK_APP"
)

// OIDC grant types.
const (
	GrantTypeAuthorizationCode = "AUTHORIZATION_CODE"
	GrantTypeImplicit          = "IMPLICIT"
	GrantTypeRefreshToken      = "REFRESH_TOKEN"
	GrantTypeClientCredentials = "CLIENT_CREDENTIALS"
	GrantTypeDeviceCode        = "DEVICE_CODE"
	GrantTypeTokenExchange     = "TOKEN_EXCHANGE"
	GrantTypeCIBA              = "CIBA"
)

// OIDC response types.
const (
	ResponseTypeCode    = "CODE"
	ResponseTypeToken   = "TOKEN"
	ResponseTypeIDToken = "ID_TOKEN"
)

// Token endpoint authentication methods.
const (
	TokenAuthNone              = "NONE"
	TokenAuthClientSecretBasic = "CLIENT_SECRET_BASIC"
	TokenAuthClientSecretPost  = "CLIENT_SECRET_POST"
	TokenAuthPrivateKeyJWT     = "PRIVATE_KEY_JWT"
	TokenAuthClientSecretJWT   = "CLIENT_SECRET_JWT"
)

// PKCE enforcement options (pkceEnforcement).
const (
	PKCEOptional     = "OPTIONAL"
	PKCERequired     = "REQUIRED"
	PKCES256Required = "S256_REQUIRED"
)

// Refresh token types (refreshTokenType).
const (
	RefreshTokenTypeJWT    = "JSON_WEB_TOKEN"
	RefreshTokenTypeOpaque = "OPAQUE_TOKEN"
)

// Application is an application of any protocol. PingOne models them as a
// oneOf switched on Protocol and Type; this one struct names the fields of
// all variants (OIDC, SAML, WS-Fed, external link, PingOne portal, self
// service, admin console) and keeps the rest in Extra.
//
// Required on create and replace: Name, Enabled, Protocol, Type, plus per
// protocol — OIDC: TokenEndpointAuthMethod; SAML: ACSURLs, AssertionDuration,
// SPEntityID; WS-Fed: DomainName, IDPSigning, ReplyURL; external link:
// HomePageURL.
type Application struct {
	Meta
	// Common to every protocol.
	Name                string                    `json:"name"`
	Description         string                    `json:"description,omitempty"`
	Enabled             bool                      `json:"enabled"`
	Protocol            string                    `json:"protocol"`
	Type                string                    `json:"type"`
	Tags                []string                  `json:"tags,omitempty"`
	Icon                *ApplicationIcon          `json:"icon,omitempty"`
	LoginPageURL        string                    `json:"loginPageUrl,omitempty"`
	HomePageURL         string                    `json:"homePageUrl,omitempty"`
	HiddenFromAppPortal *bool                     `json:"hiddenFromAppPortal,omitempty"`
	AccessControl       *ApplicationAccessControl `json:"accessControl,omitempty"`
	CORSSettings        *ApplicationCORSSettings  `json:"corsSettings,omitempty"`

	// OpenID Connect (and the PingOne portal, self-service and admin console apps).
	ClientID                                      string   `json:"clientId,omitempty"`
	GrantTypes                                    []string `json:"grantTypes,omitempty"`
	ResponseTypes                                 []string `json:"responseTypes,omitempty"`
	RedirectURIs                                  []string `json:"redirectUris,omitempty"`
	PostLogoutRedirectURIs                        []string `json:"postLogoutRedirectUris,omitempty"`
	AllowWildcardInRedirectURIs                   *bool    `json:"allowWildcardInRedirectUris,omitempty"`
	TokenEndpointAuthMethod                       string   `json:"tokenEndpointAuthMethod,omitempty"`
	PKCEEnforcement                               string   `json:"pkceEnforcement,omitempty"`
	PARRequirement                                string   `json:"parRequirement,omitempty"`
	PARTimeout                                    *int     `json:"parTimeout,omitempty"`
	RefreshTokenType                              string   `json:"refreshTokenType,omitempty"`
	RefreshTokenDuration                          *int     `json:"refreshTokenDuration,omitempty"`
	RefreshTokenRollingDuration                   *int     `json:"refreshTokenRollingDuration,omitempty"`
	RefreshTokenRollingGracePeriodDuration        *int     `json:"refreshTokenRollingGracePeriodDuration,omitempty"`
	AdditionalRefreshTokenReplayProtectionEnabled *bool    `json:"additionalRefreshTokenReplayProtectionEnabled,omitempty"`
	InitiateLoginURI                              string   `json:"initiateLoginUri,omitempty"`
	TargetLinkURI                                 string   `json:"targetLinkUri,omitempty"`
	JWKS                                          string   `json:"jwks,omitempty"`
	JWKSURL                                       string   `json:"jwksUrl,omitempty"`
	IncludeX5t                                    *bool    `json:"includeX5t,omitempty"`
	IDPSignoff                                    *bool    `json:"idpSignoff,omitempty"`
	OPSessionCheckEnabled                         *bool    `json:"opSessionCheckEnabled,omitempty"`
	RequireSignedRequestObject                    *bool    `json:"requireSignedRequestObject,omitempty"`
	SupportUnsignedRequestObject                  *bool    `json:"supportUnsignedRequestObject,omitempty"`
	RequestScopesForMultipleResourcesEnabled      *bool    `json:"requestScopesForMultipleResourcesEnabled,omitempty"`
	AssignActorRoles                              *bool    `json:"assignActorRoles,omitempty"`
	DevicePathID                                  string   `json:"devicePathId,omitempty"`
	DeviceCustomVerificationURI                   string   `json:"deviceCustomVerificationUri,omitempty"`
	DeviceTimeout                                 *int     `json:"deviceTimeout,omitempty"`
	DevicePollingInterval                         *int     `json:"devicePollingInterval,omitempty"`
	// ApplyDefaultTheme and EnableDefaultThemeFooter belong to the PingOne portal and self-service apps.
	ApplyDefaultTheme        *bool `json:"applyDefaultTheme,omitempty"`
	EnableDefaultThemeFooter *bool `json:"enableDefaultThemeFooter,omitempty"`

	// SAML.
	ACSURLs                                      []string                   `json:"acsUrls,omitempty"`
	SPEntityID                                   string                     `json:"spEntityId,omitempty"`
	AssertionDuration                            *int                       `json:"assertionDuration,omitempty"`
	AssertionSigned                              *bool                      `json:"assertionSigned,omitempty"`
	ResponseSigned                               *bool                      `json:"responseSigned,omitempty"`
	NameIDFormat                                 string                     `json:"nameIdFormat,omitempty"`
	DefaultTargetURL                             string                     `json:"defaultTargetUrl,omitempty"`
	SessionNotOnOrAfterDuration                  *int                       `json:"sessionNotOnOrAfterDuration,omitempty"`
	SLOBinding                                   string                     `json:"sloBinding,omitempty"`
	SLOEndpoint                                  string                     `json:"sloEndpoint,omitempty"`
	SLOResponseEndpoint                          string                     `json:"sloResponseEndpoint,omitempty"`
	SLOWindow                                    *int                       `json:"sloWindow,omitempty"`
	EnableRequestedAuthnContext                  *bool                      `json:"enableRequestedAuthnContext,omitempty"`
	EnableAlwaysAcceptACSURLInSignedAuthnRequest *bool                      `json:"enableAlwaysAcceptAcsUrlInSignedAuthnRequest,omitempty"`
	IDPSigning                                   *ApplicationIDPSigning     `json:"idpSigning,omitempty"`
	SPVerification                               *ApplicationSPVerification `json:"spVerification,omitempty"`
	SPEncryption                                 *ApplicationSPEncryption   `json:"spEncryption,omitempty"`

	// WS-Federation (also uses AssertionDuration, IDPSigning and SLOEndpoint).
	DomainName                  string `json:"domainName,omitempty"`
	ReplyURL                    string `json:"replyUrl,omitempty"`
	AudienceRestriction         string `json:"audienceRestriction,omitempty"`
	SubjectNameIdentifierFormat string `json:"subjectNameIdentifierFormat,omitempty"`
	WSTrustVersion              string `json:"wsTrustVersion,omitempty"`

	// External link (also uses HomePageURL).
	ExternalID string `json:"externalId,omitempty"`

	// Extra keeps members this type does not name (mobile, kerberos, signing,
	// template, …), so an update does not drop them.
	Extra Extra `json:"-"`
}

// ApplicationIcon is an application's icon image.
type ApplicationIcon struct {
	ID   string `json:"id"`
	Href string `json:"href"`
}

// ApplicationAccessControl restricts who may use an application.
type ApplicationAccessControl struct {
	// Role with Type "ADMIN_USERS_ONLY" admits only users holding an admin role.
	Role *ApplicationAccessControlRole `json:"role,omitempty"`
	// Group admits members of ANY_GROUP or ALL_GROUPS of Groups.
	Group *ApplicationAccessControlGroup `json:"group,omitempty"`
}

// ApplicationAccessControlRole is the role condition of an access control.
type ApplicationAccessControlRole struct {
	Type string `json:"type"`
}

// ApplicationAccessControlGroup is the group condition of an access control.
type ApplicationAccessControlGroup struct {
	// Type is ANY_GROUP or ALL_GROUPS.
	Type   string      `json:"type"`
	Groups []ObjectRef `json:"groups"`
}

// ApplicationCORSSettings says which origins may call the application's endpoints.
type ApplicationCORSSettings struct {
	// Behavior is ALLOW_NO_ORIGINS or ALLOW_SPECIFIC_ORIGINS.
	Behavior string   `json:"behavior"`
	Origins  []string `json:"origins,omitempty"`
}

// ApplicationIDPSigning is the key PingOne signs SAML/WS-Fed assertions with.
type ApplicationIDPSigning struct {
	Key *ObjectRef `json:"key,omitempty"`
	// Algorithm is e.g. SHA256withRSA.
	Algorithm string `json:"algorithm,omitempty"`
}

// ApplicationSPVerification holds the certificates that verify a SAML SP's signed requests.
type ApplicationSPVerification struct {
	AuthnRequestSigned *bool       `json:"authnRequestSigned,omitempty"`
	Certificates       []ObjectRef `json:"certificates"`
}

// ApplicationSPEncryption encrypts SAML assertions to the SP's certificate.
type ApplicationSPEncryption struct {
	// Algorithm is AES_128, AES_256 or TRIPLEDES.
	Algorithm   string     `json:"algorithm"`
	Certificate *ObjectRef `json:"certificate,omitempty"`
}

// ApplicationSecret is an OIDC application's client secret. Its String and
// LogValue methods redact it.
type ApplicationSecret struct {
	Secret string `json:"secret,omitempty"`
	// Previous is the former secret while it remains valid after a rotation.
	Previous *ApplicationPreviousSecret `json:"previous,omitempty"`
}

// ApplicationPreviousSecret is the former secret of an application after a rotation.
type ApplicationPreviousSecret struct {
	Secret    string     `json:"secret,omitempty"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	LastUsed  *time.Time `json:"lastUsed,omitempty"`
}

// String redacts the secret so it cannot leak through fmt.
func (s ApplicationSecret) String() string { return "ApplicationSecret{[REDACTED]}" }

// LogValue redacts the secret so it cannot leak through slog.
func (s ApplicationSecret) LogValue() slog.Value { return slog.StringValue("[REDACTED]") }

// GetSecret returns an OIDC application's client secret (and the previous
// one during a rotation). Treat the result as a credential.
func (s *ApplicationsService) GetSecret(ctx context.Context, envID, appID string) (*ApplicationSecret, error) {
	var sec ApplicationSecret
	if err := s.call(ctx, "GetSecret", []string{envID, appID}, request{method: http.MethodGet, segs: []string{"secret"}}, &sec); err != nil {
		return nil, err
	}
	return &sec, nil
}

// RotateSecretOptions tunes RotateSecret; nil leaves PingOne's defaults.
type RotateSecretOptions struct {
	// PreviousExpiresAt is when the former secret stops working: between 1
	// minute and 30 days from now. Zero leaves PingOne's default.
	PreviousExpiresAt time.Time
}

// RotateSecret generates a new client secret for an OIDC application and
// returns it; the former secret keeps working until it expires (Previous).
// Treat the result as a credential.
func (s *ApplicationsService) RotateSecret(ctx context.Context, envID, appID string, opts *RotateSecretOptions) (*ApplicationSecret, error) {
	body := map[string]any{}
	if opts != nil && !opts.PreviousExpiresAt.IsZero() {
		body["previous"] = map[string]any{"expiresAt": opts.PreviousExpiresAt.UTC().Format(time.RFC3339)}
	}
	var sec ApplicationSecret
	if err := s.call(ctx, "RotateSecret", []string{envID, appID}, request{method: http.MethodPost, segs: []string{"secret"}, body: body}, &sec); err != nil {
		return nil, err
	}
	return &sec, nil
}

// DeletePreviousSecret ends the former client secret of an application
// before it expires, after a rotation; the current secret is unchanged.
func (s *ApplicationsService) DeletePreviousSecret(ctx context.Context, envID, appID string) error {
	return s.call(ctx, "DeletePreviousSecret", []string{envID, appID}, request{method: http.MethodDelete, segs: []string{"secret"}}, nil)
}
