package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuditLogFlagCannotTurnOffThePolicyLog: --audit-log "" does not
// silently drop the audit log a policy file asks for: it is refused,
// naming both; a non-empty --audit-log writes the audit elsewhere; without
// audit.log in the policy an empty flag means no audit log.
func TestAuditLogFlagCannotTurnOffThePolicyLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	audit := filepath.Join(dir, "policy-audit.jsonl")
	policy := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(policy, []byte("audit:\n  log: "+audit+"\n"), 0o600))

	for _, empty := range []string{"", "  "} {
		r := p1(t, "", "--sandbox", "--policy", policy, "--audit-log", empty, "tool", "call", "list_environments")
		assert.Equal(t, exitUsage, r.code, r.stderr)
		assert.Contains(t, r.stderr, "--audit-log is empty, which would turn off the audit log that the policy file "+policy+" asks for (audit.log: "+audit+")")
		assert.Contains(t, r.stderr, "give --audit-log a file (or - for stderr)")
		assert.Empty(t, r.stdout, "the call was not made")
		_, err := os.Stat(audit)
		assert.True(t, os.IsNotExist(err), "nothing was called, nothing audited")
	}
	r := p1(t, "", "--sandbox", "--policy", policy, "--audit-log", "", "mcp", "run")
	assert.Equal(t, exitUsage, r.code, "the MCP server refuses it too")
	assert.Contains(t, r.stderr, "would turn off the audit log")

	elsewhere := filepath.Join(dir, "elsewhere.jsonl")
	r = p1(t, "", "--sandbox", "--policy", policy, "--audit-log", elsewhere, "tool", "call", "list_environments")
	require.Equal(t, 0, r.code, r.stderr)
	data, err := os.ReadFile(elsewhere)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(data), `"tool":"list_environments"`))

	r = p1(t, "", "--sandbox", "--policy", policy, "tool", "call", "list_environments")
	require.Equal(t, 0, r.code, r.stderr)
	data, err = os.ReadFile(audit)
	require.NoError(t, err, "the policy's audit log is written without the flag")
	assert.Equal(t, 1, strings.Count(string(data), `"tool":"list_environments"`))

	bare := filepath.Join(dir, "bare.yaml")
	require.NoError(t, os.WriteFile(bare, []byte("filter:\n  readOnly: true\n"), 0o600))
	r = p1(t, "", "--sandbox", "--policy", bare, "--audit-log", "", "tool", "call", "list_environments")
	assert.Equal(t, 0, r.code, "no audit log asked for: an empty flag changes nothing; %s", r.stderr)
}
