package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoles(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	r := c.get("/roles")
	require.Equal(t, http.StatusOK, r.Status)
	byName := map[string]map[string]any{}
	for _, role := range r.items("roles") {
		byName[role["name"].(string)] = role
	}
	require.Len(t, byName, len(Demo().RoleIDs))
	for name, id := range Demo().RoleIDs {
		assert.Equal(t, id, byName[name]["id"], name)
	}
	assert.Equal(t, []any{"ORGANIZATION"}, byName["Organization Admin"]["applicableTo"])
	assert.Equal(t, []any{"ORGANIZATION", "ENVIRONMENT"}, byName["Environment Admin"]["applicableTo"])
	assert.Equal(t, []any{"ENVIRONMENT", "POPULATION"}, byName["Identity Data Admin"]["applicableTo"])
	for name, role := range byName {
		perms, _ := role["permissions"].([]any)
		require.NotEmpty(t, perms, "%s lists its permissions, as PingOne's role list does", name)
		for _, p := range perms {
			p := p.(map[string]any)
			assert.NotEmpty(t, p["id"], name)
			assert.Equal(t, p["id"], p["classifier"], name)
			assert.NotEmpty(t, p["description"], name)
		}
	}
	assert.Contains(t, byName["Identity Data Read Only"]["permissions"], map[string]any{"id": "identity:read:user", "classifier": "identity:read:user", "description": "Read user"})

	r = c.get("/roles/" + Demo().RoleIDs["Client Application Developer"])
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "Client Application Developer", r.str("name"))
	assert.NotEmpty(t, r.Body["permissions"], "get carries the permissions too")

	// The system roles exist in a blank organisation too, with the same ids.
	blank := newClient(t, WithoutDemoTenant())
	r = blank.get("/roles/" + Demo().RoleIDs["Organization Admin"])
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "Organization Admin", r.str("name"))
}

func TestUserRoleAssignments(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	user := Demo().SandboxUserID
	path := env(sb, "users", user, "roleAssignments")
	unknown := "00000000-0000-4000-8000-000000000000"

	r := c.get(path)
	require.Equal(t, http.StatusOK, r.Status)
	require.Len(t, r.items("roleAssignments"), 1)
	seeded := r.items("roleAssignments")[0]
	assert.Equal(t, Demo().SandboxUserRoleAssignmentID, seeded["id"])
	assert.Equal(t, Demo().RoleIDs["Identity Data Admin"], str(seeded, "role.id"))
	assert.Equal(t, "ENVIRONMENT", str(seeded, "scope.type"))
	assert.Equal(t, sb, str(seeded, "scope.id"))
	r = c.get(env(Demo().AdminEnvironmentID, "users", Demo().AdminUserID, "roleAssignments", Demo().AdminUserRoleAssignmentID))
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, Demo().OrganizationID, r.str("scope.id"))

	grant := func(role, typ, id string) resp {
		return c.do(http.MethodPost, path, map[string]any{"role": map[string]any{"id": role}, "scope": map[string]any{"id": id, "type": typ}})
	}
	r = grant(Demo().RoleIDs["Identity Data Read Only"], "POPULATION", Demo().SandboxEmployeesPopulationID)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	id := r.str("id")
	assert.NotEmpty(t, r.Header.Get("Location"))
	assert.Equal(t, false, r.Body["readOnly"])
	r = grant(Demo().RoleIDs["Application Owner"], "APPLICATION", Demo().SandboxWebAppID)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	r = grant(Demo().RoleIDs["Environment Admin"], "ORGANIZATION", Demo().OrganizationID)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.Len(t, c.get(path).items("roleAssignments"), 4)

	for name, tc := range map[string]struct {
		r      resp
		target string
		code   string
	}{
		"duplicate":          {grant(Demo().RoleIDs["Identity Data Read Only"], "POPULATION", Demo().SandboxEmployeesPopulationID), "role", "UNIQUENESS_VIOLATION"},
		"unknown role":       {grant(unknown, "ENVIRONMENT", sb), "role.id", "INVALID_VALUE"},
		"scope not allowed":  {grant(Demo().RoleIDs["Organization Admin"], "ENVIRONMENT", sb), "scope.type", "INVALID_VALUE"},
		"unknown env":        {grant(Demo().RoleIDs["Identity Data Admin"], "ENVIRONMENT", unknown), "scope.id", "INVALID_VALUE"},
		"unknown population": {grant(Demo().RoleIDs["Identity Data Admin"], "POPULATION", unknown), "scope.id", "INVALID_VALUE"},
		"unknown app":        {grant(Demo().RoleIDs["Application Owner"], "APPLICATION", unknown), "scope.id", "INVALID_VALUE"},
		"other organization": {grant(Demo().RoleIDs["Organization Admin"], "ORGANIZATION", unknown), "scope.id", "INVALID_VALUE"},
	} {
		assert.Equal(t, http.StatusBadRequest, tc.r.Status, name)
		assert.Equal(t, "INVALID_DATA", tc.r.str("code"), name)
		require.NotEmpty(t, tc.r.Body["details"], name)
		d := tc.r.Body["details"].([]any)[0].(map[string]any)
		assert.Equal(t, tc.code, d["code"], name)
		assert.Equal(t, tc.target, d["target"], name)
	}
	r = c.do(http.MethodPost, env(sb, "users", unknown, "roleAssignments"), map[string]any{"role": map[string]any{"id": Demo().RoleIDs["Identity Data Admin"]}, "scope": map[string]any{"id": sb, "type": "ENVIRONMENT"}})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "users", unknown, "roleAssignments")).Status)

	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, path+"/"+id, nil).Status)
	assert.Len(t, c.get(path).items("roleAssignments"), 3)
}

func TestUserMFADevices(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	path := env(sb, "users", Demo().SandboxMFAUserID, "devices")

	r := c.get(path)
	require.Equal(t, http.StatusOK, r.Status)
	devs := r.items("devices")
	require.Len(t, devs, 3)
	var types, statuses []string
	for i, d := range devs {
		assert.Equal(t, Demo().SandboxMFADeviceIDs[i], d["id"])
		assert.Equal(t, Demo().SandboxMFAUserID, str(d, "user.id"))
		types = append(types, d["type"].(string))
		statuses = append(statuses, d["status"].(string))
	}
	assert.Equal(t, []string{"SMS", "EMAIL", "TOTP"}, types)
	assert.Equal(t, []string{"ACTIVE", "ACTIVE", "ACTIVATION_REQUIRED"}, statuses)
	assert.Len(t, c.get(env(sb, "users", Demo().SandboxMFAOtherUserID, "devices")).items("devices"), 2)
	assert.Empty(t, c.get(env(sb, "users", Demo().SandboxUserID, "devices")).items("devices"))

	r = c.get(path + "/" + Demo().SandboxMFADeviceIDs[0])
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "+15550100004", r.str("phone"))
}
