package main

import (
	"encoding/json"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// policyCertErrors are the error cases of the password policy and
// certificate tools, with what the answer must say.
func policyCertErrors() []struct {
	tool string
	args map[string]any
	says string
} {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	return []struct {
		tool string
		args map[string]any
		says string
	}{
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
	for _, tc := range policyCertErrors() {
		args, err := json.Marshal(tc.args)
		require.NoError(t, err)
		r := p1(t, "", "--sandbox", "tool", "call", tc.tool, "--disable-read-only", "--json", string(args))
		assert.NotEqual(t, 0, r.code, "%s %s: %s", tc.tool, args, r.stdout)
		assert.Contains(t, r.stdout+r.stderr, tc.says, tc.tool)
	}
}

// TestProcessMCPPolicyAndCertificateErrors: the same through MCP on the
// built binary, as results the model reads.
func TestProcessMCPPolicyAndCertificateErrors(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run", "--disable-read-only")
	for _, tc := range policyCertErrors() {
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: tc.tool, Arguments: tc.args})
		require.NoError(t, err, tc.tool)
		require.True(t, res.IsError, tc.tool)
		assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, tc.says, tc.tool)
	}
}
