package pingonetest

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyDetail is the one detail of a refused password: its target and the
// requirements its innerError names.
func policyDetail(t *testing.T, r resp) (target string, failed map[string]any) {
	t.Helper()
	require.Equal(t, http.StatusBadRequest, r.Status, string(r.Raw))
	assert.Equal(t, codeInvalidData, r.str("code"))
	ds := r.Body["details"].([]any)
	require.Len(t, ds, 1)
	d := ds[0].(map[string]any)
	assert.Equal(t, detailInvalidValue, d["code"])
	assert.Equal(t, msgPasswordPolicy, d["message"])
	inner, _ := d["innerError"].(map[string]any)
	return str(d, "target"), inner
}

func TestPasswordPoliciesSeeded(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	list := c.get(env(sb, "passwordPolicies"))
	require.Equal(t, http.StatusOK, list.Status)
	byName := map[string]map[string]any{}
	for _, p := range list.items("passwordPolicies") {
		byName[p["name"].(string)] = p
	}
	require.Len(t, byName, 3)
	assert.Equal(t, dm.SandboxStandardPasswordPolicyID, byName["Standard"]["id"])
	assert.Equal(t, dm.SandboxBasicPasswordPolicyID, byName["Basic"]["id"])
	assert.Equal(t, dm.SandboxPassphrasePasswordPolicyID, byName["Passphrase"]["id"])
	assert.Equal(t, true, byName["Standard"]["default"])
	assert.Equal(t, false, byName["Basic"]["default"])
	assert.Equal(t, float64(4), byName["Standard"]["populationCount"], "every Sandbox population names Standard")
	assert.Equal(t, float64(0), byName["Basic"]["populationCount"])
	pop := c.get(env(sb, "populations", dm.SandboxEmployeesPopulationID))
	assert.Equal(t, dm.SandboxStandardPasswordPolicyID, pop.str("passwordPolicy.id"))
	assert.Equal(t, c.s.APIURL()+env(sb, "passwordPolicies", dm.SandboxStandardPasswordPolicyID), pop.str("_links.passwordPolicy.href"))
	for _, e := range []string{dm.AdminEnvironmentID, dm.ProductionEnvironmentID, dm.StagingEnvironmentID} {
		assert.Len(t, c.get(env(e, "passwordPolicies")).items("passwordPolicies"), 3, "every environment has PingOne's three")
	}
}

func TestPasswordPolicyRules(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	coll := env(sb, "passwordPolicies")
	base := func(kv ...any) map[string]any {
		b := map[string]any{"name": "Rules", "excludesCommonlyUsed": true, "excludesProfileData": true, "notSimilarToCurrent": true}
		for i := 0; i < len(kv); i += 2 {
			setPath(b, kv[i].(string), kv[i+1])
		}
		return b
	}
	for _, tc := range []struct {
		body   map[string]any
		target string
	}{
		{base("length", map[string]any{"min": 7}), "length.min"},
		{base("length", map[string]any{"min": 33}), "length.min"},
		{base("length", map[string]any{"min": 12, "max": 10}), "length.max"},
		{base("length", map[string]any{"min": 8.5}), "length.min"},
		{base("lockout", map[string]any{"failureCount": 0}), "lockout.failureCount"},
		{base("history", map[string]any{"count": "six"}), "history.count"},
		{base("maxAgeDays", 20, "minAgeDays", 1), "maxAgeDays"},
		{base("minCharacters", map[string]any{"ÄÖÜ": 1}), "minCharacters"},
		{base("minCharacters", map[string]any{"0123456789": -1}), "minCharacters"},
	} {
		r := c.do(http.MethodPost, coll, tc.body)
		assert.Equal(t, []string{detailInvalidValue + " " + tc.target}, detailPairs(r), "%v", tc.body)
	}

	// The default moves, and cannot be unset or deleted.
	made := c.do(http.MethodPost, coll, base("default", true))
	require.Equal(t, http.StatusCreated, made.Status, string(made.Raw))
	id := made.str("id")
	assert.Equal(t, false, c.get(env(sb, "passwordPolicies", dm.SandboxStandardPasswordPolicyID)).Body["default"])
	assert.Equal(t, []string{detailConstraint}, c.do(http.MethodPut, coll+"/"+id, base("default", false)).detailCodes())
	del := c.do(http.MethodDelete, coll+"/"+id, nil)
	assert.Equal(t, []string{detailConstraint}, del.detailCodes())
	assert.Contains(t, del.Body["details"].([]any)[0].(map[string]any)["message"], "default password policy")

	// A policy in use by a population cannot be deleted; a population
	// cannot name a policy that does not exist.
	del = c.do(http.MethodDelete, coll+"/"+dm.SandboxStandardPasswordPolicyID, nil)
	require.Equal(t, []string{detailConstraint}, del.detailCodes(), string(del.Raw))
	assert.Contains(t, del.Body["details"].([]any)[0].(map[string]any)["message"], "4 population(s) refer to it by passwordPolicy.id")
	r := c.do(http.MethodPost, env(sb, "populations"), map[string]any{"name": "Nowhere", "passwordPolicy": map[string]any{"id": unknownID}})
	assert.Equal(t, []string{detailInvalidValue + " passwordPolicy.id"}, detailPairs(r))
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, coll+"/"+dm.SandboxBasicPasswordPolicyID, nil).Status, "an unused policy goes")
}

// TestPasswordSetFollowsThePolicy: setting a password (PUT …/password and
// create with an initial password) applies the policy of the user's
// population, or the environment's default, instead of a fixed length.
func TestPasswordSetFollowsThePolicy(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	set := func(userID, pw string) resp {
		return c.do(http.MethodPut, env(sb, "users", userID, "password"), map[string]any{"value": pw}, mediaPasswordSet)
	}
	user := dm.SandboxUserID // jdoe, in Employees, which names Standard

	target, failed := policyDetail(t, set(user, "short"))
	assert.Equal(t, "value", target)
	assert.Contains(t, failed, "length")
	assert.Contains(t, failed, "minCharacters")
	_, failed = policyDetail(t, set(user, "all-lowercase-but-long"))
	assert.Equal(t, []string{"minCharacters"}, keys(failed))
	assert.Contains(t, failed["minCharacters"], "1 of ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	_, failed = policyDetail(t, set(user, "Aaaa-1bcdefg"))
	assert.Equal(t, []string{"maxRepeatedCharacters"}, keys(failed))
	_, failed = policyDetail(t, set(user, "P@ssw0rd"))
	assert.Equal(t, []string{"excludesCommonlyUsed"}, keys(failed))

	// history: none of the last six.
	require.Equal(t, http.StatusOK, set(user, "Fresh-Passw0rd-1").Status)
	require.Equal(t, http.StatusOK, set(user, "Fresh-Passw0rd-2").Status)
	_, failed = policyDetail(t, set(user, "Fresh-Passw0rd-1"))
	assert.Equal(t, []string{"history"}, keys(failed))
	_, failed = policyDetail(t, set(user, "Demo-Passw0rd!"))
	assert.Equal(t, []string{"history"}, keys(failed), "the seeded password is in the history too")

	// The population's own policy: Basic asks for a length only.
	pop := c.mk(env(sb, "populations"), map[string]any{"name": "Basic users", "passwordPolicy": map[string]any{"id": dm.SandboxBasicPasswordPolicyID}})
	made := c.do(http.MethodPost, env(sb, "users"), map[string]any{"username": "basic.user", "email": "basic@example.com",
		"population": map[string]any{"id": pop}, "password": map[string]any{"value": "plainpassword"}})
	require.Equal(t, http.StatusCreated, made.Status, string(made.Raw))
	assert.Equal(t, http.StatusOK, set(made.str("id"), "anotherplainone").Status)
	_, failed = policyDetail(t, set(made.str("id"), "basic.user"))
	assert.Equal(t, []string{"excludesProfileData"}, keys(failed), "not the username")

	// Create with an initial password applies the default population's policy.
	r := c.do(http.MethodPost, env(sb, "users"), map[string]any{"username": "weak.user", "email": "weak@example.com",
		"password": map[string]any{"value": "plainpassword"}})
	target, failed = policyDetail(t, r)
	assert.Equal(t, "password.value", target)
	assert.Equal(t, []string{"minCharacters"}, keys(failed))
	assert.Empty(t, c.get(env(sb, "users")+"?filter="+q(`username eq "weak.user"`)).items("users"), "nothing created")
}

func TestLockoutAfterFailedSignOns(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	c := newClient(t, WithClock(clock))
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	user := env(sb, "users", dm.SandboxUserID)

	require.NoError(t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"))
	assert.Equal(t, ts(now), c.get(user).str("lastSignOn.at"))
	// Standard: five failures in a row lock the account for 900 seconds;
	// a success in between starts the count again.
	for range 4 {
		require.ErrorIs(t, c.s.SignOn(sb, "jdoe", "wrong"), ErrSignOnFailed)
	}
	require.NoError(t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"))
	for range 4 {
		require.ErrorIs(t, c.s.SignOn(sb, "jdoe", "wrong"), ErrSignOnFailed)
	}
	assert.Equal(t, "OK", c.get(user).str("account.status"))
	require.ErrorIs(t, c.s.SignOn(sb, "jdoe", "wrong"), ErrSignOnFailed)
	u := c.get(user)
	assert.Equal(t, "LOCKED", u.str("account.status"))
	assert.Empty(t, u.str("account.lockedAt"), "PingOne leaves lockedAt out of an automatic lockout")
	assert.Equal(t, false, u.Body["account"].(map[string]any)["canAuthenticate"])
	require.ErrorIs(t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"), ErrAccountLocked, "locked: even the right password")

	advance(899 * time.Second)
	require.ErrorIs(t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"), ErrAccountLocked)
	advance(time.Second)
	require.NoError(t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"), "the lockout has run out")
	assert.Equal(t, "OK", c.get(user).str("account.status"))
	assert.Empty(t, c.get(user).str("account.lockedAt"))

	// A policy's own failureCount.
	pp := c.mk(env(sb, "passwordPolicies"), map[string]any{"name": "Strict", "excludesCommonlyUsed": true, "excludesProfileData": true,
		"notSimilarToCurrent": true, "lockout": map[string]any{"failureCount": 2, "durationSeconds": 60}})
	pop := c.mk(env(sb, "populations"), map[string]any{"name": "Strict", "passwordPolicy": map[string]any{"id": pp}})
	made := c.mk(env(sb, "users"), map[string]any{"username": "strict.user", "email": "strict@example.com",
		"population": map[string]any{"id": pop}, "password": map[string]any{"value": "Strict-Passw0rd"}})
	require.ErrorIs(t, c.s.SignOn(sb, "strict.user", "nope"), ErrSignOnFailed)
	require.ErrorIs(t, c.s.SignOn(sb, "strict.user", "nope"), ErrSignOnFailed)
	assert.Equal(t, "LOCKED", c.get(env(sb, "users", made)).str("account.status"))
	require.ErrorIs(t, c.s.SignOn(sb, "nobody", "x"), ErrSignOnFailed)
	require.Error(t, c.s.SignOn(unknownID, "jdoe", "x"))
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
