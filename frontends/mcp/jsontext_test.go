package mcp_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestFreeFormObjectOverMCP: tools/list shows create_user's
// customAttributes as a string carrying JSON text, and a client may send
// that text or, as before, the object itself: both reach PingOne as the
// object.
func TestFreeFormObjectOverMCP(t *testing.T) {
	t.Parallel()
	cs, _, _ := connect(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	listed := listTools(t, cs)["create_user"].InputSchema.(map[string]any)
	ca := listed["properties"].(map[string]any)["customAttributes"].(map[string]any)
	assert.Equal(t, "string", ca["type"])
	assert.Contains(t, ca["description"], tools.JSONTextNote)

	sb := pingonetest.Demo().SandboxEnvironmentID
	for name, given := range map[string]any{
		"text":   `{"employeeNumber": "E-7", "badges": ["mcp"]}`,
		"object": map[string]any{"employeeNumber": "E-7", "badges": []any{"mcp"}},
	} {
		out := callJSON(t, cs, "create_user", map[string]any{
			"environmentId": sb, "username": "free-" + name, "email": "free-" + name + "@example.com", "customAttributes": given,
		})
		u, ok := out["user"].(map[string]any)
		require.True(t, ok, "%s: %v", name, out)
		assert.Equal(t, "E-7", u["employeeNumber"], name)
		assert.Equal(t, []any{"mcp"}, u["badges"], name)
	}
}
