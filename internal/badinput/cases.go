package badinput

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// Case is one bad tool call.
type Case struct {
	Name string
	Tool string
	// Args is the arguments as JSON text, as a model or a script wrote them:
	// it may be malformed, not UTF-8, or empty (no arguments).
	Args string
	// Want are parts the message must hold: what is wrong, what to fix.
	Want []string
	// NullOptional marks a null given for an optional argument, which a
	// front end for OpenAI's strict mode rightly reads as "not given".
	NullOptional bool
}

// anyID is a well-formed id that no bad call ever gets to use.
const anyID = "0f2e6a4c-1b2d-4e3f-8a9b-0c1d2e3f4a5b"

// Cases are the bad calls: a hand-written list of the mistakes models,
// scripts and hostile input make, then, for every tool p1kit ships, a
// missing required argument, an unknown member, null where a value is
// required, and a value of the wrong type for each kind of argument.
func Cases() []Case {
	sb := pingonetest.Demo().SandboxEnvironmentID
	env := func(members string) string {
		if members == "" {
			return `{"environmentId":"` + sb + `"}`
		}
		return `{"environmentId":"` + sb + `",` + members + `}`
	}
	app := func(members string) string {
		return `{"environmentId":"` + sb + `","application":{"name":"web","enabled":true,"protocol":"OPENID_CONNECT","type":"WEB_APP","tokenEndpointAuthMethod":"NONE"` + members + `}}`
	}
	cursor := func(v string) string { return "p1k1." + base64.RawURLEncoding.EncodeToString([]byte(v)) }
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	unknownTool := []string{"unknown tool", "list the tools to see their names"}
	const uuidWant = "must be a PingOne id, a UUID such as"

	cases := []Case{
		// Tool names.
		{Name: "empty tool name", Tool: "", Args: `{}`, Want: append([]string{`unknown tool ""`}, unknownTool...)},
		{Name: "near miss: singular", Tool: "list_user", Args: env(""), Want: append([]string{`"list_user"`}, unknownTool...)},
		{Name: "near miss: plural", Tool: "get_environments", Args: env(""), Want: unknownTool},
		{Name: "near miss: capitals", Tool: "List_Users", Args: env(""), Want: unknownTool},
		{Name: "near miss: all capitals", Tool: "LIST_USERS", Args: env(""), Want: unknownTool},
		{Name: "near miss: dashes", Tool: "list-users", Args: env(""), Want: unknownTool},
		{Name: "near miss: camel case", Tool: "listUsers", Args: env(""), Want: unknownTool},
		{Name: "near miss: trailing space", Tool: "list_users ", Args: env(""), Want: append([]string{`"list_users "`}, unknownTool...)},
		{Name: "near miss: leading space", Tool: " list_users", Args: env(""), Want: unknownTool},
		{Name: "near miss: trailing newline", Tool: "list_users\n", Args: env(""), Want: append([]string{`"list_users\n"`}, unknownTool...)},
		{Name: "near miss: Cyrillic i", Tool: "lіst_users", Args: env(""), Want: unknownTool},
		{Name: "near miss: zero-width space", Tool: "list\u200b_users", Args: env(""), Want: append([]string{`\u200b`}, unknownTool...)},
		{Name: "near miss: the official server's prefix", Tool: "pingone_list_users", Args: env(""), Want: unknownTool},
		{Name: "tool name with NUL", Tool: "list_users\x00", Args: env(""), Want: append([]string{`\x00`}, unknownTool...)},
		{Name: "tool name with an escape sequence", Tool: "\x1b[31mlist_users", Args: env(""), Want: append([]string{`\x1b`}, unknownTool...)},
		{Name: "tool name a path", Tool: "../../etc/passwd", Args: `{}`, Want: unknownTool},
		{Name: "tool name a wildcard", Tool: "list_*", Args: `{}`, Want: unknownTool},
		{Name: "tool name a shell command", Tool: "list_users; rm -rf /", Args: `{}`, Want: unknownTool},
		{Name: "tool name an MCP method", Tool: "tools/call", Args: `{}`, Want: unknownTool},
		{Name: "tool name of 129 bytes", Tool: strings.Repeat("a", 129), Args: `{}`, Want: []string{"(129 characters): tool names are at most 128 bytes"}},
		{Name: "tool name of 1 MiB", Tool: strings.Repeat("x", 1<<20), Args: `{}`, Want: []string{"(1048576 characters): tool names are at most 128 bytes"}},
		{Name: "tool name of emoji", Tool: strings.Repeat("🔥", 50), Args: `{}`, Want: []string{"(50 characters): tool names are at most 128 bytes"}},

		// The arguments as a whole.
		{Name: "arguments null", Tool: "list_users", Args: `null`, Want: []string{"arguments must be a JSON object, not null", "pass {}"}},
		{Name: "arguments an empty array", Tool: "list_users", Args: `[]`, Want: []string{"not an array"}},
		{Name: "arguments an array of the object", Tool: "list_users", Args: `[` + env("") + `]`, Want: []string{"not an array", "pass one object"}},
		{Name: "arguments a string", Tool: "list_users", Args: `"environmentId"`, Want: []string{"not a string"}},
		{Name: "arguments the object as text", Tool: "list_users", Args: q(env("")), Want: []string{"this string holds a JSON object as text", "send the object itself"}},
		{Name: "arguments a number", Tool: "list_users", Args: `42`, Want: []string{"not the number 42"}},
		{Name: "arguments true", Tool: "list_users", Args: `true`, Want: []string{"not true"}},
		{Name: "malformed: truncated", Tool: "list_users", Args: `{"environmentId":"` + sb + `"`, Want: []string{"not valid JSON", "ends before"}},
		{Name: "malformed: no value", Tool: "list_users", Args: `{"environmentId":}`, Want: []string{"not valid JSON", "at byte 18"}},
		{Name: "malformed: trailing comma", Tool: "list_users", Args: `{"environmentId":"` + sb + `",}`, Want: []string{"not valid JSON"}},
		{Name: "malformed: single quotes", Tool: "list_users", Args: `{'environmentId':'` + sb + `'}`, Want: []string{"not valid JSON"}},
		{Name: "malformed: unquoted key", Tool: "list_users", Args: `{environmentId:"` + sb + `"}`, Want: []string{"not valid JSON"}},
		{Name: "malformed: a comment", Tool: "list_users", Args: `{/* env */"environmentId":"` + sb + `"}`, Want: []string{"not valid JSON"}},
		{Name: "malformed: NaN", Tool: "list_users", Args: env(`"limit":NaN`), Want: []string{"not valid JSON"}},
		{Name: "malformed: Infinity", Tool: "list_users", Args: env(`"limit":Infinity`), Want: []string{"not valid JSON"}},
		{Name: "malformed: a byte order mark", Tool: "list_users", Args: "\ufeff" + env(""), Want: []string{"not valid JSON"}},
		{Name: "malformed: a raw newline in a string", Tool: "list_users", Args: "{\"environmentId\":\"a\nb\"}", Want: []string{"not valid JSON"}},
		{Name: "malformed: a raw NUL in a string", Tool: "list_users", Args: "{\"environmentId\":\"a\x00b\"}", Want: []string{"not valid JSON"}},
		{Name: "malformed: two objects", Tool: "list_users", Args: env("") + ` {}`, Want: []string{"more text after it"}},
		{Name: "malformed: text after the object", Tool: "list_users", Args: env("") + ` please`, Want: []string{"more text after it"}},
		{Name: "not UTF-8", Tool: "list_users", Args: "{\"environmentId\":\"\xc3\x28\"}", Want: []string{"not valid UTF-8"}},
		{Name: "Latin-1", Tool: "create_group", Args: "{\"environmentId\":\"" + sb + "\",\"name\":\"caf\xe9\"}", Want: []string{"not valid UTF-8"}},
		{Name: "arguments of 1 MiB", Tool: "create_group", Args: env(`"name":` + q(strings.Repeat("n", 1<<20))), Want: []string{"arguments are larger than 256 KiB, the limit for one call"}},
		{Name: "nested 40 deep", Tool: "create_group", Args: env(`"customData":` + strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat("}", 40)),
			Want: []string{"nested deeper than 32 levels"}},
		{Name: "arrays 5000 deep", Tool: "list_users", Args: env(`"filter":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000)),
			Want: []string{"nested deeper than 32 levels"}},

		// Members.
		{Name: "unknown member", Tool: "list_users", Args: env(`"verbose":true`), Want: []string{`unknown argument "verbose"`, "list_users takes: cursor, environmentId (required), fields, filter, limit"}},
		{Name: "member in the wrong case", Tool: "get_environment", Args: `{"environmentID":"` + sb + `"}`, Want: []string{`unknown argument "environmentID"; did you mean "environmentId"?`}},
		{Name: "member with an empty name", Tool: "list_users", Args: env(`"":1`), Want: []string{`unknown argument ""`}},
		{Name: "member named __proto__", Tool: "list_users", Args: env(`"__proto__":{"admin":true}`), Want: []string{`unknown argument "__proto__"`}},
		{Name: "member with a name of 5000 characters", Tool: "list_users", Args: env(q(strings.Repeat("k", 5000)) + `:1`), Want: []string{`(5000 characters)`, "list_users takes:"}},
		{Name: "member with a control character", Tool: "list_users", Args: env(`"limit\u0000":5`), Want: []string{`unknown argument "limit\x00"`}},
		{Name: "a tool that takes no filter", Tool: "list_mfa_devices", Args: env(`"userId":"` + anyID + `","filter":"type eq \"SMS\""`), Want: []string{`unknown argument "filter"`}},
		{Name: "nested unknown member", Tool: "create_environment", Args: `{"name":"E","region":"NA","license":{"id":"` + anyID + `","colour":"red"}}`,
			Want: []string{`unknown argument "license.colour"`, "license takes:"}},
		{Name: "nested missing member", Tool: "create_oidc_application", Args: `{"environmentId":"` + sb + `","application":{"name":"web"}}`,
			Want: []string{`missing required argument "application.enabled", "application.protocol"`}},

		// Ids.
		{Name: "id not a UUID", Tool: "get_environment", Args: `{"environmentId":"production"}`, Want: []string{`argument "environmentId"`, uuidWant, `(got "production")`}},
		{Name: "id empty", Tool: "get_environment", Args: `{"environmentId":""}`, Want: []string{uuidWant, `(got "")`}},
		{Name: "id one character short", Tool: "get_environment", Args: `{"environmentId":"` + sb[:35] + `"}`, Want: []string{uuidWant}},
		{Name: "id in braces", Tool: "get_environment", Args: `{"environmentId":"{` + sb + `}"}`, Want: []string{uuidWant}},
		{Name: "id as a URN", Tool: "get_environment", Args: `{"environmentId":"urn:uuid:` + sb + `"}`, Want: []string{uuidWant}},
		{Name: "id with spaces", Tool: "get_environment", Args: `{"environmentId":" ` + sb + ` "}`, Want: []string{uuidWant}},
		{Name: "id with a newline", Tool: "get_environment", Args: `{"environmentId":"` + sb + `\n"}`, Want: []string{uuidWant}},
		{Name: "id with a NUL", Tool: "get_environment", Args: `{"environmentId":"` + sb + `\u0000"}`, Want: []string{uuidWant, `\x00`}},
		{Name: "id a path", Tool: "get_environment", Args: `{"environmentId":"../../organizations"}`, Want: []string{uuidWant}},
		{Name: "id with a query", Tool: "get_user", Args: env(`"userId":"` + anyID + `?expand=all"`), Want: []string{`argument "userId"`, uuidWant}},
		{Name: "id with a filter injection", Tool: "get_group", Args: env(`"groupId":"x\" or 1 eq 1"`), Want: []string{`argument "groupId"`, uuidWant}},
		{Name: "id a number", Tool: "get_environment", Args: `{"environmentId":123}`, Want: []string{`argument "environmentId" must be a string (got the number 123)`}},
		{Name: "id an array", Tool: "get_environment", Args: `{"environmentId":["` + sb + `"]}`, Want: []string{`must be a string (got an array of 1 item)`}},
		{Name: "id an object", Tool: "get_environment", Args: `{"environmentId":{"id":"` + sb + `"}}`, Want: []string{`must be a string (got an object)`}},
		{Name: "id of 300 KB", Tool: "get_environment", Args: `{"environmentId":` + q(strings.Repeat("9", 300<<10)) + `}`, Want: []string{"larger than 256 KiB"}},
		{Name: "id of 100 KB", Tool: "get_environment", Args: `{"environmentId":` + q(strings.Repeat("9", 100<<10)) + `}`, Want: []string{uuidWant, "(102400 characters)"}},
		{Name: "nested id", Tool: "create_environment", Args: `{"license":{"id":"nope"},"name":"E","region":"NA"}`, Want: []string{`argument "license.id"`, uuidWant}},

		// Enums.
		{Name: "enum near miss", Tool: "create_oidc_application", Args: app(`,"type":"WEB"`), Want: []string{`argument "application.type" must be one of WEB_APP, NATIVE_APP`, `(got the string "WEB")`}},
		{Name: "enum in lower case", Tool: "create_oidc_application", Args: app(`,"type":"web_app"`), Want: []string{`must be one of`, `"web_app"`}},
		{Name: "enum with a trailing space", Tool: "create_oidc_application", Args: app(`,"type":"WEB_APP "`), Want: []string{`must be one of`}},
		{Name: "enum a number", Tool: "create_oidc_application", Args: app(`,"type":1`), Want: []string{`argument "application.type" must be a string (got the number 1)`}},
		{Name: "enum with a control character", Tool: "create_oidc_application", Args: app(`,"type":"WEB_APP\u001b[0m"`), Want: []string{`must be one of`, `\x1b`}},
		{Name: "enum item", Tool: "create_oidc_application", Args: app(`,"grantTypes":["AUTHORIZATION_CODE","PASSWORD"]`), Want: []string{`argument "application.grantTypes[1]" must be one of`, `"PASSWORD"`}},
		{Name: "enum scope type", Tool: "assign_user_role", Args: env(`"userId":"` + anyID + `","roleId":"` + anyID + `","scopeType":"ORG","scopeId":"` + anyID + `"`),
			Want: []string{`argument "scopeType" must be one of`, `"ORG"`}},
		{Name: "region unknown", Tool: "create_environment", Args: `{"license":{"id":"` + anyID + `"},"name":"E","region":"MARS"}`, Want: []string{`argument "region" must be one of`}},
		{Name: "environment type unknown", Tool: "create_environment", Args: `{"license":{"id":"` + anyID + `"},"name":"E","region":"NA","type":"TEST"}`, Want: []string{`"type"`}},

		// Numbers.
		{Name: "limit 0", Tool: "list_users", Args: env(`"limit":0`), Want: []string{`argument "limit" must be at least 1 (got 0)`}},
		{Name: "limit negative", Tool: "list_users", Args: env(`"limit":-1`), Want: []string{`must be at least 1 (got -1)`}},
		{Name: "limit 1001", Tool: "list_users", Args: env(`"limit":1001`), Want: []string{`argument "limit" must be at most 1000 (got 1001)`}},
		{Name: "limit 5000", Tool: "list_groups", Args: env(`"limit":5000`), Want: []string{`must be at most 1000 (got 5000)`}},
		{Name: "limit a fraction", Tool: "list_users", Args: env(`"limit":2.5`), Want: []string{`must be an integer, a whole number`, "(got 2.5)"}},
		{Name: "limit with an exponent", Tool: "list_users", Args: env(`"limit":1e3`), Want: []string{`must be an integer, a whole number written without a fraction or exponent (got 1e3)`}},
		{Name: "limit out of float range", Tool: "list_users", Args: env(`"limit":1e400`), Want: []string{`"limit"`, "(got 1e400)"}},
		{Name: "limit of 30 digits", Tool: "list_users", Args: env(`"limit":` + strings.Repeat("9", 30)), Want: []string{`argument "limit" is too large a number`}},
		{Name: "limit of 500 digits", Tool: "list_users", Args: env(`"limit":` + strings.Repeat("9", 500)), Want: []string{`is too large a number`, "(500 digits)"}},
		{Name: "limit a string", Tool: "list_users", Args: env(`"limit":"10"`), Want: []string{`argument "limit" must be an integer (got the string "10")`}},
		{Name: "limit true", Tool: "list_users", Args: env(`"limit":true`), Want: []string{`must be an integer (got true)`}},
		{Name: "limit null", Tool: "list_users", Args: env(`"limit":null`), Want: []string{`must be an integer, not null`, "leave the argument out"}, NullOptional: true},
		{Name: "limit an array", Tool: "list_users", Args: env(`"limit":[10]`), Want: []string{`must be an integer (got an array of 1 item)`}},
		{Name: "duration a string", Tool: "create_oidc_application", Args: app(`,"refreshTokenDuration":"1h"`), Want: []string{`argument "application.refreshTokenDuration" must be an integer`}},

		// Booleans, arrays, objects.
		{Name: "boolean a string", Tool: "get_group", Args: env(`"groupId":"` + anyID + `","includeMemberCounts":"yes"`), Want: []string{`must be a boolean (true or false) (got the string "yes")`}},
		{Name: "boolean a number", Tool: "get_user", Args: env(`"userId":"` + anyID + `","includeGroupIds":1`), Want: []string{`must be a boolean (true or false) (got the number 1)`}},
		{Name: "dryRun a string", Tool: "create_group", Args: env(`"name":"G","dryRun":"true"`), Want: []string{`argument "dryRun" must be a boolean`}},
		{Name: "array a string", Tool: "create_oidc_application", Args: app(`,"grantTypes":"AUTHORIZATION_CODE"`), Want: []string{`argument "application.grantTypes" must be an array of strings (got the string "AUTHORIZATION_CODE")`}},
		{Name: "array an object", Tool: "create_oidc_application", Args: app(`,"redirectUris":{"0":"https://a"}`), Want: []string{`must be an array of strings (got an object)`}},
		{Name: "array of numbers", Tool: "create_oidc_application", Args: app(`,"redirectUris":[1,2]`), Want: []string{`must be an array of strings (item 0 is the number 1)`}},
		{Name: "array of arrays", Tool: "create_oidc_application", Args: app(`,"responseTypes":[["CODE"]]`), Want: []string{`(item 0 is an array of 1 item)`}},
		{Name: "object a string", Tool: "create_oidc_application", Args: `{"environmentId":"` + sb + `","application":"web"}`, Want: []string{`argument "application" must be an object (got the string "web")`}},
		{Name: "object an array", Tool: "create_oidc_application", Args: `{"environmentId":"` + sb + `","application":[]}`, Want: []string{`must be an object (got an array of 0 items)`}},
		{Name: "object null", Tool: "create_oidc_application", Args: `{"environmentId":"` + sb + `","application":null}`, Want: []string{`argument "application" must be an object, not null`}},
		{Name: "object as text", Tool: "create_oidc_application", Args: `{"environmentId":"` + sb + `","application":"{\"name\":\"web\"}"}`, Want: []string{`must be an object (got the string`}},

		// Cursors.
		{Name: "cursor damaged", Tool: "list_users", Args: env(`"cursor":"p1k1.garbage"`), Want: []string{`argument "cursor" is not a cursor p1kit returned`, "pass nextCursor exactly as it came"}},
		{Name: "cursor with no limit", Tool: "list_users", Args: env(`"cursor":"` + cursor(`{}`) + `"`), Want: []string{`"cursor" is not a cursor p1kit returned`}},
		{Name: "cursor with a huge limit", Tool: "list_groups", Args: env(`"cursor":"` + cursor(`{"l":5000,"s":0}`) + `"`), Want: []string{`"cursor" is not a cursor p1kit returned`}},
		{Name: "cursor with a negative skip", Tool: "list_populations", Args: env(`"cursor":"` + cursor(`{"l":5,"s":-1}`) + `"`), Want: []string{`"cursor" is not a cursor p1kit returned`}},
		{Name: "cursor not JSON inside", Tool: "list_applications", Args: env(`"cursor":"` + cursor(`not json`) + `"`), Want: []string{`"cursor" is not a cursor p1kit returned`}},
		{Name: "cursor of 5000 characters", Tool: "list_users", Args: env(`"cursor":` + q(strings.Repeat("c", 5000))), Want: []string{`"cursor" is longer than any cursor a listing returns (5000 characters)`}},
		{Name: "cursor a link to another environment", Tool: "list_populations",
			Args: env(`"cursor":"https://api.pingone.com/v1/environments/` + pingonetest.Demo().ProductionEnvironmentID + `/populations"`),
			Want: []string{`"cursor" is a link outside this listing`}},
		{Name: "cursor a link with dot segments", Tool: "list_users",
			Args: env(`"cursor":"https://api.pingone.com/v1/environments/` + sb + `/../` + pingonetest.Demo().ProductionEnvironmentID + `/users"`),
			Want: []string{`"cursor" is a link outside this listing`}},
		{Name: "cursor a link with an escaped slash", Tool: "list_groups",
			Args: env(`"cursor":"https://api.pingone.com/v1/environments/` + sb + `%2F..%2Fx/groups"`), Want: []string{`"cursor" is a link outside this listing`}},
		{Name: "cursor a link wrapped in a p1kit cursor", Tool: "list_groups",
			Args: env(`"cursor":"` + cursor(`{"c":"https://api.pingone.com/v1/environments/`+pingonetest.Demo().StagingEnvironmentID+`/groups","l":5,"s":0}`) + `"`),
			Want: []string{`"cursor" is a link outside this listing`}},
		{Name: "cursor a link from list_environments", Tool: "list_environments", Args: `{"cursor":"https://api.pingone.com/v1/environments/` + sb + `/users"}`,
			Want: []string{`"cursor" is a link outside this listing`}},
		{Name: "cursor a number", Tool: "list_environments", Args: `{"cursor":2}`, Want: []string{`argument "cursor" must be a string (got the number 2)`}},
		{Name: "cursor null", Tool: "list_environments", Args: `{"cursor":null}`, Want: []string{`argument "cursor" must be a string, not null`}, NullOptional: true},

		// Confirmation and writes.
		{Name: "confirm a boolean", Tool: "delete_user", Args: env(`"userId":"` + anyID + `","confirm":true`), Want: []string{`argument "confirm" must be a string (got true)`}},
		{Name: "confirm on a tool without one", Tool: "create_group", Args: env(`"name":"G","confirm":"G"`), Want: []string{`unknown argument "confirm"`}},
		{Name: "write with an unknown member", Tool: "create_user", Args: env(`"username":"u","email":"u@example.com","pin":"hunter2"`), Want: []string{`unknown argument "pin"`, "create_user takes:"}},
		{Name: "population id not a UUID", Tool: "create_user", Args: env(`"username":"u","email":"u@example.com","populationId":"Default"`), Want: []string{`argument "populationId"`, uuidWant}},
		{Name: "a value of 100 KB where a UUID goes", Tool: "delete_group", Args: env(`"groupId":` + q(strings.Repeat("g", 100<<10))), Want: []string{uuidWant, "(102400 characters)"}},
	}
	return append(cases, generated()...)
}

// generated are, for every tool, the mistakes any tool can be given.
func generated() []Case {
	var out []Case
	for _, t := range tools.All() {
		s := t.InputSchema()
		if len(s.Required) > 0 {
			out = append(out, Case{Name: t.Name + ": nothing given", Tool: t.Name, Args: `{}`,
				Want: []string{`missing required argument "` + s.Required[0] + `"`, t.Name + " takes:"}})
			out = append(out, Case{Name: t.Name + ": a required argument null", Tool: t.Name, Args: with(s, s.Required[0], nil),
				Want: []string{`argument "` + s.Required[0] + `" must be`, "not null"}})
		}
		out = append(out, Case{Name: t.Name + ": an unknown member", Tool: t.Name, Args: with(s, "colour", "red"),
			Want: []string{`unknown argument "colour"`, t.Name + " takes"}})
		seen := map[string]bool{}
		for _, name := range sortedProps(s) {
			p := s.Properties[name]
			kind := mainType(p)
			if seen[kind] || kind == "" {
				continue
			}
			seen[kind] = true
			out = append(out, Case{Name: fmt.Sprintf("%s: %s %s of the wrong type", t.Name, kind, name), Tool: t.Name,
				Args: with(s, name, wrongValue(kind)), Want: []string{`argument "` + name + `" must be`, "(got "}})
		}
	}
	return out
}

// with is a valid set of the required arguments of s, with name set to v.
func with(s *jsonschema.Schema, name string, v any) string {
	obj := sample(s).(map[string]any)
	obj[name] = v
	b, err := json.Marshal(obj)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// sample is a value that satisfies schema s (objects get their required
// members only).
func sample(s *jsonschema.Schema) any {
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch mainType(s) {
	case "string":
		if s.Pattern == tools.UUIDPattern {
			return anyID
		}
		return "x"
	case "integer", "number":
		if s.Minimum != nil {
			return *s.Minimum
		}
		return 1
	case "boolean":
		return true
	case "array":
		// A valid array has as many items as the schema asks for at least.
		out := []any{}
		for i := 0; s.MinItems != nil && s.Items != nil && i < *s.MinItems; i++ {
			out = append(out, sample(s.Items))
		}
		return out
	}
	obj := map[string]any{}
	for _, r := range s.Required {
		obj[r] = sample(s.Properties[r])
	}
	return obj
}

func mainType(s *jsonschema.Schema) string {
	if s.Type != "" {
		return s.Type
	}
	for _, t := range s.Types {
		if t != "null" {
			return t
		}
	}
	return ""
}

// wrongValue is a value of another type than kind.
func wrongValue(kind string) any {
	switch kind {
	case "string":
		return 12345
	case "integer", "number":
		return "many"
	case "boolean":
		return "yes"
	case "array":
		return "one,two"
	}
	return []any{"not", "an", "object"}
}

func sortedProps(s *jsonschema.Schema) []string {
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	// Required arguments first: their types are the ones every call has.
	slices.SortStableFunc(names, func(a, b string) int {
		ra, rb := slices.Contains(s.Required, a), slices.Contains(s.Required, b)
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		}
		return 0
	})
	return names
}
