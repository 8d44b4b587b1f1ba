package openai_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

var demo = pingonetest.Demo()

func call(id, name string, args any) openai.ToolCall {
	var text string
	switch a := args.(type) {
	case string:
		text = a
	default:
		b, _ := json.Marshal(a)
		text = string(b)
	}
	return openai.ToolCall{ID: id, Type: "function", Function: openai.FunctionCall{Name: name, Arguments: text}}
}

// mcpSession is an MCP client of the MCP front end over a toolkit with cfg,
// on its own emulator holding the same demo tenant.
func mcpSession(t *testing.T, cfg tools.Config) *sdk.ClientSession {
	t.Helper()
	tk, _ := newToolkit(t, cfg)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "compare", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	return cs
}

// mcpErrorText is what the MCP front end answers for the same call.
func mcpErrorText(t *testing.T, cfg tools.Config, name string, args map[string]any) string {
	t.Helper()
	res, err := mcpSession(t, cfg).CallTool(t.Context(), &sdk.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err)
	require.True(t, res.IsError, "MCP accepted %s", name)
	require.Len(t, res.Content, 1)
	return res.Content[0].(*sdk.TextContent).Text
}

// TestDispatchStripsNullsOfOptionals: strict mode makes the model send null
// for every argument it does not use; the tool must see them as absent.
func TestDispatchStripsNullsOfOptionals(t *testing.T) {
	t.Parallel()
	tk := allTools(t)
	d := openai.NewDispatcher(tk)
	msgs := d.Dispatch(t.Context(), []openai.ToolCall{
		call("c1", "list_users", map[string]any{"environmentId": demo.SandboxEnvironmentID, "filter": nil, "limit": 3, "cursor": nil}),
		call("c2", "get_user", map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": demo.SandboxUserID, "includeGroupIds": nil}),
	})
	require.Len(t, msgs, 2)
	for i, m := range msgs {
		assert.Equal(t, "tool", m.Role)
		assert.Equal(t, fmt.Sprintf("c%d", i+1), m.ToolCallID)
		assert.False(t, m.IsError, m.Content)
	}
	var page struct {
		Users      []tools.UserSummary `json:"users"`
		NextCursor string              `json:"nextCursor"`
	}
	require.NoError(t, json.Unmarshal([]byte(msgs[0].Content), &page))
	assert.Len(t, page.Users, 3)
	assert.NotEmpty(t, page.NextCursor)
	assert.Contains(t, msgs[1].Content, demo.SandboxUserID)

	// Without the dispatcher the same arguments are refused: the stripping is
	// what makes them work.
	_, err := tk.Call(t.Context(), "list_users", json.RawMessage(`{"environmentId":"`+demo.SandboxEnvironmentID+`","filter":null,"limit":3,"cursor":null}`))
	require.Error(t, err)
}

// TestDispatchDecodesJSONText: create_group's customData arrives as JSON
// text and reaches PingOne as an object.
func TestDispatchDecodesJSONText(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var audited []tools.AuditRecord
	tk, srv := newToolkit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}, Audit: func(_ context.Context, r tools.AuditRecord) {
		mu.Lock()
		audited = append(audited, r)
		mu.Unlock()
	}})
	d := openai.NewDispatcher(tk)
	msgs := d.Dispatch(t.Context(), []openai.ToolCall{
		call("g1", "create_group", map[string]any{
			"environmentId": demo.SandboxEnvironmentID, "name": "Blue Team", "customData": `{"team":"blue","size":3}`,
			"description": nil, "userFilter": nil, "externalId": nil, "populationId": nil,
		}),
		call("g2", "create_group", map[string]any{
			"environmentId": demo.SandboxEnvironmentID, "name": "Red Team", "customData": `{"team":`,
			"description": nil, "userFilter": nil, "externalId": nil, "populationId": nil,
		}),
	})
	require.False(t, msgs[0].IsError, msgs[0].Content)
	var sent map[string]any
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/groups") {
			require.NoError(t, json.Unmarshal(r.Body, &sent))
		}
	}
	assert.Equal(t, map[string]any{"team": "blue", "size": float64(3)}, sent["customData"])

	assert.True(t, msgs[1].IsError)
	assert.True(t, strings.HasPrefix(msgs[1].Content, "create_group: "), msgs[1].Content)
	assert.Contains(t, msgs[1].Content, `argument "customData" is passed as JSON text in a string, and that text is not valid JSON`)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, audited, 2, "the refused call went through the pipeline and its audit too")
	assert.Equal(t, "invalid_arguments", audited[1].Outcome)
}

// TestDispatchErrorsAreMessages: every failure is a tool message naming
// what to fix, and the caller's list of answers stays complete and ordered.
func TestDispatchErrorsAreMessages(t *testing.T) {
	t.Parallel()
	tk := allTools(t)
	d := openai.NewDispatcher(tk)
	msgs := d.Dispatch(t.Context(), []openai.ToolCall{
		call("a", "list_populations", `{"environmentId": "`+demo.SandboxEnvironmentID+`"`),
		call("b", "list_widgets", map[string]any{}),
		call("c", "get_population", map[string]any{"environmentId": demo.SandboxEnvironmentID, "populationId": "not-a-uuid"}),
		call("d", "get_population", map[string]any{"environmentId": demo.SandboxEnvironmentID, "populationId": "00000000-0000-4000-8000-000000000000"}),
		call("e", "list_populations", map[string]any{"environmentId": demo.SandboxEnvironmentID, "filter": nil, "limit": nil, "cursor": nil}),
		call("f", "list_environments", ""),
	})
	require.Len(t, msgs, 6)
	for i, id := range []string{"a", "b", "c", "d", "e", "f"} {
		assert.Equal(t, id, msgs[i].ToolCallID)
	}
	assert.True(t, msgs[0].IsError)
	assert.Contains(t, msgs[0].Content, "arguments must be a JSON object")
	assert.True(t, msgs[1].IsError)
	assert.Contains(t, msgs[1].Content, `unknown tool "list_widgets"`)
	assert.True(t, msgs[2].IsError)
	assert.Contains(t, msgs[2].Content, "populationId")
	assert.True(t, msgs[3].IsError)
	assert.Contains(t, msgs[3].Content, "get_population:")
	assert.False(t, msgs[4].IsError, msgs[4].Content)
	assert.Contains(t, msgs[4].Content, "Employees")
	assert.False(t, msgs[5].IsError, "empty arguments mean {}: %s", msgs[5].Content)
	assert.Contains(t, msgs[5].Content, "Sandbox")
}

// TestDispatchSamePolicyAsMCP: a tool the filter hides is absent from the
// export as from MCP's tools/list (and a call to it is refused without a
// request); a guarded call is refused with exactly the MCP server's text.
func TestDispatchSamePolicyAsMCP(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		cfg  tools.Config
		tool string
		args map[string]any
		want string
	}{
		{"filtered out", tools.Config{Filter: tools.Filter{ExcludeTools: []string{"list_users"}}}, "list_users",
			map[string]any{"environmentId": demo.SandboxEnvironmentID}, "not available"},
		{"write in read-only mode", tools.Config{}, "set_user_enabled",
			map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": demo.SandboxDisabledUserID, "enabled": true}, "not available"},
		{"production guard", tools.Config{Filter: tools.Filter{AllowWrites: true}}, "set_user_enabled",
			map[string]any{"environmentId": demo.ProductionEnvironmentID, "userId": demo.SandboxDisabledUserID, "enabled": true}, "production guard"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tk, srv := newToolkit(t, tc.cfg)
			exported := map[string]bool{}
			for _, ft := range openai.Tools(tk) {
				exported[ft.Function.Name] = true
			}
			listed := map[string]bool{}
			for tool, err := range mcpSession(t, tc.cfg).Tools(t.Context(), nil) {
				require.NoError(t, err)
				listed[tool.Name] = true
			}
			assert.Equal(t, listed, exported, "the same tools as MCP's tools/list")
			hidden := tc.name != "production guard"
			assert.Equal(t, !hidden, exported[tc.tool])
			before := len(srv.Requests())
			msgs := openai.NewDispatcher(tk).Dispatch(t.Context(), []openai.ToolCall{call("x", tc.tool, tc.args)})
			require.Len(t, msgs, 1)
			assert.True(t, msgs[0].IsError)
			assert.Contains(t, msgs[0].Content, tc.want)
			if !hidden {
				assert.Equal(t, mcpErrorText(t, tc.cfg, tc.tool, tc.args), msgs[0].Content, "same text as the MCP server")
			}
			for _, r := range srv.Requests()[before:] {
				assert.NotEqual(t, http.MethodPatch, r.Method, "nothing was changed")
				assert.NotEqual(t, http.MethodPut, r.Method, "nothing was changed")
			}
		})
	}
}

// TestDispatchOrdersWrites: reads around writes see the writes in the
// model's order, and each answer stays with its call.
func TestDispatchOrdersWrites(t *testing.T) {
	t.Parallel()
	tk, srv := newToolkit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	env := demo.SandboxEnvironmentID
	user := map[string]any{"environmentId": env, "userId": demo.SandboxDisabledUserID, "includeGroupIds": nil}
	srv.ResetRequests()
	msgs := openai.NewDispatcher(tk).Dispatch(t.Context(), []openai.ToolCall{
		call("r1", "get_user", user),
		call("w1", "set_user_enabled", map[string]any{"environmentId": env, "userId": demo.SandboxDisabledUserID, "enabled": true}),
		call("r2", "get_user", user),
		call("w2", "create_population", map[string]any{"environmentId": env, "name": "Ordered", "description": nil,
			"alternativeIdentifiers": nil, "preferredLanguage": nil, "passwordPolicy": nil, "theme": nil}),
		call("r3", "list_populations", map[string]any{"environmentId": env, "filter": `name eq "Ordered"`, "limit": nil, "cursor": nil}),
	})
	for _, m := range msgs {
		require.False(t, m.IsError, m.ToolCallID+": "+m.Content)
	}
	assert.Contains(t, msgs[0].Content, `"enabled":false`, "read before the write")
	assert.Contains(t, msgs[2].Content, `"enabled":true`, "read after the write")
	assert.Contains(t, msgs[4].Content, `"Ordered"`, "read after the create")
	var order []string
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			order = append(order, r.Method+" "+r.Path[strings.LastIndex(r.Path, "/"):])
		}
	}
	require.NotEmpty(t, order)
	assert.Equal(t, "POST /populations", order[len(order)-1], "writes in the model's order: %v", order)
}

// TestDispatchRunsReadsConcurrently: three reads in one message are in
// flight together. The emulator sits behind a gate that holds each request
// until three have arrived (or a generous timeout ends the wait, which the
// assertion then reports).
func TestDispatchRunsReadsConcurrently(t *testing.T) {
	t.Parallel()
	e := pingonetest.New()
	var inFlight, peak atomic.Int32
	var arrived atomic.Int32
	all := make(chan struct{})
	var once sync.Once
	gate := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/populations") {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			if arrived.Add(1) == 3 {
				once.Do(func() { close(all) })
			}
			select {
			case <-all:
			case <-time.After(10 * time.Second):
			}
		}
		e.ServeHTTP(w, r)
	})
	// A plain server: closing an httptest.Server would close
	// http.DefaultTransport's idle connections under the other tests.
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	hs := &http.Server{Handler: gate, ReadHeaderTimeout: time.Minute}
	go func() { _ = hs.Serve(l) }()
	t.Cleanup(func() { _ = hs.Close() })
	client, err := pingone.NewClient(pingone.WithBaseURL("http://"+l.Addr().String()+"/v1"),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: e.IssueToken(time.Hour), TokenType: "Bearer"})))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{})
	require.NoError(t, err)

	env := demo.SandboxEnvironmentID
	var calls []openai.ToolCall
	for i, pop := range []string{demo.SandboxEmployeesPopulationID, demo.SandboxContractorsPopulationID, demo.SandboxDefaultPopulationID} {
		calls = append(calls, call(fmt.Sprint(i), "get_population", map[string]any{"environmentId": env, "populationId": pop}))
	}
	msgs := openai.NewDispatcher(tk).Dispatch(context.Background(), calls)
	for i, m := range msgs {
		require.False(t, m.IsError, m.Content)
		assert.Equal(t, fmt.Sprint(i), m.ToolCallID)
	}
	assert.Contains(t, msgs[0].Content, "Employees")
	assert.Contains(t, msgs[1].Content, "Contractors")
	assert.Contains(t, msgs[2].Content, "Default")
	assert.Equal(t, int32(3), peak.Load(), "the three reads were not in flight together")
}

func TestDispatchResponses(t *testing.T) {
	t.Parallel()
	d := openai.NewDispatcher(allTools(t))
	out := d.DispatchResponses(t.Context(), []openai.FunctionCallItem{
		{Type: "function_call", CallID: "fc_1", Name: "get_environment", Arguments: `{"environmentId":"` + demo.SandboxEnvironmentID + `"}`},
		{Type: "function_call", CallID: "fc_2", Name: "nope", Arguments: `{}`},
	})
	require.Len(t, out, 2)
	assert.Equal(t, openai.FunctionCallOutput{Type: "function_call_output", CallID: "fc_2", Output: `unknown tool "nope"; list the tools to see their names`, IsError: true}, out[1])
	assert.Equal(t, "fc_1", out[0].CallID)
	assert.Contains(t, out[0].Output, "Sandbox")
	raw, err := json.Marshal(out[0])
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "IsError")
}
