package pingonetest

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestApplications(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	apps := env(sb, "applications")

	r := c.get(apps)
	require.Equal(t, http.StatusOK, r.Status)
	require.Len(t, r.items("applications"), 4)
	saml := c.get(env(sb, "applications", Demo().SandboxSAMLAppID))
	assert.Equal(t, "SAML", saml.Body["protocol"])
	assert.NotEmpty(t, saml.Body["acsUrls"])
	worker := c.get(env(sb, "applications", Demo().SandboxWorkerAppID))
	assert.Equal(t, []any{"CLIENT_CREDENTIALS"}, worker.Body["grantTypes"])
	assert.Nil(t, worker.Body["clientSecret"], "secrets are only served by …/secret")

	oidc := map[string]any{"name": "CLI", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_POST"}
	r = c.do("POST", apps, oidc)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	id := r.str("id")
	assert.Equal(t, []any{"CLIENT_CREDENTIALS"}, r.Body["grantTypes"], "defaults by type")
	secret := c.get(env(sb, "applications", id, "secret")).str("secret")
	require.NotEmpty(t, secret)
	status, tok := token(t, c.s, sb, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}, "", "")
	require.Equal(t, http.StatusOK, status, "%v", tok)

	r = c.do("POST", apps, map[string]any{"name": "SP", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "spEntityId": "urn:sp", "acsUrls": []any{"https://sp.example.com/acs"}, "assertionDuration": 60})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	samlID := r.str("id")

	tests := []struct {
		name   string
		body   map[string]any
		detail string
		target string
	}{
		{"oidc without auth method", map[string]any{"name": "x", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WEB_APP"}, "REQUIRED_VALUE", "tokenEndpointAuthMethod"},
		{"oidc bad type", map[string]any{"name": "x", "enabled": true, "protocol": "OPENID_CONNECT", "type": "TOASTER", "tokenEndpointAuthMethod": "NONE"}, "INVALID_VALUE", "type"},
		{"oidc bad grant", map[string]any{"name": "x", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WEB_APP", "tokenEndpointAuthMethod": "NONE", "grantTypes": []any{"PASSWORD"}}, "INVALID_VALUE", "grantTypes[0]"},
		{"spa with secret", map[string]any{"name": "x", "enabled": true, "protocol": "OPENID_CONNECT", "type": "SINGLE_PAGE_APP", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"}, "INVALID_VALUE", "tokenEndpointAuthMethod"},
		{"worker without secret", map[string]any{"name": "x", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "NONE"}, "INVALID_VALUE", "tokenEndpointAuthMethod"},
		{"saml without acs", map[string]any{"name": "x", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "spEntityId": "urn:x", "assertionDuration": 60}, "REQUIRED_VALUE", "acsUrls"},
		{"saml without duration", map[string]any{"name": "x", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "spEntityId": "urn:x", "acsUrls": []any{"https://x"}}, "REQUIRED_VALUE", "assertionDuration"},
		{"saml without entity", map[string]any{"name": "x", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "acsUrls": []any{"https://x"}, "assertionDuration": 60}, "REQUIRED_VALUE", "spEntityId"},
	}
	t.Run("validation", func(t *testing.T) { // completes before the rest of the test goes on
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				c := c.with(t)
				r := c.do("POST", apps, tt.body)
				require.Equal(t, http.StatusBadRequest, r.Status, string(r.Raw))
				d := r.Body["details"].([]any)[0].(map[string]any)
				assert.Equal(t, tt.detail, d["code"])
				assert.Equal(t, tt.target, d["target"])
			})
		}
	})

	// PUT: full replace, same validation, protocol immutable
	r = c.do("PUT", env(sb, "applications", id), map[string]any{"name": "CLI v2", "enabled": false, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "CLI v2", r.Body["name"])
	assert.Equal(t, secret, c.get(env(sb, "applications", id, "secret")).str("secret"), "secret survives a PUT")
	status, body := token(t, c.s, sb, url.Values{"grant_type": {"client_credentials"}}, id, secret)
	assert.Equal(t, http.StatusBadRequest, status, "disabled app: %v", body)
	r = c.do("PUT", env(sb, "applications", id), map[string]any{"name": "x", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "spEntityId": "urn:y", "acsUrls": []any{"https://x"}, "assertionDuration": 60})
	assert.Equal(t, []string{"INVALID_VALUE"}, r.detailCodes())
	assert.Equal(t, "protocol", r.Body["details"].([]any)[0].(map[string]any)["target"])
	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("PUT", env(sb, "applications", samlID), map[string]any{"name": "SP", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "spEntityId": "urn:sp", "assertionDuration": 60}).detailCodes())

	// secrets
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "applications", Demo().SandboxSPAAppID, "secret")).Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "applications", samlID, "secret")).Status)

	// a deleted application's secret goes with it
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", env(sb, "applications", id), nil).Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "applications", id, "secret")).Status)
	c.s.mu.RLock()
	_, kept := c.s.st.envData[sb].secrets[id]
	c.s.mu.RUnlock()
	assert.False(t, kept)
}

func TestApplicationSecretRotation(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var elapsed atomic.Int64
	c := newClient(t, WithClock(func() time.Time { return start.Add(time.Duration(elapsed.Load())) }))
	sb := Demo().SandboxEnvironmentID
	path := env(sb, "applications", Demo().SandboxWorkerAppID, "secret")
	old := c.get(path).str("secret")
	assert.Equal(t, Demo().SandboxWorkerClientSecret, old)

	r := c.do("POST", path, map[string]any{"previous": map[string]any{"expiresAt": "2026-01-01T01:00:00Z"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	fresh := r.str("secret")
	assert.NotEqual(t, old, fresh)
	assert.Equal(t, old, r.str("previous.secret"))

	assert.Nil(t, r.Body["previous"].(map[string]any)["lastUsed"], "not used since the rotation")

	cc := url.Values{"grant_type": {"client_credentials"}}
	status, _ := token(t, c.s, sb, cc, Demo().SandboxWorkerAppID, fresh)
	assert.Equal(t, http.StatusOK, status)
	assert.Empty(t, c.get(path).str("previous.lastUsed"), "the current secret's use is not the previous one's")
	elapsed.Add(int64(5 * time.Minute))
	status, _ = token(t, c.s, sb, cc, Demo().SandboxWorkerAppID, old)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "2026-01-01T00:05:00.000Z", c.get(path).str("previous.lastUsed"), "a sign-in with the previous secret is its last use")
	elapsed.Add(int64(5 * time.Minute))
	status, _ = token(t, c.s, sb, cc, Demo().SandboxWorkerAppID, "wrong")
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "2026-01-01T00:05:00.000Z", c.get(path).str("previous.lastUsed"), "a failed sign-in is no use")
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("POST", path, map[string]any{"previous": map[string]any{"expiresAt": "soon"}}).detailCodes())
}

func TestApplicationPreviousSecret(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var elapsed atomic.Int64
	c := newClient(t, WithClock(func() time.Time { return start.Add(time.Duration(elapsed.Load())) }))
	sb := Demo().SandboxEnvironmentID
	path := env(sb, "applications", Demo().SandboxWorkerAppID, "secret")
	cc := url.Values{"grant_type": {"client_credentials"}}

	assert.Equal(t, http.StatusNotFound, c.do("DELETE", path, nil).Status, "no previous secret before a rotation")
	assert.Equal(t, []string{"OUT_OF_RANGE"}, c.do("POST", path, map[string]any{"previous": map[string]any{"expiresAt": "2026-01-01T00:00:30Z"}}).detailCodes())
	assert.Equal(t, []string{"OUT_OF_RANGE"}, c.do("POST", path, map[string]any{"previous": map[string]any{"expiresAt": "2026-03-01T00:00:00Z"}}).detailCodes())

	old := c.get(path).str("secret")
	r := c.do("POST", path, nil)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "2026-01-02T00:00:00.000Z", r.str("previous.expiresAt"), "kept a day by default")
	fresh := r.str("secret")

	r = c.do("DELETE", path, nil)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Raw))
	status, _ := token(t, c.s, sb, cc, Demo().SandboxWorkerAppID, old)
	assert.Equal(t, http.StatusUnauthorized, status, "the deleted previous secret no longer signs in")
	status, _ = token(t, c.s, sb, cc, Demo().SandboxWorkerAppID, fresh)
	assert.Equal(t, http.StatusOK, status)
	assert.Nil(t, c.get(path).Body["previous"])
	assert.Equal(t, http.StatusNotFound, c.do("DELETE", path, nil).Status, "deleted already")

	// A previous secret that has expired is neither shown nor deletable.
	require.Equal(t, http.StatusOK, c.do("POST", path, map[string]any{"previous": map[string]any{"expiresAt": "2026-01-01T00:10:00Z"}}).Status)
	assert.NotNil(t, c.get(path).Body["previous"])
	elapsed.Store(int64(11 * time.Minute))
	assert.Nil(t, c.get(path).Body["previous"])
	assert.Equal(t, http.StatusNotFound, c.do("DELETE", path, nil).Status)

	spa := env(sb, "applications", Demo().SandboxSPAAppID, "secret")
	assert.Equal(t, http.StatusNotFound, c.do("DELETE", spa, nil).Status, "a public client has no secret")
}
