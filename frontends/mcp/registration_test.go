package mcp

import (
	"encoding/json"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// serveHeld serves tk in memory with the tools' registration held until
// release is called; waiting runs when a request waits for it.
func serveHeld(t *testing.T, tk *tools.Toolkit, mode string, waiting func()) (cs *sdk.ClientSession, release func()) {
	t.Helper()
	held := make(chan struct{})
	release = sync.OnceFunc(func() { close(held) })
	t.Cleanup(release)
	ct, st := sdk.NewInMemoryTransports()
	hooks := &registrationHooks{held: func() { <-held }, waiting: waiting}
	ss, err := NewServer(tk, &Options{Mode: mode, hooks: hooks}).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err = sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = cs.Close()
		_ = ss.Wait()
	})
	return cs, release
}

func toolkit(t *testing.T) (*tools.Toolkit, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	return tk, srv
}

// TestToolsListBeforeRegistration: tools/list answered while the tools
// are still being added to the SDK is the answer the SDK gives once they
// are, in both modes.
func TestToolsListBeforeRegistration(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{ModeDirect, ModeDiscover} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			tk, _ := toolkit(t)
			cs, release := serveHeld(t, tk, mode, nil)
			early, err := cs.ListTools(t.Context(), nil)
			require.NoError(t, err)
			release()
			// A call waits for the registration: once it answers, the SDK
			// holds every tool.
			_, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "no_such_tool", Arguments: map[string]any{}})
			require.Error(t, err)
			late, err := cs.ListTools(t.Context(), nil)
			require.NoError(t, err)
			want, err := json.Marshal(late)
			require.NoError(t, err)
			got, err := json.Marshal(early)
			require.NoError(t, err)
			assert.JSONEq(t, string(want), string(got))
			if mode == ModeDirect {
				assert.Len(t, early.Tools, len(tk.Tools()))
			}
		})
	}
}

// TestToolsCallWaitsForRegistration: a call that arrives while the tools
// are being added waits for them and runs, rather than being refused as
// an unknown tool.
func TestToolsCallWaitsForRegistration(t *testing.T) {
	t.Parallel()
	tk, srv := toolkit(t)
	var release func()
	cs, release := serveHeld(t, tk, ModeDirect, func() { release() })
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "get_environment",
		Arguments: map[string]any{"environmentId": srv.Demo().SandboxEnvironmentID}})
	require.NoError(t, err)
	require.False(t, res.IsError, "%+v", res.Content)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, srv.Demo().SandboxEnvironmentID)
}
