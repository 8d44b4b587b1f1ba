package tools_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

var update = flag.Bool("update", false, "rewrite golden files")

// officialTools are the tools of Ping's own MCP server, kept with the same
// names, collections and read-only flags so its users can switch.
var officialTools = map[string]struct {
	collection string
	readOnly   bool
}{
	"list_environments":                   {"environments", true},
	"get_environment":                     {"environments", true},
	"create_environment":                  {"environments", false},
	"update_environment":                  {"environments", false},
	"get_environment_services":            {"environments", true},
	"update_environment_services":         {"environments", false},
	"get_total_identities_by_environment": {"directory", true},
	"list_applications":                   {"applications", true},
	"get_application":                     {"applications", true},
	"create_oidc_application":             {"applications", false},
	"update_oidc_application":             {"applications", false},
	"list_populations":                    {"populations", true},
	"get_population":                      {"populations", true},
	"create_population":                   {"populations", false},
	"update_population":                   {"populations", false},
}

func TestOfficialToolsKept(t *testing.T) {
	t.Parallel()
	reg := tools.NewRegistry(tools.All()...)
	for name, want := range officialTools {
		tool, ok := reg.Get(name)
		if !assert.True(t, ok, "official tool %s missing", name) {
			continue
		}
		assert.Equal(t, want.collection, tool.Collection, name)
		assert.Equal(t, want.readOnly, tool.Annotations().ReadOnly, name)
	}
}

// TestToolInvariants holds for every tool p1kit ships.
func TestToolInvariants(t *testing.T) {
	t.Parallel()
	snake := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, tool := range tools.All() {
		t.Run(tool.Name, func(t *testing.T) {
			assert.False(t, seen[tool.Name], "duplicate name")
			seen[tool.Name] = true
			assert.Regexp(t, snake, tool.Name)
			assert.NotEmpty(t, tool.Title)
			assert.GreaterOrEqual(t, len(tool.Description), 30, "description too short for a model")
			assert.NotEmpty(t, tool.Collection)
			assert.NotEqual(t, "unset", tool.Effect.String(), "effect (and so the annotations) must be declared")
			ann := tool.Annotations()
			assert.Equal(t, tool.Effect == tools.Read, ann.ReadOnly)
			assert.Equal(t, !ann.ReadOnly, tool.IsWrite())
			if tool.Effect == tools.Delete {
				assert.True(t, ann.Destructive, "deletes are destructive")
			}

			s := tool.InputSchema()
			require.NotNil(t, s)
			assert.Equal(t, "object", s.Type, "input schema must be an object")
			assert.Empty(t, s.AnyOf, "no top-level anyOf")
			assert.Empty(t, s.OneOf, "no top-level oneOf")
			assert.Empty(t, s.AllOf, "no top-level allOf")
			for name, p := range s.Properties {
				assert.NotEmpty(t, p.Description, "property %s needs a description", name)
			}
			if tool.IsWrite() && tool.Name != "create_environment" {
				assert.Equal(t, "environmentId", tool.EnvironmentArg, "write tools must name their environment for the production guard")
			}
			if _, ok := s.Properties["environmentId"]; ok {
				assert.Equal(t, tools.UUIDPattern, s.Properties["environmentId"].Pattern)
			}
		})
	}
}

// TestGoldenToolsList keeps testdata/tools_list.golden.json equal to what
// the tools look like from outside; `go test ./tools -run Golden -update`
// rewrites it after an intended change, and the diff shows up in review.
func TestGoldenToolsList(t *testing.T) {
	t.Parallel()
	// What a client receives with every tool listed: the definitions (the
	// compact schemas), with the collection of each tool for the reader.
	type entry struct {
		Name        string            `json:"name"`
		Title       string            `json:"title"`
		Description string            `json:"description"`
		Collection  string            `json:"collection"`
		Annotations tools.Annotations `json:"annotations"`
		InputSchema json.RawMessage   `json:"inputSchema"`
	}
	client, err := pingone.NewClient()
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	var list []entry
	for _, d := range tk.Definitions() {
		tool, _ := tk.Tool(d.Name)
		list = append(list, entry{d.Name, d.Title, d.Description, tool.Collection, d.Annotations, d.InputSchema})
	}
	got, err := json.MarshalIndent(list, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	path := filepath.Join("..", "testdata", "tools_list.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run `go test ./tools -run Golden -update` to create it")
	assert.JSONEq(t, string(want), string(got), "tools changed: review the diff, then rewrite with -update")
	assert.Equal(t, string(want), string(got))
}

// TestEverySchemaResolves: schemas compile on a tool's first call; this
// compiles every one, so that one that does not never ships.
func TestEverySchemaResolves(t *testing.T) {
	t.Parallel()
	for _, tool := range tools.All() {
		assert.NoError(t, tool.ResolveSchema(), tool.Name)
	}
}
