package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestPasswordPolicyCharacterClasses: the tools name the character classes
// (upper, lower, digits, special) and send them with PingOne's keys.
func TestPasswordPolicyCharacterClasses(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	env := pingonetest.Demo().SandboxEnvironmentID
	out, te := call(t, tk, "create_password_policy", map[string]any{"environmentId": env, "name": "Classes",
		"excludesCommonlyUsed": true, "excludesProfileData": true, "notSimilarToCurrent": false,
		"minCharacters": map[string]any{"upper": 2, "special": 1}})
	require.Nil(t, te, "%v", te)
	p := out["passwordPolicy"].(map[string]any)
	assert.Equal(t, map[string]any{"ABCDEFGHIJKLMNOPQRSTUVWXYZ": float64(2), "~!@#$%^&*()-_=+[]{}|;:,.<>/?": float64(1)}, p["minCharacters"])

	// An update naming minCharacters replaces it; one that does not keeps it.
	id := p["id"].(string)
	out, te = call(t, tk, "update_password_policy", map[string]any{"environmentId": env, "passwordPolicyId": id, "description": "kept classes"})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, p["minCharacters"], out["passwordPolicy"].(map[string]any)["minCharacters"])
	out, te = call(t, tk, "update_password_policy", map[string]any{"environmentId": env, "passwordPolicyId": id, "minCharacters": map[string]any{"digits": 3}})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, map[string]any{"0123456789": float64(3)}, out["passwordPolicy"].(map[string]any)["minCharacters"])

	// PingOne's refusals reach the model: the default policy and one in use.
	_, te = call(t, tk, "delete_password_policy", map[string]any{"environmentId": env,
		"passwordPolicyId": pingonetest.Demo().SandboxStandardPasswordPolicyID, "confirm": "Standard"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindAPI, te.Kind)
	assert.Contains(t, te.Message, "default")
}
