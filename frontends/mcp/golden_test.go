package mcp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/tools"
)

// TestToolsListMatchesGolden checks what an MCP client receives from
// tools/list against testdata/tools_list.golden.json (written by the tools
// package's golden test): same tools, descriptions, annotations and schemas.
func TestToolsListMatchesGolden(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tools_list.golden.json"))
	require.NoError(t, err)
	var golden []struct {
		Name        string            `json:"name"`
		Title       string            `json:"title"`
		Description string            `json:"description"`
		Annotations tools.Annotations `json:"annotations"`
		InputSchema json.RawMessage   `json:"inputSchema"`
	}
	require.NoError(t, json.Unmarshal(raw, &golden))

	cs, _, _ := connect(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	res, err := cs.ListTools(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, res.Tools, len(golden))
	listed := map[string]int{}
	for i, tool := range res.Tools {
		listed[tool.Name] = i
	}
	for _, want := range golden {
		i, ok := listed[want.Name]
		if !assert.True(t, ok, "tools/list lacks %s", want.Name) {
			continue
		}
		got := res.Tools[i]
		assert.Equal(t, want.Title, got.Title, want.Name)
		assert.Equal(t, want.Description, got.Description, want.Name)
		require.NotNil(t, got.Annotations, want.Name)
		assert.Equal(t, want.Annotations.ReadOnly, got.Annotations.ReadOnlyHint, want.Name)
		// destructiveHint and idempotentHint mean something only for a tool
		// that writes; a hint left out has MCP's default.
		if !want.Annotations.ReadOnly {
			assert.Equal(t, want.Annotations.Destructive, destructive(got.Annotations), want.Name)
		}
		assert.Equal(t, want.Annotations.Idempotent && !want.Annotations.ReadOnly, got.Annotations.IdempotentHint, want.Name)
		assert.Equal(t, want.Annotations.OpenWorld, openWorld(got.Annotations), want.Name)
		schema, err := json.Marshal(got.InputSchema)
		require.NoError(t, err)
		assert.JSONEq(t, string(want.InputSchema), string(schema), want.Name)
	}
}
