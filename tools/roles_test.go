package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func writeKit(t *testing.T) (*tools.Toolkit, *pingonetest.Server) {
	t.Helper()
	return newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
}

func TestRoleTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID

	out, terr := call(t, tk, "list_roles", map[string]any{})
	require.Nil(t, terr)
	roles := out["roles"].([]any)
	require.Len(t, roles, len(demo.RoleIDs))
	byName := map[string]map[string]any{}
	for _, r := range roles {
		m := r.(map[string]any)
		byName[m["name"].(string)] = m
	}
	assert.Equal(t, demo.RoleIDs["Organization Admin"], byName["Organization Admin"]["id"])
	assert.Equal(t, []any{"ORGANIZATION"}, byName["Organization Admin"]["applicableTo"])
	assert.NotEmpty(t, byName["Identity Data Admin"]["description"])

	out, terr = call(t, tk, "get_role", map[string]any{"roleId": demo.RoleIDs["Help Desk Admin"]})
	require.Nil(t, terr)
	role := out["role"].(map[string]any)
	assert.Equal(t, "Help Desk Admin", role["name"])
	assert.NotEmpty(t, role["permissions"], "get_role shows what the role allows")
	_, terr = call(t, tk, "get_role", map[string]any{"roleId": "00000000-0000-4000-8000-000000000000"})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)

	user := map[string]any{"environmentId": sb, "userId": demo.SandboxUserID}
	out, terr = call(t, tk, "list_user_role_assignments", user)
	require.Nil(t, terr)
	list := out["roleAssignments"].([]any)
	require.Len(t, list, 1)
	assert.Equal(t, map[string]any{
		"id": demo.SandboxUserRoleAssignmentID, "roleId": demo.RoleIDs["Identity Data Admin"], "roleName": "Identity Data Admin",
		"scopeType": "ENVIRONMENT", "scopeId": sb,
	}, list[0])

	grant := map[string]any{"environmentId": sb, "userId": demo.SandboxUserID,
		"roleId": demo.RoleIDs["Help Desk Admin"], "scopeType": "POPULATION", "scopeId": demo.SandboxContractorsPopulationID,
		"confirm": "jdoe"}
	out, terr = call(t, tk, "assign_user_role", grant)
	require.Nil(t, terr)
	a := out["roleAssignment"].(map[string]any)
	assert.Equal(t, "Help Desk Admin", a["roleName"])
	assert.Equal(t, "POPULATION", a["scopeType"])
	assert.Equal(t, demo.SandboxContractorsPopulationID, a["scopeId"])
	id := a["id"].(string)

	_, terr = call(t, tk, "assign_user_role", grant)
	require.NotNil(t, terr, "a duplicate grant is refused")
	assert.Equal(t, tools.KindAPI, terr.Kind)
	assert.Contains(t, terr.Message, "already has role")

	bad := map[string]any{"environmentId": sb, "userId": demo.SandboxUserID, "confirm": "jdoe",
		"roleId": demo.RoleIDs["Identity Data Read Only"], "scopeType": "ORGANIZATION", "scopeId": demo.OrganizationID}
	_, terr = call(t, tk, "assign_user_role", bad)
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "scope.type", "the message names the field to fix")

	bad["scopeType"] = "GROUP"
	_, terr = call(t, tk, "assign_user_role", bad)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindInvalidArguments, terr.Kind)
	assert.Contains(t, terr.Message, "scopeType")

	out, terr = call(t, tk, "list_user_role_assignments", user)
	require.Nil(t, terr)
	assert.Len(t, out["roleAssignments"], 2)

	rm := map[string]any{"environmentId": sb, "userId": demo.SandboxUserID, "roleAssignmentId": id, "confirm": demo.SandboxUserID}
	out, terr = call(t, tk, "remove_user_role_assignment", rm)
	require.Nil(t, terr)
	assert.Equal(t, map[string]any{"deleted": true, "id": id}, out)
	_, terr = call(t, tk, "remove_user_role_assignment", rm)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)
}

func TestRoleGrantInProductionIsGuarded(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	_, terr := call(t, tk, "assign_user_role", map[string]any{"environmentId": demo.ProductionEnvironmentID, "userId": demo.SandboxUserID,
		"roleId": demo.RoleIDs["Environment Admin"], "scopeType": "ENVIRONMENT", "scopeId": demo.ProductionEnvironmentID})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindDenied, terr.Kind)
	assert.Empty(t, writes(srv))
}

// Group role assignments have the users' shape and the same argument
// rules: the Grant fact reaches every new way of granting a role.
func TestGroupRoleTools(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	group := map[string]any{"environmentId": sb, "groupId": demo.SandboxAdminsGroupID}

	out, terr := call(t, tk, "list_group_role_assignments", group)
	require.Nil(t, terr)
	assert.Equal(t, demo.SandboxAdminsGroupID, out["groupId"])
	assert.Equal(t, []any{map[string]any{
		"id": demo.SandboxAdminsGroupRoleAssignmentID, "roleId": demo.RoleIDs["Environment Admin"], "roleName": "Environment Admin",
		"scopeType": "ENVIRONMENT", "scopeId": sb,
	}}, out["roleAssignments"])

	grant := map[string]any{"environmentId": sb, "groupId": demo.SandboxAdminsGroupID, "confirm": "Admins",
		"roleId": demo.RoleIDs["Help Desk Admin"], "scopeType": "POPULATION", "scopeId": demo.SandboxEmployeesPopulationID}
	out, terr = call(t, tk, "assign_group_role", grant)
	require.Nil(t, terr)
	a := out["roleAssignment"].(map[string]any)
	assert.Equal(t, "Help Desk Admin", a["roleName"])
	_, terr = call(t, tk, "assign_group_role", grant)
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "already has role")

	one := map[string]any{"environmentId": sb, "groupId": demo.SandboxAdminsGroupID, "roleAssignmentId": a["id"]}
	out, terr = call(t, tk, "get_group_role_assignment", one)
	require.Nil(t, terr)
	assert.Equal(t, a, out["roleAssignment"])

	before := len(writes(srv))
	for name, args := range map[string]map[string]any{
		"a protected role":                         {"roleId": demo.RoleIDs["Environment Admin"], "scopeType": "ENVIRONMENT", "scopeId": demo.StagingEnvironmentID},
		"scoped to the administrators environment": {"roleId": demo.RoleIDs["Identity Data Read Only"], "scopeType": "ENVIRONMENT", "scopeId": demo.AdminEnvironmentID},
	} {
		args["environmentId"], args["groupId"], args["confirm"] = sb, demo.SandboxAdminsGroupID, "Admins"
		_, terr := call(t, tk, "assign_group_role", args)
		require.NotNil(t, terr, name)
		assert.Equal(t, tools.KindDenied, terr.Kind, name)
	}
	assert.Len(t, writes(srv), before, "nothing was sent to PingOne")

	// A non-admin role for an administrator is still possible: the rules
	// refuse roles and scopes, not people.
	_, terr = call(t, tk, "assign_user_role", map[string]any{"environmentId": sb, "userId": demo.SandboxUserID, "confirm": "jdoe",
		"roleId": demo.RoleIDs["Configuration Read Only"], "scopeType": "ENVIRONMENT", "scopeId": sb})
	require.Nil(t, terr)

	one["confirm"] = "Admins"
	out, terr = call(t, tk, "remove_group_role_assignment", one)
	require.Nil(t, terr)
	assert.Equal(t, true, out["deleted"])
	delete(one, "confirm")
	_, terr = call(t, tk, "get_group_role_assignment", one)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)
}
