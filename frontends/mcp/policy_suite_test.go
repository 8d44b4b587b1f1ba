package mcp_test

import (
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/policytest"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// mcpFrontEnd calls tools through an in-memory MCP client that cannot
// elicit (so confirmation fails closed, as in every front end).
type mcpFrontEnd struct{ cs *sdk.ClientSession }

func (m mcpFrontEnd) Call(t *testing.T, tool string, args map[string]any) (string, bool) {
	res, err := m.cs.CallTool(t.Context(), &sdk.CallToolParams{Name: tool, Arguments: args})
	require.NoError(t, err)
	return textOf(t, res), res.IsError
}

func TestPolicySuiteMCP(t *testing.T) {
	t.Parallel()
	policytest.Run(t, "mcp", func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) policytest.FrontEnd {
		tk := policytest.Toolkit(t, srv, policyFile, auditLog, "mcp")
		ct, st := sdk.NewInMemoryTransports()
		ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
		require.NoError(t, err)
		cs, err := sdk.NewClient(&sdk.Implementation{Name: "policy-suite", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
		require.NoError(t, err)
		t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
		return mcpFrontEnd{cs}
	})
}
