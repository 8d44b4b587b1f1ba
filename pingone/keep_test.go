package pingone_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
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

// TestUnmarshalKeep: a resource whose members the model all names is read
// in one pass and has no Extra; one with another member keeps it; either
// way, decoding into a model that holds values sets only the members given,
// and a wrong type is the same error on both paths.
func TestUnmarshalKeep(t *testing.T) {
	t.Parallel()
	const known = `{"id":"e1","name":"Sandbox","license":{"id":"l1"},"_links":{"self":{"href":"https://x/e1"}}}`
	var e pingone.Environment
	require.NoError(t, json.Unmarshal([]byte(known), &e))
	assert.Equal(t, "Sandbox", e.Name)
	assert.Equal(t, "l1", e.License.ID)
	assert.Equal(t, "https://x/e1", e.Links["self"].Href)
	assert.Nil(t, e.Extra)

	const unknown = `{"id":"e1","name":"Sandbox","hsm":{"enabled":true},"_links":{}}`
	e = pingone.Environment{Description: "kept"}
	require.NoError(t, json.Unmarshal([]byte(unknown), &e))
	assert.Equal(t, "Sandbox", e.Name)
	assert.Equal(t, "kept", e.Description, "a member the document does not give keeps its value")
	assert.JSONEq(t, `{"enabled":true}`, string(e.Extra["hsm"]))
	assert.Len(t, e.Extra, 1)
	out, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"hsm":{"enabled":true}`)

	e = pingone.Environment{Description: "kept", Extra: pingone.Extra{"old": json.RawMessage(`1`)}}
	require.NoError(t, json.Unmarshal([]byte(known), &e))
	assert.Equal(t, "kept", e.Description)
	assert.Nil(t, e.Extra, "Extra holds what this document has")

	for _, doc := range []string{`{"name":5}`, `{"name":5,"hsm":1}`} {
		err := json.Unmarshal([]byte(doc), &e)
		var te *json.UnmarshalTypeError
		require.ErrorAs(t, err, &te, doc)
		assert.Equal(t, "name", te.Field, doc)
	}
}
