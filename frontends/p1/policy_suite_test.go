package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/policytest"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// cliFrontEnd calls tools with `p1 tool call`, in process, signing in with
// the demo worker as a script would; stdin is not a terminal.
type cliFrontEnd struct{ global []string }

func (c cliFrontEnd) Call(t *testing.T, tool string, args map[string]any) (string, bool) {
	raw, err := json.Marshal(args)
	require.NoError(t, err)
	r := p1(t, "", append(c.global, "tool", "call", tool, "--json", string(raw))...)
	if r.code == 0 {
		return r.stdout, false
	}
	require.Equal(t, exitDenied, r.code, "every refusal of the suite is a policy refusal (exit 3): %s", r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	return strings.TrimPrefix(lines[len(lines)-1], "p1: "), true
}

func TestPolicySuiteCLI(t *testing.T) {
	t.Parallel()
	policytest.Run(t, "cli", func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) policytest.FrontEnd {
		return cliFrontEnd{global: []string{
			"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
			"--environment-id", pingonetest.Demo().AdminEnvironmentID,
			"--client-id", pingonetest.Demo().WorkerClientID, "--client-secret", pingonetest.Demo().WorkerClientSecret,
			"--policy", policyFile, "--audit-log", auditLog,
		}}
	})
}
