package tools_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// A provider's secrets never reach a result, and an update that does not
// name them keeps them.
func TestIdentityProviderSecrets(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	sb := pingonetest.Demo().SandboxEnvironmentID

	out, terr := call(t, tk, "create_identity_provider", map[string]any{"environmentId": sb, "name": "Sign in with Apple", "enabled": true,
		"type": "APPLE", "clientId": "com.example.web", "clientSecretSigningKey": "-----BEGIN PRIVATE KEY-----\nMIGT…\n-----END PRIVATE KEY-----",
		"keyId": "ABC123DEFG", "teamId": "TEAM123456"})
	require.Nil(t, terr)
	made := out["identityProvider"].(map[string]any)
	assert.NotContains(t, mustJSON(t, made), "PRIVATE KEY")
	id := made["id"].(string)

	out, terr = call(t, tk, "get_identity_provider", map[string]any{"environmentId": sb, "identityProviderId": pingonetest.Demo().SandboxOIDCIdPID})
	require.Nil(t, terr)
	assert.NotContains(t, mustJSON(t, out), "corporate-demo-secret")
	assert.Equal(t, "https://idp.example.com", out["identityProvider"].(map[string]any)["issuer"])

	out, terr = call(t, tk, "update_identity_provider", map[string]any{"environmentId": sb, "identityProviderId": id, "enabled": false})
	require.Nil(t, terr, "the required signing key is kept by the merge")
	assert.Equal(t, false, out["identityProvider"].(map[string]any)["enabled"])
	_, terr = call(t, tk, "update_identity_provider", map[string]any{"environmentId": sb, "identityProviderId": id, "type": "GOOGLE"})
	require.NotNil(t, terr, "type is create-only")
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
