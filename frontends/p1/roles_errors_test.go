package main

import (
	"testing"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// roleErrorCalls are calls of the custom role and role assignment tools
// that must fail, each with a piece of the message the caller gets: the
// error rows of these families for the every-tool tests (toolCalls holds
// the successful ones).
var roleErrorCalls = func() []errorCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	with := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	grantTo := func(arg, id, role, scopeType, scopeID string) map[string]any {
		return with(arg, id, "roleId", role, "scopeType", scopeType, "scopeId", scopeID, "confirm", id)
	}
	return []errorCall{
		{"list_custom_roles", with("filter", `description eq "x"`), "INVALID_FILTER"},
		{"get_custom_role", with("customRoleId", unknownID), "NOT_FOUND"},
		{"create_custom_role", with("name", "Help Desk Admin", "permissions", []string{"identity:read:user"},
			"canBeAssignedBy", []string{d.RoleIDs["Identity Data Admin"]}), "UNIQUENESS_VIOLATION"},
		{"create_custom_role", with("name", "No assigner", "permissions", []string{"identity:read:user"}), `missing required argument "canBeAssignedBy"`},
		{"delete_custom_role", with("customRoleId", d.SandboxAuditorRoleID, "confirm", d.SandboxAuditorRoleID), "cannot be deleted"},
		{"assign_application_role", grantTo("applicationId", d.SandboxSPAAppID, d.RoleIDs["Help Desk Admin"], "ENVIRONMENT", sb), "Only WORKER applications"},
		{"assign_application_role", grantTo("applicationId", d.SandboxWorkerAppID, d.RoleIDs["Identity Data Admin"], "ENVIRONMENT", sb), "already has role"},
		{"assign_application_role", grantTo("applicationId", d.SandboxWorkerAppID, d.RoleIDs["Organization Admin"], "ORGANIZATION", d.OrganizationID),
			"protects administrator roles"},
		{"assign_user_role", grantTo("userId", d.SandboxUserID, d.SandboxAuditorRoleID, "APPLICATION", d.SandboxWebAppID), "cannot be granted at APPLICATION scope"},
		{"assign_group_role", grantTo("groupId", d.SandboxHelpDeskGroupID, d.RoleIDs["Identity Data Read Only"], "ENVIRONMENT", d.AdminEnvironmentID),
			"protects the administrators environment"},
		{"get_application_role_assignment", with("applicationId", d.SandboxWorkerAppID, "roleAssignmentId", unknownID), "NOT_FOUND"},
		{"remove_application_role_assignment", with("applicationId", d.SandboxWorkerAppID, "roleAssignmentId", unknownID, "confirm", d.SandboxWorkerAppID), "NOT_FOUND"},
	}
}()

func TestCLIRoleErrors(t *testing.T) {
	t.Parallel()
	checkCLIErrors(t, roleErrorCalls)
}

func TestProcessMCPRoleErrors(t *testing.T) {
	t.Parallel()
	checkMCPErrors(t, roleErrorCalls)
}
