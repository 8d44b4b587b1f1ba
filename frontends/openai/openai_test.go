package openai_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

var update = flag.Bool("update", false, "rewrite golden files")

const goldenFile = "openai_tools.golden.json"

// newToolkit is a toolkit on a fresh emulator with the demo tenant.
func newToolkit(t *testing.T, cfg tools.Config) (*tools.Toolkit, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), cfg)
	require.NoError(t, err)
	return tk, srv
}

func allTools(t *testing.T) *tools.Toolkit {
	t.Helper()
	tk, _ := newToolkit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}, FrontEnd: "openai"})
	return tk
}

// TestToolsMatchGolden pins the export: a changed schema shows as a diff in
// review. `go test ./frontends/openai -run Golden -update` rewrites it.
func TestToolsMatchGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(openai.Tools(allTools(t))))
	path := filepath.Join("..", "..", "testdata", goldenFile)
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./frontends/openai -run Golden -update` to create it")
	assert.JSONEq(t, string(want), buf.String(), "the OpenAI export changed: review the diff, then rewrite with -update")
}

// TestEveryToolIsStrict runs the strict-mode checker on every exported
// schema, with every tool visible.
func TestEveryToolIsStrict(t *testing.T) {
	t.Parallel()
	tk := allTools(t)
	exported := openai.Tools(tk)
	require.Len(t, exported, len(tk.Tools()))
	require.NotEmpty(t, exported)
	for i, ft := range exported {
		assert.Equal(t, "function", ft.Type)
		assert.Equal(t, tk.Tools()[i].Name, ft.Function.Name)
		assert.NotEmpty(t, ft.Function.Description, ft.Function.Name)
		assert.True(t, ft.Function.Strict, "%s is not exported in strict mode", ft.Function.Name)
		// Through JSON, as the API receives it.
		raw, err := json.Marshal(ft.Function.Parameters)
		require.NoError(t, err)
		var params map[string]any
		require.NoError(t, json.Unmarshal(raw, &params))
		assert.NoError(t, openai.CheckStrict(params), ft.Function.Name)
	}
}

// TestStrictExportKeepsTheToolsShape checks, for every tool, that the
// strict schema describes the same arguments: the same properties, the ones
// the tool requires stay non-nullable, the others become nullable.
func TestStrictExportKeepsTheToolsShape(t *testing.T) {
	t.Parallel()
	tk := allTools(t)
	for _, ft := range openai.Tools(tk) {
		tool, ok := tk.Tool(ft.Function.Name)
		require.True(t, ok)
		props := ft.Function.Parameters["properties"].(map[string]any)
		assert.Len(t, props, len(tool.InputSchema().Properties), tool.Name)
		defs := tk.Definitions()
		i := slices.IndexFunc(defs, func(d tools.Definition) bool { return d.Name == tool.Name })
		require.GreaterOrEqual(t, i, 0)
		def := defs[i]
		var compact struct {
			Properties map[string]struct {
				Description string `json:"description"`
			} `json:"properties"`
		}
		require.NoError(t, json.Unmarshal(def.InputSchema, &compact))
		for name := range tool.InputSchema().Properties {
			p, ok := props[name].(map[string]any)
			if !assert.True(t, ok, "%s lacks %s", tool.Name, name) {
				continue
			}
			types := typeList(p["type"])
			requiredByTool := slices.Contains(tool.InputSchema().Required, name)
			// Optional arguments are nullable (null means not given); the
			// definitions give required ones a single type.
			assert.Equal(t, !requiredByTool, slices.Contains(types, "null"), "%s.%s nullability (types %v)", tool.Name, name, types)
			if d := compact.Properties[name].Description; d != "" {
				assert.Contains(t, p["description"], d, "%s.%s keeps the description of its definition", tool.Name, name)
			}
		}
	}
}

func typeList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, x.(string))
		}
		return out
	}
	return nil
}

// TestResponsesToolsMirrorTools checks the Responses API shape carries the
// same functions.
func TestResponsesToolsMirrorTools(t *testing.T) {
	t.Parallel()
	tk := allTools(t)
	chat, resp := openai.Tools(tk), openai.ResponsesTools(tk)
	require.Len(t, resp, len(chat))
	for i := range chat {
		assert.Equal(t, "function", resp[i].Type)
		assert.Equal(t, chat[i].Function.Name, resp[i].Name)
		assert.Equal(t, chat[i].Function.Description, resp[i].Description)
		assert.Equal(t, chat[i].Function.Parameters, resp[i].Parameters)
		assert.Equal(t, chat[i].Function.Strict, resp[i].Strict)
	}
	raw, err := json.Marshal(resp[0])
	require.NoError(t, err)
	var top map[string]any
	require.NoError(t, json.Unmarshal(raw, &top))
	assert.ElementsMatch(t, []string{"type", "name", "description", "parameters", "strict"}, keys(top))
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestFreeFormObjectTravelsAsJSONText checks the one conversion that changes
// a value's type: create_group's customData is a free-form object.
func TestFreeFormObjectTravelsAsJSONText(t *testing.T) {
	t.Parallel()
	tk := allTools(t)
	var params map[string]any
	for _, ft := range openai.Tools(tk) {
		if ft.Function.Name == "create_group" {
			params = ft.Function.Parameters
		}
	}
	require.NotNil(t, params)
	cd := params["properties"].(map[string]any)["customData"].(map[string]any)
	assert.Equal(t, []any{"string", "null"}, cd["type"])
	assert.Contains(t, cd["description"], "JSON object")
}

// TestCheckStrictFindsEachViolation feeds the checker schemas that break
// one rule each: it must name the place and the rule.
func TestCheckStrictFindsEachViolation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, schema, want string
	}{
		{"root not object", `{"type":"string"}`, `$: the root must have type "object"`},
		{"root anyOf", `{"type":"object","properties":{},"required":[],"additionalProperties":false,"anyOf":[{"type":"object"}]}`, "root must not use anyOf"},
		{"optional property", `{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"additionalProperties":false}`, "$.b: not in required"},
		{"no required list", `{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}`, "no required list"},
		{"additionalProperties missing", `{"type":"object","properties":{},"required":[]}`, "additionalProperties must be false"},
		{"nested additionalProperties true", `{"type":"object","properties":{"o":{"type":"object","properties":{},"required":[],"additionalProperties":true}},"required":["o"],"additionalProperties":false}`, "$.o: additionalProperties must be false"},
		{"array items object", `{"type":"object","properties":{"l":{"type":"array","items":{"type":"object","properties":{"x":{"type":"string"}},"required":[],"additionalProperties":false}}},"required":["l"],"additionalProperties":false}`, "$.l[].x: not in required"},
		{"minLength", `{"type":"object","properties":{"a":{"type":"string","minLength":1}},"required":["a"],"additionalProperties":false}`, `$.a: keyword "minLength" is not supported`},
		{"default", `{"type":"object","properties":{"a":{"type":"string","default":"x"}},"required":["a"],"additionalProperties":false}`, `keyword "default"`},
		{"unknown format", `{"type":"object","properties":{"a":{"type":"string","format":"uri"}},"required":["a"],"additionalProperties":false}`, `format "uri" is not supported`},
		{"no type", `{"type":"object","properties":{"a":{"description":"x"}},"required":["a"],"additionalProperties":false}`, "$.a: no type"},
		{"array without items", `{"type":"object","properties":{"a":{"type":"array"}},"required":["a"],"additionalProperties":false}`, "array without an items schema"},
		{"nullable enum without null", `{"type":"object","properties":{"a":{"type":["string","null"],"enum":["x"]}},"required":["a"],"additionalProperties":false}`, "nullable enum must list null"},
		{"required names a ghost", `{"type":"object","properties":{},"required":["ghost"],"additionalProperties":false}`, `required names "ghost"`},
		{"oneOf", `{"type":"object","properties":{"a":{"oneOf":[{"type":"string"}]}},"required":["a"],"additionalProperties":false}`, `keyword "oneOf"`},
		{"too deep", deepSchema(11), "nested more than 10 deep"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var s map[string]any
			require.NoError(t, json.Unmarshal([]byte(tc.schema), &s))
			err := openai.CheckStrict(s)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	var ok map[string]any
	require.NoError(t, json.Unmarshal([]byte(deepSchema(10)), &ok))
	assert.NoError(t, openai.CheckStrict(ok), "10 levels of objects are allowed")
}

// deepSchema nests n objects.
func deepSchema(n int) string {
	s := `{"type":"object","properties":{},"required":[],"additionalProperties":false}`
	for range n - 1 {
		s = `{"type":"object","properties":{"c":` + s + `},"required":["c"],"additionalProperties":false}`
	}
	return s
}

func TestFilteredOutToolIsAbsent(t *testing.T) {
	t.Parallel()
	tk, _ := newToolkit(t, tools.Config{Filter: tools.Filter{ExcludeTools: []string{"list_users"}}})
	var names []string
	for _, ft := range openai.Tools(tk) {
		names = append(names, ft.Function.Name)
	}
	assert.NotContains(t, names, "list_users")
	assert.NotContains(t, names, "set_user_enabled", "read-only by default: no write tool is exported")
	assert.Contains(t, names, "list_populations")
	assert.Len(t, names, len(tk.Tools()))
	for _, n := range names {
		assert.False(t, strings.HasPrefix(n, "delete_"), n)
	}
}
