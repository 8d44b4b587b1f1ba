package pingone_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const roleJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/roles/r-1"}},
 "id":"r-1","name":"Identity Data Admin","description":"Manages users",
 "applicableTo":["ENVIRONMENT","POPULATION"],
 "permissions":[{"id":"core:read:user","classifier":"core:user","description":"Read users"}],
 "type":"PLATFORM"}`

const assignmentJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/users/u-1/roleAssignments/ra-1"}},
 "id":"ra-1","environment":{"id":"env-1"},"role":{"id":"r-1"},
 "scope":{"id":"env-1","type":"ENVIRONMENT"},"readOnly":false,"group":{"id":"g-9"},"gateway":{"id":"gw-1"},
 "futureMember":{"kept":true}}`

const customRoleJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/roles/cr-1"}},
 "id":"cr-1","environment":{"id":"env-1"},"name":"Directory Auditor","description":"Reads the directory",
 "applicableTo":["ENVIRONMENT"],"permissions":[{"id":"identity:read:user"}],
 "canBeAssignedBy":[{"id":"r-1"}],"canAssign":[{"id":"cr-2"}],"type":"CUSTOM",
 "futureMember":{"kept":true}}`

func checkCustomRole(t *testing.T, r *pingone.CustomRole) {
	t.Helper()
	assert.Equal(t, "cr-1", r.ID)
	assert.Equal(t, "env-1", r.Environment.ID)
	assert.Equal(t, "Directory Auditor", r.Name)
	assert.Equal(t, []string{pingone.ScopeEnvironment}, r.ApplicableTo)
	assert.Equal(t, []*pingone.RolePermission{{ID: "identity:read:user"}}, r.Permissions)
	assert.Equal(t, []*pingone.ObjectRef{{ID: "r-1"}}, r.CanBeAssignedBy)
	assert.Equal(t, []*pingone.ObjectRef{{ID: "cr-2"}}, r.CanAssign)
	assert.Equal(t, pingone.RoleTypeCustom, r.Type)
}

func checkRole(t *testing.T, r *pingone.Role) {
	t.Helper()
	assert.Equal(t, "r-1", r.ID)
	assert.Equal(t, pingone.RoleIdentityDataAdmin, r.Name)
	assert.Equal(t, "Manages users", r.Description)
	assert.Equal(t, []string{pingone.ScopeEnvironment, pingone.ScopePopulation}, r.ApplicableTo)
	require.Len(t, r.Permissions, 1)
	assert.Equal(t, &pingone.RolePermission{ID: "core:read:user", Classifier: "core:user", Description: "Read users"}, r.Permissions[0])
	assert.JSONEq(t, `"PLATFORM"`, string(r.Extra["type"]))
}

func checkAssignment(t *testing.T, a *pingone.RoleAssignment) {
	t.Helper()
	assert.Equal(t, "ra-1", a.ID)
	assert.Equal(t, "r-1", a.Role.ID)
	assert.Equal(t, &pingone.RoleAssignmentScope{ID: "env-1", Type: pingone.ScopeEnvironment}, a.Scope)
	assert.Equal(t, pingone.Ptr(false), a.ReadOnly)
	assert.JSONEq(t, `{"id":"g-9"}`, string(a.Extra["group"]))
}

// TestRolesAPI covers the hand-written verbs over roles and role assignments.
func TestRolesAPI(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, out any) { checkAssignment(t, out.(*pingone.RoleAssignment)) }
	runAPICases(t, []apiCase{
		{
			name: "Roles.List", method: http.MethodGet, path: "/roles",
			reply: ok(`{"_embedded":{"roles":[` + roleJSON + `]},"count":1,"size":1}`),
			do:    func(ctx context.Context, c *pingone.Client) (any, error) { return c.Roles.List(ctx) },
			check: func(t *testing.T, out any) {
				roles := out.([]*pingone.Role)
				require.Len(t, roles, 1)
				checkRole(t, roles[0])
			},
		},
		{
			name: "Roles.Get", method: http.MethodGet, path: "/roles/r-1", reply: ok(roleJSON),
			do:    func(ctx context.Context, c *pingone.Client) (any, error) { return c.Roles.Get(ctx, "r-1") },
			check: func(t *testing.T, out any) { checkRole(t, out.(*pingone.Role)) },
		},
		{
			name: "Users.ListRoleAssignments", method: http.MethodGet, path: "/environments/env-1/users/u-1/roleAssignments",
			reply: ok(`{"_embedded":{"roleAssignments":[` + assignmentJSON + `]},"count":1,"size":1}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.ListRoleAssignments(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) {
				list := out.([]*pingone.RoleAssignment)
				require.Len(t, list, 1)
				checkAssignment(t, list[0])
			},
		},
		{
			name: "Users.GetRoleAssignment", method: http.MethodGet, path: "/environments/env-1/users/u-1/roleAssignments/ra-1",
			reply: ok(assignmentJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.GetRoleAssignment(ctx, envID, "u-1", "ra-1")
			},
			check: check,
		},
		{
			name: "Users.CreateRoleAssignment", method: http.MethodPost, path: "/environments/env-1/users/u-1/roleAssignments",
			reply: created(assignmentJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.CreateRoleAssignment(ctx, envID, "u-1", &pingone.RoleAssignment{
					Role: pingone.Ref("r-1"), Scope: &pingone.RoleAssignmentScope{ID: "env-1", Type: pingone.ScopeEnvironment},
				})
			},
			wantCT:   "application/json",
			wantBody: `{"role":{"id":"r-1"},"scope":{"id":"env-1","type":"ENVIRONMENT"}}`,
			check:    check,
		},
		{
			name: "Applications.CreateRoleAssignment", method: http.MethodPost, path: "/environments/env-1/applications/a-1/roleAssignments",
			reply: created(assignmentJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Applications.CreateRoleAssignment(ctx, envID, "a-1", &pingone.RoleAssignment{
					Role: pingone.Ref("r-1"), Scope: &pingone.RoleAssignmentScope{ID: "env-1", Type: pingone.ScopeEnvironment},
				})
			},
			wantCT:   "application/json",
			wantBody: `{"role":{"id":"r-1"},"scope":{"id":"env-1","type":"ENVIRONMENT"}}`,
			check:    check,
		},
		{
			name: "CustomRoles.Create", method: http.MethodPost, path: "/environments/env-1/roles",
			reply: created(customRoleJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.CustomRoles.Create(ctx, envID, &pingone.CustomRole{
					RoleDefinition:  pingone.RoleDefinition{Name: "Directory Auditor", Permissions: []*pingone.RolePermission{{ID: "identity:read:user"}}},
					CanBeAssignedBy: []*pingone.ObjectRef{{ID: "r-1"}}, CanAssign: []*pingone.ObjectRef{{ID: "cr-2"}}, Type: pingone.RoleTypeCustom,
				})
			},
			wantCT:   "application/json",
			wantBody: `{"name":"Directory Auditor","permissions":[{"id":"identity:read:user"}],"canBeAssignedBy":[{"id":"r-1"}]}`,
			check:    func(t *testing.T, out any) { checkCustomRole(t, out.(*pingone.CustomRole)) },
		},
		{
			name: "Users.DeleteRoleAssignment", method: http.MethodDelete, path: "/environments/env-1/users/u-1/roleAssignments/ra-1",
			reply: noContent(),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.Users.DeleteRoleAssignment(ctx, envID, "u-1", "ra-1")
			},
		},
	})
}

func TestRolesListFollowsPages(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.onFunc(http.MethodGet, "/roles", func(req *http.Request) reply {
		if req.URL.Query().Get("cursor") == "" {
			return ok(`{"_embedded":{"roles":[{"id":"a","name":"Organization Admin"}]},"_links":{"next":{"href":"` + apiBase + `/roles?cursor=p2"}}}`)
		}
		return ok(`{"_embedded":{"roles":[{"id":"b","name":"Environment Admin"}]}}`)
	})
	roles, err := c.Roles.List(t.Context())
	require.NoError(t, err)
	require.Len(t, roles, 2)
	assert.Equal(t, []string{"a", "b"}, []string{roles[0].ID, roles[1].ID})
	assert.Equal(t, 2, f.count())
}

func TestCreateRoleAssignmentReadOnlyAndChecks(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodPost, "/environments/env-1/users/u-1/roleAssignments", created(assignmentJSON))
	var back pingone.RoleAssignment
	require.NoError(t, json.Unmarshal([]byte(assignmentJSON), &back))
	// Sending back what PingOne returned drops its read-only members.
	_, err := c.Users.CreateRoleAssignment(t.Context(), envID, "u-1", &back)
	require.NoError(t, err)
	var sent map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(f.last().Body, &sent))
	for _, ro := range []string{"id", "readOnly", "group", "environment", "_links"} {
		assert.NotContains(t, sent, ro)
	}
	assert.JSONEq(t, `{"id":"r-1"}`, string(sent["role"]))

	n := f.count()
	for _, bad := range []*pingone.RoleAssignment{
		nil,
		{Scope: &pingone.RoleAssignmentScope{ID: "env-1", Type: pingone.ScopeEnvironment}},
		{Role: pingone.Ref("r-1")},
		{Role: pingone.Ref("r-1"), Scope: &pingone.RoleAssignmentScope{ID: "env-1"}},
	} {
		_, err := c.Users.CreateRoleAssignment(t.Context(), envID, "u-1", bad)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "CreateRoleAssignment")
	}
	assert.Equal(t, n, f.count(), "an incomplete assignment is refused before any request")
}
