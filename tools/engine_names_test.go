package tools

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEngineNamesNoTool: the guard, the confirmation step and the rules
// read the facts a tool declares, so none of their code may name a tool (or
// a tool's verb prefix, a back door to the same thing).
func TestEngineNamesNoTool(t *testing.T) {
	t.Parallel()
	names := map[string]bool{}
	for _, tool := range All() {
		names[tool.Name] = true
	}
	require.NotEmpty(t, names)
	for _, file := range []string{"guard.go", "confirm.go", "rules.go", "facts.go", "toolkit.go", "dryrun.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			require.NoError(t, err)
			assert.False(t, names[s], "%s names the tool %q; declare a fact on the tool instead", file, s)
			for _, prefix := range []string{"delete_", "remove_", "reset_", "set_", "assign_", "list_", "get_"} {
				assert.False(t, s == prefix || strings.HasPrefix(s, prefix) && !strings.Contains(s, " "),
					"%s matches tools by the name prefix %q (%q)", file, prefix, s)
			}
			return true
		})
	}
}
