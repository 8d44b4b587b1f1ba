package tools_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

func fullToolkit(t *testing.T, cfg tools.Config) *tools.Toolkit {
	t.Helper()
	client, err := pingone.NewClient(pingone.WithBaseURL("http://127.0.0.1:1/v1"))
	require.NoError(t, err)
	cfg.Filter.AllowWrites = true
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, cfg)
	require.NoError(t, err)
	return tk
}

// walk calls f on every schema object of a JSON Schema document, and
// fails t on a schema that is no object (a bare true or false).
func walk(t *testing.T, v any, path string, f func(path string, s map[string]any)) {
	t.Helper()
	if v == nil {
		return
	}
	s, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s: %v is no schema object", path, v)
		return
	}
	f(path, s)
	if props, ok := s["properties"].(map[string]any); ok {
		for k, p := range props {
			walk(t, p, path+"."+k, f)
		}
	}
	walk(t, s["items"], path+"[]", f)
	if alts, ok := s["anyOf"].([]any); ok {
		for _, a := range alts {
			walk(t, a, path+"|", f)
		}
	}
}

// TestDefinitionsArePortable: what clients receive passes the checks of
// schema-portability checkers (portable, below: Gemini-backed clients
// reject type arrays, $ref, anyOf, additionalProperties, objects without
// properties, …), has properties on every input schema, no repeated UUID
// pattern, and no description repeated in tool after tool. The rules of
// the MCP Inspector's check (@modelcontextprotocol/inspector 2.12.0, `--cli
// … --method tools/list --strict`, clients/cli/build/index.js, from
// core/json/schemaLint.ts: type-union, remote-ref, untyped-schema,
// boolean-schema) are among them: one type, a string, on every schema; no
// $ref; no bare true or false (walk).
func TestDefinitionsArePortable(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	descs := map[[2]string]int{}             // (argument, description) → tools
	meanings := map[string]map[string]bool{} // argument → descriptions
	for _, d := range tk.Definitions() {
		var schema map[string]any
		require.NoError(t, json.Unmarshal(d.InputSchema, &schema), d.Name)
		assert.Equal(t, "object", schema["type"], d.Name)
		assert.Contains(t, schema, "properties", "%s: every input schema has properties", d.Name)
		walk(t, schema, d.Name, func(path string, s map[string]any) {
			portable(t, path, s)
		})
		props := schema["properties"].(map[string]any)
		for name, p := range props {
			desc, _ := p.(map[string]any)["description"].(string)
			if meanings[name] == nil {
				meanings[name] = map[string]bool{}
			}
			meanings[name][desc] = true
			if len(desc) >= 24 {
				descs[[2]string{name, desc}]++
			}
		}
	}
	for k, n := range descs {
		// An argument whose meaning differs between tools keeps its own words.
		if len(meanings[k[0]]) == 1 {
			assert.Less(t, n, 3, "%s described %d times instead of once in the instructions: %q", k[0], n, k[1])
		}
	}
}

// unportableKeywords are what schema-portability checkers warn about:
// clients backed by Gemini (an OpenAPI subset) reject them, others ignore
// or mis-handle them.
var unportableKeywords = []string{"$ref", "$defs", "definitions", "anyOf", "oneOf", "allOf", "not", "const",
	"additionalProperties", "patternProperties", "if", "then", "else", "dependentSchemas", "prefixItems"}

// portableFormats are the string formats every client reads.
var portableFormats = []string{"date-time"}

// portable checks one listed schema node against the rules of
// schema-portability checkers: one type, a string; no keyword of
// unportableKeywords; format only from portableFormats; enum values
// strings; no empty required, and every name in required a property;
// every object below the root with properties, and not an empty list of
// them (Gemini's function declarations are protocol buffers, where an
// empty map is an absent one: "properties: should be non-empty for OBJECT
// type"; a free-form object is listed as its JSON text, jsontext.go).
func portable(t *testing.T, path string, s map[string]any) {
	t.Helper()
	typ, isString := s["type"].(string)
	assert.True(t, isString && typ != "", "%s: type %v is not one type", path, s["type"])
	for _, k := range unportableKeywords {
		assert.NotContains(t, s, k, "%s: %s is not portable", path, k)
	}
	assert.NotEqual(t, tools.UUIDPattern, s["pattern"], "%s: the ids are validated by the toolkit", path)
	if f, ok := s["format"]; ok {
		assert.Contains(t, portableFormats, f, "%s: format %v is not portable", path, f)
	}
	if e, ok := s["enum"].([]any); ok {
		for _, v := range e {
			_, isString := v.(string)
			assert.True(t, isString, "%s: enum value %v is not a string", path, v)
		}
	}
	if r, ok := s["required"]; ok {
		names, _ := r.([]any)
		assert.NotEmpty(t, names, "%s: empty required", path)
		props, _ := s["properties"].(map[string]any)
		for _, n := range names {
			assert.Contains(t, props, n, "%s: required %v is no property", path, n)
		}
	}
	if typ == "object" && strings.Contains(path, ".") {
		props, _ := s["properties"].(map[string]any)
		assert.NotEmpty(t, props, "%s: an object schema without properties", path)
	}
}

// TestDefinitionsAnnotationsAgreeWithPolicy: a tool whose calls need
// confirmation is never announced as harmless, including a tool a policy
// adds to the confirmation list.
func TestDefinitionsAnnotationsAgreeWithPolicy(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{ConfirmTools: []string{"create_population"}})
	for _, d := range tk.Definitions() {
		var schema struct {
			Properties map[string]any `json:"properties"`
		}
		require.NoError(t, json.Unmarshal(d.InputSchema, &schema))
		if _, confirms := schema.Properties["confirm"]; confirms {
			assert.True(t, d.Annotations.Destructive, "%s takes confirm, so it is destructive", d.Name)
		}
		if d.Annotations.ReadOnly {
			assert.False(t, d.Annotations.Destructive, d.Name)
		}
	}
	def, ok := tk.Definition("create_population")
	require.True(t, ok)
	assert.True(t, def.Annotations.Destructive)
}

// TestInstructionsSayTheCommonArgumentsOnce: the descriptions the schemas
// leave out are in the instructions, written from the registry, and name
// every collection listed (roles and MFA included).
func TestInstructionsSayTheCommonArgumentsOnce(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	text := tk.Instructions()
	common := tk.Registry().CommonArguments()
	require.Contains(t, common, "dryRun")
	for name, desc := range common {
		assert.Contains(t, text, name+": "+desc)
	}
	for _, c := range tk.Registry().Collections() {
		assert.Contains(t, text, c+" (")
	}
	read := fullToolkitReadOnly(t)
	assert.NotContains(t, read.Instructions(), "dryRun:", "no write tool is listed, so no dry run is explained")
}

func fullToolkitReadOnly(t *testing.T) *tools.Toolkit {
	client, err := pingone.NewClient(pingone.WithBaseURL("http://127.0.0.1:1/v1"))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{})
	require.NoError(t, err)
	return tk
}

// TestCompactSchemaStillValidates: what the definitions leave out the
// toolkit still checks: an id that is no UUID, an argument no tool takes.
func TestCompactSchemaStillValidates(t *testing.T) {
	t.Parallel()
	tk := fullToolkitReadOnly(t)
	_, err := tk.Call(t.Context(), "get_user", json.RawMessage(`{"environmentId":"not-a-uuid","userId":"x"}`))
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "environmentId"), err.Error())
	_, err = tk.Call(t.Context(), "get_user", json.RawMessage(`{"environmentId":"`+uuidA+`","userId":"`+uuidA+`","colour":"blue"}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "colour")
}

const uuidA = "8c2b6b5e-3a44-4c8e-9f51-2d7e0b1a9c33"

// TestDefinitionsSayNoNameTwice: no listed argument is described by its own
// name ("Description." on description, "Application tags." on tags).
func TestDefinitionsSayNoNameTwice(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	split := regexp.MustCompile(`[A-Z]?[a-z0-9]+|[A-Z]+`)
	for _, d := range tk.Definitions() {
		var schema map[string]any
		require.NoError(t, json.Unmarshal(d.InputSchema, &schema), d.Name)
		walk(t, schema, d.Name, func(path string, s map[string]any) {
			props, _ := s["properties"].(map[string]any)
			for name, p := range props {
				desc, _ := p.(map[string]any)["description"].(string)
				words := strings.Fields(strings.ToLower(strings.TrimSuffix(desc, ".")))
				named := strings.ToLower(strings.Join(split.FindAllString(name, -1), " "))
				for skip := 0; skip <= 1 && skip < len(words); skip++ {
					assert.NotEqual(t, named, strings.Join(words[skip:], " "), "%s.%s: %q says only the name", path, name, desc)
				}
			}
		})
	}
}

// TestDefinitionsDescribeARepeatedBlockOnce: a nested argument that repeats
// one shown before it in the same tool keeps its shape (members, required,
// enums, bounds) and loses only its words.
func TestDefinitionsDescribeARepeatedBlockOnce(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	d, ok := tk.Definition("create_device_authentication_policy")
	require.True(t, ok)
	var schema struct {
		Properties map[string]map[string]any `json:"properties"`
	}
	require.NoError(t, json.Unmarshal(d.InputSchema, &schema))
	sms, voice := schema.Properties["sms"], schema.Properties["voice"]
	assert.Contains(t, voice["description"], "shaped as sms", "the block's own description stays")
	smsText, _ := json.Marshal(sms["properties"])
	assert.Contains(t, string(smsText), `"description"`, "the first block is described")
	voiceText, _ := json.Marshal(voice["properties"])
	assert.NotContains(t, string(voiceText), `"description"`, "the repeated block is not described again")
	var bare map[string]any
	require.NoError(t, json.Unmarshal(smsText, &bare))
	walk(t, map[string]any{"properties": bare}, "sms", func(_ string, s map[string]any) { delete(s, "description") })
	want, _ := json.Marshal(bare)
	assert.JSONEq(t, string(want), string(voiceText), "the repeated block keeps its shape")
	// Within one block too: the cool-down's duration after the lifetime's.
	otp := sms["properties"].(map[string]any)["otp"].(map[string]any)["properties"].(map[string]any)
	life := otp["lifeTime"].(map[string]any)["properties"].(map[string]any)
	cool := otp["failure"].(map[string]any)["properties"].(map[string]any)["coolDown"].(map[string]any)["properties"].(map[string]any)
	assert.NotEmpty(t, life["duration"].(map[string]any)["description"])
	assert.NotContains(t, cool["duration"], "description")
	assert.Equal(t, life["timeUnit"].(map[string]any)["enum"], cool["timeUnit"].(map[string]any)["enum"])
}

// TestCommonArgumentsByMajority: an argument most tools describe in the
// same words is said once in the instructions; a tool that describes it
// otherwise keeps its own words.
func TestCommonArgumentsByMajority(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	common := tk.Registry().CommonArguments()
	require.Contains(t, common, "limit")
	assert.Contains(t, tk.Instructions(), "limit: "+common["limit"])
	own := 0
	for _, d := range tk.Definitions() {
		var schema struct {
			Properties map[string]struct {
				Description string `json:"description"`
			} `json:"properties"`
		}
		require.NoError(t, json.Unmarshal(d.InputSchema, &schema))
		p, ok := schema.Properties["limit"]
		if !ok {
			continue
		}
		assert.NotEqual(t, common["limit"], p.Description, d.Name)
		if p.Description != "" {
			own++
			tool, _ := tk.Tool(d.Name)
			assert.Equal(t, tool.InputSchema().Properties["limit"].Description, p.Description, "%s keeps its own words", d.Name)
		}
	}
	assert.Positive(t, own, "some list tool describes its limit in its own words")
}

// schemaAt decodes a listed tool's schema node at a dotted path.
func schemaAt(t *testing.T, d tools.Definition, path string) map[string]any {
	t.Helper()
	var s map[string]any
	require.NoError(t, json.Unmarshal(d.InputSchema, &s))
	for part := range strings.SplitSeq(path, ".") {
		props, _ := s["properties"].(map[string]any)
		s, _ = props[part].(map[string]any)
		require.NotNil(t, s, "%s: no %s", d.Name, path)
	}
	return s
}

// TestDefinitionsSayEnumsOnce: a description that lists every enum value
// loses the list and keeps the rest; the enum stays.
func TestDefinitionsSayEnumsOnce(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	tool, _ := tk.Tool("create_identity_provider")
	full := tool.InputSchema().Properties["type"]
	require.Contains(t, full.Description, "FACEBOOK, GOOGLE", "the tool's own schema keeps its words")
	d, _ := tk.Definition("create_identity_provider")
	typ := schemaAt(t, d, "type")
	assert.Equal(t, "It cannot change later.", typ["description"])
	assert.Len(t, typ["enum"], len(full.Enum))
	for _, name := range []string{"create_identity_provider", "update_environment"} {
		d, _ := tk.Definition(name)
		var s map[string]any
		require.NoError(t, json.Unmarshal(d.InputSchema, &s))
		walk(t, s, name, func(path string, s map[string]any) {
			desc, _ := s["description"].(string)
			enum, _ := s["enum"].([]any)
			if len(enum) < 2 {
				return
			}
			listed := 0
			for _, v := range enum {
				if strings.Contains(desc, v.(string)) {
					listed++
				}
			}
			assert.Less(t, listed, len(enum), "%s: %q lists the enum", path, desc)
		})
	}
	// An enum of one value: "Always OPENID_CONNECT." says it again.
	oidc, _ := tk.Tool("create_oidc_application")
	require.Equal(t, "Always OPENID_CONNECT.", prop(t, oidc, "application", "protocol").Description)
	d, _ = tk.Definition("create_oidc_application")
	protocol := schemaAt(t, d, "application.protocol")
	assert.NotContains(t, protocol, "description")
	assert.Equal(t, []any{"OPENID_CONNECT"}, protocol["enum"])
}

// prop is a property of a tool's own schema at a path.
func prop(t *testing.T, tool *tools.Tool, path ...string) *jsonschema.Schema {
	t.Helper()
	s := tool.InputSchema()
	for _, p := range path {
		s = s.Properties[p]
		require.NotNil(t, s, "%s: no %s", tool.Name, p)
	}
	return s
}

// TestDefinitionsLeaveOutATitleThatIsTheName: a listed title that only
// says the tool's name in words is left out (clients show the name); a
// title that says more is listed; the tool keeps its title either way.
func TestDefinitionsLeaveOutATitleThatIsTheName(t *testing.T) {
	t.Parallel()
	tk := fullToolkit(t, tools.Config{})
	titles := map[string]string{}
	for _, d := range tk.Definitions() {
		titles[d.Name] = d.Title
	}
	for _, name := range []string{"get_user", "delete_mfa_device", "create_wsfed_application", "get_application_role_assignment"} {
		tool, _ := tk.Tool(name)
		assert.NotEmpty(t, tool.Title, name)
		assert.Empty(t, titles[name], "%s: %q is the name in words", name, tool.Title)
	}
	for name, want := range map[string]string{
		"assign_user_role": "Grant a role to a user", "add_group_to_group": "Nest a group in another",
		"set_user_enabled": "Enable or disable user", "list_roles": "List administrator roles",
	} {
		assert.Equal(t, want, titles[name], name)
	}
}
