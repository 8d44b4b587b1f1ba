package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func TestSuggest(t *testing.T) {
	t.Parallel()
	names := []string{"environmentId", "userId", "limit", "cursor", "list_users", "list_groups", "get_user"}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"environmentID", []string{"environmentId"}}, // case alone
		{"enviromentId", []string{"environmentId"}},  // a letter left out
		{"limti", []string{"limit"}},                 // two letters swapped
		{"list_user", []string{"list_users"}},
		{"list_g", []string{"list_groups"}}, // a prefix
		{"zzz", nil},
		{"", nil},
	} {
		assert.Equal(t, tc.want, tools.Suggest(tc.in, names), tc.in)
	}
	assert.Equal(t, `did you mean "a" or "b"?`, tools.DidYouMean([]string{"a", "b"}))
	assert.Empty(t, tools.DidYouMean(nil))
}

func TestUnknownNamesGetSuggestions(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	env := pingonetest.Demo().SandboxEnvironmentID
	for _, tc := range []struct {
		tool, args string
		kind       tools.Kind
		want       string
	}{
		{"list_user", `{}`, tools.KindUnknownTool, `unknown tool "list_user"; did you mean "list_users"?`},
		{"LIST_USERS", `{}`, tools.KindUnknownTool, `did you mean "list_users"?`},
		// Miscased, the argument is named as unknown with its right name,
		// not as "missing environmentId".
		{"list_users", `{"environmentID":"` + env + `"}`, tools.KindInvalidArguments, `unknown argument "environmentID"; did you mean "environmentId"?`},
		{"list_users", `{"environmentId":"` + env + `","limt":2}`, tools.KindInvalidArguments, `unknown argument "limt"; did you mean "limit"?`},
	} {
		_, err := tk.Call(t.Context(), tc.tool, []byte(tc.args))
		var te *tools.Error
		require.ErrorAs(t, err, &te, tc.tool)
		assert.Equal(t, tc.kind, te.Kind, tc.tool)
		assert.Contains(t, te.Message, tc.want, tc.tool)
	}
}
