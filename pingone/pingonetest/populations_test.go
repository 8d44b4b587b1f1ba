package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPopulations(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	pops := env(sb, "populations")

	r := c.get(pops)
	require.Equal(t, http.StatusOK, r.Status)
	total := 0.0
	names := []string{}
	for _, p := range r.items("populations") {
		total += p["userCount"].(float64)
		names = append(names, p["name"].(string))
	}
	assert.Equal(t, []string{"Default", "Employees", "Contractors", "Archive"}, names)
	assert.Equal(t, float64(Demo().SandboxUserCount), total)

	for filter, want := range map[string][]string{
		`name eq "employees"`: {"Employees"},
		`name sw "C"`:         {"Contractors"},
		`id eq "` + Demo().SandboxArchivePopulationID + `"`: {"Archive"},
		`name sw "E" or name sw "A"`:                        {"Employees", "Archive"},
	} {
		got := []string{}
		for _, p := range c.get(pops + "?filter=" + q(filter)).items("populations") {
			got = append(got, p["name"].(string))
		}
		assert.Equal(t, want, got, filter)
	}
	for _, bad := range []string{`description eq "x"`, `name co "e"`, `userCount gt 1`} {
		r := c.get(pops + "?filter=" + q(bad))
		assert.Equal(t, []string{"INVALID_FILTER"}, r.detailCodes(), bad)
	}
	// a new population is not the default and has no users
	r = c.do("POST", pops, map[string]any{"name": "Interns", "passwordPolicy": map[string]any{"id": Demo().SandboxBasicPasswordPolicyID}})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	id := r.str("id")
	assert.Equal(t, float64(0), r.Body["userCount"])
	assert.Equal(t, false, r.Body["default"])
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION"}, c.do("PUT", env(sb, "populations", id), map[string]any{"name": "Archive"}).detailCodes())

	// the default population
	assert.Equal(t, []string{"CONSTRAINT_VIOLATION"}, c.do("PUT", env(sb, "populations", Demo().SandboxDefaultPopulationID), map[string]any{"name": "Default", "default": false}).detailCodes())
	r = c.do("PUT", env(sb, "populations", Demo().SandboxDefaultPopulationID), map[string]any{"name": "Everyone"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, true, r.Body["default"])
	r = c.do("DELETE", env(sb, "populations", Demo().SandboxDefaultPopulationID), nil)
	assert.Equal(t, []string{"CONSTRAINT_VIOLATION"}, r.detailCodes())
	assert.Contains(t, r.Body["details"].([]any)[0].(map[string]any)["message"], "default")

	// making another population the default moves the flag
	r = c.do("PUT", env(sb, "populations", id), map[string]any{"name": "Interns", "default": true})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, false, c.get(env(sb, "populations", Demo().SandboxDefaultPopulationID)).Body["default"])
	u := c.do("POST", env(sb, "users"), map[string]any{"username": "intern1", "email": "intern1@example.com"})
	assert.Equal(t, id, u.str("population.id"), "new users land in the default population")
}

// A population's default identity provider: PingOne's directory until one
// is set, a provider of the environment only, kept across a replace of the
// population, and reset by a PUT without an id; the provider cannot be
// deleted while a population names it.
func TestPopulationDefaultIdentityProvider(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	pop := env(sb, "populations", dm.SandboxEmployeesPopulationID)
	at := pop + "/defaultIdentityProvider"

	first := c.get(at)
	require.Equal(t, http.StatusOK, first.Status, string(first.Raw))
	assert.Equal(t, "PING_ONE", first.str("type"))
	assert.Empty(t, first.str("id"))
	assert.Equal(t, c.s.APIURL()+pop, first.str("_links.population.href"))

	set := c.do(http.MethodPut, at, map[string]any{"id": dm.SandboxGoogleIdPID, "type": "IGNORED"})
	require.Equal(t, http.StatusOK, set.Status, string(set.Raw))
	assert.Equal(t, dm.SandboxGoogleIdPID, set.str("id"))
	assert.Equal(t, "GOOGLE", set.str("type"), "the type is the provider's")
	assert.Equal(t, set.Body, c.get(at).Body)
	assert.Equal(t, dm.SandboxGoogleIdPID, c.get(pop).str("defaultIdentityProvider.id"))

	// A replace of the population neither sets nor drops it.
	put := c.do(http.MethodPut, pop, map[string]any{"name": "Employees", "defaultIdentityProvider": map[string]any{"id": dm.SandboxOIDCIdPID}})
	require.Equal(t, http.StatusOK, put.Status, string(put.Raw))
	assert.Equal(t, dm.SandboxGoogleIdPID, c.get(at).str("id"))

	for _, tc := range []struct {
		path string
		body map[string]any
		code int
	}{
		{at, map[string]any{"id": unknownID}, http.StatusBadRequest},
		{at, map[string]any{"id": dm.ProductionFacebookIdPID}, http.StatusBadRequest}, // another environment's
		{at, map[string]any{"id": 7}, http.StatusBadRequest},
		{env(sb, "populations", unknownID, "defaultIdentityProvider"), map[string]any{"id": dm.SandboxGoogleIdPID}, http.StatusNotFound},
	} {
		r := c.do(http.MethodPut, tc.path, tc.body)
		assert.Equal(t, tc.code, r.Status, "%v: %s", tc.body, r.Raw)
	}
	assert.Equal(t, dm.SandboxGoogleIdPID, c.get(at).str("id"), "refused writes change nothing")

	del := c.do(http.MethodDelete, env(sb, "identityProviders", dm.SandboxGoogleIdPID), nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Contains(t, del.Body["details"].([]any)[0].(map[string]any)["message"], "defaultIdentityProvider.id")

	reset := c.do(http.MethodPut, at, map[string]any{})
	require.Equal(t, http.StatusOK, reset.Status, string(reset.Raw))
	assert.Equal(t, "PING_ONE", reset.str("type"))
	assert.Empty(t, reset.str("id"))
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "identityProviders", dm.SandboxGoogleIdPID), nil).Status)
}
