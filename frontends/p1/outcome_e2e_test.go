package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestCLIUnknownOutcomeHasItsOwnExitCode locks a user whose answer is lost
// after PingOne applied it: no read tells which call locked the account, so
// p1 exits 7 and says the call may have been applied and how to check; the
// audit record says outcome_unknown.
func TestCLIUnknownOutcomeHasItsOwnExitCode(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, DropConnection: true, Times: 1,
		PathPrefix: "/v1/environments/" + d.SandboxEnvironmentID + "/users/" + d.SandboxUserID})
	audit := filepath.Join(t.TempDir(), "audit.jsonl")
	args, err := json.Marshal(map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID, "confirm": d.SandboxUserID})
	require.NoError(t, err)
	r := p1(t, "", signedIn(srv, "--audit-log", audit, "tool", "call", "lock_user", "--disable-read-only", "--json", string(args))...)

	assert.Equal(t, exitUnknown, r.code, r.stderr)
	assert.Contains(t, r.stderr, "outcome unknown")
	assert.Contains(t, r.stderr, "may have been applied")
	assert.Contains(t, r.stderr, `check with get_user (userId "`+d.SandboxUserID+`")`)
	assert.Empty(t, r.stdout)

	raw, err := os.ReadFile(audit)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	var rec tools.AuditRecord
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &rec))
	assert.Equal(t, "lock_user", rec.Tool)
	assert.Equal(t, "outcome_unknown", rec.Outcome)

	// It was in fact applied: the account is locked.
	var applied bool
	for _, req := range srv.Requests() {
		applied = applied || req.Method == http.MethodPost && req.Fault == pingonetest.FaultApplyThenDrop && req.Served == http.StatusOK
	}
	assert.True(t, applied)
}

// TestCLILostAnswerSettledIsASuccess creates a group whose answer is lost
// after it was made: the read-back finds it, and p1 prints it and exits 0.
func TestCLILostAnswerSettledIsASuccess(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, Status: http.StatusGatewayTimeout, Times: 1,
		PathPrefix: "/v1/environments/" + d.SandboxEnvironmentID + "/groups"})
	args, err := json.Marshal(map[string]any{"environmentId": d.SandboxEnvironmentID, "name": "Settled"})
	require.NoError(t, err)
	r := p1(t, "", signedIn(srv, "tool", "call", "create_group", "--disable-read-only", "-o", "json", "--json", string(args))...)
	require.Equal(t, exitOK, r.code, r.stderr)
	var out struct {
		Group struct{ ID, Name string } `json:"group"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, "Settled", out.Group.Name)
	assert.NotEmpty(t, out.Group.ID)
}
