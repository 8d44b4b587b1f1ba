package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func idRefs(ids ...string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = map[string]any{"id": id}
	}
	return out
}

func TestCustomRoles(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	coll := env(sb, "roles")
	role := func(name string, perms []string, by ...string) map[string]any {
		return map[string]any{"name": name, "permissions": idRefs(perms...), "canBeAssignedBy": idRefs(by...)}
	}

	r := c.get(coll + "?filter=" + q(`type eq "CUSTOM"`))
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	require.Len(t, r.items("roles"), 1)
	seeded := r.items("roles")[0]
	assert.Equal(t, dm.SandboxAuditorRoleID, seeded["id"])
	assert.Equal(t, "CUSTOM", seeded["type"])
	assert.Equal(t, []any{"ENVIRONMENT", "POPULATION"}, seeded["applicableTo"])

	// What a body must hold, and what it may name.
	r = c.do(http.MethodPost, coll, map[string]any{"name": "Empty"})
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.ElementsMatch(t, []string{"REQUIRED_VALUE permissions", "REQUIRED_VALUE canBeAssignedBy"}, detailPairs(r))
	r = c.do(http.MethodPost, coll, role("Made up", []string{"identity:read:user", "identity:fly:user"}, dm.RoleIDs["Environment Admin"]))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, []string{"INVALID_VALUE permissions[1].id"}, detailPairs(r))
	assert.Contains(t, string(r.Raw), "identity:fly:user")
	r = c.do(http.MethodPost, coll, role("Orphan", []string{"identity:read:user"}, unknownID))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, []string{"INVALID_VALUE canBeAssignedBy[0].id"}, detailPairs(r))
	r = c.do(http.MethodPost, coll, role("environment admin", []string{"identity:read:user"}, dm.RoleIDs["Environment Admin"]))
	require.Equal(t, http.StatusBadRequest, r.Status, "a system role's name is taken")
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION name"}, detailPairs(r))
	r = c.do(http.MethodPost, coll, withMember(role("Scoped", []string{"identity:read:user"}, dm.RoleIDs["Environment Admin"]), "applicableTo", []any{"GALAXY"}))
	require.Equal(t, http.StatusBadRequest, r.Status)

	// canAssign is derived from the other roles' canBeAssignedBy, and a role
	// another one names cannot be deleted.
	r = c.do(http.MethodPost, coll, role("Reviewer", []string{"identity:read:user"}, dm.SandboxAuditorRoleID))
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	reviewer := r.str("id")
	assert.Equal(t, "CUSTOM", r.str("type"))
	auditor := c.get(env(sb, "roles", dm.SandboxAuditorRoleID))
	assert.Equal(t, []any{map[string]any{"id": reviewer}}, auditor.Body["canAssign"])
	r = c.do(http.MethodPut, env(sb, "roles", dm.SandboxAuditorRoleID), withMember(withMember(role("Directory Auditor", []string{"identity:read:user"}, dm.RoleIDs["Environment Admin"]), "type", "PLATFORM"),
		"applicableTo", []any{"ENVIRONMENT", "POPULATION"}))
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "CUSTOM", r.str("type"), "type is read-only")
	r = c.do(http.MethodDelete, env(sb, "roles", dm.SandboxAuditorRoleID), nil)
	require.Equal(t, http.StatusBadRequest, r.Status, "still named by Reviewer, and assigned to jsmith")
	assert.Equal(t, []string{"CONSTRAINT_VIOLATION id"}, detailPairs(r))
	assert.Contains(t, string(r.Raw), "Reviewer")
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "roles", reviewer), nil).Status)
	r = c.do(http.MethodDelete, env(sb, "roles", dm.SandboxAuditorRoleID), nil)
	require.Equal(t, http.StatusBadRequest, r.Status, "still assigned to jsmith")
	assert.Contains(t, string(r.Raw), "role assignment")

	// A custom role is granted like a system role, within its scope types,
	// and only in its own environment.
	grant := func(envID, user, roleID, typ, scope string) resp {
		return c.do(http.MethodPost, env(envID, "users", user, "roleAssignments"),
			map[string]any{"role": map[string]any{"id": roleID}, "scope": map[string]any{"id": scope, "type": typ}})
	}
	r = grant(sb, dm.SandboxUserID, dm.SandboxAuditorRoleID, "POPULATION", dm.SandboxEmployeesPopulationID)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.Contains(t, str(r.Body, "_links.role.href"), "/environments/"+sb+"/roles/"+dm.SandboxAuditorRoleID)
	r = grant(sb, dm.SandboxUserID, dm.SandboxAuditorRoleID, "APPLICATION", dm.SandboxWebAppID)
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, []string{"INVALID_VALUE scope.type"}, detailPairs(r))
	r = grant(dm.AdminEnvironmentID, dm.AdminUserID, dm.SandboxAuditorRoleID, "ENVIRONMENT", dm.AdminEnvironmentID)
	require.Equal(t, http.StatusBadRequest, r.Status, "a custom role of Sandbox is not one of Administrators")
	assert.Equal(t, []string{"INVALID_VALUE role.id"}, detailPairs(r))
}

func TestApplicationRoleAssignments(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	grant := func(app, role string) resp {
		return c.do(http.MethodPost, env(sb, "applications", app, "roleAssignments"),
			map[string]any{"role": map[string]any{"id": dm.RoleIDs[role]}, "scope": map[string]any{"id": sb, "type": "ENVIRONMENT"}})
	}
	r := c.get(env(sb, "applications", dm.SandboxWorkerAppID, "roleAssignments"))
	require.Equal(t, http.StatusOK, r.Status)
	require.Len(t, r.items("roleAssignments"), 1)
	assert.Equal(t, dm.SandboxWorkerAppRoleAssignmentID, r.items("roleAssignments")[0]["id"])
	r = c.get(env(dm.AdminEnvironmentID, "applications", dm.WorkerClientID, "roleAssignments", dm.WorkerRoleAssignmentID))
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "ORGANIZATION", r.str("scope.type"))

	for _, app := range []string{dm.SandboxWebAppID, dm.SandboxSPAAppID, dm.SandboxSAMLAppID} {
		r = grant(app, "Help Desk Admin")
		require.Equal(t, http.StatusBadRequest, r.Status, "only worker applications hold roles")
		assert.Equal(t, []string{"INVALID_VALUE application"}, detailPairs(r))
		assert.Contains(t, string(r.Raw), "WORKER")
	}
	r = grant(dm.SandboxWorkerAppID, "Help Desk Admin")
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	r = grant(dm.SandboxWorkerAppID, "Help Desk Admin")
	require.Equal(t, http.StatusBadRequest, r.Status, "the same role at the same scope twice")
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION role"}, detailPairs(r))
	assert.Contains(t, string(r.Raw), "application already has")
	r = c.get(env(sb, "applications", unknownID, "roleAssignments"))
	assert.Equal(t, http.StatusNotFound, r.Status)

	// Deleting the application takes its role assignments with it.
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "applications", dm.SandboxWorkerAppID), nil).Status)
	assert.False(t, c.stored(keyApplicationRoleAssignments, "", dm.SandboxWorkerAppRoleAssignmentID))
}
