package openai

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStrictifyConversions covers the conversions p1kit's own tools do not
// all need today, so that a keyword a tool adds tomorrow is handled.
func TestStrictifyConversions(t *testing.T) {
	t.Parallel()
	in := `{
	  "type": "object",
	  "properties": {
	    "name":    {"type": "string", "minLength": 1, "maxLength": 64, "description": "Name."},
	    "kind":    {"type": "string", "enum": ["A", "B"], "default": "A"},
	    "site":    {"type": "string", "format": "uri"},
	    "when":    {"type": "string", "format": "date-time"},
	    "labels":  {"type": "object", "additionalProperties": {"type": "string"}},
	    "extra":   {},
	    "anyList": {"type": "array"},
	    "tags":    {"type": ["null", "array"], "items": {"type": "string"}, "uniqueItems": true},
	    "choice":  {"oneOf": [{"type": "string"}, {"type": "integer"}]},
	    "wrapped": {"allOf": [{"type": "integer", "minimum": 1}]},
	    "rules":   {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a"]}}
	  },
	  "required": ["name", "rules"]
	}`
	var schema map[string]any
	require.NoError(t, json.Unmarshal([]byte(in), &schema))
	out, c, ok := strictify(schema)
	require.True(t, ok)
	require.NoError(t, CheckStrict(out), "the converted schema must pass the checker")
	props := out["properties"].(map[string]any)
	get := func(name string) map[string]any { return props[name].(map[string]any) }

	assert.Equal(t, "string", get("name")["type"], "required: not nullable")
	assert.Equal(t, "Name. (at least 1 characters; at most 64 characters)", get("name")["description"])
	assert.Equal(t, []any{"string", "null"}, get("kind")["type"])
	assert.Equal(t, []any{"A", "B", nil}, get("kind")["enum"], "a nullable enum lists null")
	assert.Contains(t, get("kind")["description"], `default: "A"`)
	assert.NotContains(t, get("site"), "format")
	assert.Contains(t, get("site")["description"], "format: uri")
	assert.Equal(t, "date-time", get("when")["format"])
	for _, name := range []string{"labels", "extra", "anyList"} {
		assert.Equal(t, []any{"string", "null"}, get(name)["type"], name)
		assert.Contains(t, get(name)["description"], "JSON text", name)
		assert.True(t, c.props[name].jsonText, name)
	}
	assert.Equal(t, []any{"array", "null"}, get("tags")["type"])
	assert.Contains(t, get("tags")["description"], "items must be unique")
	assert.Len(t, get("choice")["anyOf"], 3, "oneOf became anyOf, plus null")
	assert.Equal(t, []any{"integer", "null"}, get("wrapped")["type"])
	assert.Equal(t, float64(1), get("wrapped")["minimum"])
	item := get("rules")["items"].(map[string]any)
	assert.Equal(t, []any{"a", "b"}, toAny(item["required"]))
	assert.Equal(t, []any{"integer", "null"}, item["properties"].(map[string]any)["b"].(map[string]any)["type"])
	assert.Equal(t, false, item["additionalProperties"])

	// The codec undoes it: nulls of optionals dropped, JSON text decoded,
	// nested optionals inside array items too.
	args := map[string]any{
		"name": "n", "kind": nil, "site": nil, "when": nil, "labels": `{"x":"y"}`, "extra": `[1,2]`, "anyList": nil,
		"tags": nil, "choice": nil, "wrapped": nil,
		"rules": []any{map[string]any{"a": "first", "b": nil}},
	}
	var hints []string
	got := c.decode("", args, &hints)
	assert.Empty(t, hints)
	assert.Equal(t, map[string]any{
		"name": "n", "labels": map[string]any{"x": "y"}, "extra": []any{json.Number("1"), json.Number("2")},
		"rules": []any{map[string]any{"a": "first"}},
	}, got)
	bad := c.decode("", map[string]any{"labels": "{not json"}, &hints)
	assert.Equal(t, map[string]any{"labels": "{not json"}, bad, "left for the toolkit to refuse")
	require.Len(t, hints, 1)
	assert.Contains(t, hints[0], `argument "labels" is passed as JSON text in a string, and that text is not valid JSON`)
}

func TestStrictifyGivesUpOnWhatStrictModeCannotSay(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"free-form root": `{"type": "object"}`,
		"allOf of two":   `{"type":"object","properties":{"a":{"allOf":[{"type":"string"},{"minLength":2}]}}}`,
		"not":            `{"type":"object","properties":{"a":{"type":"string","not":{"enum":["x"]}}}}`,
	} {
		var schema map[string]any
		require.NoError(t, json.Unmarshal([]byte(in), &schema))
		_, _, ok := strictify(schema)
		assert.False(t, ok, name)
	}
}

func toAny(v any) []any {
	switch l := v.(type) {
	case []string:
		out := make([]any, len(l))
		for i, s := range l {
			out[i] = s
		}
		return out
	case []any:
		return l
	}
	return nil
}
