package main

import (
	"testing"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// appErrorCalls are calls of the application, resource, scope, grant and
// attribute mapping tools that
// must fail, each with a piece of the message the caller gets: the error
// rows of these families for the every-tool tests (toolCalls holds the
// successful ones).
var appErrorCalls = func() []errorCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	with := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	return []errorCall{
		{"list_applications", with("filter", `protocol eq "SAML"`), "INVALID_FILTER"},
		{"rotate_application_secret", with("applicationId", d.SandboxSPAAppID, "confirm", d.SandboxSPAAppID), "NOT_FOUND"},
		{"delete_application_previous_secret", with("applicationId", d.SandboxWebAppID, "confirm", d.SandboxWebAppID), "NOT_FOUND"},
		{"create_resource", with("name", "Payroll API"), "UNIQUENESS_VIOLATION"},
		{"update_resource", with("resourceId", d.SandboxPayrollResourceID, "audience", "https://pingone.example.com"), "INVALID_VALUE"},
		{"delete_resource", with("resourceId", d.SandboxOpenIDResourceID, "confirm", d.SandboxOpenIDResourceID), "built in"},
		{"get_resource", with("resourceId", "00000000-0000-4000-8000-000000000000"), "NOT_FOUND"},
		{"create_saml_application", with("application", map[string]any{"name": "x", "enabled": true, "protocol": "SAML", "type": "WEB_APP",
			"spEntityId": "urn:x", "assertionDuration": 60}), "acsUrls"},
		{"update_saml_application", with("applicationId", d.SandboxWebAppID, "application", map[string]any{"name": "x"}), "not SAML"},
		{"update_oidc_application", with("applicationId", d.SandboxSAMLAppID, "application", map[string]any{"redirectUris": []string{"https://x"}}), "not OPENID_CONNECT"},
		// scopes, grants and attribute mappings, and the WS-Fed and external-link tools
		{"create_resource_scope", with("resourceId", d.SandboxPingOneAPIResourceID, "name", "p1:delete:all"), "p1:read:user:{suffix}"},
		{"update_resource_scope", with("resourceId", d.SandboxOpenIDResourceID, "resourceScopeId", d.SandboxScopeIDs["openid/email"], "name", "mail"), "cannot be renamed"},
		{"get_resource_scope", with("resourceId", d.SandboxPayrollResourceID, "resourceScopeId", unknownID), "NOT_FOUND"},
		{"create_application_grant", with("applicationId", d.SandboxWebAppID, "resourceId", d.SandboxPayrollResourceID,
			"scopes", []any{map[string]any{"id": d.SandboxScopeIDs["Payroll API/payroll:write"]}}), "UNIQUENESS_VIOLATION"},
		{"create_application_grant", with("applicationId", d.SandboxSPAAppID, "resourceId", unknownID,
			"scopes", []any{map[string]any{"id": d.SandboxScopeIDs["Payroll API/payroll:write"]}}), "does not exist"},
		{"update_application_grant", with("applicationId", d.SandboxWebAppID, "applicationGrantId", d.SandboxWebAppPayrollGrantID, "scopes", []any{}), "at least 1"},
		{"get_application_grant", with("applicationId", d.SandboxWebAppID, "applicationGrantId", unknownID), "NOT_FOUND"},
		{"delete_application_grant", with("applicationId", d.SandboxWebAppID, "applicationGrantId", unknownID, "confirm", d.SandboxWebAppID), "NOT_FOUND"},
		{"list_application_grants", with("applicationId", unknownID), "NOT_FOUND"},
		{"create_application_attribute", with("applicationId", d.SandboxWebAppID, "name", "Email", "value", "${user.email}", "required", false), "UNIQUENESS_VIOLATION"},
		{"create_application_attribute", with("applicationId", d.SandboxWebAppID, "name", "x", "required", false), `"value"`},
		{"update_application_attribute", with("applicationId", d.SandboxWebAppID, "applicationAttributeId", d.SandboxWebAppSubMappingID, "name", "subject"), "cannot be renamed"},
		{"list_application_attributes", with("applicationId", unknownID), "NOT_FOUND"},
		{"get_application_attribute", with("applicationId", d.SandboxWebAppID, "applicationAttributeId", unknownID), "NOT_FOUND"},
		{"create_external_link_application", with("application", map[string]any{"name": "x", "enabled": true, "protocol": "EXTERNAL_LINK", "type": "WEB_APP",
			"homePageUrl": "https://x.example.com"}), "PORTAL_LINK_APP"},
		{"update_wsfed_application", with("applicationId", d.SandboxWebAppID, "application", map[string]any{"name": "x"}), "not WS_FED"},
	}
}()

func TestCLIApplicationErrors(t *testing.T) {
	t.Parallel()
	checkCLIErrors(t, appErrorCalls)
}

func TestProcessMCPApplicationErrors(t *testing.T) {
	t.Parallel()
	checkMCPErrors(t, appErrorCalls)
}
