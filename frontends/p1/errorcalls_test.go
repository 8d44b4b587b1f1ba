package main

import (
	"encoding/json"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// errorCall is a tool call that PingOne (or the tool's schema) refuses, and
// a piece of the message the caller must get: the error rows of a family,
// run through the CLI and through MCP on the built binary.
type errorCall struct {
	tool string
	args map[string]any
	want string
}

// checkCLIErrors: each call fails as `p1 tool call`, saying what to fix.
func checkCLIErrors(t *testing.T, calls []errorCall) {
	t.Helper()
	for _, tc := range calls {
		args, err := json.Marshal(tc.args)
		require.NoError(t, err)
		r := p1(t, "", "--sandbox", "tool", "call", tc.tool, "--disable-read-only", "--json", string(args))
		assert.NotEqual(t, 0, r.code, "%s %s: %s", tc.tool, args, r.stdout)
		assert.Contains(t, r.stderr, tc.want, "%s %s", tc.tool, args)
	}
}

// checkMCPErrors: each call is an error result a model reads.
func checkMCPErrors(t *testing.T, calls []errorCall) {
	t.Helper()
	cs := connectBinary(t, "--sandbox", "mcp", "run", "--disable-read-only", "--toolsets", "all")
	for _, tc := range calls {
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: tc.tool, Arguments: tc.args})
		require.NoError(t, err, tc.tool)
		require.Len(t, res.Content, 1, tc.tool)
		text := res.Content[0].(*sdk.TextContent).Text
		assert.True(t, res.IsError, "%s: %s", tc.tool, text)
		assert.Contains(t, text, tc.want, tc.tool)
	}
}
