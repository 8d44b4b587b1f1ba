package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func toolkit(t *testing.T) (*tools.Toolkit, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	return tk, srv
}

// serve connects a go-sdk client to server in memory; listChanged counts
// the tools/list_changed notifications the client gets.
func serve(t *testing.T, server *sdk.Server, listChanged *atomic.Int32) *sdk.ClientSession {
	t.Helper()
	ct, st := sdk.NewInMemoryTransports()
	ss, err := server.Connect(t.Context(), st, nil)
	require.NoError(t, err)
	opts := &sdk.ClientOptions{}
	if listChanged != nil {
		opts.ToolListChangedHandler = func(context.Context, *sdk.ToolListChangedRequest) { listChanged.Add(1) }
	}
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, opts).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = cs.Close()
		_ = ss.Wait()
	})
	return cs
}

// TestToolsListIsTheSDKsAnswer: the pre-rendered tools/list answer is the
// SDK's own for a server holding every tool (added with toolOf), in both
// modes: the same tools in the same order, each the same once decoded.
func TestToolsListIsTheSDKsAnswer(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{ModeDirect, ModeDiscover} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			tk, _ := toolkit(t)
			got, err := serve(t, NewServer(tk, &Options{Mode: mode}), nil).ListTools(t.Context(), nil)
			require.NoError(t, err)

			defs := tk.Definitions()
			if mode == ModeDiscover {
				defs = tk.DiscoveryDefinitions()
			}
			ref := sdk.NewServer(&sdk.Implementation{Name: "ref", Version: "v0"}, nil)
			for _, d := range defs {
				addTool(ref, d, func(context.Context, *sdk.CallToolRequest) (*sdk.CallToolResult, error) { return nil, nil })
			}
			want, err := serve(t, ref, nil).ListTools(t.Context(), nil)
			require.NoError(t, err)
			require.Len(t, got.Tools, len(defs))
			wantJSON, err := json.Marshal(want.Tools)
			require.NoError(t, err)
			gotJSON, err := json.Marshal(got.Tools)
			require.NoError(t, err)
			assert.JSONEq(t, string(wantJSON), string(gotJSON))
			if mode == ModeDirect {
				assert.Len(t, got.Tools, len(tk.Tools()))
			}
		})
	}
}

// TestToolsAreAddedOnFirstCall: a tool reaches the SDK's server when it
// is first called, it runs, the client is told of no change to the list,
// and a name that is no tool is still the protocol's error.
func TestToolsAreAddedOnFirstCall(t *testing.T) {
	t.Parallel()
	tk, srv := toolkit(t)
	var changed atomic.Int32
	cs := serve(t, NewServer(tk, nil), &changed)
	before, err := cs.ListTools(t.Context(), nil)
	require.NoError(t, err)
	for range 2 {
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "get_environment",
			Arguments: map[string]any{"environmentId": srv.Demo().SandboxEnvironmentID}})
		require.NoError(t, err)
		require.False(t, res.IsError, "%+v", res.Content)
		assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, srv.Demo().SandboxEnvironmentID)
	}
	_, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "no_such_tool", Arguments: map[string]any{}})
	require.ErrorContains(t, err, "no_such_tool")
	after, err := cs.ListTools(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	assert.Zero(t, changed.Load(), "no tools/list_changed")
}

// TestToolsListRefusesACursor: the one page holds every tool, so a cursor
// (which no answer gave) is invalid params, not an empty page.
func TestToolsListRefusesACursor(t *testing.T) {
	t.Parallel()
	tk, _ := toolkit(t)
	_, err := serve(t, NewServer(tk, nil), nil).ListTools(t.Context(), &sdk.ListToolsParams{Cursor: "abc"})
	require.ErrorContains(t, err, `invalid cursor "abc"`)
}

// TestWriteStringIsEncodingJSON: names and descriptions are written as
// encoding/json writes them, plain or escaped.
func TestWriteStringIsEncodingJSON(t *testing.T) {
	t.Parallel()
	tk, _ := toolkit(t)
	cases := []string{"", "plain", `say "hi"`, `back\slash`, "a<b>&c", "tab\there", "nl\n", "\x01", "caf\u00e9 \u2026",
		"line\u2028sep", "para\u2029", "bad \xff utf-8", "\x7f", "emoji \U0001F600"}
	for _, d := range tk.Definitions() {
		cases = append(cases, d.Name, d.Title, d.Description)
	}
	for _, s := range cases {
		var b bytes.Buffer
		writeString(&b, s)
		want, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, string(want), b.String(), "%q", s)
	}
}
