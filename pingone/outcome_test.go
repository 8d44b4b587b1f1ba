package pingone_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// Writes whose answer is lost, against the emulator: each case injects a
// fault on the write, then holds what the client reports against what the
// emulator's store and recorder say was applied.

type lostFixture struct {
	srv    *pingonetest.Server
	client *pingone.Client
	env    string
}

func newLostFixture(t *testing.T) *lostFixture {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	c, err := pingone.NewClient(
		pingone.WithBaseURL(srv.APIURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(time.Hour)})),
		pingone.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}),
		pingone.WithRetryPolicy(fastRetries),
	)
	require.NoError(t, err)
	return &lostFixture{srv: srv, client: c, env: srv.Demo().SandboxEnvironmentID}
}

// applied counts the requests of method to a path ending in suffix that the
// emulator served with a 2xx, whatever the client got.
func (f *lostFixture) applied(method, suffix string) int {
	n := 0
	for _, r := range f.srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) && r.Served >= 200 && r.Served < 300 {
			n++
		}
	}
	return n
}

func (f *lostFixture) users(t *testing.T, username string) []*pingone.User {
	t.Helper()
	f.srv.ClearFaults()
	page, err := f.client.Users.List(t.Context(), f.env, &pingone.ListOptions{Filter: `username eq "` + username + `"`})
	require.NoError(t, err)
	return page.Items
}

var (
	applyThenDrop = pingonetest.Fault{ApplyFirst: true, DropConnection: true}
	applyThen504  = pingonetest.Fault{ApplyFirst: true, Status: http.StatusGatewayTimeout}
	dropBefore    = pingonetest.Fault{DropConnection: true}
	error500      = pingonetest.Fault{Status: http.StatusInternalServerError}
)

func on(f pingonetest.Fault, method string, times int) pingonetest.Fault {
	f.Method, f.Times = method, times
	return f
}

func TestLostCreateIsFoundByItsKey(t *testing.T) {
	t.Parallel()
	for _, fault := range []pingonetest.Fault{applyThenDrop, applyThen504} {
		t.Run(string(fault.Kind()), func(t *testing.T) {
			t.Parallel()
			f := newLostFixture(t)
			f.srv.InjectFault(on(fault, http.MethodPost, 1))
			u, err := f.client.Users.Create(t.Context(), f.env, &pingone.User{Username: "lost.create", Email: "lost@example.com",
				Password: &pingone.UserPassword{Value: "N0t-So-Secret!"}})
			require.NoError(t, err, "the create was applied: it is reported done")
			assert.NotEmpty(t, u.ID)
			assert.Equal(t, "lost.create", u.Username)
			assert.Equal(t, 1, f.applied(http.MethodPost, "/users"), "sent once: a blind retry would have been refused or duplicated")
			got := f.users(t, "lost.create")
			require.Len(t, got, 1)
			assert.Equal(t, u.ID, got[0].ID)
		})
	}
}

func TestLostCreateNotAppliedIsSentAgain(t *testing.T) {
	t.Parallel()
	for _, fault := range []pingonetest.Fault{dropBefore, error500} {
		t.Run(string(fault.Kind()), func(t *testing.T) {
			t.Parallel()
			f := newLostFixture(t)
			f.srv.InjectFault(on(fault, http.MethodPost, 1))
			g, err := f.client.Groups.Create(t.Context(), f.env, &pingone.Group{Name: "Second Try"})
			require.NoError(t, err)
			assert.NotEmpty(t, g.ID)
			assert.Equal(t, 1, f.applied(http.MethodPost, "/groups"))
			var sawLookup bool
			for _, r := range f.srv.Requests() {
				sawLookup = sawLookup || r.Method == http.MethodGet && strings.Contains(r.RawQuery, "filter=name")
			}
			assert.True(t, sawLookup, "the group was looked up by name before the second POST")
		})
	}
}

func TestLostCreateNeverAppliedSaysRetryIsSafe(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	f.srv.InjectFault(on(error500, http.MethodPost, 0))
	_, err := f.client.Groups.Create(t.Context(), f.env, &pingone.Group{Name: "Never"})
	var na *pingone.NotAppliedError
	require.ErrorAs(t, err, &na)
	assert.Contains(t, err.Error(), "trying again is safe")
	assert.Contains(t, na.Read, `filter=name eq "Never"`)
	assert.False(t, pingone.IsOutcomeUnknown(err))
	var pe *pingone.Error
	require.ErrorAs(t, err, &pe, "the last answer is kept")
	assert.Equal(t, http.StatusInternalServerError, pe.StatusCode)
	assert.Zero(t, f.applied(http.MethodPost, "/groups"))
}

func TestLostCreateUnreadableIsUnknown(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	f.srv.InjectFault(on(applyThen504, http.MethodPost, 1))
	f.srv.InjectFault(on(error500, http.MethodGet, 0))
	_, err := f.client.Users.Create(t.Context(), f.env, &pingone.User{Username: "maybe", Email: "maybe@example.com"})
	var ou *pingone.OutcomeUnknownError
	require.ErrorAs(t, err, &ou)
	assert.Equal(t, http.MethodPost, ou.Method)
	assert.Equal(t, "users", ou.Resource)
	assert.Equal(t, "username", ou.Key)
	assert.Equal(t, "maybe", ou.Value)
	assert.Contains(t, ou.Read, `?filter=username eq "maybe"`)
	assert.Contains(t, err.Error(), "may have been applied")
	assert.Contains(t, err.Error(), "reading it back failed")
	var pe *pingone.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, http.StatusGatewayTimeout, pe.StatusCode, "how the answer was lost")
	assert.Len(t, f.users(t, "maybe"), 1, "it was in fact applied")
}

func TestLostCreateOfAnObjectThatExistedIsUnknown(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	_, err := f.client.Groups.Create(t.Context(), f.env, &pingone.Group{Name: "Existing", Description: "before"})
	require.NoError(t, err)
	// The second create is refused (the name is taken), but its answer is lost.
	f.srv.InjectFault(on(applyThen504, http.MethodPost, 1))
	_, err = f.client.Groups.Create(t.Context(), f.env, &pingone.Group{Name: "Existing", Description: "after"})
	var ou *pingone.OutcomeUnknownError
	require.ErrorAs(t, err, &ou, "a group of that name differs from what was sent")
	assert.Contains(t, ou.Why, "may have existed before")
}

func TestLostCreateWithoutKeyIsUnknown(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	d := f.srv.Demo()
	f.srv.InjectFault(on(applyThenDrop, http.MethodPost, 1))
	_, err := f.client.Users.CreateRoleAssignment(t.Context(), f.env, d.SandboxUserID, &pingone.RoleAssignment{
		Role: pingone.Ref(d.RoleIDs["Environment Admin"]), Scope: &pingone.RoleAssignmentScope{ID: f.env, Type: "ENVIRONMENT"}})
	var ou *pingone.OutcomeUnknownError
	require.ErrorAs(t, err, &ou, "no member identifies a role assignment: no read can tell which call made one")
	assert.Equal(t, "roleAssignments", ou.Resource)
	assert.Contains(t, ou.Read, "/roleAssignments")
	var ne *pingone.NetworkError
	assert.ErrorAs(t, err, &ne)
}

func TestLostDeleteIsDone(t *testing.T) {
	t.Parallel()
	for _, fault := range []pingonetest.Fault{applyThenDrop, applyThen504} {
		for _, times := range []int{1, 0} {
			t.Run(string(fault.Kind())+map[int]string{1: " once", 0: " always"}[times], func(t *testing.T) {
				t.Parallel()
				f := newLostFixture(t)
				g, err := f.client.Groups.Create(t.Context(), f.env, &pingone.Group{Name: "Doomed"})
				require.NoError(t, err)
				f.srv.InjectFault(on(fault, http.MethodDelete, times))
				require.NoError(t, f.client.Groups.Delete(t.Context(), f.env, g.ID),
					"deleted by the first attempt: its retry or its read-back finds it gone")
				assert.Equal(t, 1, f.applied(http.MethodDelete, g.ID))
				f.srv.ClearFaults()
				_, err = f.client.Groups.Get(t.Context(), f.env, g.ID, nil)
				assert.True(t, pingone.IsNotFound(err))
			})
		}
	}
}

func TestDeleteOfAMissingObjectIsStillNotFound(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	err := f.client.Groups.Delete(t.Context(), f.env, "no-such-group")
	assert.True(t, pingone.IsNotFound(err), "without a lost answer a 404 is a 404: %v", err)
}

func TestLostPatchIsReadBack(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	userID := f.srv.Demo().SandboxUserID
	f.srv.InjectFault(on(applyThen504, http.MethodPatch, 1))
	u, err := f.client.Users.Update(t.Context(), f.env, userID, &pingone.User{Title: "Lost Title"})
	require.NoError(t, err)
	assert.Equal(t, "Lost Title", u.Title, "the user read back")
	assert.Equal(t, 1, f.applied(http.MethodPatch, userID))

	// Not applied: read back, found unchanged, sent again.
	f.srv.InjectFault(on(error500, http.MethodPatch, 1))
	u, err = f.client.Users.Update(t.Context(), f.env, userID, &pingone.User{Title: "Second Title"})
	require.NoError(t, err)
	assert.Equal(t, "Second Title", u.Title)
	assert.Equal(t, 2, f.applied(http.MethodPatch, userID))
}

func TestLostMembershipIsReadBack(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	d := f.srv.Demo()
	g, err := f.client.Groups.Create(t.Context(), f.env, &pingone.Group{Name: "Members"})
	require.NoError(t, err)
	f.srv.InjectFault(on(applyThenDrop, http.MethodPost, 1))
	m, err := f.client.Users.AddToGroup(t.Context(), f.env, d.SandboxUserID, g.ID)
	require.NoError(t, err, "a retried POST would be refused: already a member")
	assert.Equal(t, g.ID, m.ID)
	assert.Equal(t, 1, f.applied(http.MethodPost, "/memberOfGroups"))
}

func TestLostActionIsUnknown(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	userID := f.srv.Demo().SandboxUserID
	f.srv.InjectFault(on(applyThen504, http.MethodPost, 1))
	_, err := f.client.Users.Lock(t.Context(), f.env, userID, nil)
	var ou *pingone.OutcomeUnknownError
	require.ErrorAs(t, err, &ou)
	assert.Equal(t, "GET /v1/environments/"+f.env+"/users/"+userID, ou.Read)
	assert.Contains(t, err.Error(), "check with GET /v1/environments/"+f.env+"/users/"+userID)
}

func TestLostPutIsSentAgain(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	userID := f.srv.Demo().SandboxUserID
	f.srv.InjectFault(on(applyThenDrop, http.MethodPut, 1))
	on, err := f.client.Users.SetEnabled(t.Context(), f.env, userID, false)
	require.NoError(t, err)
	assert.False(t, on)
	assert.Equal(t, 2, f.applied(http.MethodPut, "/enabled"), "a PUT is sent again without a read")
}

func TestLostPutAlwaysIsReadBack(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	userID := f.srv.Demo().SandboxUserID
	f.srv.InjectFault(on(applyThen504, http.MethodPut, 0))
	on, err := f.client.Users.SetEnabled(t.Context(), f.env, userID, false)
	require.NoError(t, err, "every answer lost, but the state reads as sent")
	assert.False(t, on)
}

func TestLostPasswordSetIsNeverAPlainFailure(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	userID := f.srv.Demo().SandboxUserID
	f.srv.InjectFault(on(applyThen504, http.MethodPut, 0))
	err := f.client.Users.SetPassword(t.Context(), f.env, userID, "Another-Passw0rd!", false)
	var ou *pingone.OutcomeUnknownError
	require.ErrorAs(t, err, &ou, "the password state holds no value to compare: %v", err)
	assert.NotContains(t, err.Error(), "Another-Passw0rd!")
	assert.Positive(t, f.applied(http.MethodPut, "/password"))
}

func TestCancelledWriteIsUnknown(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	f.srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, Latency: time.Minute, Times: 1})
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := f.client.Groups.Create(ctx, f.env, &pingone.Group{Name: "Cancelled"})
	var ou *pingone.OutcomeUnknownError
	require.ErrorAs(t, err, &ou)
	assert.True(t, errors.Is(err, ctx.Err()), "the context's error is kept: %v", err)
}

func TestLostPutThenRateLimitedIsReadBack(t *testing.T) {
	t.Parallel()
	f := newLostFixture(t)
	userID := f.srv.Demo().SandboxUserID
	f.srv.InjectFault(on(applyThenDrop, http.MethodPut, 1))
	f.srv.InjectFault(pingonetest.Fault{Method: http.MethodPut, Status: http.StatusTooManyRequests, RetryAfter: "0"})
	on, err := f.client.Users.SetEnabled(t.Context(), f.env, userID, false)
	require.NoError(t, err, "the first attempt was applied: the last 429 does not hide it")
	assert.False(t, on)
	assert.Equal(t, 1, f.applied(http.MethodPut, "/enabled"))
}
