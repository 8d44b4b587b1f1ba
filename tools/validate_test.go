package tools_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestValidationMessages: what a model reads when its arguments are wrong,
// word for word for the common mistakes.
func TestValidationMessages(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	sb := pingonetest.Demo().SandboxEnvironmentID
	app := func(extra string) string {
		return `{"environmentId":"` + sb + `","application":{"name":"x","enabled":true,"protocol":"OPENID_CONNECT","type":"WEB_APP","tokenEndpointAuthMethod":"NONE"` + extra + `}}`
	}
	cases := []struct{ tool, args, want string }{
		{"list_users", `{"environmentId":"` + sb + `","limit":5000}`, `list_users: argument "limit" must be at most 1000 (got 5000)`},
		{"list_users", `{"environmentId":"` + sb + `","limit":0}`, `list_users: argument "limit" must be at least 1 (got 0)`},
		{"list_users", `{"environmentId":"` + sb + `","limit":2.5}`, `list_users: argument "limit" must be an integer, a whole number written without a fraction or exponent (got 2.5)`},
		{"list_users", `{"environmentId":"` + sb + `","limit":"5"}`, `list_users: argument "limit" must be an integer (got the string "5")`},
		{"list_users", `null`, `list_users: arguments must be a JSON object, not null; pass {} when a tool needs no arguments`},
		{"list_users", `[]`, `list_users: arguments must be a JSON object, not an array; pass one object such as {"environmentId": "…"}`},
		{"list_users", `"{\"environmentId\":\"x\"}"`, `list_users: arguments must be a JSON object, not a string (this string holds a JSON object as text: send the object itself)`},
		{"list_users", `{"environmentId":null}`, `list_users: argument "environmentId" must be a string, not null; leave the argument out rather than sending null`},
		{"list_users", `{"environmentId":"` + sb + `"`, `list_users: arguments must be a JSON object, and this is not valid JSON: the text ends before the JSON value is complete`},
		{"list_users", `{"environmentId":"` + sb + `"} {}`, `list_users: arguments must be one JSON object, and there is more text after it (from byte 58)`},
		{"list_users", "{\"environmentId\":\"\xff\"}", `list_users: arguments must be a JSON object in UTF-8; byte 19 is not valid UTF-8`},
		{"list_users", `{"environmentId":"` + sb + `","cursor":"p1k1.garbage"}`, `list_users: argument "cursor" is not a cursor p1kit returned (it is damaged or was edited); pass nextCursor exactly as it came, or leave cursor out for the first page`},
		{"list_populations", `{"environmentId":"` + sb + `","cursor":"https://api.pingone.com/v1/environments/` + pingonetest.Demo().ProductionEnvironmentID + `/populations"}`,
			`list_populations: argument "cursor" is a link outside this listing (another environment or collection)`},
		{"create_oidc_application", app(`,"grantTypes":"CODE"`), `create_oidc_application: argument "application.grantTypes" must be an array of strings (got the string "CODE")`},
		{"create_oidc_application", app(`,"grantTypes":["CLIENT_CREDENTIALS",1]`), `create_oidc_application: argument "application.grantTypes" must be an array of strings (item 1 is the number 1)`},
		{"create_oidc_application", app(`,"grantTypes":["CODE"]`), `create_oidc_application: argument "application.grantTypes[0]" must be one of AUTHORIZATION_CODE, IMPLICIT, REFRESH_TOKEN, CLIENT_CREDENTIALS, DEVICE_CODE, TOKEN_EXCHANGE, CIBA (got the string "CODE")`},
		{"create_oidc_application", `{"environmentId":"` + sb + `","application":{"name":"x","enabled":"yes","protocol":"OPENID_CONNECT","type":"WEB_APP","tokenEndpointAuthMethod":"NONE"}}`,
			`create_oidc_application: argument "application.enabled" must be a boolean (true or false) (got the string "yes")`},
		{"create_environment", `{"name":"E","region":"NA","license":{"id":"` + sb + `","colour":"red"}}`, `create_environment: unknown argument "license.colour" (license takes: id`},
		{"get_environment", `{"environmentId":"` + strings.Repeat("a", 1<<17) + `"}`, `get_environment: argument "environmentId" must be a PingOne id, a UUID such as 0f2e6a4c-1b2d-4e3f-8a9b-0c1d2e3f4a5b (got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…" (131072 characters)); find ids with the list_* tools`},
		{"get_environment", `{"environmentId":"` + strings.Repeat("a", 1<<20) + `"}`, `get_environment: arguments are larger than 256 KiB, the limit for one call; send shorter values or split the work into several calls`},
		{"get_environment", `{"environmentId":"` + sb + `","` + strings.Repeat("k", 5000) + `":1}`, `get_environment: unknown argument "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…" (5000 characters) (get_environment takes: environmentId (required))`},
		{"get_environment", strings.Repeat("[", 40) + strings.Repeat("]", 40), `get_environment: arguments must be a JSON object, not an array`},
		{"get_environment", `{"environmentId":` + strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat("}", 41), `get_environment: arguments are nested deeper than 32 levels; no tool takes values that deep`},
		{"list_userz", `{}`, `unknown tool "list_userz"; did you mean "list_users"? (list the tools to see their names)`},
		{"zzzz", `{}`, `unknown tool "zzzz"; list the tools to see their names`},
		{strings.Repeat("x", 1<<20), `{}`, `unknown tool "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (1048576 characters): tool names are at most 128 bytes; list the tools to see their names`},
	}
	for _, tc := range cases {
		_, err := tk.Call(t.Context(), tc.tool, json.RawMessage(tc.args))
		var te *tools.Error
		require.ErrorAs(t, err, &te, tc.args[:min(len(tc.args), 80)])
		assert.Contains(t, err.Error(), tc.want)
		assert.Less(t, len(err.Error()), 1024, "a bounded message")
	}
	assert.Empty(t, srv.Requests(), "no bad call reaches PingOne")
}

// TestCursorLinksStayInTheEnvironment: a cursor that is a whole next link
// is followed as it is, so it must stay in the environment the guard
// checked; otherwise a call naming an allowed environment could list a
// denied one (or PRODUCTION users where their reading is refused).
func TestCursorLinksStayInTheEnvironment(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{Environments: tools.EnvironmentPolicy{Deny: []string{"Production"}}})
	d := pingonetest.Demo()
	link := func(env string) string { return srv.APIURL() + "/environments/" + env + "/populations?limit=2" }

	srv.ResetRequests()
	_, terr := call(t, tk, "list_populations", map[string]any{"environmentId": d.SandboxEnvironmentID, "cursor": link(d.ProductionEnvironmentID)})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, `argument "cursor" is a link outside this listing`)
	assert.Empty(t, srv.Requests(), "nothing reaches PingOne")

	// A link of the listing's own environment is followed.
	out, terr := call(t, tk, "list_populations", map[string]any{"environmentId": d.SandboxEnvironmentID, "cursor": link(d.SandboxEnvironmentID)})
	require.Nil(t, terr)
	assert.NotEmpty(t, out["populations"])
}
