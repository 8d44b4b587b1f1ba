package mcp_test

import (
	"net/http"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/faults"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// A write whose answer is lost reaches the model as what is known: settled
// by a read-back, a plain result; unsettled, a result saying it may have
// been applied and which tool tells.
func TestLostAnswersReachTheModelAsWhatIsKnown(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	client, err := faults.Client(srv)
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	d := srv.Demo()

	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, DropConnection: true, Times: 1})
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "create_group",
		Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "name": "Settled By MCP"}})
	require.NoError(t, err)
	assert.False(t, res.IsError, "found by its name: done (%s)", textOf(t, res))
	assert.Contains(t, textOf(t, res), `"name":"Settled By MCP"`)

	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, Status: http.StatusBadGateway, Times: 1})
	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "lock_user",
		Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID, "confirm": d.SandboxUserID}})
	require.NoError(t, err, "a lost answer is a tool result, not a protocol error")
	require.True(t, res.IsError)
	text := textOf(t, res)
	assert.Contains(t, text, "lock_user: outcome unknown")
	assert.Contains(t, text, "may have been applied")
	assert.Contains(t, text, `check with get_user (userId "`+d.SandboxUserID+`")`)
}
