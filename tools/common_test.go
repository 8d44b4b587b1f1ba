package tools

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCopyJSONWalks: the one walk behind withoutNulls and withFloats copies
// objects and arrays at every depth and leaves its input as it was.
func TestCopyJSONWalks(t *testing.T) {
	t.Parallel()
	in := map[string]any{
		"name": "app", "description": nil,
		"pkce": map[string]any{"required": nil, "method": "S256"},
		"uris": []any{nil, "https://a.example", map[string]any{"x": nil, "y": json.Number("2")}},
		"n":    json.Number("1.5"), "huge": json.Number("1e999"),
	}
	assert.Equal(t, map[string]any{
		"name": "app", "pkce": map[string]any{"method": "S256"},
		"uris": []any{nil, "https://a.example", map[string]any{"y": json.Number("2")}},
		"n":    json.Number("1.5"), "huge": json.Number("1e999"),
	}, withoutNulls(in), "null members go at every depth; an array keeps its null items")
	assert.Equal(t, map[string]any{
		"name": "app", "description": nil,
		"pkce": map[string]any{"required": nil, "method": "S256"},
		"uris": []any{nil, "https://a.example", map[string]any{"x": nil, "y": 2.0}},
		"n":    1.5, "huge": "1e999",
	}, withFloats(in), "numbers become float64 at every depth; one out of range keeps its text")
	assert.Contains(t, in, "description", "the input keeps its nulls")
	assert.Equal(t, json.Number("2"), in["uris"].([]any)[2].(map[string]any)["y"], "the input keeps its numbers")
}
