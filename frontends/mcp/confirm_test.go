package mcp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// elicitingClient answers elicitations with action and records the prompts.
type elicitingClient struct {
	mu      sync.Mutex
	action  string
	content map[string]any
	prompts []string
}

func (e *elicitingClient) handle(_ context.Context, req *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.prompts = append(e.prompts, req.Params.Message)
	return &sdk.ElicitResult{Action: e.action, Content: e.content}, nil
}

// connectWith is connect with client options and an audit buffer.
func connectWith(t *testing.T, opts *sdk.ClientOptions) (*sdk.ClientSession, *pingonetest.Server, *[]tools.AuditRecord) {
	return connectVersion(t, opts, "")
}

// connectVersion is connectWith speaking a given protocol version.
func connectVersion(t *testing.T, opts *sdk.ClientOptions, version string) (*sdk.ClientSession, *pingonetest.Server, *[]tools.AuditRecord) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	var mu sync.Mutex
	var recs []tools.AuditRecord
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), tools.Config{
		Filter: tools.Filter{AllowWrites: true}, FrontEnd: "mcp",
		Audit: func(_ context.Context, r tools.AuditRecord) { mu.Lock(); recs = append(recs, r); mu.Unlock() },
	})
	require.NoError(t, err)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, opts).Connect(t.Context(), ct,
		&sdk.ClientSessionOptions{ProtocolVersion: version})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	return cs, srv, &recs
}

func deletes(srv *pingonetest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodDelete {
			n++
		}
	}
	return n
}

func decisions(recs []tools.AuditRecord) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Decision)
	}
	return out
}

func TestConfirmationClientAccepts(t *testing.T) {
	t.Parallel()
	ec := &elicitingClient{action: "accept", content: map[string]any{"confirm": true}}
	cs, srv, recs := connectWith(t, &sdk.ClientOptions{ElicitationHandler: ec.handle})
	d := pingonetest.Demo()
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_group",
		Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "groupId": d.SandboxEmptyGroupID}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	assert.JSONEq(t, `{"deleted":true,"id":"`+d.SandboxEmptyGroupID+`"}`, textOf(t, res))
	require.Len(t, ec.prompts, 1, "the person is asked once")
	assert.Contains(t, ec.prompts[0], "Delete group")
	assert.Contains(t, ec.prompts[0], d.SandboxEmptyGroupID)
	assert.Contains(t, ec.prompts[0], `environment "Sandbox"`)
	assert.Equal(t, 1, deletes(srv))
	assert.Equal(t, []string{tools.DecisionConfirmRequired, tools.DecisionAllow}, decisions(*recs))
}

func TestConfirmationClientDeclines(t *testing.T) {
	t.Parallel()
	for _, action := range []string{"decline", "cancel"} {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			ec := &elicitingClient{action: action}
			cs, srv, recs := connectWith(t, &sdk.ClientOptions{ElicitationHandler: ec.handle})
			d := pingonetest.Demo()
			res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user",
				Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}})
			require.NoError(t, err)
			require.True(t, res.IsError)
			assert.Contains(t, textOf(t, res), "not confirmed")
			assert.Contains(t, textOf(t, res), "was declined when asked. Nothing was sent to PingOne.")
			require.Len(t, ec.prompts, 1)
			assert.Zero(t, deletes(srv), "a declined call reaches no DELETE")
			assert.Equal(t, []string{tools.DecisionConfirmRequired, tools.DecisionDeny}, decisions(*recs))
		})
	}
}

func TestConfirmationOnAnOlderProtocol(t *testing.T) {
	t.Parallel()
	// Before 2026-07-28 there is no input-required result on the wire: the
	// SDK turns the server's input request into elicitation/create and
	// calls the handler again with the answer.
	for _, tc := range []struct {
		action  string
		deletes int
	}{{"accept", 1}, {"decline", 0}} {
		t.Run(tc.action, func(t *testing.T) {
			t.Parallel()
			ec := &elicitingClient{action: tc.action, content: map[string]any{"confirm": true}}
			if tc.action != "accept" {
				ec.content = nil
			}
			cs, srv, recs := connectVersion(t, &sdk.ClientOptions{ElicitationHandler: ec.handle}, "2025-06-18")
			require.Equal(t, "2025-06-18", cs.InitializeResult().ProtocolVersion)
			d := pingonetest.Demo()
			res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_group",
				Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "groupId": d.SandboxEmptyGroupID}})
			require.NoError(t, err)
			assert.Equal(t, tc.action != "accept", res.IsError, textOf(t, res))
			require.Len(t, ec.prompts, 1)
			assert.Equal(t, tc.deletes, deletes(srv))
			want := tools.DecisionAllow
			if tc.action != "accept" {
				want = tools.DecisionDeny
			}
			assert.Equal(t, []string{tools.DecisionConfirmRequired, want}, decisions(*recs))
		})
	}
}

func TestConfirmationAcceptWithConfirmFalseIsADecline(t *testing.T) {
	t.Parallel()
	ec := &elicitingClient{action: "accept", content: map[string]any{"confirm": false}}
	cs, srv, _ := connectWith(t, &sdk.ClientOptions{ElicitationHandler: ec.handle})
	d := pingonetest.Demo()
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user",
		Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "not confirmed")
	assert.Zero(t, deletes(srv))
}

func TestConfirmationClientCannotElicit(t *testing.T) {
	t.Parallel()
	cs, srv, recs := connectWith(t, nil)
	d := pingonetest.Demo()
	args := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user", Arguments: args})
	require.NoError(t, err)
	require.True(t, res.IsError, "fails closed")
	msg := textOf(t, res)
	assert.Contains(t, msg, "needs confirmation")
	assert.Contains(t, msg, `confirm: "`+d.SandboxUserID+`"`)
	assert.Contains(t, msg, `confirm: "jdoe"`)
	assert.Zero(t, deletes(srv))

	// The model follows the message: the same call with confirm runs.
	args["confirm"] = "jdoe"
	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user", Arguments: args})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	assert.Equal(t, 1, deletes(srv))
	assert.Equal(t, []string{tools.DecisionConfirmRequired, tools.DecisionAllow}, decisions(*recs))
}

func TestConfirmationForgedResponseIsRefused(t *testing.T) {
	t.Parallel()
	// A client answering an input request that was never sent (or sent
	// for other arguments) does not get the call run.
	cs, srv, _ := connectWith(t, &sdk.ClientOptions{MultiRoundTrip: &sdk.MultiRoundTripOptions{Disabled: true},
		ElicitationHandler: (&elicitingClient{action: "accept"}).handle})
	d := pingonetest.Demo()
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user",
		Arguments:      map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID},
		InputResponses: sdk.InputResponseMap{"confirm": &sdk.ElicitResult{Action: "accept"}},
		RequestState:   "forged"})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "does not belong to this call")
	assert.Zero(t, deletes(srv))

	// A genuine input request, answered for different arguments, is refused too.
	first, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user",
		Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}})
	require.NoError(t, err)
	require.True(t, first.NeedsInput())
	require.Contains(t, first.InputRequests, "confirm")
	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user",
		Arguments:      map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxDisabledUserID},
		InputResponses: sdk.InputResponseMap{"confirm": &sdk.ElicitResult{Action: "accept"}},
		RequestState:   first.RequestState})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "does not belong to this call")
	assert.Zero(t, deletes(srv))
}

func TestDryRunOverMCP(t *testing.T) {
	t.Parallel()
	cs, srv, recs := connectWith(t, nil)
	d := pingonetest.Demo()
	srv.ResetRequests()
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "update_group",
		Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "groupId": d.SandboxEmptyGroupID, "name": "Renamed", "dryRun": true}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	var out tools.DryRunResult
	require.NoError(t, json.Unmarshal([]byte(textOf(t, res)), &out))
	assert.True(t, out.DryRun)
	require.NotNil(t, out.Request)
	assert.Equal(t, http.MethodPut, out.Request.Method)
	assert.True(t, strings.HasSuffix(out.Request.URL, "/groups/"+d.SandboxEmptyGroupID), out.Request.URL)
	require.Len(t, out.Diff, 1)
	assert.Equal(t, "name", out.Diff[0].Path)
	assert.JSONEq(t, `"Renamed"`, string(out.Diff[0].After))
	for _, r := range srv.Requests() {
		assert.Equal(t, http.MethodGet, r.Method, "a dry run sends only GETs: %s %s", r.Method, r.Path)
	}
	assert.Equal(t, tools.DecisionDryRun, (*recs)[len(*recs)-1].Decision)
}

// failingClient answers every elicitation with a Go error (the client's
// JSON-RPC error on the wire).
func failingClient(_ context.Context, _ *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
	return nil, errors.New("the dialog could not be shown")
}

// TestConfirmationPromptThatFails: a client that answers the prompt with an
// error, or with an answer that is neither yes nor no, gets a tool result
// saying the call was not confirmed and nothing was sent — never a
// JSON-RPC error the model cannot read, never a yes.
func TestConfirmationPromptThatFails(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	cases := []struct {
		name    string
		version string
		handler func(context.Context, *sdk.ElicitRequest) (*sdk.ElicitResult, error)
		want    string
	}{
		{"error, older protocol", "2025-06-18", failingClient,
			"could not be confirmed: the client answered the prompt with an error"},
		{"garbage content, older protocol", "2025-06-18", (&elicitingClient{action: "accept", content: map[string]any{"confirm": "yes"}}).handle,
			"could not be confirmed: the client answered the prompt with an error"},
		{"unknown action, older protocol", "2025-06-18", (&elicitingClient{action: "maybe"}).handle,
			`could not be confirmed: the client answered the prompt with action "maybe"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cs, srv, recs := connectVersion(t, &sdk.ClientOptions{ElicitationHandler: tc.handler}, tc.version)
			res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user",
				Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}})
			require.NoError(t, err, "a tool result, not a protocol error")
			require.True(t, res.IsError)
			msg := textOf(t, res)
			assert.Contains(t, msg, "delete_user: not confirmed: Delete user")
			assert.Contains(t, msg, tc.want)
			assert.Contains(t, msg, "Nothing was sent to PingOne.")
			assert.Zero(t, deletes(srv))
			assert.Equal(t, []string{tools.DecisionConfirmRequired, tools.DecisionDeny}, decisions(*recs))
		})
	}

	// On the current protocol the client sends the answer in the re-call
	// (the SDK's client checks its own handler's answer against the form;
	// another client may not).
	for _, tc := range []struct {
		answer *sdk.ElicitResult
		want   string
	}{
		{&sdk.ElicitResult{Action: "accept", Content: map[string]any{"confirm": "yes"}},
			`could not be confirmed: the client's answer holds confirm: "yes", which is neither true nor false`},
		{&sdk.ElicitResult{Action: "maybe"}, `could not be confirmed: the client answered the prompt with action "maybe"`},
		{&sdk.ElicitResult{Action: "accept", Content: map[string]any{"confirm": map[string]any{"nested": true}}},
			`could not be confirmed: the client's answer holds confirm: {"nested":true}`},
	} {
		cs, srv, _ := connectWith(t, &sdk.ClientOptions{MultiRoundTrip: &sdk.MultiRoundTripOptions{Disabled: true},
			ElicitationHandler: (&elicitingClient{action: "accept"}).handle})
		args := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}
		first, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user", Arguments: args})
		require.NoError(t, err)
		require.True(t, first.NeedsInput())
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_user", Arguments: args,
			InputResponses: sdk.InputResponseMap{"confirm": tc.answer}, RequestState: first.RequestState})
		require.NoError(t, err)
		require.True(t, res.IsError)
		assert.Contains(t, textOf(t, res), tc.want)
		assert.Contains(t, textOf(t, res), "Nothing was sent to PingOne.")
		assert.Zero(t, deletes(srv))
	}
}

// TestConfirmationAnswerThatCannotBeRead: on the current protocol the
// client sends its answer in the re-call's inputResponses; one that is no
// elicitation result at all is refused by the SDK before any handler runs,
// so p1kit's stdio transport passes the call on without it, and the model
// reads "not confirmed".
func TestConfirmationAnswerThatCannotBeRead(t *testing.T) {
	t.Parallel()
	s, _, _ := serveRawWith(t, 64<<10, tools.Config{Filter: tools.Filter{AllowWrites: true}, FrontEnd: "mcp"}, `{"elicitation":{}}`)
	d := pingonetest.Demo()
	args := `{"environmentId":"` + d.SandboxEnvironmentID + `","userId":"` + d.SandboxUserID + `"}`
	first, _, err := s.Request("tools/call", json.RawMessage(`{"name":"delete_user","arguments":`+args+`}`))
	require.NoError(t, err)
	require.Nil(t, first.Error, "%s", first.Raw)
	var asked struct {
		InputRequests map[string]any `json:"inputRequests"`
		RequestState  string         `json:"requestState"`
	}
	require.NoError(t, json.Unmarshal(first.Result, &asked), "%s", first.Raw)
	require.Contains(t, asked.InputRequests, "confirm", "%s", first.Raw)

	for _, answer := range []string{
		`{"confirm":{"code":-1,"message":"the dialog crashed"}}`,
		`{"confirm":"yes"}`,
		`{"confirm":{"action":5}}`,
		`[1,2,3]`,
	} {
		state, _ := json.Marshal(asked.RequestState)
		r, _, err := s.Request("tools/call", json.RawMessage(`{"name":"delete_user","arguments":`+args+
			`,"inputResponses":`+answer+`,"requestState":`+string(state)+`}`))
		require.NoError(t, err)
		require.Nil(t, r.Error, "a tool result, not a protocol error: %s", r.Raw)
		var res sdk.CallToolResult
		require.NoError(t, json.Unmarshal(r.Result, &res), "%s", r.Raw)
		require.True(t, res.IsError, answer)
		msg := textOf(t, &res)
		assert.Contains(t, msg, "not confirmed: Delete user", answer)
		assert.Contains(t, msg, "could not be confirmed: the client's answer to the prompt could not be read", answer)
		assert.Contains(t, msg, "Nothing was sent to PingOne.", answer)
	}
}
