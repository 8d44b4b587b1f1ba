package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// A resource's scopes and an application's grants through the tools: the
// parent's id is an argument of every tool, a grant's scopes must be its
// resource's, a granted scope stays, and deleting the resource takes the
// grant along; deletes confirm on the parent.
func TestScopeAndGrantTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	args := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}

	res, terr := call(t, tk, "create_resource", args("name", "Ledger API"))
	require.Nil(t, terr)
	resID := res["resource"].(map[string]any)["id"].(string)
	out, terr := call(t, tk, "create_resource_scope", args("resourceId", resID, "name", "ledger:read", "description", "Read the ledger"))
	require.Nil(t, terr)
	scope := out["resourceScope"].(map[string]any)
	scopeID := scope["id"].(string)
	assert.Equal(t, resID, scope["resource"].(map[string]any)["id"])
	_, terr = call(t, tk, "create_resource_scope", args("resourceId", resID, "name", "ledger read"))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "spaces")
	out, terr = call(t, tk, "list_resource_scopes", args("resourceId", resID))
	require.Nil(t, terr)
	assert.Equal(t, []any{map[string]any{"id": scopeID, "name": "ledger:read", "description": "Read the ledger"}}, out["resourceScopes"])
	out, terr = call(t, tk, "update_resource_scope", args("resourceId", resID, "resourceScopeId", scopeID, "clear", []any{"description"}))
	require.Nil(t, terr)
	assert.Nil(t, out["resourceScope"].(map[string]any)["description"])
	assert.Equal(t, "ledger:read", out["resourceScope"].(map[string]any)["name"], "what update does not name stays")

	app := demo.SandboxSPAAppID
	_, terr = call(t, tk, "create_application_grant", args("applicationId", app, "resourceId", demo.SandboxPayrollResourceID,
		"scopes", []any{map[string]any{"id": scopeID}}))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "not a scope of resource")
	out, terr = call(t, tk, "create_application_grant", args("applicationId", app, "resourceId", resID, "scopes", []any{map[string]any{"id": scopeID}}))
	require.Nil(t, terr)
	grantID := out["applicationGrant"].(map[string]any)["id"].(string)
	_, terr = call(t, tk, "create_application_grant", args("applicationId", app, "resourceId", resID, "scopes", []any{map[string]any{"id": scopeID}}))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "already exists")
	out, terr = call(t, tk, "list_application_grants", args("applicationId", app))
	require.Nil(t, terr)
	assert.Equal(t, []any{map[string]any{"id": grantID, "resourceId": resID, "scopeIds": []any{scopeID}}}, out["applicationGrants"])

	_, terr = call(t, tk, "delete_resource_scope", args("resourceId", resID, "resourceScopeId", scopeID, "confirm", resID))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "1 grant(s) refer to it")
	_, terr = call(t, tk, "delete_application_grant", args("applicationId", app, "applicationGrantId", grantID))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	assert.Contains(t, terr.Message, "Team Dashboard", "the confirmation names the application")

	_, terr = call(t, tk, "delete_resource", args("resourceId", resID, "confirm", resID))
	require.Nil(t, terr)
	_, terr = call(t, tk, "get_application_grant", args("applicationId", app, "applicationGrantId", grantID))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind, "the grant went with its resource")
}

// Attribute mappings through the tools: a CUSTOM one is created, updated
// and deleted; the CORE sub mapping changes its value but stays.
func TestApplicationAttributeTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	app := map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID}
	with := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	out, terr := call(t, tk, "list_application_attributes", app)
	require.Nil(t, terr)
	rows := out["applicationAttributes"].([]any)
	require.Len(t, rows, 2)
	assert.Equal(t, map[string]any{"id": demo.SandboxWebAppSubMappingID, "name": "sub", "value": "${user.id}", "mappingType": "CORE", "required": true}, rows[0])

	_, terr = call(t, tk, "create_application_attribute", with("name", "iss", "value", "x", "required", false))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "reserved")
	out, terr = call(t, tk, "create_application_attribute", with("name", "family_name", "value", "${user.name.family}", "required", false, "userInfo", false))
	require.Nil(t, terr)
	made := out["applicationAttribute"].(map[string]any)
	assert.Equal(t, "CUSTOM", made["mappingType"])
	id := made["id"].(string)
	out, terr = call(t, tk, "update_application_attribute", with("applicationAttributeId", id, "required", true))
	require.Nil(t, terr)
	assert.Equal(t, false, out["applicationAttribute"].(map[string]any)["userInfo"], "what update does not name stays")
	_, terr = call(t, tk, "delete_application_attribute", with("applicationAttributeId", id, "confirm", demo.SandboxWebAppID))
	require.Nil(t, terr)

	out, terr = call(t, tk, "update_application_attribute", with("applicationAttributeId", demo.SandboxWebAppSubMappingID, "value", "${user.username}"))
	require.Nil(t, terr)
	assert.Equal(t, "${user.username}", out["applicationAttribute"].(map[string]any)["value"])
	_, terr = call(t, tk, "delete_application_attribute", with("applicationAttributeId", demo.SandboxWebAppSubMappingID, "confirm", demo.SandboxWebAppID))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "cannot be deleted")
}

// WS-Fed and external-link applications: created from their members, and
// an update sending one member keeps the rest; the tools refuse another
// protocol's application.
func TestWSFedAndExternalLinkApplications(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	out, terr := call(t, tk, "create_wsfed_application", map[string]any{"environmentId": sb, "application": map[string]any{
		"name": "Office", "enabled": true, "protocol": "WS_FED", "type": "WEB_APP", "domainName": "example.com",
		"replyUrl": "https://login.microsoftonline.com/login.srf", "idpSigning": map[string]any{"key": map[string]any{"id": demo.SandboxSigningCertificateID}, "algorithm": "SHA256withRSA"}}})
	require.Nil(t, terr)
	ws := out["application"].(map[string]any)
	out, terr = call(t, tk, "update_wsfed_application", map[string]any{"environmentId": sb, "applicationId": ws["id"],
		"application": map[string]any{"replyUrl": "https://login.example.com/wsfed"}})
	require.Nil(t, terr)
	got := out["application"].(map[string]any)
	assert.Equal(t, "https://login.example.com/wsfed", got["replyUrl"])
	assert.Equal(t, "example.com", got["domainName"], "what update does not name stays")
	_, terr = call(t, tk, "create_wsfed_application", map[string]any{"environmentId": sb, "application": map[string]any{
		"name": "Office", "enabled": true, "protocol": "WS_FED", "type": "WEB_APP", "domainName": "example.com", "replyUrl": "https://x.example.com"}})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "idpSigning")

	out, terr = call(t, tk, "create_external_link_application", map[string]any{"environmentId": sb, "application": map[string]any{
		"name": "Wiki", "enabled": true, "protocol": "EXTERNAL_LINK", "type": "PORTAL_LINK_APP", "homePageUrl": "https://wiki.example.com"}})
	require.Nil(t, terr)
	link := out["application"].(map[string]any)
	// The whole object get_application returns goes back, edited.
	out, terr = call(t, tk, "get_application", map[string]any{"environmentId": sb, "applicationId": link["id"]})
	require.Nil(t, terr)
	whole := out // get_application answers the application itself
	whole["homePageUrl"] = "https://wiki2.example.com"
	out, terr = call(t, tk, "update_external_link_application", map[string]any{"environmentId": sb, "applicationId": link["id"], "application": whole})
	require.Nil(t, terr)
	assert.Equal(t, "https://wiki2.example.com", out["application"].(map[string]any)["homePageUrl"])
	assert.Equal(t, "Wiki", out["application"].(map[string]any)["name"])
	// list_applications shows their protocol members when fields asks for them.
	out, terr = call(t, tk, "list_applications", map[string]any{"environmentId": sb, "filter": `name eq "Office" or name eq "Wiki"`,
		"fields": []any{"replyUrl", "homePageUrl"}})
	require.Nil(t, terr)
	assert.ElementsMatch(t, []any{
		map[string]any{"id": ws["id"], "name": "Office", "protocol": "WS_FED", "type": "WEB_APP", "enabled": true, "createdAt": ws["createdAt"],
			"replyUrl": "https://login.example.com/wsfed"},
		map[string]any{"id": link["id"], "name": "Wiki", "protocol": "EXTERNAL_LINK", "type": "PORTAL_LINK_APP", "enabled": true,
			"createdAt": link["createdAt"], "homePageUrl": "https://wiki2.example.com"},
	}, out["applications"])
	_, terr = call(t, tk, "update_external_link_application", map[string]any{"environmentId": sb, "applicationId": ws["id"],
		"application": map[string]any{"name": "x"}})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "WS_FED application")
}
