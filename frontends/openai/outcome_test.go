package openai_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/internal/faults"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// The dispatcher passes an unknown outcome on as the toolkit says it: may
// have been applied, and the tool that tells.
func TestDispatchUnknownOutcome(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	client, err := faults.Client(srv)
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	d := srv.Demo()
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, DropConnection: true, Times: 1})
	msgs := openai.NewDispatcher(tk).Dispatch(t.Context(), []openai.ToolCall{{ID: "call_1", Type: "function",
		Function: openai.FunctionCall{Name: "unlock_user",
			Arguments: `{"environmentId":"` + d.SandboxEnvironmentID + `","userId":"` + d.SandboxLockedUserID + `"}`}}})
	require.Len(t, msgs, 1)
	assert.True(t, msgs[0].IsError)
	assert.Contains(t, msgs[0].Content, "unlock_user: outcome unknown")
	assert.Contains(t, msgs[0].Content, "may have been applied")
	assert.Contains(t, msgs[0].Content, `check with get_user (userId "`+d.SandboxLockedUserID+`")`)
}
