package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// The action tools: a create sends the members of its type, an update
// merges into what is there and clear removes an optional member, and the
// policy names the confirmation of a delete.
func TestSignOnPolicyActionTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	policy := map[string]any{"environmentId": sb, "signOnPolicyId": demo.SandboxMultiFactorPolicyID}
	with := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb, "signOnPolicyId": demo.SandboxMultiFactorPolicyID}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}

	out, terr := call(t, tk, "list_sign_on_policy_actions", policy)
	require.Nil(t, terr)
	acts := out["actions"].([]any)
	require.Len(t, acts, 2)
	assert.Equal(t, "LOGIN", acts[0].(map[string]any)["type"])
	mfa := acts[1].(map[string]any)
	assert.Equal(t, "MULTI_FACTOR_AUTHENTICATION", mfa["type"])
	assert.Equal(t, "BLOCK", mfa["noDevicesMode"], "members of its type that p1kit does not name are shown")

	_, terr = call(t, tk, "create_sign_on_policy_action", with("type", "AGREEMENT", "priority", 3))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "agreement")
	out, terr = call(t, tk, "create_sign_on_policy_action", with("type", "PROGRESSIVE_PROFILING", "priority", 3,
		"attributes", []any{map[string]any{"name": "mobilePhone", "required": false}}, "preventMultiplePromptsPerFlow", true,
		"promptIntervalSeconds", 86400, "promptText", "Your phone, please", "condition", map[string]any{"secondsSince": "${user.createdAt}", "greater": 60}))
	require.Nil(t, terr)
	made := out["action"].(map[string]any)
	id := made["id"].(string)
	assert.Equal(t, 3.0, made["priority"])

	// Only the priority changes; the type's members and the condition stay.
	out, terr = call(t, tk, "update_sign_on_policy_action", with("actionId", id, "priority", 4))
	require.Nil(t, terr)
	updated := out["action"].(map[string]any)
	assert.Equal(t, 4.0, updated["priority"])
	assert.Equal(t, "Your phone, please", updated["promptText"])
	assert.NotNil(t, updated["condition"])
	out, terr = call(t, tk, "update_sign_on_policy_action", with("actionId", id, "clear", []any{"condition"}))
	require.Nil(t, terr)
	assert.Nil(t, out["action"].(map[string]any)["condition"])
	assert.Equal(t, 86400.0, out["action"].(map[string]any)["promptIntervalSeconds"])
	_, terr = call(t, tk, "update_sign_on_policy_action", with("actionId", id, "clear", []any{"condition"}, "condition", map[string]any{"a": 1}))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindInvalidArguments, terr.Kind)
	assert.Contains(t, terr.Message, `argument "condition" is both given and named in clear`)
	_, terr = call(t, tk, "update_sign_on_policy_action", with("actionId", id, "priority", 1))
	require.NotNil(t, terr, "priority 1 is LOGIN's")
	assert.Contains(t, terr.Message, "priority")

	_, terr = call(t, tk, "delete_sign_on_policy_action", with("actionId", id, "confirm", "Single_Factor"))
	require.NotNil(t, terr, "the confirmation names the action's policy")
	_, terr = call(t, tk, "delete_sign_on_policy_action", with("actionId", id, "confirm", "Multi_Factor"))
	require.Nil(t, terr)
	_, terr = call(t, tk, "get_sign_on_policy_action", with("actionId", id))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)
}

// The default policy cannot be deleted, nor one an application uses.
func TestSignOnPolicyDeleteRefusals(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	_, terr := call(t, tk, "delete_sign_on_policy", map[string]any{"environmentId": sb, "signOnPolicyId": demo.SandboxSingleFactorPolicyID, "confirm": "Single_Factor"})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "default")
	_, terr = call(t, tk, "delete_sign_on_policy", map[string]any{"environmentId": sb, "signOnPolicyId": demo.SandboxMultiFactorPolicyID, "confirm": "Multi_Factor"})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "sign-on policy assignment")
}

// The assignment tools name the policy of each assignment and keep what an
// update does not give.
func TestPolicyAssignmentTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	app := map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID}

	out, terr := call(t, tk, "list_application_sign_on_policy_assignments", app)
	require.Nil(t, terr)
	assert.Equal(t, []any{map[string]any{"id": demo.SandboxWebAppPolicyAssignmentID, "signOnPolicyId": demo.SandboxMultiFactorPolicyID,
		"signOnPolicyName": "Multi_Factor", "priority": 1.0}}, out["signOnPolicyAssignments"])

	out, terr = call(t, tk, "list_application_sign_on_policy_assignments", map[string]any{"environmentId": sb, "applicationId": demo.SandboxSPAAppID})
	require.Nil(t, terr)
	assert.Empty(t, out["signOnPolicyAssignments"], "it uses the default policy")

	_, terr = call(t, tk, "create_application_sign_on_policy_assignment", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"signOnPolicyId": demo.ProductionMultiFactorPolicyID, "priority": 2})
	require.NotNil(t, terr, "a policy of another environment")
	assert.Contains(t, terr.Message, "signOnPolicy.id")

	out, terr = call(t, tk, "create_application_sign_on_policy_assignment", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"signOnPolicyId": demo.SandboxSingleFactorPolicyID, "priority": 2})
	require.Nil(t, terr)
	made := out["signOnPolicyAssignment"].(map[string]any)
	assert.Equal(t, "Single_Factor", made["signOnPolicyName"])

	out, terr = call(t, tk, "update_application_sign_on_policy_assignment", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"signOnPolicyAssignmentId": made["id"], "priority": 7})
	require.Nil(t, terr)
	assert.Equal(t, map[string]any{"id": made["id"], "signOnPolicyId": demo.SandboxSingleFactorPolicyID, "signOnPolicyName": "Single_Factor", "priority": 7.0},
		out["signOnPolicyAssignment"])

	_, terr = call(t, tk, "delete_application_sign_on_policy_assignment", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"signOnPolicyAssignmentId": made["id"], "confirm": "HR Portal"})
	require.Nil(t, terr)
	_, terr = call(t, tk, "get_application_sign_on_policy_assignment", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"signOnPolicyAssignmentId": made["id"]})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)
}
