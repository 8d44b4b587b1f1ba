package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIResources(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	coll := env(sb, "resources")

	require.Len(t, c.get(coll).items("resources"), 3)
	r := c.do(http.MethodPost, coll, map[string]any{"name": "Orders API"})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.Equal(t, "CUSTOM", r.str("type"))
	assert.Equal(t, "Orders API", r.str("audience"), "the audience defaults to the name")
	assert.Equal(t, float64(3600), r.Body["accessTokenValiditySeconds"])
	id := r.str("id")

	for _, tc := range []struct {
		name   string
		body   map[string]any
		detail string
	}{
		{"built-in type", map[string]any{"name": "Mine", "type": "PINGONE_API"}, "INVALID_VALUE"},
		{"unknown type", map[string]any{"name": "Mine", "type": "REST"}, "INVALID_VALUE"},
		{"PingOne audience", map[string]any{"name": "Mine", "audience": "https://api.PingOne.com/mine"}, "INVALID_VALUE"},
		{"token too short", map[string]any{"name": "Mine", "accessTokenValiditySeconds": 60}, "OUT_OF_RANGE"},
		{"taken name", map[string]any{"name": "payroll api"}, "UNIQUENESS_VIOLATION"},
	} {
		assert.Equal(t, []string{tc.detail}, c.do(http.MethodPost, coll, tc.body).detailCodes(), tc.name)
	}

	assert.Equal(t, []string{"INVALID_VALUE"}, c.do(http.MethodPut, env(sb, "resources", id), map[string]any{"name": "Orders", "type": "OPENID_CONNECT"}).detailCodes(),
		"the type of a resource stays")
	r = c.do(http.MethodPut, env(sb, "resources", dm.SandboxOpenIDResourceID), map[string]any{"name": "openid", "description": "renamed scopes"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "OPENID_CONNECT", r.str("type"), "a replace without type keeps it")

	for _, builtIn := range []string{dm.SandboxOpenIDResourceID, dm.SandboxPingOneAPIResourceID} {
		del := c.do(http.MethodDelete, env(sb, "resources", builtIn), nil)
		assert.Equal(t, http.StatusBadRequest, del.Status, "built-in resources stay")
		assert.Equal(t, http.StatusOK, c.get(env(sb, "resources", builtIn)).Status)
	}
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "resources", id), nil).Status)
}
