package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// The update tools of a family merge what is given and remove what clear
// names: a PUT is a full replace in PingOne, so an omitted member would
// otherwise be impossible to remove, and a null one removed by accident.
func TestFamilyUpdateClearsNamedMembersOnly(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, _ := newKit(t, tools.Config{Filter: writable})
	env := d.SandboxEnvironmentID
	theme := "5f1d3c3e-8a34-4c64-9d58-0d3e2b1a9c77"
	out, te := call(t, tk, "create_population", map[string]any{"environmentId": env, "name": "Interns", "description": "Summer", "theme": map[string]string{"id": theme}})
	require.Nil(t, te)
	id := out["population"].(map[string]any)["id"].(string)

	// Nulls (OpenAI strict mode sends one for every unused optional) change nothing.
	out, te = call(t, tk, "update_population", map[string]any{"environmentId": env, "populationId": id, "description": nil, "theme": nil, "clear": nil, "preferredLanguage": "fr"})
	require.Nil(t, te)
	p := out["population"].(map[string]any)
	assert.Equal(t, "Interns", p["name"], "an omitted name is kept")
	assert.Equal(t, "Summer", p["description"])
	assert.Equal(t, map[string]any{"id": theme}, p["theme"])
	assert.Equal(t, "fr", p["preferredLanguage"])

	out, te = call(t, tk, "update_population", map[string]any{"environmentId": env, "populationId": id, "clear": []string{"theme", "description"}})
	require.Nil(t, te)
	p = out["population"].(map[string]any)
	assert.NotContains(t, p, "theme")
	assert.NotContains(t, p, "description")
	assert.Equal(t, "fr", p["preferredLanguage"], "members not named stay")
	got, te := call(t, tk, "get_population", map[string]any{"environmentId": env, "populationId": id})
	require.Nil(t, te)
	assert.NotContains(t, got["population"], "theme", "PingOne no longer has it")

	_, te = call(t, tk, "update_population", map[string]any{"environmentId": env, "populationId": id, "clear": []string{"description"}, "description": "x"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
	assert.Contains(t, te.Message, `"description" is both given and named in clear`)

	_, te = call(t, tk, "update_population", map[string]any{"environmentId": env, "populationId": id, "clear": []string{"name"}})
	require.NotNil(t, te, "a required member cannot be cleared")
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
	assert.Contains(t, te.Message, "clear")
}

func TestFamilyUpdateClearsGroupUserFilter(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, _ := newKit(t, tools.Config{Filter: writable})
	env := d.SandboxEnvironmentID
	out, te := call(t, tk, "create_group", map[string]any{"environmentId": env, "name": "Dynamic", "userFilter": `username sw "intern"`, "populationId": d.SandboxEmployeesPopulationID})
	require.Nil(t, te)
	g := out["group"].(map[string]any)
	assert.Equal(t, map[string]any{"id": d.SandboxEmployeesPopulationID}, g["population"], "populationId becomes the population reference")
	id := g["id"].(string)

	out, te = call(t, tk, "update_group", map[string]any{"environmentId": env, "groupId": id, "clear": []string{"userFilter"}})
	require.Nil(t, te)
	g = out["group"].(map[string]any)
	assert.NotContains(t, g, "userFilter")
	assert.Equal(t, "Dynamic", g["name"])
	assert.Equal(t, map[string]any{"id": d.SandboxEmployeesPopulationID}, g["population"], "the population stays")

	tool, _ := tk.Tool("update_group")
	assert.NotContains(t, tool.InputSchema().Properties, "populationId", "only create sets a group's population")
}
