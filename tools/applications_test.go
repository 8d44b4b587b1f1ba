package tools_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestApplicationReadEditWrite is the workflow of Ping's own server: read an
// application, edit the object, send it back whole; and the partial update
// p1kit adds, which keeps what it does not name.
func TestApplicationReadEditWrite(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	get := func(id string) map[string]any {
		out, terr := call(t, tk, "get_application", map[string]any{"environmentId": sb, "applicationId": id})
		require.Nil(t, terr)
		require.NotContains(t, out, "application", "the application itself, as the official server answers")
		return out
	}

	app := get(demo.SandboxWebAppID)
	app["name"] = "HR Portal v2"
	app["x-custom"] = map[string]any{"kept": true} // a member no p1kit type names
	out, terr := call(t, tk, "update_oidc_application", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID, "application": app})
	require.Nil(t, terr, "the whole get_application result goes back")
	assert.Equal(t, "HR Portal v2", out["application"].(map[string]any)["name"])

	before := get(demo.SandboxWebAppID)
	_, terr = call(t, tk, "update_oidc_application", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"application": map[string]any{"redirectUris": []string{"https://hr.example.com/cb2"}}})
	require.Nil(t, terr)
	after := get(demo.SandboxWebAppID)
	assert.Equal(t, []any{"https://hr.example.com/cb2"}, after["redirectUris"])
	for _, k := range []string{"name", "description", "grantTypes", "responseTypes", "tokenEndpointAuthMethod", "pkceEnforcement", "x-custom", "createdAt"} {
		assert.Equal(t, before[k], after[k], "%s is kept by an update that sends only redirectUris", k)
	}

	_, terr = call(t, tk, "update_oidc_application", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"application": map[string]any{}, "clear": []string{"description"}})
	require.Nil(t, terr)
	assert.NotContains(t, get(demo.SandboxWebAppID), "description")
	_, terr = call(t, tk, "update_oidc_application", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID,
		"application": map[string]any{"description": "x"}, "clear": []string{"description"}})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindInvalidArguments, terr.Kind)
	assert.Contains(t, terr.Message, "application.description is both given and named in clear")

	// A copy: the read-only members of the object read are left out.
	cp := get(demo.SandboxWorkerAppID)
	cp["name"] = "Directory Sync copy"
	out, terr = call(t, tk, "create_oidc_application", map[string]any{"environmentId": sb, "application": cp})
	require.Nil(t, terr)
	created := out["application"].(map[string]any)
	assert.NotEqual(t, demo.SandboxWorkerAppID, created["id"])
	assert.Equal(t, cp["grantTypes"], created["grantTypes"])

	// The object of one application is not written over another.
	_, terr = call(t, tk, "update_oidc_application", map[string]any{"environmentId": sb, "applicationId": created["id"], "application": get(demo.SandboxWebAppID)})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "another application")
}

func TestSAMLApplicationTools(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	saml, terr := call(t, tk, "get_application", map[string]any{"environmentId": sb, "applicationId": demo.SandboxSAMLAppID})
	require.Nil(t, terr)

	_, terr = call(t, tk, "create_saml_application", map[string]any{"environmentId": sb, "application": saml})
	require.NotNil(t, terr, "spEntityId is unique in the environment")
	assert.Equal(t, tools.KindAPI, terr.Kind)

	saml["name"], saml["spEntityId"] = "Expense Reports 2", "https://expenses2.example.com/sp"
	out, terr := call(t, tk, "create_saml_application", map[string]any{"environmentId": sb, "application": saml})
	require.Nil(t, terr)
	id := out["application"].(map[string]any)["id"]
	assert.Equal(t, saml["acsUrls"], out["application"].(map[string]any)["acsUrls"])

	out, terr = call(t, tk, "update_saml_application", map[string]any{"environmentId": sb, "applicationId": id,
		"application": map[string]any{"acsUrls": []string{"https://expenses2.example.com/acs"}}})
	require.Nil(t, terr)
	assert.Equal(t, "https://expenses2.example.com/sp", out["application"].(map[string]any)["spEntityId"], "kept")

	n := len(srv.Requests())
	for _, tc := range []struct {
		name string
		tool string
		args map[string]any
	}{
		{"no acsUrls", "create_saml_application", map[string]any{"application": map[string]any{"name": "x", "enabled": true, "protocol": "SAML", "type": "WEB_APP",
			"spEntityId": "urn:x", "assertionDuration": 60}}},
		{"OIDC body", "create_saml_application", map[string]any{"application": map[string]any{"name": "x", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WEB_APP",
			"spEntityId": "urn:x", "assertionDuration": 60, "acsUrls": []string{"https://x"}}}},
		{"SAML type for OIDC", "create_oidc_application", map[string]any{"application": map[string]any{"name": "x", "enabled": true, "protocol": "OPENID_CONNECT",
			"type": "TEMPLATE_APP", "tokenEndpointAuthMethod": "NONE"}}},
	} {
		tc.args["environmentId"] = sb
		_, terr := call(t, tk, tc.tool, tc.args)
		require.NotNil(t, terr, tc.name)
		assert.Equal(t, tools.KindInvalidArguments, terr.Kind, tc.name)
	}
	assert.Len(t, srv.Requests(), n, "refused before any request")

	_, terr = call(t, tk, "update_saml_application", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWebAppID, "application": map[string]any{"name": "x"}})
	require.NotNil(t, terr, "an OIDC application is not updated as SAML")
	_, terr = call(t, tk, "update_oidc_application", map[string]any{"environmentId": sb, "applicationId": demo.SandboxSAMLAppID, "application": map[string]any{"name": "x"}})
	require.NotNil(t, terr, "a SAML application is not updated as OIDC")
}

func TestListApplicationsFieldsAndFilter(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID

	out, terr := call(t, tk, "list_applications", map[string]any{"environmentId": sb, "filter": `name sw "HR"`})
	require.Nil(t, terr)
	rows := out["applications"].([]any)
	require.Len(t, rows, 1)
	row := rows[0].(map[string]any)
	assert.Equal(t, demo.SandboxWebAppID, row["id"])
	assert.NotContains(t, row, "grantTypes", "extra members only on request")

	out, terr = call(t, tk, "list_applications", map[string]any{"environmentId": sb, "fields": []string{"grantTypes", "redirectUris", "spEntityId"}})
	require.Nil(t, terr)
	byID := map[string]map[string]any{}
	for _, r := range out["applications"].([]any) {
		byID[r.(map[string]any)["id"].(string)] = r.(map[string]any)
	}
	web, saml := byID[demo.SandboxWebAppID], byID[demo.SandboxSAMLAppID]
	assert.NotEmpty(t, web["grantTypes"])
	assert.NotEmpty(t, web["redirectUris"])
	assert.NotContains(t, web, "tokenEndpointAuthMethod", "not asked for")
	assert.NotEmpty(t, saml["spEntityId"])
	assert.NotContains(t, saml, "grantTypes", "a SAML application has none")

	_, terr = call(t, tk, "list_applications", map[string]any{"environmentId": sb, "fields": []string{"clientSecret"}})
	require.NotNil(t, terr, "fields is an enum")
	assert.Equal(t, tools.KindInvalidArguments, terr.Kind)
	_, terr = call(t, tk, "list_applications", map[string]any{"environmentId": sb, "filter": `protocol eq "SAML"`})
	require.NotNil(t, terr, "PingOne's 400 for a filter attribute it does not support")
}

// TestApplicationSecretRotation: rotation needs confirmation, and the
// secrets it returns are redacted unless the output policy reveals them.
func TestApplicationSecretRotation(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	app := map[string]any{"environmentId": sb, "applicationId": demo.SandboxWorkerAppID}

	_, terr := call(t, tk, "rotate_application_secret", app)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNeedsConfirmation, terr.Kind, "a credential change is confirmed")

	out, terr := call(t, tk, "rotate_application_secret", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWorkerAppID,
		"keepPreviousMinutes": 60, "confirm": "Directory Sync"})
	require.Nil(t, terr)
	assert.Equal(t, tools.RedactedPlaceholder, out["secret"])
	prev := out["previous"].(map[string]any)
	assert.Equal(t, tools.RedactedPlaceholder, prev["secret"])
	assert.NotEmpty(t, prev["expiresAt"])
	raw, err := json.Marshal(out)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), demo.SandboxWorkerClientSecret, "the former secret is not shown")

	revealing, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), tools.Config{
		Filter: tools.Filter{AllowWrites: true}, Output: tools.OutputPolicy{RevealSecrets: true}})
	require.NoError(t, err)
	out, terr = call(t, revealing, "get_application_secret", app)
	require.Nil(t, terr)
	assert.Equal(t, demo.SandboxWorkerClientSecret, out["previous"].(map[string]any)["secret"], "revealed: the former secret until it expires")
	assert.NotEqual(t, demo.SandboxWorkerClientSecret, out["secret"])

	_, terr = call(t, tk, "delete_application_previous_secret", app)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	out, terr = call(t, tk, "delete_application_previous_secret", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWorkerAppID, "confirm": "Directory Sync"})
	require.Nil(t, terr)
	assert.Equal(t, true, out["deleted"])
	out, terr = call(t, revealing, "get_application_secret", app)
	require.Nil(t, terr)
	assert.NotContains(t, out, "previous")
	_, terr = call(t, tk, "delete_application_previous_secret", map[string]any{"environmentId": sb, "applicationId": demo.SandboxWorkerAppID, "confirm": "Directory Sync"})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind, "nothing left to delete")
}
