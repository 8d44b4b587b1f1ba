package main

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
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
	// fails, if set, are arguments the tool refuses, called right after the
	// successful call; failsWith is in the message the refusal gives.
	fails     func(s *callState) map[string]any
	failsWith string
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
		"list_applications":                   {args: fixed(with("filter", `name sw "HR"`, "fields", []string{"grantTypes", "redirectUris"}))},
		"get_application":                     {args: fixed(with("applicationId", d.SandboxWebAppID))},
		"get_application_secret":              {args: fixed(with("applicationId", d.SandboxWebAppID))},
		"list_populations":                    {args: fixed(env)},
		"get_population":                      {args: fixed(with("populationId", d.SandboxEmployeesPopulationID))},
		"list_groups":                         {args: fixed(env)},
		"get_group":                           {args: fixed(with("groupId", d.SandboxAdminsGroupID))},
		"list_users":                          {args: fixed(env)},
		"get_user":                            {args: fixed(with("userId", d.SandboxUserID))},
		"list_user_groups":                    {args: fixed(with("userId", d.SandboxUserID))},
		"list_group_members":                  {args: fixed(with("groupId", d.SandboxAdminsGroupID))},
		"list_group_nestings":                 {args: fixed(with("groupId", d.SandboxHelpDeskGroupID))},
		"get_group_nesting":                   {args: fixed(with("groupId", d.SandboxHelpDeskGroupID, "outerGroupId", d.SandboxStaffGroupID))},
		"list_roles":                          {args: fixed(map[string]any{})},
		"get_role":                            {args: fixed(map[string]any{"roleId": d.RoleIDs["Help Desk Admin"]})},
		"list_user_role_assignments":          {args: fixed(with("userId", d.SandboxUserID))},
		"get_user_role_assignment":            {args: fixed(with("userId", d.SandboxUserID, "roleAssignmentId", d.SandboxUserRoleAssignmentID))},
		"list_group_role_assignments":         {args: fixed(with("groupId", d.SandboxAdminsGroupID))},
		"get_group_role_assignment":           {args: fixed(with("groupId", d.SandboxAdminsGroupID, "roleAssignmentId", d.SandboxAdminsGroupRoleAssignmentID))},
		"list_mfa_devices":                    {args: fixed(with("userId", d.SandboxMFAUserID))},
		"list_user_sessions":                  {args: fixed(with("userId", d.SandboxMFAUserID))},
		"list_organizations":                  {args: fixed(map[string]any{})},
		"get_organization":                    {args: fixed(map[string]any{"organizationId": d.OrganizationID})},
		"list_licenses":                       {args: fixed(map[string]any{"organizationId": d.OrganizationID})},
		"get_license":                         {args: fixed(map[string]any{"organizationId": d.OrganizationID, "licenseId": d.LicenseID})},
		"list_resources":                      {args: fixed(env)},
		"get_resource":                        {args: fixed(with("resourceId", d.SandboxPayrollResourceID))},
		"get_user_password_state": {args: fixed(with("userId", d.SandboxUserID)),
			fails: fixed(with("userId", unknownID)), failsWith: "NOT_FOUND"},
		"list_password_policies": {args: fixed(env)},
		"get_password_policy":    {args: fixed(with("passwordPolicyId", d.SandboxStandardPasswordPolicyID))},
		"list_certificates":      {args: fixed(env)},
		"get_certificate":        {args: fixed(with("certificateId", d.SandboxSigningCertificateID))},

		// Creates.
		"create_environment": {phase: 1, creates: "environment.id",
			args: fixed(map[string]any{"license": map[string]any{"id": d.LicenseID}, "name": "p1 e2e", "region": "NA"})},
		"create_population": {phase: 1, creates: "population.id", args: fixed(with("name", "E2E population"))},
		"create_group":      {phase: 1, creates: "group.id", args: fixed(with("name", "E2E group"))},
		"create_user": {phase: 1, creates: "user.id", args: fixed(with("username", "e2e.user", "email", "e2e.user@example.com",
			"givenName", "Eve", "familyName", "Example", "title", "Tester", "timezone", "Europe/Paris", "password", "Init1al-Passw0rd!",
			"address", map[string]any{"locality": "Lyon", "countryCode": "FR"}, "customAttributes", map[string]any{"employeeNumber": "E-1"})),
			fails: fixed(with("username", "e2e.nomail")), failsWith: `missing required argument "email"`},
		"create_oidc_application": {phase: 1, creates: "application.id", args: fixed(with("application", oidcApp("E2E app")))},
		"create_resource":         {phase: 1, creates: "resource.id", args: fixed(with("name", "E2E API", "audience", "https://e2e.example.com"))},
		"create_saml_application": {phase: 1, creates: "application.id", args: fixed(with("application", map[string]any{
			"name": "E2E SAML", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "spEntityId": "urn:e2e:sp",
			"acsUrls": []string{"https://sp.example.com/acs"}, "assertionDuration": 60}))},
		"import_certificate": {phase: 1, creates: "certificate.id", args: fixed(with("usageType", "ENCRYPTION", "certificate", pingonetest.DemoCertificatePEM))},
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
			return with("userId", s.id("create_user"), "givenName", "Eva", "customAttributes", map[string]any{"costCenter": "CC-7"},
				"clear", []string{"title"}, "clearCustomAttributes", []string{"employeeNumber"})
		}, fails: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "populationId", d.SandboxArchivePopulationID)
		}, failsWith: `unknown argument "populationId"`},
		"move_user_to_population": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "populationId", s.id("create_population"))
		}, fails: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "populationId", unknownID)
		}, failsWith: "does not exist"},
		"lock_user": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "confirm", "e2e.user")
		}, fails: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "unlockAt", "2001-01-01T00:00:00Z", "confirm", "e2e.user")
		}, failsWith: "not in the future"},
		"unlock_user": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"))
		}, fails: fixed(with("userId", unknownID)), failsWith: "NOT_FOUND"},
		"set_user_mfa_enabled": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "mfaEnabled", true)
		}, fails: fixed(with("userId", unknownID, "mfaEnabled", true)), failsWith: "NOT_FOUND"},
		"set_user_verify_status": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "verifyStatus", "ENABLED")
		}, fails: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "verifyStatus", "NOT_INITIATED")
		}, failsWith: "verifyStatus"},
		"set_user_identity_provider": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "confirm", "e2e.user")
		}, fails: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "identityProviderId", unknownID, "confirm", "e2e.user")
		}, failsWith: "does not exist"},
		"update_oidc_application": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "application", oidcApp("E2E app renamed"))
		}},
		"update_saml_application": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_saml_application"), "application", map[string]any{"acsUrls": []string{"https://sp.example.com/acs2"}})
		}},
		"update_resource": {phase: 2, args: func(s *callState) map[string]any {
			return with("resourceId", s.id("create_resource"), "accessTokenValiditySeconds", 900)
		}},
		"rotate_application_secret": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "keepPreviousMinutes", 60, "confirm", s.id("create_oidc_application"))
		}},
		"update_password_policy": {phase: 2, args: func(s *callState) map[string]any {
			return with("passwordPolicyId", s.id("create_password_policy"), "lockout", map[string]any{"failureCount": 3, "durationSeconds": 300})
		}},
		"set_user_enabled": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "enabled", true)
		}, fails: fixed(with("userId", unknownID, "enabled", true)), failsWith: "NOT_FOUND"},
		"set_user_password": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "password", "Corr3ct-Horse-Battery!", "confirm", s.id("create_user"))
		}},
		"add_user_to_group": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "groupId", s.id("create_group"))
		}},
		"add_group_to_group": {phase: 2, args: func(s *callState) map[string]any {
			return with("groupId", s.id("create_group"), "outerGroupId", d.SandboxStaffGroupID)
		}},
		"assign_group_role": {phase: 2, creates: "roleAssignment.id", args: func(s *callState) map[string]any {
			return with("groupId", s.id("create_group"), "roleId", d.RoleIDs["Identity Data Read Only"], "scopeType", "ENVIRONMENT", "scopeId", sb,
				"confirm", s.id("create_group"))
		}},
		"assign_user_role": {phase: 2, creates: "roleAssignment.id", args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "roleId", d.RoleIDs["Identity Data Read Only"], "scopeType", "ENVIRONMENT", "scopeId", sb,
				"confirm", s.id("create_user"))
		}},

		// Removes, then deletes.
		"remove_user_from_group": {phase: 3, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "groupId", s.id("create_group"), "confirm", "e2e.user")
		}},
		"remove_group_from_group": {phase: 3, args: func(s *callState) map[string]any {
			return with("groupId", s.id("create_group"), "outerGroupId", d.SandboxStaffGroupID, "confirm", s.id("create_group"))
		}},
		"remove_group_role_assignment": {phase: 3, args: func(s *callState) map[string]any {
			return with("groupId", s.id("create_group"), "roleAssignmentId", s.id("assign_group_role"), "confirm", s.id("create_group"))
		}},
		"remove_user_role_assignment": {phase: 3, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "roleAssignmentId", s.id("assign_user_role"), "confirm", "e2e.user")
		}},
		// The MFA deletes act on seeded devices of Sandbox users (each run
		// has its own emulator).
		"delete_mfa_device":      {phase: 3, args: fixed(with("userId", d.SandboxMFAUserID, "deviceId", d.SandboxMFADeviceIDs[0], "confirm", d.SandboxMFAUserID))},
		"delete_user_session":    {phase: 3, args: fixed(with("userId", d.SandboxMFAUserID, "sessionId", d.SandboxSessionIDs[0], "confirm", d.SandboxMFAUserID))},
		"reset_user_mfa_devices": {phase: 4, args: fixed(with("userId", d.SandboxMFAOtherUserID, "confirm", d.SandboxMFAOtherUserID))},

		// Workflows: the reviews read the whole Sandbox; the writes act on
		// seeded users no other call uses.
		"who_holds_admin_roles":  {args: fixed(env), fails: fixed(map[string]any{"environmentId": unknownID}), failsWith: "NOT_FOUND"},
		"find_users_without_mfa": {args: fixed(with("limit", 5)), fails: fixed(with("limit", 5000)), failsWith: "limit must be between 1 and 1000"},
		"find_stale_users":       {args: fixed(with("days", 30)), fails: fixed(with("days", 99999)), failsWith: "days must be between 1 and 3650"},
		"review_applications":    {args: fixed(env), fails: fixed(map[string]any{"environmentId": unknownID}), failsWith: "NOT_FOUND"},
		"move_users": {phase: 2, args: fixed(with("filter", `id eq "`+d.SandboxVerificationRequiredUserID+`"`, "populationId", d.SandboxArchivePopulationID, "confirm", "Archive")),
			fails: fixed(with("filter", `id eq "`+d.SandboxVerificationRequiredUserID+`"`, "populationId", unknownID, "confirm", unknownID)), failsWith: "NOT_FOUND"},
		"offboard_user": {phase: 3, args: fixed(with("userId", d.SandboxDisabledUserID, "confirm", d.SandboxDisabledUserID)),
			fails: fixed(with("userId", unknownID, "confirm", unknownID)), failsWith: "NOT_FOUND"},

		// The enrolment workflow pairs an email device for a user no other
		// MFA call uses (its activation is TestEnrolMFADeviceThroughTheCLI's).
		"enrol_mfa_device": {phase: 1, creates: "result.device.id",
			args:      fixed(with("userId", d.SandboxVerificationRequiredUserID, "type", "EMAIL", "email", "verify.me@example.com", "confirm", d.SandboxVerificationRequiredUserID)),
			fails:     fixed(with("userId", d.SandboxVerificationRequiredUserID, "type", "SMS", "phone", "not a phone", "confirm", d.SandboxVerificationRequiredUserID)),
			failsWith: "E.164"},

		// MFA enrolment, on a device the run pairs for jdoe (who has none):
		// the emulator's passcode for a device is pingonetest.DeviceOTP.
		"pair_mfa_device": {phase: 1, creates: "device.id",
			args: fixed(with("userId", d.SandboxUserID, "type", "SMS", "phone", "+15550100321", "confirm", d.SandboxUserID))},
		"activate_mfa_device": {phase: 2, args: func(s *callState) map[string]any {
			dev := s.id("pair_mfa_device")
			return with("userId", d.SandboxUserID, "deviceId", dev, "otp", pingonetest.DeviceOTP(dev), "confirm", d.SandboxUserID)
		}},
		"set_mfa_device_nickname": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", d.SandboxUserID, "deviceId", s.id("pair_mfa_device"), "nickname", "E2E phone")
		}},
		"set_mfa_device_order": {phase: 2, args: func(s *callState) map[string]any {
			return with("userId", d.SandboxUserID, "deviceIds", []string{s.id("pair_mfa_device")})
		}},
		"remove_mfa_device_order": {phase: 3, args: fixed(with("userId", d.SandboxUserID))},
		"delete_user": {phase: 4, args: func(s *callState) map[string]any {
			return with("userId", s.id("create_user"), "confirm", s.id("create_user"))
		}},
		"delete_group": {phase: 4, args: func(s *callState) map[string]any {
			return with("groupId", s.id("create_group"), "confirm", "E2E group renamed")
		}},
		"delete_application_previous_secret": {phase: 3, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "confirm", s.id("create_oidc_application"))
		}},
		"delete_resource": {phase: 4, args: func(s *callState) map[string]any {
			return with("resourceId", s.id("create_resource"), "confirm", s.id("create_resource"))
		}},
		"delete_application": {phase: 4, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "confirm", s.id("create_oidc_application"))
		}},
		"delete_environment": {phase: 4, args: func(s *callState) map[string]any {
			return map[string]any{"environmentId": s.id("create_environment"), "confirm": s.id("create_environment")}
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

		// Sign-on policies: reads on the seeded ones, writes on a policy the run creates.
		"list_sign_on_policies":       {args: fixed(env)},
		"get_sign_on_policy":          {args: fixed(with("signOnPolicyId", d.SandboxMultiFactorPolicyID))},
		"list_sign_on_policy_actions": {args: fixed(with("signOnPolicyId", d.SandboxMultiFactorPolicyID))},
		"get_sign_on_policy_action": {args: fixed(with("signOnPolicyId", d.SandboxMultiFactorPolicyID,
			"actionId", d.SandboxMultiFactorActionIDs[1]))},
		"create_sign_on_policy": {phase: 1, creates: "signOnPolicy.id", args: fixed(with("name", "E2E_policy"))},
		"update_sign_on_policy": {phase: 2, args: func(s *callState) map[string]any {
			return with("signOnPolicyId", s.id("create_sign_on_policy"), "description", "changed by the e2e run")
		}},
		"create_sign_on_policy_action": {phase: 2, creates: "action.id", args: func(s *callState) map[string]any {
			return with("signOnPolicyId", s.id("create_sign_on_policy"), "type", "LOGIN", "priority", 1)
		}},
		"update_sign_on_policy_action": {phase: 2, args: func(s *callState) map[string]any {
			return with("signOnPolicyId", s.id("create_sign_on_policy"), "actionId", s.id("create_sign_on_policy_action"), "priority", 2)
		}},
		"delete_sign_on_policy_action": {phase: 3, args: func(s *callState) map[string]any {
			return with("signOnPolicyId", s.id("create_sign_on_policy"), "actionId", s.id("create_sign_on_policy_action"),
				"confirm", s.id("create_sign_on_policy"))
		}},
		"list_application_sign_on_policy_assignments": {args: fixed(with("applicationId", d.SandboxWebAppID))},
		"get_application_sign_on_policy_assignment": {args: fixed(with("applicationId", d.SandboxWebAppID,
			"signOnPolicyAssignmentId", d.SandboxWebAppPolicyAssignmentID))},
		"create_application_sign_on_policy_assignment": {phase: 2, creates: "signOnPolicyAssignment.id", args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "signOnPolicyId", s.id("create_sign_on_policy"), "priority", 1)
		}},
		"update_application_sign_on_policy_assignment": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "signOnPolicyAssignmentId", s.id("create_application_sign_on_policy_assignment"), "priority", 2)
		}},
		"delete_application_sign_on_policy_assignment": {phase: 3, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "signOnPolicyAssignmentId", s.id("create_application_sign_on_policy_assignment"),
				"confirm", s.id("create_oidc_application"))
		}},
		"list_identity_providers": {args: fixed(env)},
		"get_identity_provider":   {args: fixed(with("identityProviderId", d.SandboxOIDCIdPID))},
		"create_identity_provider": {phase: 1, creates: "identityProvider.id", args: fixed(with("name", "E2E GitHub", "enabled", true, "type", "GITHUB",
			"clientId", "e2e-client", "clientSecret", "e2e-secret"))},
		"update_identity_provider": {phase: 2, args: func(s *callState) map[string]any {
			return with("identityProviderId", s.id("create_identity_provider"), "enabled", false)
		}},
		"delete_identity_provider": {phase: 4, args: func(s *callState) map[string]any {
			return with("identityProviderId", s.id("create_identity_provider"), "confirm", s.id("create_identity_provider"))
		}},
		"delete_sign_on_policy": {phase: 4, args: func(s *callState) map[string]any {
			return with("signOnPolicyId", s.id("create_sign_on_policy"), "confirm", s.id("create_sign_on_policy"))
		}},

		// Resource scopes, application grants and attribute mappings:
		// reads on the seeded ones, writes on the resource and the OIDC
		// application the run creates.
		"list_resource_scopes": {args: fixed(with("resourceId", d.SandboxPayrollResourceID)),
			fails: fixed(with("resourceId", unknownID)), failsWith: "NOT_FOUND"},
		"get_resource_scope": {args: fixed(with("resourceId", d.SandboxPayrollResourceID, "resourceScopeId", d.SandboxScopeIDs["Payroll API/payroll:read"]))},
		"create_resource_scope": {phase: 1, creates: "resourceScope.id", args: func(s *callState) map[string]any {
			return with("resourceId", s.id("create_resource"), "name", "e2e:read")
		}, fails: func(s *callState) map[string]any {
			return with("resourceId", s.id("create_resource"), "name", "e2e:read")
		}, failsWith: "already exists"},
		"update_resource_scope": {phase: 2, args: func(s *callState) map[string]any {
			return with("resourceId", s.id("create_resource"), "resourceScopeId", s.id("create_resource_scope"), "description", "Read e2e data")
		}},
		"delete_resource_scope": {phase: 3, args: func(s *callState) map[string]any {
			return with("resourceId", s.id("create_resource"), "resourceScopeId", s.id("create_resource_scope"), "confirm", s.id("create_resource"))
		}, fails: fixed(with("resourceId", d.SandboxPayrollResourceID, "resourceScopeId", d.SandboxScopeIDs["Payroll API/payroll:read"],
			"confirm", d.SandboxPayrollResourceID)), failsWith: "refer to it"},
		"list_application_grants": {args: fixed(with("applicationId", d.SandboxWebAppID))},
		"get_application_grant":   {args: fixed(with("applicationId", d.SandboxWebAppID, "applicationGrantId", d.SandboxWebAppPayrollGrantID))},
		"create_application_grant": {phase: 2, creates: "applicationGrant.id", args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "resourceId", s.id("create_resource"),
				"scopes", []any{map[string]any{"id": s.id("create_resource_scope")}})
		}, fails: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "resourceId", d.SandboxPayrollResourceID,
				"scopes", []any{map[string]any{"id": s.id("create_resource_scope")}})
		}, failsWith: "not a scope of resource"},
		"update_application_grant": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "applicationGrantId", s.id("create_application_grant"),
				"scopes", []any{map[string]any{"id": s.id("create_resource_scope")}})
		}},
		"delete_application_grant": {phase: 3, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "applicationGrantId", s.id("create_application_grant"),
				"confirm", s.id("create_oidc_application"))
		}},
		"list_application_attributes": {args: fixed(with("applicationId", d.SandboxWebAppID))},
		"get_application_attribute":   {args: fixed(with("applicationId", d.SandboxWebAppID, "applicationAttributeId", d.SandboxWebAppEmailMappingID))},
		"create_application_attribute": {phase: 2, creates: "applicationAttribute.id", args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "name", "department", "value", "${user.department}", "required", false)
		}, fails: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "name", "aud", "value", "x", "required", false)
		}, failsWith: "reserved"},
		"update_application_attribute": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "applicationAttributeId", s.id("create_application_attribute"), "required", true)
		}},
		"delete_application_attribute": {phase: 3, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_oidc_application"), "applicationAttributeId", s.id("create_application_attribute"),
				"confirm", s.id("create_oidc_application"))
		}, fails: fixed(with("applicationId", d.SandboxWebAppID, "applicationAttributeId", d.SandboxWebAppSubMappingID, "confirm", d.SandboxWebAppID)),
			failsWith: "cannot be deleted"},
		"create_wsfed_application": {phase: 1, creates: "application.id", args: fixed(with("application", map[string]any{
			"name": "E2E WS-Fed", "enabled": true, "protocol": "WS_FED", "type": "WEB_APP", "domainName": "e2e.example.com",
			"replyUrl": "https://e2e.example.com/wsfed", "idpSigning": map[string]any{"key": map[string]any{"id": d.SandboxSigningCertificateID}, "algorithm": "SHA256withRSA"}})),
			fails: fixed(with("application", map[string]any{"name": "x", "enabled": true, "protocol": "WS_FED", "type": "WEB_APP", "domainName": "x.example.com",
				"idpSigning": map[string]any{"algorithm": "SHA256withRSA"}})), failsWith: "replyUrl"},
		"update_wsfed_application": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_wsfed_application"), "application", map[string]any{"replyUrl": "https://e2e.example.com/wsfed2"})
		}},
		"create_external_link_application": {phase: 1, creates: "application.id", args: fixed(with("application", map[string]any{
			"name": "E2E link", "enabled": true, "protocol": "EXTERNAL_LINK", "type": "PORTAL_LINK_APP", "homePageUrl": "https://wiki.example.com"}))},
		"update_external_link_application": {phase: 2, args: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_external_link_application"), "application", map[string]any{"homePageUrl": "https://wiki2.example.com"})
		}, fails: func(s *callState) map[string]any {
			return with("applicationId", s.id("create_wsfed_application"), "application", map[string]any{"name": "x"})
		}, failsWith: "is a WS_FED application"},
		// Custom roles, and the roles of the seeded worker application:
		// the run grants it the custom role it creates, then takes both back.
		"list_custom_roles": {args: fixed(with("filter", `type eq "CUSTOM"`))},
		"get_custom_role":   {args: fixed(with("customRoleId", d.SandboxAuditorRoleID))},
		"create_custom_role": {phase: 1, creates: "customRole.id", args: fixed(with("name", "E2E role", "permissions", []string{"identity:read:user"},
			"canBeAssignedBy", []string{d.RoleIDs["Identity Data Admin"]})),
			fails: fixed(with("name", "E2E shadow admin", "permissions", []string{"orgmgt:create:environment"},
				"canBeAssignedBy", []string{d.RoleIDs["Identity Data Admin"]})), failsWith: "protects administrator roles"},
		"update_custom_role": {phase: 2, args: func(s *callState) map[string]any {
			return with("customRoleId", s.id("create_custom_role"), "description", "changed by the e2e run")
		}, fails: func(s *callState) map[string]any {
			return with("customRoleId", s.id("create_custom_role"), "permissions", []string{"identity:fly:user"})
		}, failsWith: "does not exist"},
		"delete_custom_role": {phase: 4, args: func(s *callState) map[string]any {
			return with("customRoleId", s.id("create_custom_role"), "confirm", s.id("create_custom_role"))
		}, fails: func(s *callState) map[string]any {
			return with("customRoleId", s.id("create_custom_role"), "confirm", s.id("create_custom_role"))
		}, failsWith: "NOT_FOUND"},
		"list_application_role_assignments": {args: fixed(with("applicationId", d.SandboxWorkerAppID))},
		"get_application_role_assignment": {args: fixed(with("applicationId", d.SandboxWorkerAppID,
			"roleAssignmentId", d.SandboxWorkerAppRoleAssignmentID))},
		"assign_application_role": {phase: 2, creates: "roleAssignment.id", args: func(s *callState) map[string]any {
			return with("applicationId", d.SandboxWorkerAppID, "roleId", s.id("create_custom_role"), "scopeType", "ENVIRONMENT", "scopeId", sb,
				"confirm", d.SandboxWorkerAppID)
		}, fails: fixed(with("applicationId", d.SandboxWebAppID, "roleId", d.RoleIDs["Help Desk Admin"], "scopeType", "ENVIRONMENT", "scopeId", sb,
			"confirm", d.SandboxWebAppID)), failsWith: "Only WORKER applications"},
		"remove_application_role_assignment": {phase: 3, args: func(s *callState) map[string]any {
			return with("applicationId", d.SandboxWorkerAppID, "roleAssignmentId", s.id("assign_application_role"), "confirm", d.SandboxWorkerAppID)
		}},
		// The audit log (the seeded failed sign-ons of the day, one of them
		// by id) and the active identity counts.
		"list_activities": {creates: "activities.0.id", args: fixed(with("actionTypes", []string{"PASSWORD.CHECK_FAILED"}, "since", "24h")),
			fails: fixed(with("since", "last week")), failsWith: `argument "since" must be`},
		"list_user_activities": {args: fixed(with("userId", d.SandboxUserID, "since", "2d")),
			fails: fixed(with("userId", d.SandboxUserID, "as", "admin")), failsWith: `"as"`},
		"get_activity": {phase: 1, args: func(s *callState) map[string]any { return with("activityId", s.id("list_activities")) },
			fails: fixed(with("activityId", unknownID)), failsWith: "NOT_FOUND"},
		"get_active_identity_counts": {args: fixed(with("since", "7d", "samplePeriod", "DAY")),
			fails: fixed(with("since", "2099-01-01")), failsWith: "must be in the past"},
		// Identity provider attribute mappings: reads on Corporate IdP's,
		// writes on the provider the run creates.
		"list_identity_provider_attributes": {args: fixed(with("identityProviderId", d.SandboxOIDCIdPID))},
		"get_identity_provider_attribute": {args: fixed(with("identityProviderId", d.SandboxOIDCIdPID, "attributeId", d.SandboxOIDCIdPEmailMappingID)),
			fails: fixed(with("identityProviderId", d.SandboxOIDCIdPID, "attributeId", unknownID)), failsWith: "NOT_FOUND"},
		"create_identity_provider_attribute": {phase: 2, creates: "attribute.id", args: func(s *callState) map[string]any {
			return with("identityProviderId", s.id("create_identity_provider"), "name", "name.given", "value", "${providerAttributes.given_name}", "update", "ALWAYS")
		}, fails: func(s *callState) map[string]any {
			return with("identityProviderId", s.id("create_identity_provider"), "name", "enabled", "value", "${providerAttributes.x}", "update", "ALWAYS")
		}, failsWith: "cannot be mapped"},
		"update_identity_provider_attribute": {phase: 2, args: func(s *callState) map[string]any {
			return with("identityProviderId", s.id("create_identity_provider"), "attributeId", s.id("create_identity_provider_attribute"), "update", "EMPTY_ONLY")
		}},
		"delete_identity_provider_attribute": {phase: 3, args: func(s *callState) map[string]any {
			return with("identityProviderId", s.id("create_identity_provider"), "attributeId", s.id("create_identity_provider_attribute"),
				"confirm", s.id("create_identity_provider"))
		}},
		// A population's default identity provider: set on the population
		// the run creates (to a seeded provider, which stays).
		"get_population_default_identity_provider": {args: fixed(with("populationId", d.SandboxEmployeesPopulationID)),
			fails: fixed(with("populationId", unknownID)), failsWith: "NOT_FOUND"},
		"set_population_default_identity_provider": {phase: 2, args: func(s *callState) map[string]any {
			return with("populationId", s.id("create_population"), "identityProviderId", d.SandboxGoogleIdPID, "confirm", s.id("create_population"))
		}, fails: func(s *callState) map[string]any {
			return with("populationId", s.id("create_population"), "identityProviderId", unknownID, "confirm", s.id("create_population"))
		}, failsWith: "does not exist"},
		// Device authentication policies: reads on the seeded ones, writes
		// on one the run creates.
		"list_device_authentication_policies": {args: fixed(env)},
		"get_device_authentication_policy": {args: fixed(with("deviceAuthenticationPolicyId", d.SandboxStrictMFAPolicyID)),
			fails: fixed(with("deviceAuthenticationPolicyId", unknownID)), failsWith: "NOT_FOUND"},
		"create_device_authentication_policy": {phase: 1, creates: "deviceAuthenticationPolicy.id", args: fixed(mfaPolicyArgs(with("name", "E2E MFA"))),
			fails: fixed(mfaPolicyArgs(with("name", "E2E MFA"))), failsWith: "already exists"},
		"update_device_authentication_policy": {phase: 2, args: func(s *callState) map[string]any {
			return with("deviceAuthenticationPolicyId", s.id("create_device_authentication_policy"), "newDeviceNotification", "SMS_THEN_EMAIL")
		}},
		"delete_device_authentication_policy": {phase: 4, args: func(s *callState) map[string]any {
			return with("deviceAuthenticationPolicyId", s.id("create_device_authentication_policy"), "confirm", "E2E MFA")
		}},
	}
}()

// mfaPolicyArgs adds to args the members a device authentication policy
// requires that args does not give, every method but TOTP off.
func mfaPolicyArgs(args map[string]any) map[string]any {
	failure := map[string]any{"count": 3, "coolDown": map[string]any{"duration": 2, "timeUnit": "MINUTES"}}
	offline := map[string]any{"enabled": false, "otp": map[string]any{"lifeTime": map[string]any{"duration": 5, "timeUnit": "MINUTES"}, "failure": failure}}
	for k, v := range map[string]any{"default": false, "sms": offline, "voice": offline, "email": offline,
		"mobile": map[string]any{"enabled": false, "otp": map[string]any{"failure": failure}},
		"totp":   map[string]any{"enabled": true, "otp": map[string]any{"failure": failure}}} {
		if _, given := args[k]; !given {
			args[k] = v
		}
	}
	return args
}

// unknownID names no object of the demo tenant.
const unknownID = "00000000-0000-4000-8000-000000000000"

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
		if list, isList := v.([]any); isList { // an index: "activities.0.id"
			i, err := strconv.Atoi(key)
			require.True(t, err == nil && i < len(list), "%s: no %s in %s", tool, path, result)
			v = list[i]
			continue
		}
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
