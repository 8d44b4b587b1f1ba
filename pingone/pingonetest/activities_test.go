package pingonetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const everFilter = `recordedAt gt "2000-01-01T00:00:00Z" and recordedAt lt "2100-01-01T00:00:00Z"`

// withTx sends method path with body (JSON) and an X-Ping-External-Transaction-ID.
func (c *client) withTx(method, path, tx string, body any, contentType string) int {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = strings.NewReader(string(j))
	}
	req, err := http.NewRequest(method, c.s.APIURL()+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.tok)
	req.Header.Set("X-Ping-External-Transaction-ID", tx)
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	hr, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	_ = hr.Body.Close()
	return hr.StatusCode
}

// activitiesWhere returns the activities of an environment matching filter
// (joined with an all-time range).
func (c *client) activitiesWhere(envID, filter string) []map[string]any {
	c.t.Helper()
	f := everFilter
	if filter != "" {
		f += " and (" + filter + ")"
	}
	r := c.get(env(envID, "activities") + "?limit=1000&filter=" + q(f))
	require.Equal(c.t, http.StatusOK, r.Status, string(r.Raw))
	return r.items(keyActivities)
}

func TestWritesAreRecorded(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	c := newClient(t, WithClock(func() time.Time { return now }))
	dm := Demo()
	sb := dm.SandboxEnvironmentID

	require.Equal(t, http.StatusCreated, c.withTx(http.MethodPost, env(sb, "groups"), "tx-create.1", map[string]any{"name": "Audited"}, "application/json"))
	created := c.activitiesWhere(sb, `correlationId eq "tx-create.1"`)
	require.Len(t, created, 1)
	act := created[0]
	assert.Equal(t, "GROUP.CREATED", str(act, "action.type"))
	assert.Equal(t, "Group Created", str(act, "action.description"))
	assert.Equal(t, "SUCCESS", str(act, "result.status"))
	assert.Equal(t, "2026-03-04T05:06:07.000Z", str(act, "recordedAt"), "on the emulator's clock")
	assert.Equal(t, dm.WorkerClientID, str(act, "actors.client.id"), "the client the token was issued to")
	assert.Equal(t, "p1kit Worker", str(act, "actors.client.name"))
	res := act["resources"].([]any)[0].(map[string]any)
	assert.Equal(t, "GROUP", res["type"])
	assert.Equal(t, "Audited", res["name"])
	groupID := res["id"].(string)
	require.NotEmpty(t, groupID)
	assert.Equal(t, c.s.APIURL()+env(sb, "activities", str(act, "id")), str(act, "_links.self.href"))

	// One by id.
	one := c.get(env(sb, "activities", str(act, "id")))
	require.Equal(t, http.StatusOK, one.Status)
	assert.Equal(t, act, one.Body)

	// A delete still names what it deleted; a failed write says why by
	// its codes only.
	require.Equal(t, http.StatusNoContent, c.withTx(http.MethodDelete, env(sb, "groups", groupID), "tx-delete", nil, ""))
	del := c.activitiesWhere(sb, `correlationId eq "tx-delete"`)
	require.Len(t, del, 1)
	assert.Equal(t, "GROUP.DELETED", str(del[0], "action.type"))
	assert.Equal(t, "Audited", str(del[0]["resources"].([]any)[0].(map[string]any), "name"))
	require.Equal(t, http.StatusBadRequest, c.withTx(http.MethodPost, env(sb, "groups"), "tx-fail", map[string]any{"name": "Admins"}, "application/json"))
	fail := c.activitiesWhere(sb, `correlationId eq "tx-fail"`)
	require.Len(t, fail, 1)
	assert.Equal(t, "GROUP.CREATED", str(fail[0], "action.type"))
	assert.Equal(t, "FAILED", str(fail[0], "result.status"))
	assert.Equal(t, "HTTP 400 INVALID_DATA: UNIQUENESS_VIOLATION (name)", str(fail[0], "result.description"))

	// A user's objects name the user too, so resources.id finds them; a
	// password set keeps no password.
	secret := "Zq9-Very-Secret-Passw0rd!"
	require.Equal(t, http.StatusOK, c.withTx(http.MethodPut, env(sb, "users", dm.SandboxUserID, "password"), "tx-pw", map[string]any{"value": secret, "forceChange": false}, mediaPasswordSet))
	pw := c.activitiesWhere(sb, `correlationId eq "tx-pw"`)
	require.Len(t, pw, 1)
	assert.Equal(t, "PASSWORD.UPDATED", str(pw[0], "action.type"))
	assert.Equal(t, dm.SandboxUserID, str(pw[0]["resources"].([]any)[0].(map[string]any), "id"))
	dev := c.do(http.MethodPost, env(sb, "users", dm.SandboxMFAUserID, "devices"), map[string]any{"type": "EMAIL", "email": "m@example.com"})
	require.Equal(t, http.StatusCreated, dev.Status, string(dev.Raw))
	about := c.activitiesWhere(sb, `resources.id eq "`+dm.SandboxMFAUserID+`" and action.type eq "DEVICE.CREATED"`)
	require.Len(t, about, 1)
	assert.Equal(t, dev.str("id"), str(about[0]["resources"].([]any)[0].(map[string]any), "id"))
	all := c.get(env(sb, "activities") + "?limit=1000&filter=" + q(everFilter))
	assert.NotContains(t, string(all.Raw), secret)
	assert.NotContains(t, string(all.Raw), c.tok)

	// Neither are reads, nor a method no route serves.
	assert.Equal(t, http.StatusMethodNotAllowed, c.withTx(http.MethodPost, env(sb, "metrics", "activeIdentityCounts"), "tx-405", map[string]any{}, "application/json"))
	assert.Empty(t, c.activitiesWhere(sb, `correlationId eq "tx-405"`))
	assert.Equal(t, "ACTIVE_IDENTITY_COUNTS", resourceType("activeIdentityCounts"))
	before := len(c.activitiesWhere(sb, ""))
	c.get(env(sb, "groups"))
	assert.Len(t, c.activitiesWhere(sb, ""), before)
}

func TestActivitiesQuery(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	coll := env(sb, "activities")

	for name, filter := range map[string]string{
		"no filter":       "",
		"no upper bound":  `recordedAt gt "2000-01-01T00:00:00Z"`,
		"only an or":      `recordedAt gt "2000-01-01T00:00:00Z" or recordedAt lt "2100-01-01T00:00:00Z"`,
		"unknown member":  everFilter + ` and name eq "x"`,
		"wrong operator":  everFilter + ` and action.type sw "USER"`,
		"not a date-time": `recordedAt gt "yesterday" and recordedAt lt "2100-01-01T00:00:00Z"`,
	} {
		path := coll
		if filter != "" {
			path += "?filter=" + q(filter)
		}
		r := c.get(path)
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, []string{detailInvalidFilter}, r.detailCodes(), name)
	}

	// The long-filter form answers what the query form does.
	f := everFilter + ` and action.type eq "PASSWORD.CHECK_FAILED"`
	got := c.get(coll + "?filter=" + q(f))
	require.Equal(t, http.StatusOK, got.Status, string(got.Raw))
	posted := c.do(http.MethodPost, coll, map[string]any{"filter": f})
	require.Equal(t, http.StatusOK, posted.Status, string(posted.Raw))
	assert.Equal(t, ids(got.items(keyActivities)), ids(posted.items(keyActivities)))
	assert.Len(t, posted.items(keyActivities), 4, "the seeded failed sign-ons of Sandbox")
	// The pages of a POST are posted again with the cursor of the next link.
	var walked []string
	body := map[string]any{"filter": f, "limit": 1}
	for pages := 1; ; pages++ {
		page := c.do(http.MethodPost, coll, body)
		require.Equal(t, http.StatusOK, page.Status, string(page.Raw))
		walked = append(walked, ids(page.items(keyActivities))...)
		next := page.str("_links.next.href")
		if next == "" {
			assert.Equal(t, 4, pages)
			break
		}
		u, err := url.Parse(next)
		require.NoError(t, err)
		assert.False(t, u.Query().Has("filter"), "the filter stays in the body")
		body["cursor"] = u.Query().Get("cursor")
	}
	assert.Equal(t, ids(got.items(keyActivities)), walked)
	assert.Equal(t, []string{detailInvalidValue}, c.do(http.MethodPost, coll+"?limit=1", map[string]any{"filter": f}).detailCodes())
	assert.Equal(t, []string{detailInvalidValue}, c.do(http.MethodPost, coll, map[string]any{"filter": f, "limit": "one"}).detailCodes())
	assert.Equal(t, []string{detailOutOfRange}, c.do(http.MethodPost, coll, map[string]any{"filter": f, "limit": 1001}).detailCodes())
	assert.Equal(t, []string{detailInvalidValue}, c.do(http.MethodPost, coll, map[string]any{"filter": f + ` and action.type eq "X"`, "cursor": "x"}).detailCodes())

	assert.Equal(t, http.StatusUnsupportedMediaType, c.do(http.MethodPost, coll, "filter="+q(f), "application/x-www-form-urlencoded").Status)
	assert.Equal(t, []string{detailRequired}, c.do(http.MethodPost, coll, map[string]any{"filter": 42}).detailCodes())
	assert.Equal(t, http.StatusMethodNotAllowed, c.do(http.MethodDelete, coll+"/"+str(got.items(keyActivities)[0], "id"), nil).Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(unknownID, "activities")+"?filter="+q(everFilter)).Status)
}

func TestSeededActivitiesAreRecent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	c := newClient(t, WithClock(func() time.Time { return now }))
	sb := Demo().SandboxEnvironmentID
	since := `recordedAt gt "2026-05-31T12:00:00Z" and recordedAt lt "2026-06-01T12:00:00Z" and action.type eq "PASSWORD.CHECK_FAILED"`
	r := c.get(env(sb, "activities") + "?filter=" + q(since))
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	failed := r.items(keyActivities)
	require.Len(t, failed, 3, "one of the four is 30 hours old")
	names := map[string]bool{}
	for _, a := range failed {
		assert.Equal(t, "FAILED", str(a, "result.status"))
		names[str(a, "actors.user.name")] = true
	}
	locked := c.get(env(sb, "users", Demo().SandboxLockedUserID)).str("username")
	assert.Equal(t, map[string]bool{"jdoe": true, locked: true}, names)
}

func TestSignOnsAreRecorded(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	before := len(c.activitiesWhere(sb, `actors.user.id eq "`+dm.SandboxUserID+`"`))
	require.ErrorIs(t, c.s.SignOn(sb, "jdoe", "wrong-password"), ErrSignOnFailed)
	require.NoError(t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"))
	require.ErrorIs(t, c.s.SignOn(sb, "nobody.here", "x"), ErrSignOnFailed)
	mine := c.activitiesWhere(sb, `actors.user.id eq "`+dm.SandboxUserID+`"`)
	require.Len(t, mine, before+2)
	last := mine[len(mine)-2:]
	assert.Equal(t, "PASSWORD.CHECK_FAILED", str(last[0], "action.type"))
	assert.Equal(t, "the username or password is incorrect", str(last[0], "result.description"))
	assert.Equal(t, "PASSWORD.CHECK_SUCCEEDED", str(last[1], "action.type"))
	assert.Equal(t, dm.SandboxEmployeesPopulationID, str(last[1], "actors.user.population.id"))
	unknown := c.activitiesWhere(sb, `actors.user.name eq "nobody.here"`)
	require.Len(t, unknown, 1)
	assert.Empty(t, unknown[0]["resources"])
	all := c.get(env(sb, "activities") + "?limit=1000&filter=" + q(everFilter))
	assert.NotContains(t, string(all.Raw), "wrong-password")
	assert.NotContains(t, string(all.Raw), "Demo-Passw0rd!")
}

func TestActivitiesAreBounded(t *testing.T) {
	t.Parallel()
	c := newClient(t, WithActivityLimit(3))
	sb := Demo().SandboxEnvironmentID
	assert.Len(t, c.activitiesWhere(sb, ""), 3, "the seeded past, cut to the newest three")
	for i := range 5 {
		require.Equal(t, http.StatusCreated, c.withTx(http.MethodPost, env(sb, "groups"), "bounded-"+string(rune('a'+i)), map[string]any{"name": "Bounded " + string(rune('a'+i))}, "application/json"))
	}
	kept := c.activitiesWhere(sb, "")
	require.Len(t, kept, 3)
	var txs []string
	for _, a := range kept {
		txs = append(txs, str(a, "correlationId"))
	}
	assert.Equal(t, []string{"bounded-c", "bounded-d", "bounded-e"}, txs, "the oldest are dropped")
}
