package tools_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// firstUser is the id of a user of the demo sandbox.
func firstUser(t *testing.T, tk *tools.Toolkit) (env, user string) {
	env = pingonetest.Demo().SandboxEnvironmentID
	list, te := call(t, tk, "list_users", map[string]any{"environmentId": env, "limit": 1})
	require.Nil(t, te)
	return env, list["users"].([]any)[0].(map[string]any)["id"].(string)
}

// TestResultsDropLinks: a get_* answer leaves PingOne's HAL _links out by
// default and keeps everything else; output.links keeps them, and a link
// named after a secret is a link, not a redacted secret.
func TestResultsDropLinks(t *testing.T) {
	t.Parallel()
	slim, _ := newKit(t, tools.Config{})
	env, user := firstUser(t, slim)
	args := map[string]any{"environmentId": env, "userId": user}
	got, te := call(t, slim, "get_user", args)
	require.Nil(t, te)

	full, _ := newKit(t, tools.Config{Output: tools.OutputPolicy{Links: true}})
	env2, user2 := firstUser(t, full)
	want, te := call(t, full, "get_user", map[string]any{"environmentId": env2, "userId": user2})
	require.Nil(t, te)

	slimRaw, _ := json.Marshal(got)
	fullRaw, _ := json.Marshal(want)
	t.Logf("get_user: %d bytes with links, %d without (%.0f%% smaller)", len(fullRaw), len(slimRaw), 100-100*float64(len(slimRaw))/float64(len(fullRaw)))
	u, w := got["user"].(map[string]any), want["user"].(map[string]any)
	assert.NotContains(t, u, "_links")
	links, ok := w["_links"].(map[string]any)
	require.True(t, ok, "output.links keeps the links")
	for name, l := range links {
		assert.NotEqual(t, tools.RedactedPlaceholder, l.(map[string]any)["href"], "the %s link is a URL, not a secret", name)
	}
	delete(w, "_links")
	assert.Equal(t, w, u, "nothing but the links is left out")
}
