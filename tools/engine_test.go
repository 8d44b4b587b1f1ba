package tools_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

var writable = tools.Filter{AllowWrites: true}

func TestConfirmationEveryListedToolNeedsIt(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{Filter: writable})
	got := tk.ConfirmationTools()
	for _, tool := range tools.All() {
		_, hasConfirm := tool.InputSchema().Properties["confirm"]
		if tool.Effect == tools.Delete {
			assert.Contains(t, got, tool.Name, "every delete needs confirmation")
		}
		assert.Equal(t, hasConfirm, contains(got, tool.Name), "%s: the confirm argument is in the schema exactly when calls need confirmation", tool.Name)
		_, hasDryRun := tool.InputSchema().Properties["dryRun"]
		assert.Equal(t, tool.IsWrite(), hasDryRun, "%s: every write tool, and only those, takes dryRun", tool.Name)
	}
	for _, n := range []string{"set_user_enabled", "set_user_password"} {
		assert.Contains(t, got, n)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestConfirmationByArgumentContextAndPolicy(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, srv := newKit(t, tools.Config{Filter: writable, ConfirmTools: []string{"update_group"}})
	args := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID, "password": "N3w-Passw0rd-Long!"}

	_, te := call(t, tk, "set_user_password", args)
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNeedsConfirmation, te.Kind)
	require.NotNil(t, te.Confirmation)
	assert.Equal(t, "jdoe", te.Confirmation.TargetName)
	assert.Equal(t, d.SandboxUserID, te.Confirmation.TargetID)
	assert.Equal(t, "Sandbox", te.Confirmation.EnvironmentName)
	assert.Equal(t, `Set user password — user "jdoe" (id `+d.SandboxUserID+`) in environment "Sandbox"?`, te.Confirmation.Prompt())
	assert.NotContains(t, te.Message, "N3w-Passw0rd", "the message never repeats a secret")
	assert.Empty(t, writes(srv))

	// A front end that asked passes the answer in the context.
	raw, _ := json.Marshal(args)
	_, err := tk.Call(tools.WithConfirmed(t.Context(), "JDOE"), "set_user_password", raw)
	require.Error(t, err, "names are matched exactly")
	_, err = tk.Call(tools.WithConfirmed(t.Context(), strings.ToUpper(d.SandboxUserID)), "set_user_password", raw)
	require.NoError(t, err, "ids in any case")
	assert.Equal(t, []string{"PUT /v1/environments/" + d.SandboxEnvironmentID + "/users/" + d.SandboxUserID + "/password"}, writes(srv))

	// A declined call is a refusal.
	_, err = tk.Call(tools.WithDeclined(t.Context()), "set_user_password", raw)
	var de *tools.Error
	require.ErrorAs(t, err, &de)
	assert.Equal(t, tools.KindDenied, de.Kind)
	assert.Contains(t, de.Message, "was declined when asked")

	// The policy adds tools; they get the confirm argument too.
	upd := map[string]any{"environmentId": d.SandboxEnvironmentID, "groupId": d.SandboxEmptyGroupID, "name": "Auditors"}
	_, te = call(t, tk, "update_group", upd)
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNeedsConfirmation, te.Kind)
	assert.Contains(t, te.Message, `confirm: "Auditors"`)
	tool, ok := tk.Tool("update_group")
	require.True(t, ok)
	assert.Contains(t, tool.InputSchema().Properties, "confirm")
	reg, _ := tk.Registry().Get("update_group")
	assert.NotContains(t, reg.InputSchema().Properties, "confirm", "the registry's tool is not changed")
	upd["confirm"] = "Auditors"
	_, te = call(t, tk, "update_group", upd)
	require.Nil(t, te, "%v", te)
}

func TestConfirmationUnknownToolInPolicy(t *testing.T) {
	t.Parallel()
	_, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), nilSafeClient(t), tools.Config{ConfirmTools: []string{"drop_table"}})
	require.ErrorContains(t, err, `unknown tool "drop_table"`)
	_, err = tools.NewToolkit(tools.NewRegistry(tools.All()...), nilSafeClient(t), tools.Config{ConfirmTools: []string{"list_users"}})
	require.ErrorContains(t, err, `tool "list_users" only reads`)
}

func TestDryRunSendsNoWriteAndShowsTheDifference(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, srv := newKit(t, tools.Config{Filter: writable})
	out, te := call(t, tk, "update_user", map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID,
		"givenName": "Janet", "title": "CTO", "dryRun": true})
	require.Nil(t, te, "%v", te)
	assert.Empty(t, writes(srv), "nothing was written")
	assert.Equal(t, true, out["dryRun"])
	req := out["request"].(map[string]any)
	assert.Equal(t, http.MethodPatch, req["method"])
	assert.Equal(t, srv.APIURL()+"/environments/"+d.SandboxEnvironmentID+"/users/"+d.SandboxUserID, req["url"])
	headers := req["headers"].(map[string]any)
	assert.NotContains(t, headers, "Authorization")
	assert.NotEmpty(t, headers["X-Ping-External-Transaction-Id"])
	var paths []string
	for _, c := range out["diff"].([]any) {
		paths = append(paths, c.(map[string]any)["path"].(string))
	}
	assert.Equal(t, []string{"name.given", "title"}, paths)
	assert.Equal(t, "Janet", out["after"].(map[string]any)["name"].(map[string]any)["given"])
	assert.Equal(t, "jdoe", out["before"].(map[string]any)["username"])

	// The user is unchanged.
	got, te := call(t, tk, "get_user", map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID})
	require.Nil(t, te)
	assert.NotEqual(t, "Janet", got["user"].(map[string]any)["name"].(map[string]any)["given"])
}

func TestDryRunRedactsSecretsAndNeedsNoConfirmation(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	var audit bytes.Buffer
	tk, srv := newKit(t, tools.Config{Filter: writable, Audit: tools.JSONLinesAudit(&audit)})
	const secret = "Pl3ase-Never-Sh0w-Me!"
	res, err := tk.Call(tools.WithDryRun(t.Context()), "set_user_password",
		json.RawMessage(`{"environmentId":"`+d.SandboxEnvironmentID+`","userId":"`+d.SandboxUserID+`","password":"`+secret+`"}`))
	require.NoError(t, err)
	assert.NotContains(t, string(res.Data), secret)
	assert.Contains(t, string(res.Data), `"value":"[REDACTED]"`, "a secret is redacted wherever its value travels")
	assert.Contains(t, string(res.Data), `application/vnd.pingidentity.password.set+json`)
	assert.NotContains(t, audit.String(), secret)
	assert.Contains(t, audit.String(), `"decision":"dry-run"`)
	assert.Empty(t, writes(srv))
}

func TestDryRunByConfigCoversCreatesAndDeletes(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, srv := newKit(t, tools.Config{Filter: writable, DryRun: true})
	out, te := call(t, tk, "create_population", map[string]any{"environmentId": d.SandboxEnvironmentID, "name": "Dry"})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "POST", out["request"].(map[string]any)["method"])
	assert.Equal(t, "Dry", out["request"].(map[string]any)["body"].(map[string]any)["name"])
	assert.Nil(t, out["diff"], "a create has no before/after")
	out, te = call(t, tk, "delete_population", map[string]any{"environmentId": d.SandboxEnvironmentID, "populationId": d.SandboxArchivePopulationID})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "DELETE", out["request"].(map[string]any)["method"])
	assert.Equal(t, "Archive", out["before"].(map[string]any)["name"], "a delete shows what it would remove")
	assert.Nil(t, out["diff"])
	assert.Empty(t, writes(srv))
	// Reads are unaffected.
	_, te = call(t, tk, "list_populations", map[string]any{"environmentId": d.SandboxEnvironmentID})
	require.Nil(t, te)
}

func TestDryRunStillMeetsTheGuard(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{Filter: writable})
	_, te := call(t, tk, "create_group", map[string]any{"environmentId": pingonetest.Demo().ProductionEnvironmentID, "name": "G", "dryRun": true})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Empty(t, writes(srv))
}

func TestEnvironmentPolicy(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	yes, no := true, false
	cases := []struct {
		name string
		ep   tools.EnvironmentPolicy
		tool string
		args map[string]any
		want string // "" = allowed
	}{
		{"deny by id wins over allow", tools.EnvironmentPolicy{Allow: []string{"Sandbox"}, Deny: []string{d.SandboxEnvironmentID}},
			"list_groups", map[string]any{"environmentId": d.SandboxEnvironmentID}, "is on the deny list"},
		{"allow by name, any case", tools.EnvironmentPolicy{Allow: []string{"sandbox"}},
			"list_groups", map[string]any{"environmentId": d.SandboxEnvironmentID}, ""},
		{"not on the allow list", tools.EnvironmentPolicy{Allow: []string{"Sandbox"}},
			"get_environment", map[string]any{"environmentId": d.StagingEnvironmentID}, "is not on the allow list (Sandbox)"},
		{"rule makes a sandbox read-only", tools.EnvironmentPolicy{Rules: []tools.EnvironmentRule{{Environment: "Staging", Writes: &no}}},
			"create_group", map[string]any{"environmentId": d.StagingEnvironmentID, "name": "G"}, `environment "Staging" (id ` + d.StagingEnvironmentID + `, SANDBOX) is read-only`},
		{"rule opens user data of PRODUCTION", tools.EnvironmentPolicy{ProtectProductionUserData: true, Rules: []tools.EnvironmentRule{{Environment: "Production", UserData: &yes}}},
			"list_users", map[string]any{"environmentId": d.ProductionEnvironmentID}, ""},
		{"rule closes user data of a sandbox", tools.EnvironmentPolicy{Rules: []tools.EnvironmentRule{{Environment: "Sandbox", UserData: &no}}},
			"list_user_groups", map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}, "reading user data is not allowed"},
		{"user data protection leaves other reads", tools.EnvironmentPolicy{ProtectProductionUserData: true},
			"list_groups", map[string]any{"environmentId": d.ProductionEnvironmentID}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tk, srv := newKit(t, tools.Config{Filter: writable, Environments: tc.ep})
			_, te := call(t, tk, tc.tool, tc.args)
			if tc.want == "" {
				require.Nil(t, te, "%v", te)
				return
			}
			require.NotNil(t, te)
			assert.Equal(t, tools.KindDenied, te.Kind)
			assert.Contains(t, te.Message, tc.want)
			for _, r := range srv.Requests() {
				assert.Equal(t, "/v1/environments/"+tc.args["environmentId"].(string), r.Path, "only the environment lookup was sent")
			}
		})
	}
}

func TestEnvironmentListingLeavesOutWhatThePolicyDenies(t *testing.T) {
	t.Parallel()
	names := func(ep tools.EnvironmentPolicy) []string {
		tk, srv := newKit(t, tools.Config{Environments: ep})
		out, te := call(t, tk, "list_environments", map[string]any{})
		require.Nil(t, te)
		var got []string
		for _, e := range out["environments"].([]any) {
			got = append(got, e.(map[string]any)["name"].(string))
		}
		// The listing filled the type cache: no lookup before this read.
		srv.ResetRequests()
		_, _ = call(t, tk, "list_groups", map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID})
		for _, r := range srv.Requests() {
			assert.NotEqual(t, "/v1/environments/"+pingonetest.Demo().SandboxEnvironmentID, r.Path, "the type came from the listing")
		}
		return got
	}
	all := names(tools.EnvironmentPolicy{ProtectProductionUserData: true})
	assert.Contains(t, all, "Staging")
	assert.Contains(t, all, "Production")
	got := names(tools.EnvironmentPolicy{Deny: []string{"staging", pingonetest.Demo().ProductionEnvironmentID}})
	assert.NotContains(t, got, "Staging")
	assert.NotContains(t, got, "Production")
	assert.Contains(t, got, "Sandbox")
	assert.Equal(t, []string{"Sandbox"}, names(tools.EnvironmentPolicy{Allow: []string{"Sandbox"}}))
}

func TestEnvironmentPolicyFailsClosed(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, srv := newKit(t, tools.Config{Environments: tools.EnvironmentPolicy{Deny: []string{"Production"}}})
	srv.InjectFault(pingonetest.Fault{Method: http.MethodGet, PathPrefix: "/v1/environments/" + d.ProductionEnvironmentID, Status: 500})
	_, te := call(t, tk, "list_users", map[string]any{"environmentId": d.ProductionEnvironmentID})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, "could not read the name and type of environment")
	for _, r := range srv.Requests() {
		assert.NotContains(t, r.Path, "/users", "no user data was read")
	}
}

func TestArgumentRules(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	t.Run("administrators environment is never written", func(t *testing.T) {
		t.Parallel()
		tk, srv := newKit(t, tools.Config{Filter: writable})
		_, te := call(t, tk, "create_user", map[string]any{"environmentId": d.AdminEnvironmentID, "username": "x", "email": "x@example.com"})
		require.NotNil(t, te)
		assert.Contains(t, te.Message, `environment "Administrators"`)
		assert.Empty(t, writes(srv))
		_, te = call(t, tk, "list_users", map[string]any{"environmentId": d.AdminEnvironmentID})
		assert.Nil(t, te, "reads are fine")
	})
	t.Run("administrators environment by another name, or allowed", func(t *testing.T) {
		t.Parallel()
		tk, _ := newKit(t, tools.Config{Filter: writable, Rules: tools.Rules{AdministratorsEnvironment: d.StagingEnvironmentID}})
		_, te := call(t, tk, "create_group", map[string]any{"environmentId": d.StagingEnvironmentID, "name": "G"})
		require.NotNil(t, te)
		_, te = call(t, tk, "create_group", map[string]any{"environmentId": d.AdminEnvironmentID, "name": "G"})
		assert.Nil(t, te, "the default name no longer applies")
		tk, _ = newKit(t, tools.Config{Filter: writable, Rules: tools.Rules{AllowAdministratorsEnvironment: true}})
		_, te = call(t, tk, "create_group", map[string]any{"environmentId": d.AdminEnvironmentID, "name": "G"})
		assert.Nil(t, te)
	})
	t.Run("protected roles", func(t *testing.T) {
		t.Parallel()
		grant := func(role string) map[string]any {
			return map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID, "roleId": d.RoleIDs[role],
				"scopeType": "ENVIRONMENT", "scopeId": d.SandboxEnvironmentID, "confirm": "jdoe"}
		}
		tk, srv := newKit(t, tools.Config{Filter: writable})
		_, te := call(t, tk, "assign_user_role", grant("Environment Admin"))
		require.NotNil(t, te)
		assert.Equal(t, tools.KindDenied, te.Kind)
		assert.Contains(t, te.Message, `role "Environment Admin" (id `+d.RoleIDs["Environment Admin"]+`) is never granted`)
		unknown := grant("Environment Admin")
		unknown["roleId"] = "00000000-0000-4000-8000-000000000000"
		_, te = call(t, tk, "assign_user_role", unknown)
		require.NotNil(t, te, "a role whose name cannot be read is refused")
		assert.Contains(t, te.Message, "could not read the name of role")
		assert.Empty(t, writes(srv))

		tk, srv = newKit(t, tools.Config{Filter: writable, Rules: tools.Rules{ProtectedRoles: []string{"help desk admin"}}})
		_, te = call(t, tk, "assign_user_role", grant("Help Desk Admin"))
		require.NotNil(t, te, "the policy's list, any case")
		_, te = call(t, tk, "assign_user_role", grant("Environment Admin"))
		require.Nil(t, te, "%v", te)
		assert.Len(t, writes(srv), 1)
	})
	t.Run("page size refused or clamped", func(t *testing.T) {
		t.Parallel()
		tk, srv := newKit(t, tools.Config{Rules: tools.Rules{MaxPageSize: 2}})
		_, te := call(t, tk, "list_users", map[string]any{"environmentId": d.SandboxEnvironmentID, "limit": 5})
		require.NotNil(t, te)
		assert.Equal(t, "list_users: refused by the page size rule: limit 5 is larger than the policy's maximum page size 2; pass limit 2 or less and follow nextCursor for more.", te.Error())
		srv.ResetRequests()
		out, te := call(t, tk, "list_users", map[string]any{"environmentId": d.SandboxEnvironmentID})
		require.Nil(t, te)
		assert.Len(t, out["users"], 2, "an omitted limit is set to the cap")
		assert.Contains(t, srv.Requests()[0].RawQuery, "limit=2")

		tk, _ = newKit(t, tools.Config{Rules: tools.Rules{MaxPageSize: 2, ClampPageSize: true}})
		out, te = call(t, tk, "list_users", map[string]any{"environmentId": d.SandboxEnvironmentID, "limit": 500})
		require.Nil(t, te)
		assert.Len(t, out["users"], 2)
	})
}

func TestAuditRecordFields(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	file := filepath.Join(t.TempDir(), "audit.jsonl")
	audit, closeFn, err := tools.OpenAuditLog(file, nil)
	require.NoError(t, err)
	tk, srv := newKit(t, tools.Config{Filter: writable, Audit: audit, FrontEnd: "test", Profile: "work"})
	_, te := call(t, tk, "delete_group", map[string]any{"environmentId": d.SandboxEnvironmentID, "groupId": d.SandboxEmptyGroupID})
	require.NotNil(t, te)
	_, te = call(t, tk, "delete_group", map[string]any{"environmentId": d.SandboxEnvironmentID, "groupId": d.SandboxEmptyGroupID, "confirm": "Auditors"})
	require.Nil(t, te)
	require.NoError(t, closeFn())

	st, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 2)
	var recs [2]tools.AuditRecord
	for i := range recs {
		require.NoError(t, json.Unmarshal([]byte(lines[i]), &recs[i]))
		assert.Equal(t, "test", recs[i].FrontEnd)
		assert.Equal(t, "work", recs[i].Profile)
		assert.Equal(t, "Sandbox", recs[i].EnvironmentName)
		assert.Equal(t, d.SandboxEnvironmentID, recs[i].EnvironmentID)
	}
	assert.Equal(t, tools.DecisionConfirmRequired, recs[0].Decision)
	assert.Equal(t, "needs_confirmation", recs[0].Outcome)
	assert.Equal(t, tools.DecisionAllow, recs[1].Decision)
	assert.Equal(t, "ok", recs[1].Outcome)
	var sent bool
	for _, r := range srv.Requests() {
		if r.Method == http.MethodDelete {
			assert.Equal(t, recs[1].TransactionID, r.Header.Get("X-Ping-External-Transaction-ID"), "the audit record joins PingOne's")
			sent = true
		}
	}
	assert.True(t, sent)

	// Appending keeps what was there.
	audit, closeFn, err = tools.OpenAuditLog(file, nil)
	require.NoError(t, err)
	audit(context.Background(), tools.AuditRecord{Tool: "x"})
	require.NoError(t, closeFn())
	data, _ = os.ReadFile(file)
	assert.Len(t, strings.Split(strings.TrimSpace(string(data)), "\n"), 3)

	var stderr bytes.Buffer
	audit, _, err = tools.OpenAuditLog("-", &stderr)
	require.NoError(t, err)
	audit(context.Background(), tools.AuditRecord{Tool: "y"})
	assert.Contains(t, stderr.String(), `"tool":"y"`)
}

func nilSafeClient(t *testing.T) *pingone.Client {
	t.Helper()
	c, err := pingone.NewClient()
	require.NoError(t, err)
	return c
}
