package pingonetest

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEnableDoesNotUnlock is the difference between "enable" and "unlock":
// a locked user stays locked after enabled=true, cannot sign on, and is
// unlocked only by the account.unlock verb, which leaves enabled alone.
func TestEnableDoesNotUnlock(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	user := env(sb, "users", Demo().SandboxLockedUserID)

	r := c.get(user)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "LOCKED", r.str("account.status"))
	assert.Equal(t, false, r.Body["account"].(map[string]any)["canAuthenticate"])
	assert.NotEmpty(t, r.str("account.lockedAt"), "an administrator's lock records when")
	assert.NotContains(t, r.Body["account"], "secondsUntilUnlock", "it will not unlock by itself")

	r = c.do(http.MethodPut, user+"/enabled", map[string]any{"enabled": true})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, true, r.Body["enabled"])
	r = c.get(user)
	assert.Equal(t, "LOCKED", r.str("account.status"), "enabling does not unlock")
	assert.Equal(t, false, r.Body["account"].(map[string]any)["canAuthenticate"])

	r = c.do(http.MethodPost, user, []byte{}, mediaAccountUnlock)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Raw)
	assert.Equal(t, "OK", r.str("account.status"))
	assert.Equal(t, true, r.Body["account"].(map[string]any)["canAuthenticate"])
	assert.NotContains(t, r.Body["account"], "lockedAt")
	assert.Equal(t, true, r.Body["enabled"])
	assert.Equal(t, "OK", c.get(user).str("account.status"))

	// Unlocking does not enable: a disabled user stays disabled, and is
	// refused for that reason.
	disabled := env(sb, "users", Demo().SandboxDisabledUserID)
	r = c.do(http.MethodPost, disabled, []byte{}, mediaAccountUnlock)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, false, r.Body["enabled"])
	assert.Equal(t, "OK", r.str("account.status"))
	assert.Equal(t, false, r.Body["account"].(map[string]any)["canAuthenticate"], "disabled: cannot authenticate")
}

// TestLockedUserCannotSignOn: the auth host refuses a locked administrator,
// still after enabled=true, and signs them in once unlocked.
func TestLockedUserCannotSignOn(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	admin := env(Demo().AdminEnvironmentID, "users", Demo().AdminUserID)
	_, why := authorizeAs(t, c.s, Demo().AdminEnvironmentID, Demo().AdminUsername)
	require.Empty(t, why)

	require.Equal(t, http.StatusOK, c.do(http.MethodPost, admin, []byte{}, mediaAccountLock).Status)
	_, why = authorizeAs(t, c.s, Demo().AdminEnvironmentID, Demo().AdminUsername)
	assert.Contains(t, why, "locked")
	require.Equal(t, http.StatusOK, c.do(http.MethodPut, admin+"/enabled", map[string]any{"enabled": true}).Status)
	_, why = authorizeAs(t, c.s, Demo().AdminEnvironmentID, Demo().AdminUsername)
	assert.Contains(t, why, "locked", "enabling does not unlock")

	require.Equal(t, http.StatusOK, c.do(http.MethodPost, admin, []byte{}, mediaAccountUnlock).Status)
	_, why = authorizeAs(t, c.s, Demo().AdminEnvironmentID, Demo().AdminUsername)
	assert.Empty(t, why)
}

func TestAccountLockVerbs(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Now().UTC().Truncate(time.Second)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	c := newClient(t, WithClock(clock))
	sb := Demo().SandboxEnvironmentID
	user := env(sb, "users", Demo().SandboxUserID)
	lockedFilter := env(sb, "users") + "?filter=" + q(`account.status eq "LOCKED" and username eq "jdoe"`)

	// Locked until a time: it counts down, then unlocks by itself.
	unlockAt := clock().Add(30 * time.Minute)
	r := c.do(http.MethodPost, user, map[string]any{"unlockAt": unlockAt.Format(time.RFC3339)}, mediaAccountLock)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Raw)
	assert.Equal(t, "LOCKED", r.str("account.status"))
	assert.Equal(t, ts(unlockAt), r.str("account.unlockAt"))
	assert.EqualValues(t, 1800, r.Body["account"].(map[string]any)["secondsUntilUnlock"])
	assert.Equal(t, true, r.Body["enabled"], "locking is not disabling")
	assert.Len(t, c.get(lockedFilter).items("users"), 1)

	advance(10 * time.Minute)
	assert.EqualValues(t, 1200, c.get(user).Body["account"].(map[string]any)["secondsUntilUnlock"])
	advance(20 * time.Minute)
	r = c.get(user)
	assert.Equal(t, "OK", r.str("account.status"), "unlockAt has passed")
	assert.NotContains(t, r.Body["account"], "unlockAt")
	assert.Empty(t, c.get(lockedFilter).items("users"), "filters see the account as it is now")

	// Locked with no unlockAt: until an administrator unlocks.
	r = c.do(http.MethodPost, user, []byte{}, mediaAccountLock)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Raw)
	assert.Equal(t, "LOCKED", r.str("account.status"))
	assert.Equal(t, ts(clock()), r.str("account.lockedAt"))
	advance(1000 * time.Hour)
	c = c.with(t)
	c.tok = c.s.IssueToken(time.Hour)
	assert.Equal(t, "LOCKED", c.get(user).str("account.status"))
	require.Equal(t, http.StatusOK, c.do(http.MethodPost, user, []byte{}, mediaAccountUnlock).Status)

	// An unlockAt in the past does not lock (as PingOne documents).
	r = c.do(http.MethodPost, user, map[string]any{"unlockAt": clock().Add(-time.Minute).Format(time.RFC3339)}, mediaAccountLock)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "OK", r.str("account.status"))

	// Refusals.
	r = c.do(http.MethodPost, user, map[string]any{"unlockAt": "tomorrow"}, mediaAccountLock)
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, []string{"INVALID_VALUE"}, r.detailCodes())
	r = c.do(http.MethodPost, user, map[string]any{}, "application/json")
	assert.Equal(t, http.StatusUnsupportedMediaType, r.Status)
	assert.Contains(t, r.str("message"), mediaAccountUnlock, "the message names the verbs")
	r = c.do(http.MethodPost, env(sb, "users", "00000000-0000-4000-8000-000000000000"), []byte{}, mediaAccountUnlock)
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestUserMembersMFAVerifyIdentityProvider(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	user := env(sb, "users", Demo().SandboxUserID)

	r := c.do(http.MethodPut, user+"/mfaEnabled", map[string]any{"mfaEnabled": false})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Raw)
	assert.Equal(t, false, r.Body["mfaEnabled"])
	assert.Equal(t, false, c.get(user + "/mfaEnabled").Body["mfaEnabled"])
	assert.Equal(t, false, c.get(user).Body["mfaEnabled"])
	assert.Equal(t, http.StatusBadRequest, c.do(http.MethodPut, user+"/mfaEnabled", map[string]any{"mfaEnabled": "yes"}).Status)
	// PATCH does not change mfaEnabled: PingOne says only PUT …/mfaEnabled does.
	require.Equal(t, http.StatusOK, c.do(http.MethodPatch, user, map[string]any{"mfaEnabled": true, "title": "CTO"}).Status)
	assert.Equal(t, false, c.get(user).Body["mfaEnabled"])

	assert.Equal(t, "NOT_INITIATED", c.get(user+"/verifyStatus").str("verifyStatus"))
	r = c.do(http.MethodPut, user+"/verifyStatus", map[string]any{"verifyStatus": "DISABLED"})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "DISABLED", c.get(user).str("verifyStatus"))
	for _, bad := range []any{"NOT_INITIATED", "maybe", nil} {
		assert.Equal(t, http.StatusBadRequest, c.do(http.MethodPut, user+"/verifyStatus", map[string]any{"verifyStatus": bad}).Status, "%v", bad)
	}

	r = c.get(user + "/identityProvider")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "PING_ONE", r.str("identityProvider.type"))
	r = c.do(http.MethodPut, user+"/identityProvider", map[string]any{"id": "00000000-0000-4000-8000-000000000000"})
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, string(r.Raw), "does not exist")
	r = c.do(http.MethodPut, user+"/identityProvider", nil)
	require.Equal(t, http.StatusOK, r.Status, "no body: PingOne's own directory")
	assert.Equal(t, "PING_ONE", r.str("identityProvider.type"))
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "users", "00000000-0000-4000-8000-000000000000", "identityProvider")).Status)
}

// authorizeAs asks the auth host to sign username in (the emulator signs
// in the login_hint without a password) and returns the status and the
// error_description of the redirect ("" when a code was issued).
func authorizeAs(t *testing.T, s *Server, envID, username string) (int, string) {
	t.Helper()
	q := url.Values{
		"response_type": {"code"}, "client_id": {Demo().CLIClientID}, "redirect_uri": {"http://127.0.0.1:7464/callback"},
		"code_challenge": {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}, "code_challenge_method": {"S256"},
		"state": {"s"}, "login_hint": {username},
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(s.AuthURL() + "/" + envID + "/as/authorize?" + q.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return resp.StatusCode, loc.Query().Get("error_description")
}

// TestLockHelpers pins what the helpers promise their other callers (a
// password policy's lockout after failed sign-ons): a lock by failures
// shows no lockedAt, ends by itself at unlockAt, and refuses sign-on
// until then.
func TestLockHelpers(t *testing.T) {
	t.Parallel()
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	u := doc{"username": "ann", "enabled": true}
	unlockAccount(u)
	assert.Equal(t, doc{"canAuthenticate": true, "status": "OK"}, accountView(u, now))
	assert.Empty(t, signOnRefusal(u, now))

	lockAccount(u, now, now.Add(15*time.Minute), lockedByFailures)
	assert.Equal(t, doc{"canAuthenticate": false, "status": "LOCKED", "unlockAt": "2030-01-01T12:15:00.000Z", "secondsUntilUnlock": 900},
		accountView(u, now))
	assert.True(t, isLocked(u, now.Add(14*time.Minute)))
	assert.Contains(t, signOnRefusal(u, now), "locked")
	assert.False(t, isLocked(u, now.Add(15*time.Minute)))
	assert.Empty(t, signOnRefusal(u, now.Add(15*time.Minute)))

	lockAccount(u, now, time.Time{}, lockedByAdmin)
	assert.Equal(t, doc{"canAuthenticate": false, "status": "LOCKED", "lockedAt": "2030-01-01T12:00:00.000Z"}, accountView(u, now.AddDate(1, 0, 0)))
	u["enabled"] = false
	unlockAccount(u)
	assert.Equal(t, doc{"canAuthenticate": false, "status": "OK"}, accountView(u, now), "disabled: cannot authenticate")
	assert.Contains(t, signOnRefusal(u, now), "disabled")
}
