package main

import (
	"testing"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// policyCertErrors are the error cases of the password policy and
// certificate tools, with what the answer must say.
func policyCertErrors() []errorCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	return []errorCall{
		{"get_password_policy", map[string]any{"environmentId": sb, "passwordPolicyId": "00000000-0000-4000-8000-000000000000"}, "Unable to find"},
		{"create_password_policy", map[string]any{"environmentId": sb, "name": "Standard", "excludesCommonlyUsed": true, "excludesProfileData": true, "notSimilarToCurrent": true}, "already exists"},
		{"delete_password_policy", map[string]any{"environmentId": sb, "passwordPolicyId": d.SandboxStandardPasswordPolicyID, "confirm": "Standard"}, "default"},
		{"set_user_password", map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "password": "weakpassword", "confirm": "jdoe"}, "minCharacters"},
		{"get_certificate", map[string]any{"environmentId": sb, "certificateId": "00000000-0000-4000-8000-000000000000"}, "Unable to find"},
		{"import_certificate", map[string]any{"environmentId": sb, "usageType": "SIGNING", "certificate": "not a certificate"}, "does not hold a certificate"},
		{"import_certificate", map[string]any{"environmentId": sb, "usageType": "CODE_SIGNING", "certificate": pingonetest.DemoCertificatePEM}, "usageType"},
	}
}

// TestCLIPolicyAndCertificateErrors: PingOne's refusals through `p1 tool call`.
func TestCLIPolicyAndCertificateErrors(t *testing.T) {
	t.Parallel()
	checkCLIErrors(t, policyCertErrors())
}

// TestProcessMCPPolicyAndCertificateErrors: the same through MCP on the
// built binary, as results the model reads.
func TestProcessMCPPolicyAndCertificateErrors(t *testing.T) {
	t.Parallel()
	checkMCPErrors(t, policyCertErrors())
}
