package tools

import (
	"bytes"
	"go/format"
	"os"
	"sync/atomic"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

// TestCatalogueListingFresh keeps catalogue_gen.go equal to what the
// generator renders from the tools' schemas now: a change to a tool's
// arguments regenerates it (make golden), and a merge never hand-merges it.
func TestCatalogueListingFresh(t *testing.T) {
	t.Parallel()
	var want bytes.Buffer
	require.NoError(t, WriteCatalogue(&want))
	src, err := format.Source(want.Bytes())
	require.NoError(t, err, "the generated source is Go")
	got, err := os.ReadFile("catalogue_gen.go")
	require.NoError(t, err, "run make golden (go run ./internal/genlisting) to write it")
	assert.Equal(t, string(src), string(got), "catalogue_gen.go is stale: run make golden (go run ./internal/genlisting)")
	require.NotEmpty(t, catalogueEntries, "the file sets the catalogue")
	assert.True(t, NewRegistry(All()...).isCatalogue(), "a registry of All() lists from the file")
}

// live is a registry of tools that lists them from their schemas, as one
// without catalogue_gen.go does.
func live(tools []*Tool) *Registry {
	r := NewRegistry(tools...)
	r.catalogueOnce.Do(func() {})
	return r
}

// TestCatalogueListingRendersAsSchemas: what a client receives from the
// pre-rendered catalogue is, byte for byte, what the schemas render to,
// under every selection a front end makes (siblings are chosen among the
// listed tools, so the selection changes the definitions).
func TestCatalogueListingRendersAsSchemas(t *testing.T) {
	t.Parallel()
	client, err := pingone.NewClient()
	require.NoError(t, err)
	for name, cfg := range map[string]Config{
		"all tools":        {Filter: Filter{AllowWrites: true}},
		"read-only":        {},
		"default toolsets": {Filter: Filter{AllowWrites: true, Toolsets: DefaultToolsets}},
		"users only":       {Filter: Filter{AllowWrites: true, IncludeCollections: []string{"users"}, ExcludeTools: []string{"create_user"}}},
		"policy confirms":  {Filter: Filter{AllowWrites: true}, ConfirmTools: []string{"create_user", "update_population"}, DryRun: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			pre, err := NewToolkit(NewRegistry(All()...), client, cfg)
			require.NoError(t, err)
			require.True(t, pre.reg.isCatalogue())
			ren, err := NewToolkit(live(All()), client, cfg)
			require.NoError(t, err)
			require.False(t, ren.reg.isCatalogue())
			assert.Equal(t, ren.reg.CommonArguments(), pre.reg.CommonArguments())
			assert.Equal(t, ren.Instructions(), pre.Instructions())
			assert.Equal(t, ren.DiscoveryInstructions(), pre.DiscoveryInstructions())
			want, got := ren.Definitions(), pre.Definitions()
			require.Len(t, got, len(want))
			for i := range want {
				assert.Equal(t, want[i].Description, got[i].Description, want[i].Name)
				assert.Equal(t, string(want[i].InputSchema), string(got[i].InputSchema), want[i].Name)
				w, _ := ren.Definition(want[i].Name)
				g, _ := pre.Definition(want[i].Name)
				assert.Equal(t, string(w.InputSchema), string(g.InputSchema), "describe %s", want[i].Name)
			}
		})
	}
}

// TestListingDerivesNoSchema: building the catalogue, its toolkit, the
// instructions and the full listing derives no tool's schema (the start
// of p1 mcp run); a call derives its tool's only.
func TestListingDerivesNoSchema(t *testing.T) {
	t.Parallel()
	all := All()
	var derived atomic.Int32
	for _, tool := range all {
		build := tool.schema
		tool.schema = func() *jsonschema.Schema { derived.Add(1); return build() }
	}
	client, err := pingone.NewClient()
	require.NoError(t, err)
	tk, err := NewToolkit(NewRegistry(all...), client, Config{Filter: Filter{AllowWrites: true}})
	require.NoError(t, err)
	require.Len(t, tk.Definitions(), len(all))
	require.NotEmpty(t, tk.Instructions())
	_, ok := tk.Definition("update_user")
	require.True(t, ok)
	assert.Zero(t, derived.Load(), "listing derived schemas")

	_, err = tk.Call(t.Context(), "get_user", []byte(`{"environmentId":"not-a-uuid","userId":"x"}`))
	require.Error(t, err, "the arguments are refused before any request")
	assert.Positive(t, derived.Load(), "a call derives its tool's schema to validate the arguments")
}

// TestListingOfOtherRegistries: a registry that is not exactly the
// catalogue renders its listings from the schemas (a subset's common
// arguments differ), and a tool of another registry is not listed from
// the catalogue.
func TestListingOfOtherRegistries(t *testing.T) {
	t.Parallel()
	all := All()
	assert.False(t, NewRegistry(all[:10]...).isCatalogue(), "a subset")
	assert.False(t, NewRegistry(append(All(), newTool(Meta{Name: "extra_tool", Title: "Extra", Description: "An extra tool.", Collection: "extra", Effect: Read},
		objectSchema, nil))...).isCatalogue(), "the catalogue and one more")
	reg := NewRegistry(all...)
	other := All()
	assert.Nil(t, reg.catalogued(other[0]), "a tool of another All() call")
	assert.NotNil(t, reg.catalogued(all[0]))
	c, err := all[0].withConfirmArgument()
	require.NoError(t, err)
	if c != all[0] {
		assert.Nil(t, reg.catalogued(c), "a copy with another schema")
	}
}
