package contract

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnlyImportedFromTests keeps kin-openapi out of every binary: no
// non-test Go file outside this package may import this package or
// kin-openapi, in this module or a nested one.
func TestOnlyImportedFromTests(t *testing.T) {
	dir, err := specDir()
	require.NoError(t, err)
	root := filepath.Clean(filepath.Join(dir, "..", ".."))
	self, err := filepath.Abs(".")
	require.NoError(t, err)

	offenders, err := offendingImports(root, self)
	require.NoError(t, err)
	assert.Empty(t, offenders, "internal/contract and kin-openapi are for _test.go files only")
}

// offendingImports lists the non-test Go files under root (skipping skip,
// dot directories, testdata and vendor) that import this package or kin-openapi.
func offendingImports(root, skip string) ([]string, error) {
	const contractPath = "github.com/p1kit/p1kit/internal/contract"
	fset := token.NewFileSet()
	var offenders []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") || path == skip {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ImportsOnly)
		if err != nil {
			return nil // not ours to judge here; the build will say
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == contractPath || strings.HasPrefix(p, "github.com/getkin/kin-openapi") {
				rel, _ := filepath.Rel(root, path)
				offenders = append(offenders, rel+" imports "+p)
			}
		}
		return nil
	})
	return offenders, err
}

func TestOffendingImportsFindsOffenders(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	write("cmd/x/main.go", "package main\nimport _ \"github.com/p1kit/p1kit/internal/contract\"\n")
	write("lib/y.go", "package lib\nimport \"github.com/getkin/kin-openapi/openapi3\"\nvar _ openapi3.T\n")
	write("lib/y_test.go", "package lib\nimport _ \"github.com/p1kit/p1kit/internal/contract\"\n")
	write("testdata/z.go", "package z\nimport _ \"github.com/getkin/kin-openapi/openapi3\"\n")
	got, err := offendingImports(root, filepath.Join(root, "skipped"))
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{
		filepath.Join("cmd", "x", "main.go") + " imports github.com/p1kit/p1kit/internal/contract",
		filepath.Join("lib", "y.go") + " imports github.com/getkin/kin-openapi/openapi3",
	}, got)
}
