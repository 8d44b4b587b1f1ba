package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/tools"
)

func TestNamesResolve(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{ResolveNames: true, DefaultEnvironment: "Sandbox"})
	d := srv.Demo()

	// The default environment, given by name, fills environmentId.
	out, te := call(t, tk, "list_users", map[string]any{"limit": 2})
	require.Nil(t, te)
	assert.Len(t, out["users"], 2)

	for _, tc := range []struct {
		tool string
		args map[string]any
		want map[string]string // result member → id
	}{
		{"get_population", map[string]any{"populationId": "Employees"}, map[string]string{"population": d.SandboxEmployeesPopulationID}},
		{"get_group", map[string]any{"groupId": "Help Desk"}, map[string]string{"group": d.SandboxHelpDeskGroupID}},
		{"get_application", map[string]any{"applicationId": "HR Portal"}, map[string]string{"": d.SandboxWebAppID}}, // the application itself
		{"get_user", map[string]any{"userId": "jdoe"}, map[string]string{"user": d.SandboxUserID}},
		{"get_environment", map[string]any{"environmentId": "Staging"}, map[string]string{"environment": d.StagingEnvironmentID}},
		{"get_role", map[string]any{"roleId": "Environment Admin"}, map[string]string{"role": d.RoleIDs["Environment Admin"]}},
		// An id stays as it is.
		{"get_population", map[string]any{"populationId": d.SandboxContractorsPopulationID}, map[string]string{"population": d.SandboxContractorsPopulationID}},
	} {
		out, te := call(t, tk, tc.tool, tc.args)
		require.Nil(t, te, "%s %v", tc.tool, tc.args)
		for member, id := range tc.want {
			obj, _ := out[member].(map[string]any)
			if member == "" {
				obj = out
			}
			assert.Equal(t, id, obj["id"], "%s %v", tc.tool, tc.args)
		}
	}

	// An argument the tool does not take is reported as such, the default
	// environment filled in, not as a missing environmentId.
	_, te = call(t, tk, "list_users", map[string]any{"limit": 1, "populationId": "Employees"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
	assert.Contains(t, te.Message, `unknown argument "populationId"`)
	assert.NotContains(t, te.Message, "missing")

	// None: the message says so, with the near miss.
	_, te = call(t, tk, "get_population", map[string]any{"populationId": "Employes"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
	assert.Contains(t, te.Message, `no population is named "Employes"`)
	assert.Contains(t, te.Message, `did you mean "Employees"?`)
}

func TestNamesAmbiguous(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{ResolveNames: true, Filter: tools.Filter{AllowWrites: true}})
	d := srv.Demo()
	var ids []string
	src, te := call(t, tk, "get_application", map[string]any{"environmentId": d.SandboxEnvironmentID, "applicationId": d.SandboxWebAppID})
	require.Nil(t, te)
	app := src // get_application answers the application itself, as the official server does
	app["name"] = "Twin App"
	for range 2 {
		out, te := call(t, tk, "create_oidc_application", map[string]any{"environmentId": d.SandboxEnvironmentID, "application": app})
		require.Nil(t, te, "%v", te)
		created, _ := out["application"].(map[string]any)
		ids = append(ids, created["id"].(string))
	}
	_, te = call(t, tk, "get_application", map[string]any{"environmentId": "Sandbox", "applicationId": "Twin App"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
	assert.Contains(t, te.Message, `2 applications are named "Twin App"`)
	for _, id := range ids {
		assert.Contains(t, te.Message, id)
	}
}

func TestNamesOffByDefault(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	_, te := call(t, tk, "list_users", map[string]any{"environmentId": "Sandbox"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
	assert.Contains(t, te.Message, "environmentId")
}

func TestNamesHeldToTheEnvironmentPolicy(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{ResolveNames: true, Environments: tools.EnvironmentPolicy{Deny: []string{"Sandbox"}}})
	// A denied environment is no candidate for its name…
	_, te := call(t, tk, "list_users", map[string]any{"environmentId": "Sandbox"})
	require.NotNil(t, te)
	assert.Contains(t, te.Message, `no environment is named "Sandbox"`)
	// …and its objects' names are not read.
	_, te = call(t, tk, "get_population", map[string]any{"environmentId": srv.Demo().SandboxEnvironmentID, "populationId": "Employees"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
}
