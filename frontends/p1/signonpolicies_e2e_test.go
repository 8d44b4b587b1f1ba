package main

import (
	"encoding/json"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// policyErrorCall is a call of a sign-on policy tool that PingOne (or the
// tool's schema) refuses, and a word the refusal must hold.
type policyErrorCall struct {
	tool string
	args map[string]any
	want string
}

func policyErrorCalls() []policyErrorCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	const unknown = "00000000-0000-4000-8000-000000000000"
	return []policyErrorCall{
		{"get_sign_on_policy", map[string]any{"environmentId": sb, "signOnPolicyId": unknown}, unknown},
		{"list_sign_on_policy_actions", map[string]any{"environmentId": sb, "signOnPolicyId": unknown}, unknown},
		{"create_sign_on_policy", map[string]any{"environmentId": sb, "name": "Bad/Name"}, "name"},
		{"create_sign_on_policy_action", map[string]any{"environmentId": sb, "signOnPolicyId": d.SandboxMultiFactorPolicyID,
			"type": "AGREEMENT", "priority": 3}, "agreement"},
		{"update_sign_on_policy_action", map[string]any{"environmentId": sb, "signOnPolicyId": d.SandboxMultiFactorPolicyID,
			"actionId": d.SandboxMultiFactorActionIDs[1], "priority": 1}, "priority"},
		{"delete_sign_on_policy", map[string]any{"environmentId": sb, "signOnPolicyId": d.SandboxSingleFactorPolicyID, "confirm": "Single_Factor"}, "default"},
		{"delete_sign_on_policy", map[string]any{"environmentId": sb, "signOnPolicyId": d.SandboxMultiFactorPolicyID, "confirm": "Multi_Factor"}, "assignment"},
		{"create_application_sign_on_policy_assignment", map[string]any{"environmentId": sb, "applicationId": d.SandboxWebAppID,
			"signOnPolicyId": unknown, "priority": 2}, "signOnPolicy.id"},
		{"get_application_sign_on_policy_assignment", map[string]any{"environmentId": sb, "applicationId": d.SandboxWebAppID,
			"signOnPolicyAssignmentId": unknown}, unknown},
		{"create_identity_provider", map[string]any{"environmentId": sb, "name": "No app", "enabled": true, "type": "FACEBOOK"}, "appId"},
		{"get_identity_provider", map[string]any{"environmentId": sb, "identityProviderId": unknown}, unknown},
		{"delete_sign_on_policy_action", map[string]any{"environmentId": sb, "signOnPolicyId": d.SandboxMultiFactorPolicyID,
			"actionId": unknown, "confirm": "Multi_Factor"}, unknown},
	}
}

// The sign-on policy tools' refusals reach a script as a failed `p1 tool
// call` whose message says what to fix.
func TestCLISignOnPolicyErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range policyErrorCalls() {
		args, err := json.Marshal(tc.args)
		require.NoError(t, err)
		r := p1(t, "", "--sandbox", "tool", "call", tc.tool, "--disable-read-only", "--json", string(args))
		assert.NotEqual(t, 0, r.code, "%s %s: %s", tc.tool, args, r.stdout)
		assert.Contains(t, r.stderr, tc.want, "%s %s", tc.tool, args)
	}
}

// … and a model through MCP on the built binary as an error result.
func TestProcessMCPSignOnPolicyErrors(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run", "--disable-read-only")
	for _, tc := range policyErrorCalls() {
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: tc.tool, Arguments: tc.args})
		require.NoError(t, err, tc.tool)
		require.Len(t, res.Content, 1, tc.tool)
		text := res.Content[0].(*sdk.TextContent).Text
		assert.True(t, res.IsError, "%s: %s", tc.tool, text)
		assert.Contains(t, text, tc.want, tc.tool)
	}
}
