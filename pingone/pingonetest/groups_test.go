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
	assert.Len(t, r.items("groups"), 5)
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

	r = c.do("POST", groups, map[string]any{"name": "Ops", "customData": map[string]any{"costCenter": "42"}, "population": map[string]any{"id": Demo().SandboxContractorsPopulationID}})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	id := r.str("id")
	assert.Equal(t, "42", r.str("customData.costCenter"))
	assert.Equal(t, float64(0), r.Body["directMemberCounts"].(map[string]any)["users"])
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("POST", groups, map[string]any{"name": "x", "population": map[string]any{"id": "00000000-0000-4000-8000-000000000000"}}).detailCodes())
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("POST", groups, map[string]any{"name": "x", "userFilter": `bogus eq "x"`}).detailCodes())
	r = c.do("POST", groups, map[string]any{"name": "Dynamic", "userFilter": `enabled eq false`})
	require.Equal(t, http.StatusCreated, r.Status)
	assert.Equal(t, []string{"CONSTRAINT_VIOLATION"}, c.do("POST", env(sb, "users", Demo().SandboxUserID, "memberOfGroups"), map[string]any{"id": r.str("id")}).detailCodes())

	assert.Equal(t, []string{"UNIQUENESS_VIOLATION"}, c.do("PUT", env(sb, "groups", id), map[string]any{"name": "Admins"}).detailCodes())

	// a group with members is scoped to a population only if they all are in it
	r = c.do("PUT", env(sb, "groups", Demo().SandboxAdminsGroupID), map[string]any{"name": "Admins", "population": map[string]any{"id": Demo().SandboxArchivePopulationID}})
	assert.Equal(t, []string{"CONSTRAINT_VIOLATION"}, r.detailCodes())
	r = c.do("PUT", env(sb, "groups", Demo().SandboxEmptyGroupID), map[string]any{"name": "Auditors", "population": map[string]any{"id": Demo().SandboxArchivePopulationID}})
	assert.Equal(t, http.StatusOK, r.Status, string(r.Raw))

	// deleting a group removes its memberships
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", env(sb, "groups", Demo().SandboxAdminsGroupID), nil).Status)
	r = c.get(env(sb, "users", Demo().SandboxUserID) + "?include=memberOfGroupIDs")
	assert.Equal(t, []any{Demo().SandboxEngineeringGroupID}, r.Body["memberOfGroupIDs"])
	assert.Equal(t, float64(0), c.get(env(sb, "users") + "?filter=" + q(`memberOfGroups[id eq "`+Demo().SandboxAdminsGroupID+`"]`)).Body["count"])
}
