package pingone_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryModelWithExtraKeepsIt parses the package: a struct with an Extra
// field that lacks the UnmarshalJSON/MarshalJSON pair of keep.go would drop
// unknown members silently.
func TestEveryModelWithExtraKeepsIt(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var models []string
	methods := map[string]bool{} // "Type.Method" with the receiver each needs
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok {
						if st, isStruct := ts.Type.(*ast.StructType); isStruct && hasExtra(st) {
							models = append(models, ts.Name.Name)
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) != 1 {
					continue
				}
				switch r := d.Recv.List[0].Type.(type) {
				case *ast.StarExpr: // UnmarshalJSON on the pointer
					if id, ok := r.X.(*ast.Ident); ok && d.Name.Name == "UnmarshalJSON" {
						methods[id.Name+".UnmarshalJSON"] = true
					}
				case *ast.Ident: // MarshalJSON on the value, so values encode too
					if d.Name.Name == "MarshalJSON" {
						methods[r.Name+".MarshalJSON"] = true
					}
				}
			}
		}
	}
	require.NotEmpty(t, models)
	for _, m := range models {
		assert.True(t, methods[m+".UnmarshalJSON"], "%s has Extra but no (*%s).UnmarshalJSON", m, m)
		assert.True(t, methods[m+".MarshalJSON"], "%s has Extra but no (%s).MarshalJSON", m, m)
	}
}

func hasExtra(st *ast.StructType) bool {
	for _, f := range st.Fields.List {
		if id, ok := f.Type.(*ast.Ident); ok && id.Name == "Extra" && len(f.Names) == 1 && f.Names[0].Name == "Extra" {
			return true
		}
	}
	return false
}
