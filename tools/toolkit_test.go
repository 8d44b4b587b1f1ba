package tools_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// newKit builds a toolkit over a fresh emulator holding the demo tenant.
func newKit(t *testing.T, cfg tools.Config) (*tools.Toolkit, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	// Every exchange is validated against the OpenAPI files.
	client, _ := contract.ClientWith(t, srv,
		pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}),
	)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, cfg)
	require.NoError(t, err)
	return tk, srv
}

func call(t *testing.T, tk *tools.Toolkit, name string, args any) (map[string]any, *tools.Error) {
	t.Helper()
	raw, err := json.Marshal(args)
	require.NoError(t, err)
	res, err := tk.Call(t.Context(), name, raw)
	if err != nil {
		var te *tools.Error
		require.True(t, errors.As(err, &te), "error %T is not a *tools.Error", err)
		return nil, te
	}
	var out map[string]any
	require.NoError(t, json.Unmarshal(res.Data, &out))
	return out, nil
}

func writes(srv *pingonetest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet && strings.HasPrefix(r.Path, "/v1/") {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func TestFilterReadOnlyByDefault(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	require.NotEmpty(t, tk.Tools())
	for _, tool := range tk.Tools() {
		assert.False(t, tool.IsWrite(), "%s is a write tool but read-only mode is on", tool.Name)
	}
	reg := tk.Registry()
	var reads int
	for _, tool := range reg.Tools() {
		if !tool.IsWrite() {
			reads++
		}
	}
	assert.Len(t, tk.Tools(), reads)
	assert.Contains(t, tk.HiddenReason("create_population"), "read-only")
}

func TestFilterCases(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		filter    tools.Filter
		want      []string // exactly these visible (nil: don't check)
		has, not  []string
		warning   string
		wantError string
	}{
		{name: "include tools", filter: tools.Filter{IncludeTools: []string{"get_user", "list_users"}}, want: []string{"get_user", "list_users"}},
		{name: "include collection", filter: tools.Filter{IncludeCollections: []string{"populations"}}, want: []string{"get_population", "list_populations"}},
		{name: "include collection with writes", filter: tools.Filter{AllowWrites: true, IncludeCollections: []string{"populations"}},
			want: []string{"create_population", "delete_population", "get_population", "list_populations", "update_population"}},
		{name: "exclusion wins", filter: tools.Filter{IncludeTools: []string{"get_user", "list_users"}, ExcludeTools: []string{"get_user"}}, want: []string{"list_users"}},
		{name: "exclude collection", filter: tools.Filter{ExcludeCollections: []string{"users"}}, has: []string{"list_groups"}, not: []string{"list_users", "get_user"}},
		{name: "write included while read-only is dropped and reported", filter: tools.Filter{IncludeTools: []string{"create_population", "list_populations"}},
			want: []string{"list_populations"}, warning: "create_population"},
		{name: "writes allowed", filter: tools.Filter{AllowWrites: true}, has: []string{"delete_user", "create_environment", "list_users"}},
		{name: "unknown tool is an error", filter: tools.Filter{IncludeTools: []string{"list_userz"}}, wantError: `unknown tool "list_userz"`},
		{name: "unknown excluded tool is an error", filter: tools.Filter{ExcludeTools: []string{"nope"}}, wantError: `unknown tool "nope"`},
		{name: "unknown collection is an error", filter: tools.Filter{IncludeCollections: []string{"directories"}}, wantError: `unknown tool collection "directories"`},
		{name: "glob include", filter: tools.Filter{IncludeTools: []string{"get_*"}, ExcludeTools: []string{"*_environment*", "*_secret"}},
			has: []string{"get_application", "get_group", "get_population", "get_user"}, not: []string{"get_environment", "get_environment_services", "get_application_secret", "list_users", "create_user"}},
		{name: "glob exclude of deletes", filter: tools.Filter{AllowWrites: true, ExcludeTools: []string{"delete_*"}},
			has: []string{"create_user", "remove_user_from_group"}, not: []string{"delete_user", "delete_group", "delete_application", "delete_population"}},
		{name: "glob suffix", filter: tools.Filter{IncludeTools: []string{"*_users"}},
			has: []string{"list_users", "find_stale_users"}, not: []string{"list_groups", "get_user"}},
		{name: "glob collections", filter: tools.Filter{IncludeCollections: []string{"pop*", "gr?ups"}},
			has: []string{"get_group", "get_population", "list_groups", "list_populations"}, not: []string{"list_users", "list_roles", "create_group"}},
		{name: "a pattern matching nothing is an error", filter: tools.Filter{ExcludeTools: []string{"drop_*"}}, wantError: `tool pattern "drop_*" matches no tool`},
		{name: "a malformed pattern is an error", filter: tools.Filter{IncludeTools: []string{"get_[user"}}, wantError: `malformed tool pattern "get_[user"`},
		{name: "a collection pattern matching nothing is an error", filter: tools.Filter{ExcludeCollections: []string{"widget*"}},
			wantError: `tool collection pattern "widget*" matches no tool collection`},
	}
	reg := tools.NewRegistry(tools.All()...)
	client, err := pingone.NewClient()
	require.NoError(t, err)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tk, err := tools.NewToolkit(reg, client, tools.Config{Filter: tc.filter})
			if tc.wantError != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantError)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, tool := range tk.Tools() {
				names = append(names, tool.Name)
			}
			if tc.want != nil {
				assert.Equal(t, tc.want, names)
			}
			for _, n := range tc.has {
				assert.Contains(t, names, n)
			}
			for _, n := range tc.not {
				assert.NotContains(t, names, n)
			}
			if tc.warning != "" {
				require.Len(t, tk.Warnings(), 1)
				assert.Contains(t, tk.Warnings()[0], tc.warning)
				assert.Contains(t, tk.Warnings()[0], "--disable-read-only")
			} else {
				assert.Empty(t, tk.Warnings())
			}
		})
	}
}

func TestCallArgumentErrors(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{})
	env := pingonetest.Demo().SandboxEnvironmentID
	cases := []struct {
		name, tool, args string
		kind             tools.Kind
		contains         []string
	}{
		{"unknown tool", "list_userz", `{}`, tools.KindUnknownTool, []string{`unknown tool "list_userz"`}},
		{"filtered-out tool", "delete_user", `{}`, tools.KindDenied, []string{"read-only mode is on", "--disable-read-only"}},
		{"missing argument", "get_population", `{"environmentId":"` + env + `"}`, tools.KindInvalidArguments, []string{`"populationId"`, "missing required"}},
		{"wrong type", "list_users", `{"environmentId":"` + env + `","limit":"ten"}`, tools.KindInvalidArguments, []string{`"limit"`, "integer", "string"}},
		{"fractional integer", "list_users", `{"environmentId":"` + env + `","limit":2.5}`, tools.KindInvalidArguments, []string{`"limit"`, "integer"}},
		{"limit out of range", "list_users", `{"environmentId":"` + env + `","limit":5000}`, tools.KindInvalidArguments, []string{"limit"}},
		{"not a uuid", "get_environment", `{"environmentId":"../../organizations"}`, tools.KindInvalidArguments, []string{`"environmentId"`, "UUID"}},
		{"unknown argument", "get_environment", `{"environmentId":"` + env + `","verbose":true}`, tools.KindInvalidArguments, []string{`unknown argument "verbose"`, "environmentId (required)"}},
		{"malformed JSON", "get_environment", `{"environmentId":`, tools.KindInvalidArguments, []string{"JSON object"}},
		{"array instead of object", "get_environment", `[1,2]`, tools.KindInvalidArguments, []string{"JSON object"}},
		{"limit below minimum", "list_environments", `{"limit":0}`, tools.KindInvalidArguments, []string{"limit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tk.Call(t.Context(), tc.tool, json.RawMessage(tc.args))
			var te *tools.Error
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tc.kind, te.Kind, te.Message)
			for _, s := range tc.contains {
				assert.Contains(t, te.Error(), s)
			}
		})
	}
	// None of these reached PingOne.
	assert.Empty(t, srv.Requests())
}

func TestCallNotFoundIsReadable(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	_, te := call(t, tk, "get_population", map[string]string{
		"environmentId": pingonetest.Demo().SandboxEnvironmentID, "populationId": "00000000-0000-4000-8000-000000000000",
	})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNotFound, te.Kind)
	assert.Contains(t, te.Message, "NOT_FOUND")
	assert.Contains(t, te.Message, "404")
}

func TestCallInvalidFilter(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	_, te := call(t, tk, "list_users", map[string]string{
		"environmentId": pingonetest.Demo().SandboxEnvironmentID, "filter": `shoeSize gt 12`,
	})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindAPI, te.Kind)
	assert.Contains(t, te.Message, "INVALID_FILTER")
}

func TestProductionGuard(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	prod := pingonetest.Demo().ProductionEnvironmentID

	_, te := call(t, tk, "create_population", map[string]string{"environmentId": prod, "name": "Blocked"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, "not allowed against PRODUCTION environments")
	assert.Contains(t, te.Message, prod)
	assert.Contains(t, te.Message, "Production")
	assert.Empty(t, writes(srv), "the guard must stop the write before PingOne")

	// Reads of a PRODUCTION environment are allowed.
	out, te := call(t, tk, "list_populations", map[string]string{"environmentId": prod})
	require.Nil(t, te)
	assert.NotEmpty(t, out["populations"])

	// Promotion of a SANDBOX to PRODUCTION is a production write.
	env, te := call(t, tk, "get_environment", map[string]string{"environmentId": pingonetest.Demo().SandboxEnvironmentID})
	require.Nil(t, te)
	e := env["environment"].(map[string]any)
	_, te = call(t, tk, "update_environment", map[string]any{
		"environmentId": e["id"], "name": e["name"], "region": e["region"], "type": "PRODUCTION",
	})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, "PRODUCTION")
	assert.Empty(t, writes(srv))

	// The same write on a SANDBOX goes through.
	out, te = call(t, tk, "create_population", map[string]string{"environmentId": pingonetest.Demo().SandboxEnvironmentID, "name": "Allowed"})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "Allowed", out["population"].(map[string]any)["name"])
	assert.Len(t, writes(srv), 1)
}

func TestProductionGuardCachesType(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	prod := pingonetest.Demo().ProductionEnvironmentID
	for range 3 {
		_, te := call(t, tk, "create_group", map[string]string{"environmentId": prod, "name": "X"})
		require.NotNil(t, te)
	}
	var lookups int
	for _, r := range srv.Requests() {
		if r.Path == "/v1/environments/"+prod {
			lookups++
		}
	}
	assert.Equal(t, 1, lookups, "the environment type is looked up once and cached")
}

func TestProductionGuardFailsClosed(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	env := pingonetest.Demo().SandboxEnvironmentID
	srv.InjectFault(pingonetest.Fault{Method: http.MethodGet, PathPrefix: "/v1/environments/" + env, Status: 500})
	_, te := call(t, tk, "create_group", map[string]string{"environmentId": env, "name": "X"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, "could not confirm")
	assert.Empty(t, writes(srv))
}

func TestProductionWritesAllowedByConfig(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}, AllowProductionWrites: true})
	out, te := call(t, tk, "create_group", map[string]string{"environmentId": pingonetest.Demo().ProductionEnvironmentID, "name": "Prod group"})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "Prod group", out["group"].(map[string]any)["name"])
}

func TestAuditRecordsEveryCallWithoutSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	audit := tools.JSONLinesAudit(&buf)
	tk, srv := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}, FrontEnd: "test", Audit: audit})
	env := pingonetest.Demo().SandboxEnvironmentID
	users, te := call(t, tk, "list_users", map[string]any{"environmentId": env, "limit": 1})
	require.Nil(t, te)
	userID := users["users"].([]any)[0].(map[string]any)["id"].(string)
	const secret = "Sup3r-Secret-Passw0rd!"
	_, te = call(t, tk, "set_user_password", map[string]any{"environmentId": env, "userId": userID, "password": secret, "confirm": userID})
	require.Nil(t, te, "%v", te)
	_, te = call(t, tk, "nope", map[string]any{})
	require.NotNil(t, te)

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3)
	var recs []tools.AuditRecord
	for _, l := range lines {
		var r tools.AuditRecord
		require.NoError(t, json.Unmarshal([]byte(l), &r))
		recs = append(recs, r)
	}
	assert.Equal(t, "list_users", recs[0].Tool)
	assert.Equal(t, "ok", recs[0].Outcome)
	assert.Equal(t, "set_user_password", recs[1].Tool)
	assert.Equal(t, env, recs[1].EnvironmentID)
	assert.NotEmpty(t, recs[1].TransactionID)
	assert.Equal(t, "deny", recs[2].Decision)
	assert.Equal(t, "unknown_tool", recs[2].Outcome)
	assert.NotContains(t, buf.String(), secret)

	// The transaction id of the audit record is the one PingOne received.
	var sawTx bool
	for _, r := range srv.Requests() {
		if r.Header.Get("X-Ping-External-Transaction-ID") == recs[1].TransactionID {
			sawTx = true
		}
	}
	assert.True(t, sawTx, "X-Ping-External-Transaction-ID matches the audit record")
}

func TestCallNestedArgumentErrors(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	env := pingonetest.Demo().SandboxEnvironmentID
	cases := []struct{ name, args, want string }{
		{"bad enum", `{"environmentId":"` + env + `","application":{"name":"x","enabled":true,"protocol":"OPENID_CONNECT","type":"WEB_APPX","tokenEndpointAuthMethod":"NONE"}}`,
			`argument "application.type" must be one of WEB_APP, NATIVE_APP, SINGLE_PAGE_APP, WORKER, SERVICE, CUSTOM_APP (got the string "WEB_APPX")`},
		{"missing nested", `{"environmentId":"` + env + `","application":{"name":"x","enabled":true,"protocol":"OPENID_CONNECT","type":"WEB_APP"}}`,
			`missing required argument "application.tokenEndpointAuthMethod" (application takes: `},
	}
	for _, tc := range cases {
		_, err := tk.Call(t.Context(), "create_oidc_application", json.RawMessage(tc.args))
		var te *tools.Error
		require.ErrorAs(t, err, &te, tc.name)
		assert.Equal(t, tools.KindInvalidArguments, te.Kind, tc.name)
		assert.Contains(t, te.Message, tc.want, tc.name)
	}
	assert.Empty(t, srv.Requests())
}
