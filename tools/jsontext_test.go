package tools_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestFreeFormObjectsAreListedAsJSONText: the listings show each free-form
// object (customAttributes, customData, condition, uriParameters, the
// items of mobile.applications) as a string carrying its JSON text, and
// say so even where a sibling tool's description is left out.
func TestFreeFormObjectsAreListedAsJSONText(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	at := func(d tools.Definition, path ...string) map[string]any {
		var s map[string]any
		require.NoError(t, json.Unmarshal(d.InputSchema, &s))
		for _, p := range path {
			if p == "[]" {
				s = s["items"].(map[string]any)
				continue
			}
			s = s["properties"].(map[string]any)[p].(map[string]any)
		}
		return s
	}
	found := 0
	for _, d := range tk.Definitions() {
		for _, path := range [][]string{{"customAttributes"}, {"customData"}, {"condition"}, {"totp", "uriParameters"}, {"mobile", "applications", "[]"}} {
			var s map[string]any
			require.NoError(t, json.Unmarshal(d.InputSchema, &s))
			if _, ok := s["properties"].(map[string]any)[path[0]]; !ok {
				continue
			}
			p := at(d, path...)
			found++
			assert.Equal(t, "string", p["type"], "%s.%v", d.Name, path)
			assert.True(t, strings.HasSuffix(p["description"].(string), tools.JSONTextNote), "%s.%v: %v", d.Name, path, p["description"])
		}
	}
	assert.Equal(t, 10, found, "create and update of users, groups, sign-on policy actions and device authentication policies (two each)")
}

// TestFreeFormObjectGivenAsJSONText: a custom attribute map given as JSON
// text reaches PingOne as the object, numbers exact, and goes through the
// same checks as the object itself; text that is no JSON object is refused
// naming the argument. The object itself is still taken
// (TestCreateAndUpdateProfile).
func TestFreeFormObjectGivenAsJSONText(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	sb := pingonetest.Demo().SandboxEnvironmentID
	out, te := call(t, tk, "create_user", map[string]any{
		"environmentId": sb, "username": "grace", "email": "grace@example.com",
		"customAttributes": `{"employeeNumber": "1906", "badges": ["cobol"], "level": 12345678901234567}`,
	})
	require.Nil(t, te, "%v", te)
	u := out["user"].(map[string]any)
	assert.Equal(t, "1906", u["employeeNumber"])
	assert.Equal(t, []any{"cobol"}, u["badges"])
	assert.Equal(t, float64(12345678901234567), u["level"])
	user := map[string]any{"environmentId": sb, "userId": u["id"]}

	out, te = call(t, tk, "update_user", with(user, "customAttributes", `{"costCenter":"CC-9"}`))
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "CC-9", out["user"].(map[string]any)["costCenter"])
	assert.Equal(t, "1906", out["user"].(map[string]any)["employeeNumber"])

	for _, bad := range []struct{ text, want string }{
		{`{"costCenter":`, `argument "customAttributes" must be a JSON object, or a string holding the JSON text of one`},
		{`["CC-9"]`, `argument "customAttributes" must be a JSON object`},
		{`{"a":1} {"b":2}`, `argument "customAttributes" must be a JSON object`},
		{`CC-9`, `(got "CC-9")`},
		{`{"email":"x@example.com"}`, "standard attribute"},
		{`{"costCenter":null}`, "clearCustomAttributes"},
		{`{"deep":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, "nested deeper than"},
	} {
		_, te := call(t, tk, "update_user", with(user, "customAttributes", bad.text))
		require.NotNil(t, te, bad.text)
		assert.Equal(t, tools.KindInvalidArguments, te.Kind, te.Message)
		assert.Contains(t, te.Message, bad.want, bad.text)
	}
	_, te = call(t, tk, "update_user", with(user, "title", `{"a":1}`))
	require.Nil(t, te, "a string argument that is no free-form object stays a string")
	out, te = call(t, tk, "get_user", user)
	require.Nil(t, te)
	assert.Equal(t, `{"a":1}`, out["user"].(map[string]any)["title"])
}

// TestNestedFreeFormObjectsGivenAsJSONText: the JSON text of an object
// inside another (totp.uriParameters) and of an array's items
// (mobile.applications[]) is decoded too, and a wrong one is named by its
// path.
func TestNestedFreeFormObjectsGivenAsJSONText(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	sb := pingonetest.Demo().SandboxEnvironmentID
	otp := map[string]any{"lifeTime": map[string]any{"duration": 10, "timeUnit": "MINUTES"}, "failure": mfaFailureArg()}
	args := func(apps []any) map[string]any {
		return map[string]any{"environmentId": sb, "name": "Issuer shown", "default": false,
			"email":  map[string]any{"enabled": true, "otp": otp},
			"sms":    map[string]any{"enabled": false, "otp": otp},
			"voice":  map[string]any{"enabled": false, "otp": otp},
			"mobile": map[string]any{"enabled": false, "otp": map[string]any{"failure": mfaFailureArg()}, "applications": apps},
			"totp": map[string]any{"enabled": true, "otp": map[string]any{"failure": mfaFailureArg()},
				"uriParameters": `{"issuer": "Example"}`}}
	}
	_, te := call(t, tk, "create_device_authentication_policy", args([]any{`{"id": "not-checked-here", "push": {"enabled": true}}`}))
	require.Nil(t, te, "%v", te)
	var sent map[string]any
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/deviceAuthenticationPolicies") {
			require.NoError(t, json.Unmarshal(r.Body, &sent))
		}
	}
	require.NotNil(t, sent, "the policy was sent")
	assert.Equal(t, map[string]any{"issuer": "Example"}, sent["totp"].(map[string]any)["uriParameters"])
	assert.Equal(t, []any{map[string]any{"id": "not-checked-here", "push": map[string]any{"enabled": true}}},
		sent["mobile"].(map[string]any)["applications"])

	_, te = call(t, tk, "create_device_authentication_policy", args([]any{map[string]any{"id": "x"}, `{"id":`}))
	require.NotNil(t, te)
	assert.Contains(t, te.Message, `argument "mobile.applications[1]" must be a JSON object`)
	bad := args(nil)
	bad["totp"].(map[string]any)["uriParameters"] = `{"issuer": 7}`
	_, te = call(t, tk, "create_device_authentication_policy", bad)
	require.NotNil(t, te, "the decoded object is checked against the schema: uriParameters holds strings")
	assert.Equal(t, tools.KindInvalidArguments, te.Kind, te.Message)
	assert.Contains(t, te.Message, "uriParameters")
}
