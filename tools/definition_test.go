package tools_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

func fullToolkit(t *testing.T, cfg tools.Config) *tools.Toolkit {
	t.Helper()
	client, err := pingone.NewClient(pingone.WithBaseURL("http://127.0.0.1:1/v1"))
	require.NoError(t, err)
	cfg.Filter.AllowWrites = true
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, cfg)
	require.NoError(t, err)
	return tk
}

// walk calls f on every schema object of a JSON Schema document.
func walk(v any, path string, f func(path string, s map[string]any)) {
	s, ok := v.(map[string]any)
	if !ok {
		return
	}
	f(path, s)
	if props, ok := s["properties"].(map[string]any); ok {
		for k, p := range props {
			walk(p, path+"."+k, f)
		}
	}
	walk(s["items"], path+"[]", f)
	if alts, ok := s["anyOf"].([]any); ok {
		for _, a := range alts {
			walk(a, path+"|", f)
		}
	}
}

// TestDefinitionsArePortable: what clients receive has one type per schema
// (Gemini-backed clients reject type arrays), properties on every input
// schema, no repeated UUID pattern, and no description repeated in tool
// after tool.
func TestDefinitionsArePortable(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	descs := map[[2]string]int{}             // (argument, description) → tools
	meanings := map[string]map[string]bool{} // argument → descriptions
	for _, d := range tk.Definitions() {
		var schema map[string]any
		require.NoError(t, json.Unmarshal(d.InputSchema, &schema), d.Name)
		assert.Equal(t, "object", schema["type"], d.Name)
		assert.Contains(t, schema, "properties", "%s: every input schema has properties", d.Name)
		walk(schema, d.Name, func(path string, s map[string]any) {
			_, isString := s["type"].(string)
			assert.True(t, isString || s["anyOf"] != nil, "%s: type %v is not one type", path, s["type"])
			assert.NotEqual(t, tools.UUIDPattern, s["pattern"], "%s: the ids are validated by the toolkit", path)
			assert.NotContains(t, s, "additionalProperties", path)
		})
		props := schema["properties"].(map[string]any)
		for name, p := range props {
			desc, _ := p.(map[string]any)["description"].(string)
			if meanings[name] == nil {
				meanings[name] = map[string]bool{}
			}
			meanings[name][desc] = true
			if len(desc) >= 24 {
				descs[[2]string{name, desc}]++
			}
		}
	}
	for k, n := range descs {
		// An argument whose meaning differs between tools keeps its own words.
		if len(meanings[k[0]]) == 1 {
			assert.Less(t, n, 3, "%s described %d times instead of once in the instructions: %q", k[0], n, k[1])
		}
	}
}

// TestDefinitionsAnnotationsAgreeWithPolicy: a tool whose calls need
// confirmation is never announced as harmless, including a tool a policy
// adds to the confirmation list.
func TestDefinitionsAnnotationsAgreeWithPolicy(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{ConfirmTools: []string{"create_population"}})
	for _, d := range tk.Definitions() {
		var schema struct {
			Properties map[string]any `json:"properties"`
		}
		require.NoError(t, json.Unmarshal(d.InputSchema, &schema))
		if _, confirms := schema.Properties["confirm"]; confirms {
			assert.True(t, d.Annotations.Destructive, "%s takes confirm, so it is destructive", d.Name)
		}
		if d.Annotations.ReadOnly {
			assert.False(t, d.Annotations.Destructive, d.Name)
		}
	}
	def, ok := tk.Definition("create_population")
	require.True(t, ok)
	assert.True(t, def.Annotations.Destructive)
}

// TestInstructionsSayTheCommonArgumentsOnce: the descriptions the schemas
// leave out are in the instructions, written from the registry, and name
// every collection listed (roles and MFA included).
func TestInstructionsSayTheCommonArgumentsOnce(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	text := tk.Instructions()
	common := tk.Registry().CommonArguments()
	require.Contains(t, common, "dryRun")
	for name, desc := range common {
		assert.Contains(t, text, name+": "+desc)
	}
	for _, c := range tk.Registry().Collections() {
		assert.Contains(t, text, c+" (")
	}
	read := fullToolkitReadOnly(t)
	assert.NotContains(t, read.Instructions(), "dryRun:", "no write tool is listed, so no dry run is explained")
}

func fullToolkitReadOnly(t *testing.T) *tools.Toolkit {
	client, err := pingone.NewClient(pingone.WithBaseURL("http://127.0.0.1:1/v1"))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{})
	require.NoError(t, err)
	return tk
}

// TestCompactSchemaStillValidates: what the definitions leave out the
// toolkit still checks: an id that is no UUID, an argument no tool takes.
func TestCompactSchemaStillValidates(t *testing.T) {
	t.Parallel()
	tk := fullToolkitReadOnly(t)
	_, err := tk.Call(t.Context(), "get_user", json.RawMessage(`{"environmentId":"not-a-uuid","userId":"x"}`))
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "environmentId"), err.Error())
	_, err = tk.Call(t.Context(), "get_user", json.RawMessage(`{"environmentId":"`+uuidA+`","userId":"`+uuidA+`","colour":"blue"}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "colour")
}

const uuidA = "8c2b6b5e-3a44-4c8e-9f51-2d7e0b1a9c33"
