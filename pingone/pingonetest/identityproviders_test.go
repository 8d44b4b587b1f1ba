package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each provider type is refused without the members its variant requires,
// and keeps its type.
func TestIdentityProviderTypes(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	coll := env(dm.SandboxEnvironmentID, "identityProviders")
	for typ, want := range map[string][]string{
		"FACEBOOK":       {"appId", "appSecret"},
		"GOOGLE":         {"clientId", "clientSecret"},
		"GITHUB":         {"clientId", "clientSecret"},
		"MICROSOFT":      {"clientId", "clientSecret"},
		"APPLE":          {"clientId", "clientSecretSigningKey", "keyId", "teamId"},
		"PAYPAL":         {"clientId", "clientSecret", "clientEnvironment"},
		"OPENID_CONNECT": {"authorizationEndpoint", "clientId", "clientSecret", "issuer", "jwksEndpoint", "tokenEndpoint", "tokenEndpointAuthMethod", "scopes"},
		"SAML":           {"idpEntityId", "spEntityId", "ssoBinding", "ssoEndpoint", "idpVerification"},
	} {
		r := c.do(http.MethodPost, coll, map[string]any{"name": "Bare " + typ, "enabled": true, "type": typ})
		require.Equal(t, http.StatusBadRequest, r.Status, typ)
		var pairs []string
		for _, m := range want {
			pairs = append(pairs, detailRequired+" "+m)
		}
		assert.ElementsMatch(t, pairs, detailPairs(r), typ)
	}
	saml := c.do(http.MethodPost, coll, map[string]any{"name": "Partner", "enabled": true, "type": "SAML", "idpEntityId": "urn:idp", "spEntityId": "urn:sp",
		"ssoBinding": "HTTP_POST", "ssoEndpoint": "https://idp.example.com/sso", "idpVerification": map[string]any{"certificates": []any{map[string]any{"id": unknownID}}}})
	require.Equal(t, http.StatusCreated, saml.Status, string(saml.Raw))
	bad := c.do(http.MethodPost, coll, map[string]any{"name": "Pal", "enabled": true, "type": "PAYPAL", "clientId": "c", "clientSecret": "s", "clientEnvironment": "prod"})
	assert.Equal(t, []string{detailInvalidValue + " clientEnvironment"}, detailPairs(bad))

	retype := c.do(http.MethodPut, coll+"/"+dm.SandboxGoogleIdPID, map[string]any{"name": "Google", "enabled": true, "type": "GITHUB", "clientId": "c", "clientSecret": "s"})
	require.Equal(t, http.StatusBadRequest, retype.Status)
	assert.Equal(t, []string{detailInvalidValue + " type"}, detailPairs(retype))
	assert.Equal(t, "GOOGLE", c.get(coll+"/"+dm.SandboxGoogleIdPID).str("type"))
}
