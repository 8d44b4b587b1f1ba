package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestCLIEveryTool calls every tool p1kit ships through `p1 tool call`,
// in process, against one emulator so that later calls act on what earlier
// ones created, signing in with the demo worker's client credentials as a
// script would.
func TestCLIEveryTool(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	global := []string{
		"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
		"--environment-id", pingonetest.Demo().AdminEnvironmentID,
		"--client-id", pingonetest.Demo().WorkerClientID, "--client-secret", pingonetest.Demo().WorkerClientSecret,
	}
	var names []string
	for _, tool := range tools.All() {
		names = append(names, tool.Name)
	}
	state := &callState{created: map[string]string{}}
	for _, name := range callOrder(names) {
		tc, ok := toolCalls[name]
		require.True(t, ok, "tool %s has no entry in toolCalls", name)
		args, err := json.Marshal(tc.args(state))
		require.NoError(t, err)
		r := p1(t, "", append(global, "tool", "call", name, "--disable-read-only", "--json", string(args))...)
		require.Equal(t, 0, r.code, "%s %s: %s", name, args, r.stderr)
		require.True(t, json.Valid([]byte(r.stdout)), "%s: %s", name, r.stdout)
		state.remember(t, name, []byte(r.stdout))
		if tc.fails != nil {
			args, err := json.Marshal(tc.fails(state))
			require.NoError(t, err)
			r := p1(t, "", append(global, "tool", "call", name, "--disable-read-only", "--json", string(args))...)
			require.NotEqual(t, 0, r.code, "%s %s should fail: %s", name, args, r.stdout)
			require.Contains(t, r.stderr, tc.failsWith, "%s %s", name, args)
		}
	}
	require.NotEmpty(t, srv.Requests())
}
