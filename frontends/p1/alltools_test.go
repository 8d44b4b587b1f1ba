package main

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// toolCall is how the end-to-end tests call one tool against the demo
// tenant: valid arguments, and when to call it so that writes act on
// objects the run created itself (the demo objects stay intact for reads).
type toolCall struct {
	phase int // 0 read, 1 create, 2 update, 3 remove, 4 delete, 5 delete what may hold the others
	args  func(s *callState) map[string]any
	// creates is the path to the id of the created object in the result
	// ("population.id"), remembered under the tool's name.
	creates string
}

// callState holds the ids of objects created during a run.
type callState struct{ created map[string]string }

func (s *callState) id(tool string) string { return s.created[tool] }

func fixed(args map[string]any) func(*callState) map[string]any {
	return func(*callState) map[string]any { return args }
}

func oidcApp(name string) map[string]any {
	return map[string]any{
		"name": name, "enabled": true, "protocol": "OPENID_CONNECT", "type": "WEB_APP",
		"tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC",
		"grantTypes":              []string{"AUTHORIZATION_CODE"}, "responseTypes": []string{"CODE"},
		"redirectUris": []string{"https://app.example.com/callback"},
	}
}

// toolCalls has an entry for every tool p1kit ships (a destructive call
// confirms itself with a confirm argument, as a model would); TestEveryToolHasACall
// fails when a tool is added without one.
var toolCalls = func() map[string]toolCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	env := map[string]any{"environmentId": sb}
	with := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	return map[string]toolCall{
		// Reads, on the demo objects.
		"list_environments":                   {args: fixed(map[string]any{})},
		"get_environment":                     {args: fixed(env)},
		"get_environment_services":            {args: fixed(env)},
		"get_total_identities_by_environment": {args: fixed(env)},
		"list_applications":                   {args: fixed(env)},
		"get_application":                     {args: fixed(with("applicationId", d.SandboxWebAppID))},
		"get_application_secret":              {args: fixed(with("applicationId", d.SandboxWebAppID))},
		"list_populations":                    {args: fixed(env)},
		"get_population":                      {args: fixed(with("populationId", d.SandboxEmployeesPopulationID))},
		"list_groups":                         {args: fixed(env)},
		"get_group":                           {args: fixed(with("groupId", d.SandboxAdminsGroupID))},
		"list_users":                          {args: fixed(env)},
		"get_user":                            {args: fixed(with("userId", d.SandboxUserID))},
		"list_user_groups":                    {args: fixed(with("userId", d.SandboxUserID))},
		"list_roles":                          {args: fixed(map[string]any{})},
		"list_user_role_assignments":          {args: fixed(with("userId", d.SandboxUserID))},
		"list_mfa_devices":                    {args: fixed(with("userId", d.SandboxMFAUserID))},
		"list_password_policies":              {args: fixed(env)},
		"get_password_policy":                 {args: fixed(with("passwordPolicyId", d.SandboxStandardPasswordPolicyID))},
		"list_certificates":                   {args: fixed(env)},
		"get_certificate":                     {args: fixed(with("certificateId", d.SandboxSigningCertificateID))},

		// Creates.
		"create_environment": {phase: 1, creates: "environment.id",
			args: fixed(map[string]any{"license": map[string]any{"id": d.LicenseID}, "name": "p1 e2e", "region": "NA"})},
		"create_population":       {phase: 1, creates: "population.id", args: fixed(with("name", "E2E population"))},
		"create_group":            {phase: 1, creates: "group.id", args: fixed(with("name", "E2E group"))},
		"create_user":             {phase: 1, creates: "user.id", args: fixed(with("username", "e2e.user", "email", "e2e.user@example.com"))},
		"create_oidc_application": {phase: 1, creates: "application.id", args: fixed(with("application", oidcApp("E2E app")))},
		"import_certificate":      {phase: 1, creates: "certificate.id", args: fixed(with("usageType", "ENCRYPTION", "certificate", pingonetest.DemoCertificatePEM))},
		"create_password_policy": {phase: 1, creates: "passwordPolicy.id", args: fixed(with("name", "E2E policy",
			"excludesCommonlyUsed", true, "excludesProfileData", true, "notSimilarToCurrent", false, "length", map[string]any{"min": 12}))},

		// Updates, on what the run created.
		"update_environment": {phase: 2, args: func(s *callState) map[string]any {
			return map[string]any{"environmentId": s.id("create_environment"), "name": "p1 e2e renamed", "region": "NA", "type": "SANDBOX"}
		}},
		"update_environment_services": {phase: 2, args: func(s *callState) map[string]any {
			return map[string]any{"environmentId": s.id("create_environment"), "services": []any{map[string]any{"type": "PING_ONE_BASE"}}}
		}},
		"update_population": {phase: 2, args: func(s *callState) map[string]any {
			return with("populationId", s.id("create_population"), "name", "E2E population renamed")
		}},
		"update_group": {phase: 2, args: func(s *callState) map[string]any {
			return with("groupId", s.id("create_group"), "name", "E2E group renamed")
		}},
		"update_user": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "givenName", "Eve")
		}},
		"update_oidc_application": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "application", oidcApp("E2E app renamed"))
		}},
		"update_password_policy": {phase: 2, args: func(s *callState) map[string]any {
			return with("passwordPolicyId", s.id("create_password_policy"), "lockout", map[string]any{"failureCount": 3, "durationSeconds": 300})
		}},
		"set_user_enabled": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "enabled", true)
		}},
		"set_user_password": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "password", "Corr3ct-Horse-Battery!", "confirm", s.id("create_user"))
		}},
		"add_user_to_group": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "groupId", s.id("create_group"))
		}},
		"assign_user_role": {phase: 2, creates: "roleAssignment.id", args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "roleId", d.RoleIDs["Identity Data Read Only"], "scopeType", "ENVIRONMENT", "scopeId", sb,
				"confirm", s.id("create_user"))
		}},

		// Removes, then deletes.
		"remove_user_from_group": {phase: 3, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "groupId", s.id("create_group"), "confirm", "e2e.user")
		}},
		"remove_user_role_assignment": {phase: 3, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "roleAssignmentId", s.id("assign_user_role"), "confirm", "e2e.user")
		}},
		// The MFA deletes act on seeded devices of Sandbox users (each run
		// has its own emulator).
		"delete_mfa_device":      {phase: 3, args: fixed(with("userId", d.SandboxMFAUserID, "deviceId", d.SandboxMFADeviceIDs[0], "confirm", d.SandboxMFAUserID))},
		"reset_user_mfa_devices": {phase: 4, args: fixed(with("userId", d.SandboxMFAOtherUserID, "confirm", d.SandboxMFAOtherUserID))},
		"delete_user": {phase: 4, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "confirm", s.id("create_user"))
		}},
		"delete_group": {phase: 4, args: func(s *callState) map[string]any {
			return with("groupId", s.id("create_group"), "confirm", "E2E group renamed")
		}},
		"delete_application": {phase: 4, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "confirm", s.id("create_oidc_application"))
		}},
		"delete_certificate": {phase: 4, args: func(s *callState) map[string]any {
			return with("certificateId", s.id("import_certificate"), "confirm", s.id("import_certificate"))
		}},
		"delete_password_policy": {phase: 4, args: func(s *callState) map[string]any {
			return with("passwordPolicyId", s.id("create_password_policy"), "confirm", s.id("create_password_policy"))
		}},
		"delete_population": {phase: 5, args: func(s *callState) map[string]any {
			return with("populationId", s.id("create_population"), "confirm", s.id("create_population"))
		}},
	}
}()

// callOrder sorts tool names by phase, then name.
func callOrder(names []string) []string {
	out := slices.Clone(names)
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(toolCalls[a].phase, toolCalls[b].phase), strings.Compare(a, b))
	})
	return out
}

// remember stores the id a create call returned.
func (s *callState) remember(t *testing.T, tool string, result []byte) {
	t.Helper()
	path := toolCalls[tool].creates
	if path == "" {
		return
	}
	var v any
	require.NoError(t, json.Unmarshal(result, &v))
	for _, key := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		require.True(t, ok, "%s: no %s in %s", tool, path, result)
		v = m[key]
	}
	id, ok := v.(string)
	require.True(t, ok && id != "", "%s: no %s in %s", tool, path, result)
	s.created[tool] = id
}

func TestEveryToolHasACall(t *testing.T) {
	t.Parallel()
	for _, tool := range tools.All() {
		_, ok := toolCalls[tool.Name]
		require.True(t, ok, "tool %s has no entry in toolCalls (alltools_test.go): add valid arguments for it", tool.Name)
	}
	for name := range toolCalls {
		_, ok := tools.NewRegistry(tools.All()...).Get(name)
		require.True(t, ok, "toolCalls names %s, which p1kit does not ship", name)
	}
}
