package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGroups(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	groups := env(sb, "groups")

	r := c.get(groups)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Len(t, r.items("groups"), 4)
	for _, g := range r.items("groups") {
		assert.NotNil(t, g["directMemberCounts"])
		assert.Nil(t, g["totalMemberCounts"])
	}
	r = c.get(env(sb, "groups", Demo().SandboxHelpDeskGroupID) + "?include=totalMemberCounts")
	assert.Equal(t, float64(5), r.Body["totalMemberCounts"].(map[string]any)["users"])
	assert.Equal(t, float64(5), r.Body["directMemberCounts"].(map[string]any)["users"])

	for filter, want := range map[string][]string{
		`name eq "admins"`: {"Admins"},
		`name sw "a"`:      {"Admins", "Auditors"},
		`id eq "` + Demo().SandboxEmptyGroupID + `"`:                     {"Auditors"},
		`population.id eq "` + Demo().SandboxEmployeesPopulationID + `"`: {"Engineering"},
		`name eq "Admins" or name eq "Help Desk"`:                        {"Help Desk", "Admins"},
	} {
		got := []string{}
		for _, g := range c.get(groups + "?filter=" + q(filter)).items("groups") {
			got = append(got, g["name"].(string))
		}
		assert.Equal(t, want, got, filter)
	}
	for _, bad := range []string{`description eq "x"`, `name co "a"`, `id sw "a"`, `not (name eq "a")`} {
		assert.Equal(t, []string{"INVALID_FILTER"}, c.get(groups+"?filter="+q(bad)).detailCodes(), bad)
	}
	assert.Equal(t, []string{"OUT_OF_RANGE"}, c.get(groups+"?limit=1001").detailCodes())

	r = c.do("POST", groups, map[string]any{"name": "Ops", "description": "On call", "customData": map[string]any{"costCenter": "42"}, "population": map[string]any{"id": Demo().SandboxContractorsPopulationID}})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	id := r.str("id")
	assert.Equal(t, "42", r.str("customData.costCenter"))
	assert.Equal(t, float64(0), r.Body["directMemberCounts"].(map[string]any)["users"])
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION"}, c.do("POST", groups, map[string]any{"name": "OPS"}).detailCodes())
	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("POST", groups, map[string]any{"description": "x"}).detailCodes())
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("POST", groups, map[string]any{"name": "x", "population": map[string]any{"id": "00000000-0000-4000-8000-000000000000"}}).detailCodes())
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("POST", groups, map[string]any{"name": "x", "userFilter": `bogus eq "x"`}).detailCodes())
	r = c.do("POST", groups, map[string]any{"name": "Dynamic", "userFilter": `enabled eq false`})
	require.Equal(t, http.StatusCreated, r.Status)
	assert.Equal(t, []string{"CONSTRAINT_VIOLATION"}, c.do("POST", env(sb, "users", Demo().SandboxUserID, "memberOfGroups"), map[string]any{"id": r.str("id")}).detailCodes())

	r = c.do("PUT", env(sb, "groups", id), map[string]any{"name": "Operations"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Nil(t, r.Body["customData"], "PUT is a full replace")
	assert.Nil(t, r.Body["population"])
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION"}, c.do("PUT", env(sb, "groups", id), map[string]any{"name": "Admins"}).detailCodes())
	assert.Equal(t, http.StatusNotFound, c.do("PUT", env(sb, "groups", "00000000-0000-4000-8000-000000000000"), map[string]any{"name": "x"}).Status)

	// deleting a group removes its memberships
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", env(sb, "groups", Demo().SandboxAdminsGroupID), nil).Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "groups", Demo().SandboxAdminsGroupID)).Status)
	r = c.get(env(sb, "users", Demo().SandboxUserID) + "?include=memberOfGroupIDs")
	assert.Equal(t, []any{Demo().SandboxEngineeringGroupID}, r.Body["memberOfGroupIDs"])
	assert.Equal(t, http.StatusNotFound, c.do("DELETE", env(sb, "groups", Demo().SandboxAdminsGroupID), nil).Status)
}
