package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func scopeRef(id string) map[string]any { return map[string]any{"id": id} }

func TestScopesFollowTheirResourceType(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	openid := env(sb, "resources", dm.SandboxOpenIDResourceID, "scopes")
	p1 := env(sb, "resources", dm.SandboxPingOneAPIResourceID, "scopes")
	payroll := env(sb, "resources", dm.SandboxPayrollResourceID, "scopes")

	listed := c.get(openid).items("scopes")
	require.Len(t, listed, 5)
	assert.Equal(t, dm.SandboxOpenIDResourceID, str(listed[0], "resource.id"))
	assert.Equal(t, c.s.APIURL()+env(sb, "resources", dm.SandboxOpenIDResourceID), str(listed[0], "_links.resource.href"))

	for what, tc := range map[string]struct {
		coll   string
		body   map[string]any
		target string
	}{
		"a space in the name":                  {payroll, map[string]any{"name": "payroll read"}, "name"},
		"a taken name":                         {payroll, map[string]any{"name": "payroll:read"}, "name"},
		"a built-in OIDC name":                 {openid, map[string]any{"name": "openid"}, "name"},
		"a PingOne API scope of another form":  {p1, map[string]any{"name": "p1:delete:everything"}, "name"},
		"schemaAttributes off a user scope":    {payroll, map[string]any{"name": "payroll:x", "schemaAttributes": []any{"email"}}, "schemaAttributes"},
		"mappedClaims off the openid resource": {payroll, map[string]any{"name": "payroll:y", "mappedClaims": []any{"x"}}, "mappedClaims"},
		"the wildcard among others":            {p1, map[string]any{"name": "p1:read:user:hr", "schemaAttributes": []any{"*", "email"}}, "schemaAttributes"},
	} {
		r := c.do(http.MethodPost, tc.coll, tc.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", what, r.Raw)
		assert.Equal(t, tc.target, str(r.Body["details"].([]any)[0].(map[string]any), "target"), what)
	}
	// A custom PingOne API scope may limit the attributes it reaches; a
	// custom openid scope may map claims.
	hr := c.do(http.MethodPost, p1, map[string]any{"name": "p1:read:user:hr", "schemaAttributes": []any{"name.given", "email"}})
	require.Equal(t, http.StatusCreated, hr.Status, string(hr.Raw))
	require.Equal(t, http.StatusCreated, c.do(http.MethodPost, openid, map[string]any{"name": "employee", "mappedClaims": []any{"a1"}}).Status)

	// Built-in scopes keep their names and stay; custom ones go.
	email := openid + "/" + dm.SandboxScopeIDs["openid/email"]
	rename := c.do(http.MethodPut, email, map[string]any{"name": "mail"})
	assert.Equal(t, []string{detailInvalidValue + " name"}, detailPairs(rename))
	require.Equal(t, http.StatusOK, c.do(http.MethodPut, email, map[string]any{"name": "email", "description": "Mail address"}).Status)
	del := c.do(http.MethodDelete, p1+"/"+dm.SandboxScopeIDs["PingOne API/p1:read:sessions"], nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Equal(t, []string{detailConstraint}, del.detailCodes())
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, p1+"/"+hr.str("id"), nil).Status)
}

func TestGrantsHoldScopesOfTheirResource(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	coll := env(sb, "applications", dm.SandboxSPAAppID, "grants")
	payroll := func(names ...string) []any {
		var out []any
		for _, n := range names {
			out = append(out, scopeRef(dm.SandboxScopeIDs["Payroll API/"+n]))
		}
		return out
	}
	res := func(id string) map[string]any { return map[string]any{"id": id} }

	for what, tc := range map[string]struct {
		body   map[string]any
		detail string
	}{
		"no scopes":                {map[string]any{"resource": res(dm.SandboxPayrollResourceID)}, detailRequired + " scopes"},
		"an empty scope list":      {map[string]any{"resource": res(dm.SandboxPayrollResourceID), "scopes": []any{}}, detailInvalidValue + " scopes"},
		"no resource":              {map[string]any{"scopes": payroll("payroll:read")}, detailRequired + " resource"},
		"a missing resource":       {map[string]any{"resource": res(unknownID), "scopes": payroll("payroll:read")}, detailInvalidValue + " resource.id"},
		"a missing scope":          {map[string]any{"resource": res(dm.SandboxPayrollResourceID), "scopes": []any{scopeRef(unknownID)}}, detailInvalidValue + " scopes.id"},
		"a scope named twice":      {map[string]any{"resource": res(dm.SandboxPayrollResourceID), "scopes": payroll("payroll:read", "payroll:read")}, detailInvalidValue + " scopes[1].id"},
		"another resource's scope": {map[string]any{"resource": res(dm.SandboxOpenIDResourceID), "scopes": payroll("payroll:read")}, detailInvalidValue + " scopes[0].id"},
	} {
		r := c.do(http.MethodPost, coll, tc.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", what, r.Raw)
		assert.Equal(t, []string{tc.detail}, detailPairs(r), what)
	}
	made := c.do(http.MethodPost, coll, map[string]any{"resource": res(dm.SandboxPayrollResourceID), "scopes": payroll("payroll:read", "payroll:write")})
	require.Equal(t, http.StatusCreated, made.Status, string(made.Raw))
	assert.Equal(t, dm.SandboxSPAAppID, made.str("application.id"))
	assert.Equal(t, c.s.APIURL()+env(sb, "resources", dm.SandboxPayrollResourceID), made.str("_links.resource.href"))
	again := c.do(http.MethodPost, coll, map[string]any{"resource": res(dm.SandboxPayrollResourceID), "scopes": payroll("payroll:read")})
	assert.Equal(t, []string{detailUniqueness + " resource.id"}, detailPairs(again), "one grant per resource")
	assert.Equal(t, made.str("id"), str(again.Body["details"].([]any)[0].(map[string]any), "innerError.existingId"))

	// A granted scope stays until no grant names it.
	write := env(sb, "resources", dm.SandboxPayrollResourceID, "scopes", dm.SandboxScopeIDs["Payroll API/payroll:write"])
	del := c.do(http.MethodDelete, write, nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Contains(t, del.Body["details"].([]any)[0].(map[string]any)["message"], "1 grant(s) refer to it by scopes.id")
	require.Equal(t, http.StatusOK, c.do(http.MethodPut, coll+"/"+made.str("id"),
		map[string]any{"resource": res(dm.SandboxPayrollResourceID), "scopes": payroll("payroll:read")}).Status)
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, write, nil).Status)

	// Deleting the resource takes its scopes and every grant of it along.
	payrollRes := env(sb, "resources", dm.SandboxPayrollResourceID)
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, payrollRes, nil).Status)
	assert.Equal(t, http.StatusNotFound, c.get(coll+"/"+made.str("id")).Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "applications", dm.SandboxWebAppID, "grants", dm.SandboxWebAppPayrollGrantID)).Status)
	assert.Equal(t, http.StatusOK, c.get(env(sb, "applications", dm.SandboxWebAppID, "grants", dm.SandboxWebAppOpenIDGrantID)).Status, "other grants stay")
	assert.False(t, c.stored(keyScopes, dm.SandboxPayrollResourceID, dm.SandboxScopeIDs["Payroll API/payroll:read"]))
}

func TestAttributeMappings(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	coll := env(sb, "applications", dm.SandboxWebAppID, "attributes")
	seeded := c.get(coll).items("attributes")
	require.Len(t, seeded, 2)
	assert.Equal(t, []any{"sub", "CORE"}, []any{seeded[0]["name"], seeded[0]["mappingType"]})
	saml := c.get(env(sb, "applications", dm.SandboxSAMLAppID, "attributes")).items("attributes")
	require.Len(t, saml, 1)
	assert.Equal(t, "saml_subject", saml[0]["name"])

	for what, tc := range map[string]struct {
		body   map[string]any
		detail string
	}{
		"no value":            {map[string]any{"name": "a", "required": false}, detailRequired + " value"},
		"no required":         {map[string]any{"name": "a", "value": "x"}, detailRequired + " required"},
		"a type of PingOne's": {map[string]any{"name": "a", "value": "x", "required": false, "mappingType": "CORE"}, detailInvalidValue + " mappingType"},
		"a reserved claim":    {map[string]any{"name": "aud", "value": "x", "required": false}, detailInvalidValue + " name"},
		"a taken name":        {map[string]any{"name": "EMAIL", "value": "${user.email}", "required": false}, detailUniqueness + " name"},
		"another source":      {map[string]any{"name": "a", "value": "${env.HOME}", "required": false}, detailInvalidValue + " value"},
		"nowhere to go":       {map[string]any{"name": "a", "value": "x", "required": false, "idToken": false, "userInfo": false}, detailInvalidValue + " idToken"},
		"an ungranted scope":  {map[string]any{"name": "a", "value": "x", "required": false, "oidcScopes": []any{dm.SandboxScopeIDs["openid/phone"]}}, detailInvalidValue + " oidcScopes[0]"},
		"an empty oidcScopes": {map[string]any{"name": "a", "value": "x", "required": false, "oidcScopes": []any{}}, detailInvalidValue + " oidcScopes"},
	} {
		r := c.do(http.MethodPost, coll, tc.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", what, r.Raw)
		assert.Equal(t, []string{tc.detail}, detailPairs(r), what)
	}
	made := c.do(http.MethodPost, coll, map[string]any{"name": "given_name", "value": "${user.name.given}", "required": false,
		"oidcScopes": []any{dm.SandboxScopeIDs["openid/profile"]}})
	require.Equal(t, http.StatusCreated, made.Status, string(made.Raw))
	assert.Equal(t, []any{"CUSTOM", true, true}, []any{made.Body["mappingType"], made.Body["idToken"], made.Body["userInfo"]})
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, coll+"/"+made.str("id"), nil).Status)

	// The CORE sub mapping: its value changes, its name and type do not, and it stays.
	sub := coll + "/" + dm.SandboxWebAppSubMappingID
	assert.Equal(t, []string{detailInvalidValue + " name"}, detailPairs(c.do(http.MethodPut, sub, map[string]any{"name": "subject", "value": "${user.id}", "required": true})))
	assert.Equal(t, []string{detailInvalidValue + " mappingType"}, detailPairs(c.do(http.MethodPut, sub,
		map[string]any{"name": "sub", "value": "${user.id}", "required": true, "mappingType": "CUSTOM"})))
	changed := c.do(http.MethodPut, sub, map[string]any{"name": "sub", "value": "${user.username}", "required": true})
	require.Equal(t, http.StatusOK, changed.Status, string(changed.Raw))
	assert.Equal(t, "CORE", changed.str("mappingType"))
	del := c.do(http.MethodDelete, sub, nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Equal(t, []string{detailConstraint}, del.detailCodes())

	// A new application gets its CORE mapping; an external link has none.
	app := c.mk(env(sb, "applications"), map[string]any{"name": "New", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
	got := c.get(env(sb, "applications", app, "attributes")).items("attributes")
	require.Len(t, got, 1)
	assert.Equal(t, []any{"sub", "CORE", "${user.id}"}, []any{got[0]["name"], got[0]["mappingType"], got[0]["value"]})
	link := c.mk(env(sb, "applications"), map[string]any{"name": "Wiki", "enabled": true, "protocol": "EXTERNAL_LINK", "type": "PORTAL_LINK_APP", "homePageUrl": "https://wiki.example.com"})
	assert.Empty(t, c.get(env(sb, "applications", link, "attributes")).items("attributes"))
	r := c.do(http.MethodPost, env(sb, "applications", link, "attributes"), map[string]any{"name": "a", "value": "x", "required": false})
	assert.Equal(t, http.StatusBadRequest, r.Status)
}
