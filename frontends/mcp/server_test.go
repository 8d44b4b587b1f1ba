package mcp_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// connect serves a toolkit over the demo tenant of a fresh emulator and
// returns a client session talking to it over in-memory transports.
func connect(t *testing.T, cfg tools.Config) (*sdk.ClientSession, *tools.Toolkit, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	client := contract.Client(t, srv) // every exchange validated against the OpenAPI files
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, cfg)
	require.NoError(t, err)

	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = cs.Close()
		_ = ss.Wait()
	})
	return cs, tk, srv
}

func listTools(t *testing.T, cs *sdk.ClientSession) map[string]*sdk.Tool {
	t.Helper()
	out := map[string]*sdk.Tool{}
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		out[tool.Name] = tool
	}
	return out
}

func textOf(t *testing.T, res *sdk.CallToolResult) string {
	t.Helper()
	require.Len(t, res.Content, 1)
	tc, ok := res.Content[0].(*sdk.TextContent)
	require.True(t, ok, "content is %T, want text", res.Content[0])
	return tc.Text
}

func TestInitialize(t *testing.T) {
	t.Parallel()
	cs, _, _ := connect(t, tools.Config{})
	init := cs.InitializeResult()
	require.NotNil(t, init)
	assert.Equal(t, "p1kit", init.ServerInfo.Name)
	assert.Equal(t, pingone.Version, init.ServerInfo.Version)
	assert.NotNil(t, init.Capabilities.Tools)
	assert.Contains(t, init.Instructions, "read-only")
	assert.Contains(t, init.Instructions, "PRODUCTION")
	assert.Contains(t, init.Instructions, "UUID")
	assert.Contains(t, init.Instructions, "cursor")
}

func TestListToolsReadOnlyByDefault(t *testing.T) {
	t.Parallel()
	cs, tk, _ := connect(t, tools.Config{})
	got := listTools(t, cs)
	require.Len(t, got, len(tk.Tools()))
	require.NotEmpty(t, got)
	for _, want := range tk.Definitions() {
		tool, ok := got[want.Name]
		require.True(t, ok, "tool %s is not listed", want.Name)
		assert.Equal(t, want.Title, tool.Title)
		assert.Empty(t, tool.Annotations.Title, "%s: the title is said once", want.Name)
		assert.Equal(t, want.Description, tool.Description)
		require.NotNil(t, tool.Annotations, want.Name)
		assert.True(t, tool.Annotations.ReadOnlyHint, "%s must be read-only", want.Name)
		// destructiveHint means nothing for a read-only tool: not said.
		assert.Nil(t, tool.Annotations.DestructiveHint, want.Name)
		assert.False(t, openWorld(tool.Annotations), want.Name)

		schema, err := json.Marshal(tool.InputSchema)
		require.NoError(t, err)
		assert.JSONEq(t, string(want.InputSchema), string(schema), "%s: the schema is the toolkit's", want.Name)
	}
	assert.NotContains(t, got, "create_population")
	assert.Contains(t, got, "list_environments")
}

func TestListToolsWithWrites(t *testing.T) {
	t.Parallel()
	cs, tk, _ := connect(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	got := listTools(t, cs)
	require.Len(t, got, len(tk.Registry().Tools()))
	for _, want := range tk.Definitions() {
		tool, ok := got[want.Name]
		require.True(t, ok, "tool %s is not listed", want.Name)
		a := want.Annotations
		assert.Equal(t, a.ReadOnly, tool.Annotations.ReadOnlyHint, want.Name)
		assert.Equal(t, a.Idempotent && !a.ReadOnly, tool.Annotations.IdempotentHint, want.Name)
		if !a.ReadOnly {
			assert.Equal(t, a.Destructive, destructive(tool.Annotations), want.Name)
		}
		assert.Equal(t, a.OpenWorld, openWorld(tool.Annotations), want.Name)
	}
	assert.True(t, destructive(got["update_population"].Annotations))
	// A role grant creates an assignment, and it needs confirmation: a
	// client must not be told that it is harmless.
	assert.True(t, destructive(got["assign_user_role"].Annotations))
	assert.False(t, destructive(got["create_population"].Annotations))
	assert.False(t, got["create_population"].Annotations.ReadOnlyHint)
}

// destructive and openWorld read a tool's hints as a client does: a hint
// left out has MCP's default, true.
func destructive(a *sdk.ToolAnnotations) bool { return a.DestructiveHint == nil || *a.DestructiveHint }
func openWorld(a *sdk.ToolAnnotations) bool   { return a.OpenWorldHint == nil || *a.OpenWorldHint }

// TestListToolsHintsOnlyWhatDiffersFromDefaults: tools/list as sent says
// no hint that has MCP's default value, and says each one that differs.
func TestListToolsHintsOnlyWhatDiffersFromDefaults(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	var wire bytes.Buffer
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, nil).Connect(t.Context(), &sdk.LoggingTransport{Transport: ct, Writer: &wire}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	_, err = cs.ListTools(t.Context(), nil)
	require.NoError(t, err)
	var sent []struct {
		Name        string                     `json:"name"`
		Annotations map[string]json.RawMessage `json:"annotations"`
	}
	for line := range strings.Lines(wire.String()) {
		var answer struct {
			Result struct {
				Tools json.RawMessage `json:"tools"`
			} `json:"result"`
		}
		if msg, ok := strings.CutPrefix(line, "read: "); ok && json.Unmarshal([]byte(msg), &answer) == nil && answer.Result.Tools != nil {
			require.NoError(t, json.Unmarshal(answer.Result.Tools, &sent))
		}
	}
	require.Len(t, sent, len(tk.Tools()))
	defaults := map[string]string{"readOnlyHint": "false", "destructiveHint": "true", "idempotentHint": "false", "openWorldHint": "true"}
	for _, tool := range sent {
		d, ok := tk.Definition(tool.Name)
		require.True(t, ok, tool.Name)
		a := d.Annotations
		for hint, v := range tool.Annotations {
			assert.NotEqual(t, defaults[hint], string(v), "%s: %s has the default value", tool.Name, hint)
		}
		want := map[string]bool{"readOnlyHint": a.ReadOnly, "openWorldHint": !a.OpenWorld,
			"destructiveHint": !a.ReadOnly && !a.Destructive, "idempotentHint": !a.ReadOnly && a.Idempotent}
		for hint, said := range want {
			_, ok := tool.Annotations[hint]
			assert.Equal(t, said, ok, "%s: %s", tool.Name, hint)
		}
	}
}

func TestCallReadTool(t *testing.T) {
	t.Parallel()
	cs, _, _ := connect(t, tools.Config{})
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))

	var text map[string]any
	require.NoError(t, json.Unmarshal([]byte(textOf(t, res)), &text))
	envs, ok := text["environments"].([]any)
	require.True(t, ok, "result: %s", textOf(t, res))
	var ids []string
	for _, e := range envs {
		ids = append(ids, e.(map[string]any)["id"].(string))
	}
	assert.Contains(t, ids, pingonetest.Demo().SandboxEnvironmentID)
	assert.Contains(t, ids, pingonetest.Demo().ProductionEnvironmentID)

	structured, ok := res.StructuredContent.(map[string]any)
	require.True(t, ok, "structured content is %T", res.StructuredContent)
	assert.Equal(t, text, structured)

	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "get_environment",
		Arguments: map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	assert.Contains(t, textOf(t, res), pingonetest.Demo().SandboxEnvironmentID)
}

// Every failure the model can fix is a tool result with isError, never a
// protocol error: the model would not see that.
func TestCallToolErrorsAreResults(t *testing.T) {
	t.Parallel()
	cs, _, srv := connect(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	const unknownID = "0b8b7a3e-49f6-4d7e-9a51-5f0c4c1a9d11"
	cases := []struct {
		name string
		tool string
		args map[string]any
		want []string
	}{
		{"missing argument", "get_environment", map[string]any{}, []string{"environmentId", "missing"}},
		{"wrong type", "list_populations", map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID, "limit": "ten"}, []string{"limit"}},
		{"not a UUID", "get_environment", map[string]any{"environmentId": "../organizations"}, []string{"environmentId"}},
		{"unknown argument", "get_environment", map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID, "bogus": 1}, []string{"bogus"}},
		{"unknown id", "get_environment", map[string]any{"environmentId": unknownID}, []string{unknownID, "NOT_FOUND"}},
		{"invalid SCIM filter", "list_users", map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID, "filter": `shoeSize gt 12`}, []string{"INVALID_FILTER", "shoeSize"}},
		{"production write", "create_population", map[string]any{"environmentId": pingonetest.Demo().ProductionEnvironmentID, "name": "Nope"}, []string{"PRODUCTION"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: tc.tool, Arguments: tc.args})
			require.NoError(t, err, "a tool failure must not be a protocol error")
			require.True(t, res.IsError, "want isError; got %s", textOf(t, res))
			text := textOf(t, res)
			for _, w := range tc.want {
				assert.Contains(t, text, w)
			}
		})
	}
	// The production guard sent nothing that changes the tenant.
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v1/") {
			assert.Equal(t, "GET", r.Method, "%s %s", r.Method, r.Path)
		}
	}
}

func TestCallUnknownToolIsProtocolError(t *testing.T) {
	t.Parallel()
	cs, _, _ := connect(t, tools.Config{})
	_, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "no_such_tool", Arguments: map[string]any{}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no_such_tool")
}

func TestCallHiddenToolIsAPolicyRefusal(t *testing.T) {
	t.Parallel()
	// A tool p1kit ships but the filter hides (read-only mode) is refused
	// the way every front end refuses it: a tool error the model reads.
	cs, _, srv := connect(t, tools.Config{})
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "create_population",
		Arguments: map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID, "name": "X"}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "create_population: tool \"create_population\" is not available: it changes the tenant and read-only mode is on")
	assert.Empty(t, srv.Requests())
}

func TestNilOptionsAndOverrides(t *testing.T) {
	t.Parallel()
	cs, _, _ := connect(t, tools.Config{Filter: tools.Filter{IncludeTools: []string{"get_environment"}}})
	got := listTools(t, cs)
	assert.Len(t, got, 1)
	assert.Contains(t, got, "get_environment")
}
