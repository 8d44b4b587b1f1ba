package tools_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
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

// TestEnableIsNotUnlock: set_user_enabled true on a locked user says the
// account is still locked (read back, not assumed), and unlock_user
// unlocks it; neither reports access it did not restore.
func TestEnableIsNotUnlock(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	d := pingonetest.Demo()
	locked := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxLockedUserID}

	out, te := call(t, tk, "set_user_enabled", with(locked, "enabled", true))
	require.Nil(t, te, "%v", te)
	assert.Equal(t, true, out["enabled"])
	assert.Equal(t, "LOCKED", out["accountStatus"])
	assert.Equal(t, false, out["canAuthenticate"])
	assert.Contains(t, out["note"], "still locked")
	assert.Contains(t, out["note"], "unlock_user")

	out, te = call(t, tk, "unlock_user", locked)
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "OK", out["accountStatus"])
	assert.Equal(t, true, out["canAuthenticate"])
	assert.Nil(t, out["note"])
	got, te := call(t, tk, "get_user", locked)
	require.Nil(t, te)
	assert.Equal(t, "OK", got["user"].(map[string]any)["account"].(map[string]any)["status"])

	// Not locked: nothing is sent.
	before := len(writes(srv))
	out, te = call(t, tk, "unlock_user", locked)
	require.Nil(t, te)
	assert.Contains(t, out["note"], "was not locked")
	assert.Len(t, writes(srv), before)

	// Unlocking a disabled user says that it still cannot sign on.
	disabled := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxDisabledUserID}
	_, te = call(t, tk, "lock_user", with(disabled, "confirm", d.SandboxDisabledUserID))
	require.Nil(t, te, "%v", te)
	out, te = call(t, tk, "unlock_user", disabled)
	require.Nil(t, te)
	assert.Equal(t, "OK", out["accountStatus"])
	assert.Equal(t, false, out["enabled"])
	assert.Contains(t, out["note"], "disabled")
	assert.Contains(t, out["note"], "set_user_enabled")
}

func TestLockUser(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	d := pingonetest.Demo()
	user := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}

	_, te := call(t, tk, "lock_user", user)
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNeedsConfirmation, te.Kind, "locking someone out is confirmed")
	assert.Equal(t, "jdoe", te.Confirmation.TargetName)

	at := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
	out, te := call(t, tk, "lock_user", with(user, "unlockAt", at.Format(time.RFC3339), "confirm", "jdoe"))
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "LOCKED", out["accountStatus"])
	assert.Equal(t, true, out["enabled"], "locking is not disabling")
	assert.Equal(t, at.Format(time.RFC3339), out["unlockAt"])
	assert.Contains(t, out["note"], "unlocks it by itself")

	before := len(writes(srv))
	for arg, want := range map[string]string{"2001-01-01T00:00:00Z": "not in the future", "next tuesday": "RFC 3339"} {
		_, te = call(t, tk, "lock_user", with(user, "unlockAt", arg, "confirm", "jdoe"))
		require.NotNil(t, te, arg)
		assert.Equal(t, tools.KindInvalidArguments, te.Kind)
		assert.Contains(t, te.Message, want)
	}
	assert.Len(t, writes(srv), before, "refused before anything was sent")

	// A dry run shows the content type that makes the POST an unlock.
	out, te = call(t, tk, "unlock_user", with(user, "dryRun", true))
	require.Nil(t, te, "%v", te)
	req := out["request"].(map[string]any)
	assert.Equal(t, "POST", req["method"])
	assert.Equal(t, "application/vnd.pingidentity.account.unlock+json", req["headers"].(map[string]any)["Content-Type"])
	assert.Len(t, writes(srv), before)
}

// TestMoveFiveUsers moves five users with one call each and reports the
// population each came from; a user already there is not written.
func TestMoveFiveUsers(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	list, te := call(t, tk, "list_users", map[string]any{"environmentId": sb, "limit": 5,
		"filter": `population.id eq "` + d.SandboxContractorsPopulationID + `"`})
	require.Nil(t, te)
	rows := list["users"].([]any)
	require.Len(t, rows, 5)
	for _, r := range rows {
		id := r.(map[string]any)["id"].(string)
		out, te := call(t, tk, "move_user_to_population", map[string]any{"environmentId": sb, "userId": id, "populationId": d.SandboxArchivePopulationID})
		require.Nil(t, te, "%v", te)
		assert.Equal(t, true, out["moved"])
		assert.Equal(t, d.SandboxContractorsPopulationID, out["previousPopulationId"])
	}
	pop, te := call(t, tk, "get_population", map[string]any{"environmentId": sb, "populationId": d.SandboxArchivePopulationID})
	require.Nil(t, te)
	assert.EqualValues(t, 5, pop["population"].(map[string]any)["userCount"])

	before := len(writes(srv))
	id := rows[0].(map[string]any)["id"].(string)
	out, te := call(t, tk, "move_user_to_population", map[string]any{"environmentId": sb, "userId": id, "populationId": d.SandboxArchivePopulationID})
	require.Nil(t, te)
	assert.Equal(t, false, out["moved"])
	assert.Contains(t, out["note"], "already")
	assert.Len(t, writes(srv), before)

	_, te = call(t, tk, "update_user", map[string]any{"environmentId": sb, "userId": id, "populationId": d.SandboxEmployeesPopulationID})
	require.NotNil(t, te)
	assert.Contains(t, te.Message, `unknown argument "populationId"`)
	tool, _ := tk.Tool("update_user")
	assert.Contains(t, tool.Description, "move_user_to_population", "update_user points at the tool that moves users")
	_, exists := tk.Tool("move_user_to_population")
	assert.True(t, exists)
}

// TestCreateAndUpdateProfile: create takes the profile, address, custom
// attributes and an initial password; update changes, clears and removes
// fields with PingOne's PATCH.
func TestCreateAndUpdateProfile(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	sb := pingonetest.Demo().SandboxEnvironmentID
	out, te := call(t, tk, "create_user", map[string]any{
		"environmentId": sb, "username": "ada", "email": "ada@example.com",
		"givenName": "Ada", "middleName": "King", "familyName": "Lovelace", "honorificPrefix": "Countess",
		"title": "Analyst", "type": "Employee", "nickname": "Ada", "locale": "en-GB", "preferredLanguage": "en-GB",
		"timezone": "Europe/London", "mobilePhone": "+447700900123", "primaryPhone": "+442079460000", "externalId": "EMP-1815",
		"photoUrl":         "https://example.com/ada.png",
		"address":          map[string]any{"streetAddress": "12 St James's Square", "locality": "London", "postalCode": "SW1Y 4JH", "countryCode": "GB"},
		"customAttributes": map[string]any{"employeeNumber": "1815", "badges": []string{"engine"}},
		"password":         "Analytical-Eng1ne!", "forceChange": true,
		"lifecycleStatus": "ACCOUNT_OK",
	})
	require.Nil(t, te, "%v", te)
	u := out["user"].(map[string]any)
	id := u["id"].(string)
	assert.Equal(t, map[string]any{"given": "Ada", "middle": "King", "family": "Lovelace", "honorificPrefix": "Countess"}, u["name"])
	assert.Equal(t, "London", u["address"].(map[string]any)["locality"])
	assert.Equal(t, "https://example.com/ada.png", u["photo"].(map[string]any)["href"])
	assert.Equal(t, "1815", u["employeeNumber"])
	assert.Equal(t, []any{"engine"}, u["badges"])
	assert.Equal(t, "Europe/London", u["timezone"])
	assert.NotContains(t, u, "password")
	ps, te := call(t, tk, "get_user_password_state", map[string]any{"environmentId": sb, "userId": id})
	require.Nil(t, te)
	assert.Equal(t, "MUST_CHANGE_PASSWORD", ps["passwordState"].(map[string]any)["status"])

	user := map[string]any{"environmentId": sb, "userId": id}
	out, te = call(t, tk, "update_user", with(user, "title", "Mathematician", "address", map[string]any{"locality": "Marylebone"},
		"customAttributes", map[string]any{"costCenter": "CC-7"}, "clear", []string{"middleName", "mobilePhone", "photoUrl"},
		"clearCustomAttributes", []string{"badges"}))
	require.Nil(t, te, "%v", te)
	u = out["user"].(map[string]any)
	assert.Equal(t, "Mathematician", u["title"])
	assert.Equal(t, map[string]any{"given": "Ada", "family": "Lovelace", "honorificPrefix": "Countess"}, u["name"], "middle removed, the rest kept")
	assert.Equal(t, "Marylebone", u["address"].(map[string]any)["locality"])
	assert.Equal(t, "GB", u["address"].(map[string]any)["countryCode"], "the address parts not given stay")
	assert.NotContains(t, u, "mobilePhone")
	assert.NotContains(t, u, "photo")
	assert.NotContains(t, u, "badges")
	assert.Equal(t, "1815", u["employeeNumber"])
	assert.Equal(t, "CC-7", u["costCenter"])
	assert.Equal(t, "Employee", u["type"])

	for _, bad := range []struct {
		args map[string]any
		want string
	}{
		{with(user, "title", "X", "clear", []string{"title"}), "both given and named in clear"},
		{with(user, "customAttributes", map[string]any{"email": "x@example.com"}), "standard attribute"},
		{with(user, "customAttributes", map[string]any{"costCenter": nil}), "clearCustomAttributes"},
		{with(user, "customAttributes", map[string]any{"cost.center": "x"}), "not a custom attribute name"},
		{with(user, "clearCustomAttributes", []string{"enabled"}), "standard attribute"},
		{user, "nothing to update"},
		{with(user, "clear", []string{"email"}), "clear"},
	} {
		_, te := call(t, tk, "update_user", bad.args)
		require.NotNil(t, te, "%v", bad.args)
		assert.Equal(t, tools.KindInvalidArguments, te.Kind, te.Message)
		assert.Contains(t, te.Message, bad.want)
	}
	_, te = call(t, tk, "create_user", map[string]any{"environmentId": sb, "username": "nomail"})
	require.NotNil(t, te)
	assert.Contains(t, te.Message, `missing required argument "email"`, "the schema requires email, as PingOne does")
	tool, _ := tk.Tool("create_user")
	assert.Contains(t, tool.InputSchema().Required, "email")
}

// TestInitialPasswordNeverShown: create_user's password reaches PingOne
// and nothing else: not the result, the audit record, a debug log line or
// a dry run's body, nor an error message that quotes it.
func TestInitialPasswordNeverShown(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	logs, audit := &lockedBuffer{}, &lockedBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client, _ := contract.ClientWith(t, srv, pingone.WithLogger(logger))
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{
		Filter: tools.Filter{AllowWrites: true}, Logger: logger, Audit: tools.JSONLinesAudit(audit),
	})
	require.NoError(t, err)
	sb := pingonetest.Demo().SandboxEnvironmentID
	const password = "First-Day-Secr3t!"
	args := map[string]any{"environmentId": sb, "username": "newcomer", "email": "newcomer@example.com", "password": password}

	var shown []string
	for _, dry := range []bool{true, false} {
		raw, _ := json.Marshal(with(args, "dryRun", dry))
		res, err := tk.Call(t.Context(), "create_user", raw)
		require.NoError(t, err)
		shown = append(shown, string(res.Data))
	}
	assert.Contains(t, shown[0], `"password":"[redacted`, "the dry run shows that a password would be sent, not which")
	// A refusal that quotes the password (too short for the policy here)
	// does not show it either.
	raw, _ := json.Marshal(with(args, "username", "newcomer2", "password", "short"))
	_, err = tk.Call(t.Context(), "create_user", raw)
	require.Error(t, err)
	shown = append(shown, err.Error())

	var sent bool
	for _, r := range srv.Requests() {
		sent = sent || bytes.Contains(r.Body, []byte(password))
	}
	assert.True(t, sent, "the password did reach PingOne")
	for _, text := range append(shown, logs.String(), audit.String()) {
		assert.NotContains(t, text, password)
	}
	assert.Equal(t, 3, strings.Count(audit.String(), `"tool":"create_user"`))
}

func TestWithoutSecretsInErrors(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	// The emulator quotes nothing, so the message is the same with or
	// without the scrub; a password equal to a word of the message shows
	// the scrub at work.
	_, te := call(t, tk, "set_user_password", map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": "00000000-0000-4000-8000-000000000000",
		"password": "Unable to find", "confirm": "00000000-0000-4000-8000-000000000000"})
	require.NotNil(t, te)
	assert.NotContains(t, te.Message, "Unable to find")
	assert.Contains(t, te.Message, "[REDACTED]")
}

func TestUserStatusTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	user := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID}

	_, te := call(t, tk, "set_user_mfa_enabled", with(user, "mfaEnabled", false))
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNeedsConfirmation, te.Kind, "turning MFA off is confirmed")
	out, te := call(t, tk, "set_user_mfa_enabled", with(user, "mfaEnabled", false, "confirm", "jdoe"))
	require.Nil(t, te, "%v", te)
	assert.Equal(t, false, out["mfaEnabled"])
	out, te = call(t, tk, "set_user_mfa_enabled", with(user, "mfaEnabled", true))
	require.Nil(t, te, "turning it on needs no confirmation")
	assert.Equal(t, true, out["mfaEnabled"])

	out, te = call(t, tk, "set_user_verify_status", with(user, "verifyStatus", "DISABLED"))
	require.Nil(t, te, "%v", te)
	assert.Equal(t, "DISABLED", out["verifyStatus"])
	_, te = call(t, tk, "set_user_verify_status", with(user, "verifyStatus", "NOT_INITIATED"))
	require.NotNil(t, te)
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)

	out, te = call(t, tk, "set_user_identity_provider", with(user, "confirm", "jdoe"))
	require.Nil(t, te, "%v", te)
	assert.Equal(t, map[string]any{"type": "PING_ONE"}, out["identityProvider"])
	_, te = call(t, tk, "set_user_identity_provider", with(user, "identityProviderId", "00000000-0000-4000-8000-000000000000", "confirm", "jdoe"))
	require.NotNil(t, te)
	assert.Contains(t, te.Message, "does not exist")

	got, te := call(t, tk, "get_user", user)
	require.Nil(t, te)
	u := got["user"].(map[string]any)
	assert.Equal(t, true, u["mfaEnabled"])
	assert.Equal(t, "DISABLED", u["verifyStatus"])

	ps, te := call(t, tk, "get_user_password_state", user)
	require.Nil(t, te)
	assert.Equal(t, "OK", ps["passwordState"].(map[string]any)["status"])
	assert.NotEmpty(t, ps["passwordState"].(map[string]any)["lastChangedAt"])
}

// TestListUsersFields: an audit of sign-ons and MFA reads one page, not
// one get_user per user.
func TestListUsersFields(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	d := pingonetest.Demo()
	srv.ResetRequests()
	out, te := call(t, tk, "list_users", map[string]any{"environmentId": d.SandboxEnvironmentID, "limit": 1000, "fields": []string{"lastSignOn", "mfaEnabled"}})
	require.Nil(t, te, "%v", te)
	rows := out["users"].([]any)
	require.Len(t, rows, d.SandboxUserCount)
	var never, mfa int
	for _, r := range rows {
		row := r.(map[string]any)
		require.Contains(t, row, "lastSignOn", "asked for: present, null when never")
		require.Contains(t, row, "mfaEnabled")
		if row["lastSignOn"] == nil {
			never++
		}
		if row["mfaEnabled"] == true {
			mfa++
		}
	}
	assert.Positive(t, never)
	assert.Positive(t, mfa)
	assert.Len(t, srv.Requests(), 1, "one page, one request")

	out, te = call(t, tk, "list_users", map[string]any{"environmentId": d.SandboxEnvironmentID, "limit": 1})
	require.Nil(t, te)
	assert.NotContains(t, out["users"].([]any)[0], "lastSignOn", "not asked for: not shown")
	_, te = call(t, tk, "list_users", map[string]any{"environmentId": d.SandboxEnvironmentID, "fields": []string{"password"}})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindInvalidArguments, te.Kind)
}

func TestPopulationDefaultFlag(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	defaults := func() []string {
		out, te := call(t, tk, "list_populations", map[string]any{"environmentId": sb})
		require.Nil(t, te)
		var names []string
		for _, p := range out["populations"].([]any) {
			if p.(map[string]any)["default"] == true {
				names = append(names, p.(map[string]any)["name"].(string))
			}
		}
		return names
	}
	require.Equal(t, []string{"Default"}, defaults())

	out, te := call(t, tk, "create_population", map[string]any{"environmentId": sb, "name": "Interns", "default": true})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, true, out["population"].(map[string]any)["default"])
	assert.Equal(t, []string{"Interns"}, defaults(), "exactly one default")

	_, te = call(t, tk, "update_population", map[string]any{"environmentId": sb, "populationId": d.SandboxEmployeesPopulationID, "default": true})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, []string{"Employees"}, defaults())
	u, te := call(t, tk, "create_user", map[string]any{"environmentId": sb, "username": "new.hire", "email": "new.hire@example.com"})
	require.Nil(t, te)
	assert.Equal(t, d.SandboxEmployeesPopulationID, u["user"].(map[string]any)["population"].(map[string]any)["id"], "new users go to the default")

	_, te = call(t, tk, "update_population", map[string]any{"environmentId": sb, "populationId": d.SandboxEmployeesPopulationID, "default": false})
	require.NotNil(t, te, "the default is moved, not unset")
	assert.Contains(t, te.Message, "another population the default")
	assert.Equal(t, []string{"Employees"}, defaults())
}

// with returns a copy of args with more key-value pairs.
func with(args map[string]any, kv ...any) map[string]any {
	out := make(map[string]any, len(args)+len(kv)/2)
	for k, v := range args {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// The members of the embedded pingone.Meta are standard too: a custom
// attribute cannot take the name id or createdAt.
func TestCustomAttributeCannotShadowMetaMembers(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	for _, name := range []string{"id", "createdAt", "environment"} {
		_, terr := call(t, tk, "update_user", map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID,
			"customAttributes": map[string]any{name: "x"}})
		require.NotNil(t, terr, name)
		assert.Contains(t, terr.Message, "is a standard attribute of a user", name)
	}
}
