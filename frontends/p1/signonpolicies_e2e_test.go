package main

import (
	"testing"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

func policyErrorCalls() []errorCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	const unknown = "00000000-0000-4000-8000-000000000000"
	return []errorCall{
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
// call` whose message says what to fix …
func TestCLISignOnPolicyErrors(t *testing.T) {
	t.Parallel()
	checkCLIErrors(t, policyErrorCalls())
}

// … and a model through MCP on the built binary as an error result.
func TestProcessMCPSignOnPolicyErrors(t *testing.T) {
	t.Parallel()
	checkMCPErrors(t, policyErrorCalls())
}
