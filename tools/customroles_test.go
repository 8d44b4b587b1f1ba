package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func TestCustomRoleTools(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID

	out, te := call(t, tk, "list_custom_roles", map[string]any{"environmentId": sb, "filter": `type eq "CUSTOM"`})
	require.Nil(t, te, "%v", te)
	rows := out["customRoles"].([]any)
	require.Len(t, rows, 1)
	assert.Equal(t, map[string]any{"id": d.SandboxAuditorRoleID, "name": "Directory Auditor", "type": "CUSTOM",
		"description": "Reads users, groups and populations for access reviews", "applicableTo": []any{"ENVIRONMENT", "POPULATION"},
		"permissions": []any{"identity:read:user", "identity:read:group", "identity:read:population"}}, rows[0])

	out, te = call(t, tk, "create_custom_role", map[string]any{"environmentId": sb, "name": "Group Reader",
		"permissions": []any{"identity:read:group"}, "canBeAssignedBy": []any{d.RoleIDs["Identity Data Admin"], d.SandboxAuditorRoleID}})
	require.Nil(t, te, "%v", te)
	role := out["customRole"].(map[string]any)
	id := role["id"].(string)
	assert.Equal(t, []any{map[string]any{"id": "identity:read:group"}}, role["permissions"], "ids are sent as PingOne's references")
	assert.Len(t, role["canBeAssignedBy"], 2)

	out, te = call(t, tk, "update_custom_role", map[string]any{"environmentId": sb, "customRoleId": id, "description": "Reads groups"})
	require.Nil(t, te, "%v", te)
	role = out["customRole"].(map[string]any)
	assert.Equal(t, "Reads groups", role["description"])
	assert.Equal(t, []any{map[string]any{"id": "identity:read:group"}}, role["permissions"], "what is not given is kept")
	assert.Len(t, role["canBeAssignedBy"], 2)

	out, te = call(t, tk, "get_custom_role", map[string]any{"environmentId": sb, "customRoleId": d.SandboxAuditorRoleID})
	require.Nil(t, te)
	assert.Equal(t, []any{map[string]any{"id": id}}, out["customRole"].(map[string]any)["canAssign"], "derived from Group Reader's canBeAssignedBy")

	_, te = call(t, tk, "create_custom_role", map[string]any{"environmentId": sb, "name": "Nothing", "permissions": []any{}, "canBeAssignedBy": []any{d.RoleIDs["Identity Data Admin"]}})
	require.NotNil(t, te, "at least one permission")
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
	_, te = call(t, tk, "create_custom_role", map[string]any{"environmentId": sb, "name": "Flyer", "permissions": []any{"identity:fly:user"},
		"canBeAssignedBy": []any{d.RoleIDs["Identity Data Admin"]}})
	require.NotNil(t, te, "PingOne refuses a permission it does not define")
	assert.Contains(t, te.Message, "identity:fly:user")

	// Deleting: confirmed by name; refused by PingOne while assigned.
	_, te = call(t, tk, "delete_custom_role", map[string]any{"environmentId": sb, "customRoleId": d.SandboxAuditorRoleID, "confirm": "Directory Auditor"})
	require.NotNil(t, te)
	assert.Contains(t, te.Message, "cannot be deleted")
	srv.ResetRequests()
	_, te = call(t, tk, "delete_custom_role", map[string]any{"environmentId": sb, "customRoleId": id})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNeedsConfirmation, te.Kind)
	assert.Empty(t, writes(srv))
	_, te = call(t, tk, "delete_custom_role", map[string]any{"environmentId": sb, "customRoleId": id, "confirm": "Group Reader"})
	require.Nil(t, te, "%v", te)
}

// TestCustomRoleProtectedPermissions: a custom role carrying a permission
// only a protected role carries is neither defined nor granted through
// p1kit, whoever defined it; one without is granted like any role.
func TestCustomRoleProtectedPermissions(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	srv := pingonetest.NewTestServer(t)
	client, _ := contract.ClientWith(t, srv)
	kit := func(rules tools.Rules) *tools.Toolkit {
		tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: writable, Rules: rules})
		require.NoError(t, err)
		return tk
	}
	// Defined where the rule is off (as in the admin console).
	out, te := call(t, kit(tools.Rules{AllowProtectedRoles: true}), "create_custom_role", map[string]any{"environmentId": sb, "name": "Shadow Admin",
		"permissions": []any{"identity:read:user", "authz:create:roleAssignment"}, "canBeAssignedBy": []any{d.RoleIDs["Environment Admin"]}})
	require.Nil(t, te, "%v", te)
	shadow := out["customRole"].(map[string]any)["id"].(string)

	tk := kit(tools.Rules{})
	srv.ResetRequests()
	for _, c := range []struct{ tool, arg, id, confirm string }{
		{"assign_user_role", "userId", d.SandboxUserID, "jdoe"},
		{"assign_group_role", "groupId", d.SandboxHelpDeskGroupID, "Help Desk"},
		{"assign_application_role", "applicationId", d.SandboxWorkerAppID, "Directory Sync"},
	} {
		_, te = call(t, tk, c.tool, map[string]any{"environmentId": sb, c.arg: c.id, "roleId": shadow,
			"scopeType": "ENVIRONMENT", "scopeId": sb, "confirm": c.confirm})
		require.NotNil(t, te, c.tool)
		assert.Equal(t, tools.KindDenied, te.Kind, c.tool)
		assert.Contains(t, te.Message, `custom role "Shadow Admin" (id `+shadow+`) include "authz:create:roleAssignment", which only the protected role`, c.tool)
	}
	_, te = call(t, tk, "update_custom_role", map[string]any{"environmentId": sb, "customRoleId": d.SandboxAuditorRoleID,
		"permissions": []any{"identity:read:user", "orgmgt:delete:environment"}})
	require.NotNil(t, te)
	assert.Contains(t, te.Message, `the permissions given include "orgmgt:delete:environment"`)
	assert.Empty(t, writes(srv), "nothing refused reached PingOne")

	// A custom role of another environment cannot be read here: refused
	// rather than granted unchecked.
	_, te = call(t, tk, "assign_user_role", map[string]any{"environmentId": d.StagingEnvironmentID, "userId": d.SandboxUserID,
		"roleId": d.SandboxAuditorRoleID, "scopeType": "ENVIRONMENT", "scopeId": d.StagingEnvironmentID, "confirm": d.SandboxUserID})
	require.NotNil(t, te)
	assert.Contains(t, te.Message, "could not read the name of role "+d.SandboxAuditorRoleID)

	// Permissions the unprotected roles share stay grantable, and so does
	// the custom role that carries them, to an administrator too.
	out, te = call(t, tk, "assign_user_role", map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "roleId": d.SandboxAuditorRoleID,
		"scopeType": "ENVIRONMENT", "scopeId": sb, "confirm": "jdoe"})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "Directory Auditor", out["roleAssignment"].(map[string]any)["roleName"])
	out, te = call(t, tk, "list_user_role_assignments", map[string]any{"environmentId": sb, "userId": d.SandboxUserID})
	require.Nil(t, te)
	var names []any
	for _, a := range out["roleAssignments"].([]any) {
		names = append(names, a.(map[string]any)["roleName"])
	}
	assert.ElementsMatch(t, []any{"Identity Data Admin", "Directory Auditor"}, names, "custom roles are named in lists too")
}

// TestWhoHoldsAdminRolesCoversApplications: the admin review names the
// worker applications holding roles, and custom roles by name.
func TestWhoHoldsAdminRolesCoversApplications(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	out, te := call(t, tk, "who_holds_admin_roles", map[string]any{"environmentId": d.SandboxEnvironmentID})
	require.Nil(t, te, "%v", te)
	var got []string
	for _, h := range out["holders"].([]any) {
		h := h.(map[string]any)
		got = append(got, h["kind"].(string)+" "+h["name"].(string)+" "+h["role"].(string))
	}
	assert.Equal(t, []string{
		"user jdoe Identity Data Admin", "user jsmith Directory Auditor",
		"group Admins Environment Admin",
		"application Directory Sync Identity Data Admin",
	}, got, "users, then groups, then applications; custom roles by name")
	assert.EqualValues(t, 2, out["users"])
	assert.EqualValues(t, 1, out["groups"])
	assert.EqualValues(t, 1, out["applications"])
	assert.EqualValues(t, 4, out["assignments"])
}
