package mcp_test

import (
	"encoding/json"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/badinput"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// mcpBadInput calls tools as an MCP client on stdio does, through
// mcp.StdioTransport over in-memory pipes: what cannot be sent as JSON is
// sent as it is.
type mcpBadInput struct{ s *badinput.RawSession }

func (m mcpBadInput) Call(t *testing.T, tool, args string) badinput.Result {
	r, err := m.s.CallTool(tool, args)
	require.NoError(t, err)
	if r.Error != nil {
		return badinput.Result{Text: r.Error.Message, Failed: true, Protocol: true}
	}
	var res sdk.CallToolResult
	require.NoError(t, json.Unmarshal(r.Result, &res), "%s", r.Raw)
	require.Len(t, res.Content, 1, "%s", r.Raw)
	return badinput.Result{Text: res.Content[0].(*sdk.TextContent).Text, Failed: res.IsError}
}

func TestBadInputMCP(t *testing.T) {
	t.Parallel()
	badinput.Run(t, "mcp", func(t *testing.T, srv *pingonetest.Server) badinput.FrontEnd {
		s, _, _ := serveToolkit(t, badinput.Toolkit(t, srv), mcp.DefaultMaxFrameBytes)
		require.NoError(t, s.Initialize("2026-07-28"))
		return mcpBadInput{s}
	})
}
