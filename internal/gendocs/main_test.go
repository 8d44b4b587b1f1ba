package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/tools"
)

// root is the repository root, two levels above this package.
const root = "../.."

// TestDocsMatchRegistry fails when README.md or docs/tools.md says
// something other than the registry: a tool added, removed, renamed,
// moved or redescribed without regenerating them.
func TestDocsMatchRegistry(t *testing.T) {
	t.Parallel()
	files, err := generate(root, tools.All())
	require.NoError(t, err)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		require.NoError(t, err)
		assert.Equal(t, want, string(got), "%s drifts from the tool registry: run `go run ./internal/gendocs` (make docs) and commit the result", name)
	}
}

func TestEveryToolIsDocumented(t *testing.T) {
	t.Parallel()
	all := tools.All()
	files, err := generate(root, all)
	require.NoError(t, err)
	for _, tool := range all {
		assert.Contains(t, files[readmeFile], "`"+tool.Name+"`", "README's table")
		assert.Contains(t, files[toolsFile], "| `"+tool.Name+"` | "+tool.Effect.String()+" |", "docs/tools.md")
	}
	assert.Contains(t, files[readmeFile], "<!-- gendocs:tool-count -->"+strconv.Itoa(len(all))+"<!-- /gendocs:tool-count -->")
}

func TestSpliceNeedsItsMarkers(t *testing.T) {
	t.Parallel()
	out, err := splice("a <!-- gendocs:x -->old<!-- /gendocs:x --> b", "x", "new")
	require.NoError(t, err)
	assert.Equal(t, "a <!-- gendocs:x -->new<!-- /gendocs:x --> b", out)
	for _, doc := range []string{
		"no markers",
		"<!-- /gendocs:x --> end before begin <!-- gendocs:x -->",
		"<!-- gendocs:x --> twice <!-- gendocs:x --><!-- /gendocs:x -->",
	} {
		_, err := splice(doc, "x", "new")
		assert.ErrorContains(t, err, "needs exactly one <!-- gendocs:x -->", doc)
	}
}

func TestFactsInWords(t *testing.T) {
	t.Parallel()
	reg := tools.NewRegistry(tools.All()...)
	get := func(name string) *tools.Tool {
		tool, ok := reg.Get(name)
		require.True(t, ok, name)
		return tool
	}
	assert.Equal(t, []string{"confirmed", "target: the user `userId`", "grants the role `roleId` at `scopeType`/`scopeId`"}, facts(get("assign_user_role")))
	assert.Equal(t, []string{"defines the permissions `permissions`"}, facts(get("create_custom_role")))
	assert.Equal(t, []string{"confirmed unless `enabled` is `true`", "target: the user `userId`"}, facts(get("set_user_enabled")))
	assert.Contains(t, facts(get("list_users")), "personal data")
	assert.Equal(t, `a \| b c`, cell("a | b\nc"))
}
