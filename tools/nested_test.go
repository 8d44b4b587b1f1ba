package tools

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

// TestSharedWithCutsOnlyWhatTheSiblingSaysAlike: of an argument that
// differs from its sibling's as a whole, the nested descriptions go where
// the sibling renders the same node alike (words, shape and what is below
// it); a node that differs in anything keeps its words, and the JSON stays
// valid with the members in their order.
func TestSharedWithCutsOnlyWhatTheSiblingSaysAlike(t *testing.T) {
	t.Parallel()
	create := `"app":{"type":"object","description":"The app.","properties":{` +
		`"name":{"type":"string","description":"Its name."},` +
		`"uris":{"type":"array","description":"Redirect URIs.","items":{"type":"string","description":"A URI, e.g. \"https://x\"."}},` +
		`"ttl":{"type":"integer","description":"Seconds.","minimum":1},` +
		`"otp":{"description":"Rules.","type":"object","properties":{"n":{"type":"integer","description":"Digits."}}}},"required":["name"]}`
	update := `"app":{"type":"object","description":"The app.","properties":{` +
		`"name":{"type":"string","description":"Its name."},` +
		`"uris":{"type":"array","description":"Redirect URIs.","items":{"type":"string","description":"A URI, e.g. \"https://x\"."}},` +
		`"ttl":{"type":"integer","description":"Seconds.","minimum":0},` +
		`"otp":{"description":"Rules.","type":"object","properties":{"n":{"type":"integer","description":"Digits."}}}}}`
	got, n := sharedWith(update, create)
	assert.Equal(t, `"app":{"type":"object","description":"The app.","properties":{`+
		`"name":{"type":"string"},`+
		`"uris":{"type":"array","items":{"type":"string"}},`+
		`"ttl":{"type":"integer","description":"Seconds.","minimum":0},`+
		`"otp":{"type":"object","properties":{"n":{"type":"integer"}}}}}`, got,
		"the root differs (required) and ttl differs (minimum): both keep their words")
	assert.Equal(t, 5, n, "name, uris, its items, otp and otp.n")
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte("{"+got+"}"), &v))

	same, n := sharedWith(create, create)
	assert.Equal(t, 7, n, "every described node of an argument rendered alike")
	assert.NotContains(t, same, "description")
	other, n := sharedWith(update, `"app":{"type":"string","description":"The app."}`)
	assert.Equal(t, update, other, "a node of another shape shares nothing")
	assert.Zero(t, n)
}

// TestDefinitionsShareNestedDescriptions: update_oidc_application's
// application differs from create_oidc_application's (nothing is required
// in an update) but the members nested in it are described there, so the
// full listing leaves their words to it; standing alone it describes them.
func TestDefinitionsShareNestedDescriptions(t *testing.T) {
	t.Parallel()
	client, err := pingone.NewClient()
	require.NoError(t, err)
	tk, err := NewToolkit(NewRegistry(All()...), client, Config{Filter: Filter{AllowWrites: true}})
	require.NoError(t, err)
	defs := map[string]Definition{}
	for _, d := range tk.Definitions() {
		defs[d.Name] = d
	}
	member := func(d Definition, path ...string) map[string]any {
		var s map[string]any
		require.NoError(t, json.Unmarshal(d.InputSchema, &s), d.Name)
		for _, p := range path {
			s = s["properties"].(map[string]any)[p].(map[string]any)
		}
		return s
	}
	update, create := defs["update_oidc_application"], defs["create_oidc_application"]
	assert.Contains(t, update.Description, "as in create_oidc_application")
	assert.NotEmpty(t, member(create, "application", "grantTypes")["description"])
	assert.NotContains(t, member(update, "application", "grantTypes"), "description")
	alone, ok := tk.Definition("update_oidc_application")
	require.True(t, ok)
	assert.Equal(t, member(create, "application", "grantTypes")["description"], member(alone, "application", "grantTypes")["description"])
	// The shape is the tool's own: an update requires no member.
	assert.NotContains(t, member(update, "application"), "required")
	assert.Contains(t, member(create, "application"), "required")
}
