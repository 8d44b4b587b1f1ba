package main

import (
	"testing"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// idpMFAErrorCalls are the error rows of identity provider attribute
// mappings, populations' default identity provider and device
// authentication policies, with what the answer must say.
func idpMFAErrorCalls() []errorCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	const unknown = "00000000-0000-4000-8000-000000000000"
	oidc := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb, "identityProviderId": d.SandboxOIDCIdPID}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	return []errorCall{
		{"list_identity_provider_attributes", oidc("identityProviderId", unknown), unknown},
		{"create_identity_provider_attribute", oidc("name", "email", "value", "${providerAttributes.mail}", "update", "ALWAYS"), "already exists"},
		{"create_identity_provider_attribute", oidc("name", "title", "value", "${samlAssertion.title}", "update", "ALWAYS"), "SAML assertion"},
		{"create_identity_provider_attribute", oidc("name", "title", "value", "${providerAttributes.title}", "update", "SOMETIMES"), "update"},
		{"update_identity_provider_attribute", oidc("attributeId", d.SandboxOIDCIdPUsernameMappingID, "update", "ALWAYS"), "cannot change"},
		{"delete_identity_provider_attribute", oidc("attributeId", d.SandboxOIDCIdPUsernameMappingID, "confirm", "Corporate IdP"), "CORE"},
		{"get_population_default_identity_provider", map[string]any{"environmentId": sb, "populationId": unknown}, unknown},
		{"set_population_default_identity_provider", map[string]any{"environmentId": sb, "populationId": d.SandboxArchivePopulationID,
			"identityProviderId": unknown, "confirm": "Archive"}, "does not exist"},
		{"set_population_default_identity_provider", map[string]any{"environmentId": sb, "populationId": d.SandboxArchivePopulationID,
			"identityProviderId": d.SandboxGoogleIdPID}, "confirm"},
		{"get_device_authentication_policy", map[string]any{"environmentId": sb, "deviceAuthenticationPolicyId": unknown}, unknown},
		{"create_device_authentication_policy", mfaPolicyArgs(map[string]any{"environmentId": sb, "name": "No SMS rules",
			"sms": map[string]any{"enabled": true}}), "sms.otp"},
		{"delete_device_authentication_policy", map[string]any{"environmentId": sb, "deviceAuthenticationPolicyId": d.SandboxDefaultMFAPolicyID,
			"confirm": "Default MFA Policy"}, "default"},
		{"update_device_authentication_policy", map[string]any{"environmentId": sb, "deviceAuthenticationPolicyId": d.SandboxDefaultMFAPolicyID,
			"default": false}, "cannot be unset"},
		{"update_sign_on_policy_action", map[string]any{"environmentId": sb, "signOnPolicyId": d.SandboxMultiFactorPolicyID,
			"actionId": d.SandboxMultiFactorActionIDs[1], "deviceAuthenticationPolicy": map[string]any{"id": unknown}}, "does not exist"},
	}
}

// TestCLIIdPAndMFAPolicyErrors: PingOne's refusals through `p1 tool call`.
func TestCLIIdPAndMFAPolicyErrors(t *testing.T) {
	t.Parallel()
	checkCLIErrors(t, idpMFAErrorCalls())
}

// TestProcessMCPIdPAndMFAPolicyErrors: the same through MCP on the built
// binary, as results the model reads.
func TestProcessMCPIdPAndMFAPolicyErrors(t *testing.T) {
	t.Parallel()
	checkMCPErrors(t, idpMFAErrorCalls())
}
