package pingone_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const oidcAppJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/applications/app-1"}},
 "id":"app-1","environment":{"id":"env-1"},"name":"Portal","description":"Customer portal","clientSecret":"s3cr3t",
 "protocol":"OPENID_CONNECT","type":"WEB_APP","enabled":true,"tags":["PING_FED_CONNECTION_INTEGRATION"],
 "icon":{"id":"img-1","href":"https://x/i.png"},"loginPageUrl":"https://app.example.com/login","hiddenFromAppPortal":false,
 "accessControl":{"role":{"type":"ADMIN_USERS_ONLY"},"group":{"type":"ANY_GROUP","groups":[{"id":"g-1"}]}},
 "grantTypes":["AUTHORIZATION_CODE","REFRESH_TOKEN"],"responseTypes":["CODE"],
 "redirectUris":["https://app.example.com/callback?a=1&b=2"],"postLogoutRedirectUris":["https://app.example.com/"],
 "tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC","pkceEnforcement":"S256_REQUIRED",
 "refreshTokenDuration":2592000,"refreshTokenRollingDuration":15552000,
 "homePageUrl":"https://app.example.com","initiateLoginUri":"https://app.example.com/start","targetLinkUri":"https://app.example.com/t",
 "corsSettings":{"behavior":"ALLOW_SPECIFIC_ORIGINS","origins":["https://app.example.com"]},
 "mobile":{"bundleId":"com.example","integrityDetection":{"mode":"DISABLED"}},
 "signing":{"keyRotationPolicy":{"id":"krp-1"}},
 "createdAt":"2025-01-10T09:00:00Z","updatedAt":"2025-01-10T10:00:00Z"}`

const samlAppJSON = `{
 "id":"app-2","name":"Payroll","protocol":"SAML","type":"WEB_APP","enabled":false,
 "acsUrls":["https://sp.example.com/acs"],"spEntityId":"urn:sp","assertionDuration":60,"assertionSigned":true,
 "responseSigned":false,"nameIdFormat":"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
 "sloBinding":"HTTP_POST","sloEndpoint":"https://sp.example.com/slo","sessionNotOnOrAfterDuration":120,
 "idpSigning":{"key":{"id":"key-1"},"algorithm":"SHA256withRSA"},
 "spVerification":{"authnRequestSigned":true,"certificates":[{"id":"cert-1"}]},
 "spEncryption":{"algorithm":"AES_256","certificate":{"id":"cert-2"}},
 "virtualServerIdSettings":{"enabled":false}}`

func checkOIDCApp(t *testing.T, a *pingone.Application) {
	t.Helper()
	assert.Equal(t, "app-1", a.ID)
	assert.Equal(t, "env-1", a.Environment.ID)
	assert.Equal(t, "Portal", a.Name)
	assert.True(t, a.Enabled)
	assert.Equal(t, pingone.ProtocolOpenIDConnect, a.Protocol)
	assert.Equal(t, pingone.AppTypeWebApp, a.Type)
	assert.Equal(t, []string{"PING_FED_CONNECTION_INTEGRATION"}, a.Tags)
	assert.Equal(t, &pingone.ApplicationIcon{ID: "img-1", Href: "https://x/i.png"}, a.Icon)
	assert.Equal(t, "https://app.example.com/login", a.LoginPageURL)
	assert.Equal(t, pingone.Ptr(false), a.HiddenFromAppPortal)
	assert.Equal(t, "ADMIN_USERS_ONLY", a.AccessControl.Role.Type)
	assert.Equal(t, []pingone.ObjectRef{{ID: "g-1"}}, a.AccessControl.Group.Groups)
	assert.Equal(t, []string{pingone.GrantTypeAuthorizationCode, pingone.GrantTypeRefreshToken}, a.GrantTypes)
	assert.Equal(t, []string{pingone.ResponseTypeCode}, a.ResponseTypes)
	assert.Equal(t, []string{"https://app.example.com/callback?a=1&b=2"}, a.RedirectURIs)
	assert.Equal(t, []string{"https://app.example.com/"}, a.PostLogoutRedirectURIs)
	assert.Equal(t, pingone.TokenAuthClientSecretBasic, a.TokenEndpointAuthMethod)
	assert.Equal(t, pingone.PKCES256Required, a.PKCEEnforcement)
	assert.Equal(t, pingone.Ptr(2592000), a.RefreshTokenDuration)
	assert.Equal(t, pingone.Ptr(15552000), a.RefreshTokenRollingDuration)
	assert.Equal(t, "https://app.example.com", a.HomePageURL)
	assert.Equal(t, "https://app.example.com/start", a.InitiateLoginURI)
	assert.Equal(t, "https://app.example.com/t", a.TargetLinkURI)
	assert.Equal(t, "ALLOW_SPECIFIC_ORIGINS", a.CORSSettings.Behavior)
	assert.Equal(t, time.Date(2025, 1, 10, 10, 0, 0, 0, time.UTC), *a.UpdatedAt)
	assert.Contains(t, a.Extra, "mobile")
	assert.Contains(t, a.Extra, "signing")
	assert.NotContains(t, a.Extra, "grantTypes")
}

// TestApplicationsAPI covers what the Application model adds to the
// collection: the SAML variant's members, a body that always says whether
// the application is enabled, and the client secret.
func TestApplicationsAPI(t *testing.T) {
	t.Parallel()
	runAPICases(t, []apiCase{
		{
			name: "Get SAML", method: http.MethodGet, path: "/environments/env-1/applications/app-2", reply: ok(samlAppJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Applications.Get(ctx, envID, "app-2")
			},
			check: func(t *testing.T, out any) {
				a := out.(*pingone.Application)
				assert.False(t, a.Enabled)
				assert.Equal(t, []string{"https://sp.example.com/acs"}, a.ACSURLs)
				assert.Equal(t, "urn:sp", a.SPEntityID)
				assert.Equal(t, pingone.Ptr(60), a.AssertionDuration)
				assert.Equal(t, pingone.Ptr(true), a.AssertionSigned)
				assert.Equal(t, pingone.Ptr(false), a.ResponseSigned)
				assert.Equal(t, "HTTP_POST", a.SLOBinding)
				assert.Equal(t, "https://sp.example.com/slo", a.SLOEndpoint)
				assert.Equal(t, pingone.Ptr(120), a.SessionNotOnOrAfterDuration)
				assert.Equal(t, &pingone.ApplicationIDPSigning{Key: pingone.Ref("key-1"), Algorithm: "SHA256withRSA"}, a.IDPSigning)
				assert.Equal(t, []pingone.ObjectRef{{ID: "cert-1"}}, a.SPVerification.Certificates)
				assert.Equal(t, "AES_256", a.SPEncryption.Algorithm)
				assert.Contains(t, a.Extra, "virtualServerIdSettings")
			},
		},
		{
			name: "Create SAML", method: http.MethodPost, path: "/environments/env-1/applications", reply: created(samlAppJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Applications.Create(ctx, envID, &pingone.Application{
					Name: "Payroll", Protocol: pingone.ProtocolSAML, Type: pingone.AppTypeWebApp,
					ACSURLs: []string{"https://sp/acs"}, SPEntityID: "urn:sp", AssertionDuration: pingone.Ptr(60),
				})
			},
			wantCT: "application/json",
			wantBody: `{"name":"Payroll","enabled":false,"protocol":"SAML","type":"WEB_APP",
				"acsUrls":["https://sp/acs"],"spEntityId":"urn:sp","assertionDuration":60}`,
		},
		{
			name: "GetSecret", method: http.MethodGet, path: "/environments/env-1/applications/app-1/secret",
			reply: ok(`{"secret":"s-new","previous":{"secret":"s-old","expiresAt":"2025-02-01T00:00:00Z","lastUsed":"2025-01-20T00:00:00Z"}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Applications.GetSecret(ctx, envID, "app-1")
			},
			check: func(t *testing.T, out any) {
				s := out.(*pingone.ApplicationSecret)
				assert.Equal(t, "s-new", s.Secret)
				assert.Equal(t, "s-old", s.Previous.Secret)
				assert.Equal(t, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), *s.Previous.ExpiresAt)
				assert.NotContains(t, fmt.Sprint(s), "s-new")
			},
		},
	})
}

func TestApplicationExtraRoundTrip(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodGet, "/environments/env-1/applications/app-1", ok(oidcAppJSON))
	f.on(http.MethodPut, "/environments/env-1/applications/app-1", ok(oidcAppJSON))
	a, err := c.Applications.Get(t.Context(), envID, "app-1")
	require.NoError(t, err)
	a.Enabled = false
	a.RedirectURIs = append(a.RedirectURIs, "https://app.example.com/cb2")
	_, err = c.Applications.Update(t.Context(), envID, "app-1", a)
	require.NoError(t, err)
	body := f.last().Body
	var sent map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(body, &sent))
	assert.JSONEq(t, `{"bundleId":"com.example","integrityDetection":{"mode":"DISABLED"}}`, string(sent["mobile"]))
	assert.JSONEq(t, `{"keyRotationPolicy":{"id":"krp-1"}}`, string(sent["signing"]))
	assert.JSONEq(t, `false`, string(sent["enabled"]))
	assert.JSONEq(t, `["https://app.example.com/callback?a=1&b=2","https://app.example.com/cb2"]`, string(sent["redirectUris"]))
	assert.Contains(t, string(body), "a=1&b=2", "URLs are sent without HTML escaping")
	assert.NotContains(t, sent, "clientSecret", "the secret is not sent back")
}
