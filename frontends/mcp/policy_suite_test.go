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

// discoverFrontEnd makes every call of the suite through call_tool, in a
// server that lists only the discovery tools.
type discoverFrontEnd struct{ cs *sdk.ClientSession }

func (m discoverFrontEnd) Call(t *testing.T, tool string, args map[string]any) (string, bool) {
	if args == nil {
		args = map[string]any{}
	}
	res, err := m.cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "call_tool", Arguments: map[string]any{"name": tool, "arguments": args}})
	require.NoError(t, err)
	return textOf(t, res), res.IsError
}

// TestPolicySuiteMCPDiscover runs the policy suite through discovery mode:
// the same decisions, refusals and audit records as direct calls.
func TestPolicySuiteMCPDiscover(t *testing.T) {
	t.Parallel()
	policytest.Run(t, "mcp", func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) policytest.FrontEnd {
		tk := policytest.Toolkit(t, srv, policyFile, auditLog, "mcp")
		ct, st := sdk.NewInMemoryTransports()
		ss, err := mcp.NewServer(tk, &mcp.Options{Mode: mcp.ModeDiscover}).Connect(t.Context(), st, nil)
		require.NoError(t, err)
		cs, err := sdk.NewClient(&sdk.Implementation{Name: "policy-suite", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
		require.NoError(t, err)
		t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
		list, err := cs.ListTools(t.Context(), nil)
		require.NoError(t, err)
		require.Len(t, list.Tools, 3)
		return discoverFrontEnd{cs}
	})
}
