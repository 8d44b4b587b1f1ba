package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// readsOf lists the read tools of the toolsets named.
func readsOf(sets ...string) []string {
	reg := tools.NewRegistry(tools.All()...)
	var cols []string
	for _, ts := range reg.Toolsets() {
		if slices.Contains(sets, ts.Name) {
			cols = append(cols, ts.Collections...)
		}
	}
	var out []string
	for _, t := range reg.Tools() {
		if !t.IsWrite() && slices.Contains(cols, t.Collection) {
			out = append(out, t.Name)
		}
	}
	return out
}

// TestProcessMCPToolsets: a fresh `p1 mcp run` lists the default toolsets;
// --toolsets and a policy file choose others; the official flags alone
// select from every tool; a hidden tool's refusal names the toolset.
func TestProcessMCPToolsets(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run")
	assert.ElementsMatch(t, readsOf(tools.DefaultToolsets...), listedTools(t, cs))
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_roles", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, `toolset "roles" is not selected`)

	cs = connectBinary(t, "--sandbox", "mcp", "run", "--toolsets", "roles,certificates")
	assert.ElementsMatch(t, readsOf("roles", "certificates"), listedTools(t, cs))

	cs = connectBinary(t, "--sandbox", "mcp", "run", "--include-tool-collections", "roles")
	assert.ElementsMatch(t, readsOf("roles"), listedTools(t, cs), "the official flags select from every tool")

	policy := filepath.Join(t.TempDir(), "p1.yaml")
	require.NoError(t, os.WriteFile(policy, []byte("filter:\n  toolsets: [authentication]\n"), 0o600))
	cs = connectBinary(t, "--sandbox", "--policy", policy, "mcp", "run")
	assert.ElementsMatch(t, readsOf("authentication"), listedTools(t, cs))

	r := p1(t, "", "--sandbox", "mcp", "run", "--toolsets", "everything")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown toolset "everything"`)
	assert.Contains(t, r.stderr, "identities")
}

// TestProcessMCPDiscover: --tool-mode discover lists three tools that
// reach every tool of the catalogue the policy allows.
func TestProcessMCPDiscover(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run", "--tool-mode", "discover")
	assert.ElementsMatch(t, []string{"search_tools", "describe_tool", "call_tool"}, listedTools(t, cs))
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "call_tool", Arguments: map[string]any{
		"name": "list_roles", "arguments": map[string]any{},
	}})
	require.NoError(t, err)
	assert.False(t, res.IsError, "every toolset is reachable in discovery mode")
	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "call_tool", Arguments: map[string]any{
		"name": "get_environment", "arguments": map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID},
	}})
	require.NoError(t, err)
	assert.False(t, res.IsError)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, pingonetest.Demo().SandboxEnvironmentID)

	r := p1(t, "", "--sandbox", "mcp", "run", "--tool-mode", "lazy")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--tool-mode")
}
