package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/tools"
)

func TestCallArgs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		json    *string
		dash    bool
		pairs   []string
		stdin   string
		want    string
		wantErr string
	}{
		{name: "nothing", want: `{}`},
		{name: "empty stdin", dash: true, stdin: "  \n", want: `{}`},
		{name: "stdin never read without dash", stdin: `{"a":1}`, want: `{}`},
		{name: "strings", pairs: []string{"name=Jane Doe", "id=0b8b7a3e-49f6-4d7e-9a51-5f0c4c1a9d11"},
			want: `{"name":"Jane Doe","id":"0b8b7a3e-49f6-4d7e-9a51-5f0c4c1a9d11"}`},
		{name: "JSON values", pairs: []string{"limit=5", "ratio=0.5", "enabled=false", "tags=[\"a\",\"b\"]", "license={\"id\":\"x\"}", "nothing=null"},
			want: `{"limit":5,"ratio":0.5,"enabled":false,"tags":["a","b"],"license":{"id":"x"},"nothing":null}`},
		{name: "quoted JSON string stays a string", pairs: []string{`name="true"`}, want: `{"name":"true"}`},
		{name: "empty value", pairs: []string{"description="}, want: `{"description":""}`},
		{name: "value with =", pairs: []string{"filter=name eq \"a=b\""}, want: `{"filter":"name eq \"a=b\""}`},
		{name: "dotted keys", pairs: []string{"application.name=web", "application.enabled=true", "application.oidc.pkce=REQUIRED"},
			want: `{"application":{"name":"web","enabled":true,"oidc":{"pkce":"REQUIRED"}}}`},
		{name: "arg on top of json", json: ptr(`{"a":1,"b":{"c":2}}`), pairs: []string{"b.d=3", "a=4"}, want: `{"a":4,"b":{"c":2,"d":3}}`},
		{name: "stdin object", dash: true, stdin: `{"a": 12345678901234567890}`, want: `{"a":12345678901234567890}`},
		{name: "stdin ignored with --arg", stdin: `{"a":1}`, pairs: []string{"b=2"}, want: `{"b":2}`},
		{name: "dash reads stdin with --arg", dash: true, stdin: `{"a":1}`, pairs: []string{"b=2"}, want: `{"a":1,"b":2}`},
		{name: "json and dash", json: ptr(`{}`), dash: true, wantErr: "not both"},
		{name: "no =", pairs: []string{"name"}, wantErr: "key=value"},
		{name: "empty key part", pairs: []string{"a..b=1"}, wantErr: "empty part"},
		{name: "scalar then member", pairs: []string{"a=1", "a.b=2"}, wantErr: "not an object"},
		// Alone, the arguments go to the toolkit as they came: it words the
		// mistake as every front end does.
		{name: "malformed json alone", json: ptr(`{"a":`), want: `{"a":`},
		{name: "array alone", dash: true, stdin: ` [1,2] `, want: `[1,2]`},
		{name: "malformed json under --arg", json: ptr(`{"a":`), pairs: []string{"b=1"}, wantErr: "not valid JSON"},
		{name: "two values under --arg", json: ptr(`{} {}`), pairs: []string{"b=1"}, wantErr: "more than one"},
		{name: "array under --arg", dash: true, stdin: `[1,2]`, pairs: []string{"b=1"}, wantErr: "JSON object"},
		{name: "stdin read up to the limit", dash: true, pairs: []string{"b=1"}, stdin: strings.Repeat("x", 2*tools.MaxArgumentBytes),
			want: strings.Repeat("x", tools.MaxArgumentBytes+1)},
		{name: "long pair cut", pairs: []string{strings.Repeat("k", 5000)}, wantErr: `(5000 characters): want key=value`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			js, set := "", tc.json != nil
			if set {
				js = *tc.json
			}
			got, err := callArgs(js, set, tc.dash, tc.pairs, strings.NewReader(tc.stdin))
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, exitUsage, exitCode(err))
				return
			}
			require.NoError(t, err)
			if json.Valid([]byte(tc.want)) && json.Valid(got) {
				assert.JSONEq(t, tc.want, string(got))
			} else {
				assert.Equal(t, tc.want, string(got))
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestWriteResultTable(t *testing.T) {
	t.Parallel()
	var out, notes bytes.Buffer
	raw := json.RawMessage(`{"users":[{"id":"1","username":"jdoe","name":{"given":"Jane"},"enabled":true},{"id":"22","username":"x\ty","extra":null}],"nextCursor":"abc","count":2}`)
	require.NoError(t, writeResultTable(&out, &notes, raw))
	assert.Equal(t, ""+
		"ID  USERNAME  NAME              ENABLED  EXTRA\n"+
		"1   jdoe      {\"given\":\"Jane\"}  true     \n"+
		"22  x y                                  \n", out.String())
	assert.Contains(t, notes.String(), "--arg cursor=abc")
	assert.Contains(t, notes.String(), "count: 2")

	out.Reset()
	notes.Reset()
	require.NoError(t, writeResultTable(&out, &notes, json.RawMessage(`{"population":{"id":"p","name":"Default","_links":{"self":{}},"default":true}}`)))
	assert.Equal(t, "id       p\nname     Default\ndefault  true\n", out.String())

	out.Reset()
	require.NoError(t, writeResultTable(&out, &notes, json.RawMessage(`{"groups":[]}`)))
	assert.Empty(t, out.String())
	assert.Contains(t, notes.String(), "no groups")

	out.Reset()
	require.NoError(t, writeResultTable(&out, &notes, json.RawMessage(`{"deleted":true,"id":"x"}`)))
	assert.Equal(t, "deleted  true\nid       x\n", out.String())
}

func TestExitCodeMapping(t *testing.T) {
	t.Parallel()
	assert.Equal(t, exitOK, exitCode(nil))
	assert.Equal(t, exitError, exitCode(assert.AnError))
	assert.Equal(t, exitUsage, exitCode(usageErrorf("x")))
	assert.Equal(t, exitAuth, exitCode(authErrorf("x")))
	for kind, code := range map[tools.Kind]int{
		tools.KindInternal: exitError, tools.KindAPI: exitError,
		tools.KindUnknownTool: exitUsage, tools.KindInvalidArguments: exitUsage,
		tools.KindDenied: exitDenied, tools.KindAuth: exitAuth, tools.KindNotFound: exitNotFound, tools.KindNetwork: exitNetwork,
		tools.KindOutcomeUnknown: exitUnknown,
	} {
		err := fmt.Errorf("wrapped: %w", &tools.Error{Kind: kind, Message: "m"})
		assert.Equal(t, code, exitCode(err), kind.String())
	}
}

// A number or boolean typed with --arg for a string argument stays the
// text typed (a passcode, a numeric name); other arguments keep JSON.
func TestStringsAsTyped(t *testing.T) {
	t.Parallel()
	tool, ok := tools.NewRegistry(tools.All()...).Get("activate_mfa_device")
	require.True(t, ok)
	pairs := []string{"otp=179461", "userId=true", "dryRun=true", "deviceId=d1"}
	raw, err := callArgs(`{"environmentId": 42}`, true, false, pairs, nil)
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(stringsAsTyped(tool.InputSchema(), raw, pairs), &got))
	assert.Equal(t, map[string]any{"otp": "179461", "userId": "true", "dryRun": true, "deviceId": "d1", "environmentId": float64(42)}, got,
		"--json values are the caller's JSON; --arg values for strings stay text")
}
