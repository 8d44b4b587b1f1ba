package mcp_test

import (
	"encoding/json"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func connectDiscover(t *testing.T, cfg tools.Config) (*sdk.ClientSession, *tools.Toolkit) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), cfg)
	require.NoError(t, err)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, &mcp.Options{Mode: mcp.ModeDiscover}).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	return cs, tk
}

// TestDiscoverReachesEveryTool: with every tool of the catalogue enabled,
// three tools are listed, and each catalogue tool is found by its title
// and described with the schema a direct listing gives.
func TestDiscoverReachesEveryTool(t *testing.T) {
	t.Parallel()
	cs, tk := connectDiscover(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	listed := listTools(t, cs)
	assert.Len(t, listed, 3)
	assert.Contains(t, cs.InitializeResult().Instructions, "search_tools")
	for _, tool := range tk.Tools() {
		found := callJSON(t, cs, "search_tools", map[string]any{"query": tool.Title, "limit": 50})
		var names []string
		for _, h := range found["tools"].([]any) {
			names = append(names, h.(map[string]any)["name"].(string))
		}
		assert.Contains(t, names, tool.Name, "searching %q", tool.Title)
		desc := callJSON(t, cs, "describe_tool", map[string]any{"name": tool.Name})
		def, ok := tk.Definition(tool.Name)
		require.True(t, ok)
		schema, err := json.Marshal(desc["inputSchema"])
		require.NoError(t, err)
		assert.JSONEq(t, string(def.InputSchema), string(schema), tool.Name)
	}
	top := callJSON(t, cs, "search_tools", map[string]any{"query": "lock user"})
	assert.Equal(t, "lock_user", top["tools"].([]any)[0].(map[string]any)["name"])
}

// TestDiscoverHiddenToolRefusedAlike: a tool the policy hides is refused
// by describe_tool and call_tool in the words of a direct call.
func TestDiscoverHiddenToolRefusedAlike(t *testing.T) {
	t.Parallel()
	cs, _ := connectDiscover(t, tools.Config{})
	direct, _, _ := connect(t, tools.Config{})
	want, err := direct.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, want.IsError)
	for _, call := range []*sdk.CallToolParams{
		{Name: "describe_tool", Arguments: map[string]any{"name": "delete_user"}},
		{Name: "call_tool", Arguments: map[string]any{"name": "delete_user", "arguments": map[string]any{}}},
	} {
		res, err := cs.CallTool(t.Context(), call)
		require.NoError(t, err)
		assert.True(t, res.IsError, call.Name)
		assert.Equal(t, textOf(t, want), textOf(t, res), call.Name)
	}
	found := callJSON(t, cs, "search_tools", map[string]any{"query": "delete user"})
	for _, h := range found["tools"].([]any) {
		assert.NotEqual(t, "delete_user", h.(map[string]any)["name"], "a hidden tool is not found")
	}
	// A name that is no tool of the discovery server is the protocol's error.
	_, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_users", Arguments: map[string]any{}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "search_tools")
}
