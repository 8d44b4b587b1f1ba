package openai

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

// TestStrictArgumentsSatisfyTheToolsSchema is the export's contract, for
// every tool: arguments a strict-mode model writes against the exported
// schema — once with null for every optional, once with every optional
// given — are, after the dispatcher's preparation, valid against the tool's
// own schema.
func TestStrictArgumentsSatisfyTheToolsSchema(t *testing.T) {
	t.Parallel()
	client, err := pingone.NewClient(pingone.WithBaseURL("http://127.0.0.1:1/v1"))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	for _, def := range tk.Definitions() {
		tool, ok := tk.Tool(def.Name)
		require.True(t, ok)
		e := export(def)
		require.True(t, e.strict, tool.Name)
		resolved, err := tool.InputSchema().Resolve(nil)
		require.NoError(t, err, tool.Name)
		for _, full := range []bool{false, true} {
			args := sample(e.params, full)
			var hints []string
			prepared := e.codec.decode("", args, &hints)
			require.Empty(t, hints, tool.Name)
			raw, err := json.Marshal(prepared)
			require.NoError(t, err)
			var instance any
			require.NoError(t, json.Unmarshal(raw, &instance))
			assert.NoError(t, resolved.Validate(instance), "%s (optionals given: %v): %s", tool.Name, full, raw)
			if !full {
				for name := range instance.(map[string]any) {
					assert.Contains(t, tool.InputSchema().Required, name, "%s: only required arguments remain when optionals are null", tool.Name)
				}
			}
		}
	}
}

// sample writes a value for a strict-mode schema as a model would: null
// for a nullable value unless full, else the simplest valid value.
func sample(s map[string]any, full bool) any {
	types := typesOf(s)
	if slices.Contains(types, "null") && !full {
		return nil
	}
	if branches, ok := s["anyOf"].([]any); ok {
		return sample(branches[0].(map[string]any), full)
	}
	if enum, ok := s["enum"].([]any); ok {
		return enum[0]
	}
	switch {
	case slices.Contains(types, "object"):
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			out[name] = sample(p.(map[string]any), full)
			if id, isStr := out[name].(string); isStr && id == "x" && (strings.HasSuffix(name, "Id") || name == "id") {
				// The ids' UUID pattern is the toolkit's to check; the
				// compact schema leaves it out.
				out[name] = "6f1c5a0e-2b7d-4c3e-9a1f-0d2e3c4b5a69"
			}
		}
		return out
	case slices.Contains(types, "array"):
		// As few items as the schema allows (none unless minItems says).
		n := 0
		if m, ok := s["minItems"].(float64); ok {
			n = int(m)
		}
		if full {
			n = max(n, 1)
		}
		out := []any{}
		for range n {
			out = append(out, sample(s["items"].(map[string]any), full))
		}
		return out
	case slices.Contains(types, "integer"), slices.Contains(types, "number"):
		if m, ok := s["minimum"]; ok {
			return m
		}
		return 1
	case slices.Contains(types, "boolean"):
		return true
	case slices.Contains(types, "string"):
		if s["pattern"] == tools.UUIDPattern || s["format"] == "uuid" {
			return "6f1c5a0e-2b7d-4c3e-9a1f-0d2e3c4b5a69"
		}
		if s["format"] == "date-time" {
			return "2026-01-01T00:00:00Z"
		}
		if d, _ := s["description"].(string); strings.Contains(d, "as JSON text in a string") {
			return `{"key":"value"}`
		}
		return "x"
	}
	return nil
}
