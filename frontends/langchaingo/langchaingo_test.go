package langchaingo_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/frontends/langchaingo"
	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

var demo = pingonetest.Demo()

func newToolkit(t *testing.T, cfg tools.Config) (*tools.Toolkit, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	ts, err := auth.ClientCredentials(t.Context(), srv.TokenURL(demo.AdminEnvironmentID), demo.WorkerClientID, demo.WorkerClientSecret)
	require.NoError(t, err)
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(ts))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, cfg)
	require.NoError(t, err)
	return tk, srv
}

func find(t *testing.T, tk *tools.Toolkit, name string) *langchaingo.Tool {
	t.Helper()
	for _, lt := range langchaingo.Tools(tk) {
		if lt.Name() == name {
			return lt.(*langchaingo.Tool)
		}
	}
	t.Fatalf("tool %s not exported", name)
	return nil
}

func TestToolsCarryNameAndSchema(t *testing.T) {
	t.Parallel()
	tk, _ := newToolkit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	list := langchaingo.Tools(tk)
	require.Len(t, list, len(tk.Tools()))
	for i, lt := range list {
		tool := tk.Tools()[i]
		assert.Equal(t, tool.Name, lt.Name())
		desc := lt.Description()
		assert.True(t, strings.HasPrefix(desc, strings.TrimSpace(tool.Description)), tool.Name)
		i := strings.Index(desc, "JSON Schema: ")
		require.Positive(t, i, tool.Name)
		var schema struct {
			Properties map[string]any `json:"properties"`
			Required   []string       `json:"required"`
		}
		require.NoError(t, json.Unmarshal([]byte(desc[i+len("JSON Schema: "):]), &schema), tool.Name)
		assert.Len(t, schema.Properties, len(tool.InputSchema().Properties), tool.Name)
		assert.Equal(t, tool.InputSchema().Required, schema.Required, tool.Name)
	}
}

// TestCallAcceptsEveryInputForm: the same call written the ways agents
// write it gives the same result.
func TestCallAcceptsEveryInputForm(t *testing.T) {
	t.Parallel()
	tk, _ := newToolkit(t, tools.Config{})
	env := demo.SandboxEnvironmentID
	getEnv := find(t, tk, "get_environment")
	want, err := getEnv.Call(t.Context(), `{"environmentId":"`+env+`"}`)
	require.NoError(t, err)
	require.Contains(t, want, `"name":"Sandbox"`)
	inner, _ := json.Marshal(`{"environmentId":"` + env + `"}`)
	for name, input := range map[string]string{
		"__arg1 wrapping":        `{"__arg1": ` + string(inner) + `}`,
		"__arg1 bare value":      `{"__arg1": "` + env + `"}`,
		"code fence":             "```json\n{\"environmentId\": \"" + env + "\"}\n```",
		"bare value":             env,
		"quoted bare value":      `"` + env + `"`,
		"nulls and white space":  "  {\"environmentId\": \"" + env + "\", \"unused\": null}\n",
		"trailing agent newline": `{"environmentId":"` + env + `"}` + "\n",
	} {
		got, err := getEnv.Call(t.Context(), input)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}

	// Optional nulls are dropped before validation.
	users := find(t, tk, "list_users")
	out, err := users.Call(t.Context(), `{"environmentId":"`+env+`","filter":"enabled eq false","limit":null,"cursor":null}`)
	require.NoError(t, err)
	assert.Contains(t, out, `"enabled":false`)
	assert.NotContains(t, out, `"enabled":true`)
}

// TestCallReturnsFailuresAsText: failures are observations, not errors that
// would end the agent's run.
func TestCallReturnsFailuresAsText(t *testing.T) {
	t.Parallel()
	tk, _ := newToolkit(t, tools.Config{})
	env := demo.SandboxEnvironmentID
	pop := find(t, tk, "get_population")
	for input, want := range map[string]string{
		`{"environmentId": "` + env + `"`: "arguments must be a JSON object",
		`{"environmentId":"` + env + `"}`: `missing required argument "populationId"`,
		`{"environmentId":"` + env + `","populationId":"00000000-0000-4000-8000-000000000000"}`: "get_population:",
		`not json at all`: "arguments must be a JSON object",
	} {
		out, err := pop.Call(t.Context(), input)
		require.NoError(t, err, input)
		assert.Contains(t, out, want, input)
	}
}

// TestSamePolicyAsMCP: a hidden tool is absent as in MCP's tools/list, and a
// guarded call is refused with the MCP server's own text.
func TestSamePolicyAsMCP(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]tools.Config{
		"read-only":      {},
		"excluded":       {Filter: tools.Filter{AllowWrites: true, ExcludeTools: []string{"set_user_enabled"}}},
		"writes allowed": {Filter: tools.Filter{AllowWrites: true}},
	} {
		tk, _ := newToolkit(t, cfg)
		cs := mcpSession(t, cfg)
		var listed, exported []string
		for tool, err := range cs.Tools(t.Context(), nil) {
			require.NoError(t, err)
			listed = append(listed, tool.Name)
		}
		for _, lt := range langchaingo.Tools(tk) {
			exported = append(exported, lt.Name())
		}
		assert.ElementsMatch(t, listed, exported, name)
		if name != "writes allowed" {
			assert.NotContains(t, exported, "set_user_enabled", name)
			continue
		}
		args := map[string]any{"environmentId": demo.ProductionEnvironmentID, "userId": demo.SandboxDisabledUserID, "enabled": true}
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "set_user_enabled", Arguments: args})
		require.NoError(t, err)
		require.True(t, res.IsError)
		input, _ := json.Marshal(args)
		out, err := find(t, tk, "set_user_enabled").Call(t.Context(), string(input))
		require.NoError(t, err)
		assert.Contains(t, out, "production guard")
		assert.Equal(t, res.Content[0].(*sdk.TextContent).Text, out)
	}
}

func TestCallChangesTheTenant(t *testing.T) {
	t.Parallel()
	tk, srv := newToolkit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	in, _ := json.Marshal(map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": demo.SandboxDisabledUserID, "enabled": true})
	out, err := find(t, tk, "set_user_enabled").Call(t.Context(), string(in))
	require.NoError(t, err)
	assert.Contains(t, out, `"enabled":true`)
	var patched bool
	for _, r := range srv.Requests() {
		patched = patched || (r.Method != http.MethodGet && strings.Contains(r.Path, demo.SandboxDisabledUserID))
	}
	assert.True(t, patched, "the call reached the emulator")
}

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
