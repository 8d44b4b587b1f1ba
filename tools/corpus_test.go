package tools_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/internal/testcorpus"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

const (
	markOpen  = "⟦untrusted⟧"
	markClose = "⟦/untrusted⟧"
)

// userText is the pattern PingOne's spec gives user titles and nicknames.
var userText = regexp.MustCompile(`^[\p{L}\p{M}\p{Zs}\p{S}\p{N}\p{P}]*$`)

// seen is one corpus string as a tool showed it.
type seen struct {
	where  string // "get_population population.description"
	value  string
	listed bool // the path is in the result's _untrusted values
}

// untrustedPaths are the paths a result's _untrusted member lists.
func untrustedPaths(out map[string]any) []string {
	u, ok := out["_untrusted"].(map[string]any)
	if !ok {
		return nil
	}
	var paths []string
	for _, v := range u["values"].([]any) {
		paths = append(paths, v.(map[string]any)["path"].(string))
	}
	return paths
}

func at(out map[string]any, path ...string) string {
	var cur any = out
	for _, p := range path {
		cur = cur.(map[string]any)[p]
	}
	s, _ := cur.(string)
	return s
}

// itemIndex finds the list item with the given id.
func itemIndex(out map[string]any, key, id string) int {
	for i, it := range out[key].([]any) {
		if it.(map[string]any)["id"] == id {
			return i
		}
	}
	return -1
}

// showCorpus stores every string of a corpus as population, application and
// user data through the tools, then reads it all back through the tools,
// and returns, for each string, every place a tool showed it.
func showCorpus(t *testing.T, tk *tools.Toolkit, client *pingone.Client, kind string, corpus []testcorpus.Entry) [][]seen {
	t.Helper()
	sb := pingonetest.Demo().SandboxEnvironmentID
	env := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	must := func(name string, args map[string]any) map[string]any {
		out, terr := call(t, tk, name, args)
		require.Nil(t, terr, "%s %v", name, args)
		return out
	}
	record := func(out map[string]any, name string, path ...string) seen {
		p := strings.Join(path, ".")
		return seen{where: name + " " + p, value: at(out, path...), listed: slices.Contains(untrustedPaths(out), p)}
	}

	shown := make([][]seen, len(corpus))
	popIDs, appIDs, userIDs := make([]string, len(corpus)), make([]string, len(corpus)), make([]string, len(corpus))
	named := make([]bool, len(corpus))
	for i, e := range corpus {
		s := e.Text
		out := must("create_population", env("name", s, "description", s))
		popIDs[i] = at(out, "population", "id")
		shown[i] = append(shown[i], record(out, "create_population", "population", "name"), record(out, "create_population", "population", "description"))

		out = must("create_oidc_application", env("application", map[string]any{
			"name": s, "description": s, "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER",
			"tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC", "grantTypes": []string{"CLIENT_CREDENTIALS"},
		}))
		appIDs[i] = at(out, "application", "id")

		// User attributes: externalId takes any text; the given name,
		// title and nickname only what PingOne's pattern allows (no
		// control or format characters), so they carry the strings that
		// pass it.
		user := fmt.Sprintf("corpus.%s.%d", kind, i)
		u := &pingone.User{Username: user, Email: user + "@example.com", ExternalID: s}
		userAttrs := [][]string{{"externalId"}}
		if userText.MatchString(s) {
			u.Title, u.Nickname, u.Name = s, s, &pingone.UserName{Given: s}
			userAttrs = append(userAttrs, []string{"title"}, []string{"nickname"}, []string{"name", "given"})
			named[i] = true
		}
		created, err := client.Users.Create(t.Context(), sb, u)
		require.NoError(t, err)
		userIDs[i] = created.ID

		out = must("get_population", env("populationId", popIDs[i]))
		shown[i] = append(shown[i], record(out, "get_population", "population", "name"), record(out, "get_population", "population", "description"))
		out = must("get_application", env("applicationId", appIDs[i]))
		shown[i] = append(shown[i], record(out, "get_application", "name"), record(out, "get_application", "description"))
		out = must("get_user", env("userId", created.ID))
		for _, a := range userAttrs {
			shown[i] = append(shown[i], record(out, "get_user", append([]string{"user"}, a...)...))
		}
	}
	// The list tools show every name in one result, next to the others.
	for _, l := range []struct {
		tool, key string
		ids       []string
	}{{"list_populations", "populations", popIDs}, {"list_applications", "applications", appIDs}, {"list_users", "users", userIDs}} {
		out := must(l.tool, env("limit", 1000))
		for i, id := range l.ids {
			if l.key == "users" && !named[i] {
				continue
			}
			j := itemIndex(out, l.key, id)
			require.GreaterOrEqual(t, j, 0, "%s lists %s", l.tool, id)
			item := out[l.key].([]any)[j].(map[string]any)
			p := fmt.Sprintf("%s[%d].name", l.key, j)
			shown[i] = append(shown[i], seen{where: l.tool + " " + p, value: item["name"].(string), listed: slices.Contains(untrustedPaths(out), p)})
		}
	}
	return shown
}

// TestCorpusThroughTheToolkit is the acceptance test for tenant text: every
// hostile string is neutralised (hidden characters gone) or flagged where
// its expectation says, wherever a tool shows it; every ordinary string
// comes back unchanged and unflagged.
func TestCorpusThroughTheToolkit(t *testing.T) {
	t.Parallel()
	hostile, ordinary := testcorpus.Load(t, "hostile"), testcorpus.Load(t, "ordinary")
	require.GreaterOrEqual(t, len(hostile), 30)
	require.GreaterOrEqual(t, len(ordinary), 30)
	tk, srv := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}, Output: tools.OutputPolicy{MaxResultBytes: -1}})
	client := contract.Client(t, srv)

	okHostile, minPlaces, maxPlaces := 0, 1<<30, 0
	for i, shown := range showCorpus(t, tk, client, "h", hostile) {
		minPlaces, maxPlaces = min(minPlaces, len(shown)), max(maxPlaces, len(shown))
		e := hostile[i]
		good := true
		for _, p := range shown {
			if e.Strip() {
				good = assert.NotEqual(t, e.Text, p.value, "%s (%s): %s unchanged", p.where, e.Why, e.Text) && good
				left := testcorpus.HiddenLeft(p.value)
				good = assert.Empty(t, left, "%s (%s): %q still holds %s", p.where, e.Why, p.value, left) && good
			}
			if e.Flag() {
				good = assert.True(t, strings.HasPrefix(p.value, markOpen) && strings.HasSuffix(p.value, markClose),
					"%s (%s): %q is not marked untrusted", p.where, e.Why, p.value) && good
				good = assert.True(t, p.listed, "%s (%s): not listed in _untrusted", p.where, e.Why) && good
				good = assert.Equal(t, 1, strings.Count(p.value, markClose), "%s: the value closes its own marker", p.where) && good
			}
		}
		if good {
			okHostile++
		}
	}

	okOrdinary := 0
	for i, places := range showCorpus(t, tk, client, "o", ordinary) {
		good := true
		for _, p := range places {
			good = assert.Equal(t, ordinary[i].Text, p.value, "%s: an ordinary string changed", p.where) && good
			good = assert.False(t, p.listed, "%s: ordinary %q was flagged", p.where, p.value) && good
		}
		if good {
			okOrdinary++
		}
	}
	t.Logf("hostile %d/%d neutralised or flagged in every place shown, ordinary %d/%d unchanged and unflagged (%d to %d places each: population, application and user data, get, create and list tools)",
		okHostile, len(hostile), okOrdinary, len(ordinary), minPlaces, maxPlaces)
	assert.Equal(t, len(hostile), okHostile)
	assert.Equal(t, len(ordinary), okOrdinary)
}
