package tools_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/internal/testscale"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// holdings reads, through a plain client, what offboarding must remove.
type holdings struct {
	enabled                      bool
	groups, roleAssignments, mfa int
}

func holdingsOf(t *testing.T, c *pingone.Client, env, user string) holdings {
	t.Helper()
	ctx := t.Context()
	u, err := c.Users.Get(ctx, env, user, nil)
	require.NoError(t, err)
	h := holdings{enabled: u.Enabled == nil || *u.Enabled}
	for m, err := range c.Users.AllGroups(ctx, env, user, nil) {
		require.NoError(t, err)
		if m.Type == "DIRECT" {
			h.groups++
		}
	}
	ras, err := c.Users.ListRoleAssignments(ctx, env, user)
	require.NoError(t, err)
	h.roleAssignments = len(ras)
	devs, err := c.MFADevices.List(ctx, env, user)
	require.NoError(t, err)
	h.mfa = len(devs)
	return h
}

func reportOf(t *testing.T, out map[string]any) tools.Report {
	t.Helper()
	raw, err := json.Marshal(out)
	require.NoError(t, err)
	var r tools.Report
	require.NoError(t, json.Unmarshal(raw, &r))
	return r
}

func TestOffboardUserPlansConfirmsAndRuns(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	c, _ := contract.ClientWith(t, srv)
	demo := pingonetest.Demo()
	env, user := demo.SandboxEnvironmentID, demo.SandboxUserID
	// Give the user a device too, so that every kind of step is planned.
	_, err := c.MFADevices.Pair(t.Context(), env, user, &pingone.MFADevice{Type: pingone.DeviceTypeEmail, Email: "jdoe@example.com"})
	require.NoError(t, err)
	// And two open sessions, which the workflow ends.
	for range 2 {
		require.NoError(t, srv.SignOn(env, "jdoe", "Demo-Passw0rd!"))
	}
	before := holdingsOf(t, c, env, user)
	require.True(t, before.enabled)
	require.Positive(t, before.groups)
	require.Positive(t, before.roleAssignments)
	require.Positive(t, before.mfa)
	args := map[string]any{"environmentId": env, "userId": user, "delete": true}

	// The plan: every write, counted; nothing sent.
	sent := len(writes(srv))
	out, terr := call(t, tk, "offboard_user", merge(args, map[string]any{"dryRun": true}))
	require.Nil(t, terr)
	plan := reportOf(t, out)
	assert.True(t, plan.DryRun)
	assert.Equal(t, map[string]int{"disable user": 1, "remove from group": before.groups,
		"remove role assignment": before.roleAssignments, "delete MFA device": before.mfa, "end session": 2, "delete user": 1}, plan.Planned)
	assert.Len(t, plan.Steps, 4+before.groups+before.roleAssignments+before.mfa)
	for _, s := range plan.Steps {
		assert.Equal(t, tools.StepPlanned, s.Status)
	}
	assert.Len(t, writes(srv), sent, "a plan sends nothing")

	// One confirmation for the whole plan, naming the user and the counts.
	_, terr = call(t, tk, "offboard_user", args)
	require.NotNil(t, terr)
	require.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	assert.Equal(t, "jdoe", terr.Confirmation.TargetName)
	assert.Contains(t, terr.Confirmation.Plan, "remove from group ×"+itoa(before.groups))
	assert.Contains(t, terr.Confirmation.Prompt(), "jdoe")
	assert.Contains(t, terr.Message, "The plan:")
	assert.Len(t, writes(srv), sent, "an unconfirmed workflow sends nothing")

	out, terr = call(t, tk, "offboard_user", merge(args, map[string]any{"confirm": "jdoe"}))
	require.Nil(t, terr)
	r := reportOf(t, out)
	assert.True(t, r.Complete, "%+v", r)
	assert.Equal(t, len(plan.Steps), r.Done)
	assert.Zero(t, r.Failed+r.NotDone+r.Unknown)
	_, err = c.Users.Get(t.Context(), env, user, nil)
	assert.True(t, pingone.IsNotFound(err), "the user is deleted last: %v", err)
	ended := 0
	for _, rq := range srv.Requests() {
		if rq.Method == http.MethodDelete && strings.Contains(rq.Path, "/users/"+user+"/sessions/") && rq.Served == http.StatusNoContent {
			ended++
		}
	}
	assert.Equal(t, 2, ended, "each session is ended by its own DELETE before the user goes")
}

func TestOffboardUserInterruptedThenRerun(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	c, _ := contract.ClientWith(t, srv)
	demo := pingonetest.Demo()
	env, user := demo.SandboxEnvironmentID, demo.SandboxMFAUserID
	before := holdingsOf(t, c, env, user)
	require.Positive(t, before.mfa)
	args := map[string]any{"environmentId": env, "userId": user, "confirm": user}

	out, terr := call(t, tk, "offboard_user", merge(args, map[string]any{"dryRun": true}))
	require.Nil(t, terr)
	total := len(reportOf(t, out).Steps)
	require.Greater(t, total, 2)

	// Cancel the call as soon as the first step is done.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var seen atomic.Int32
	ctx = tools.WithProgress(ctx, func(done, _ int, _ string) {
		if done >= 1 {
			seen.Add(1)
			cancel()
		}
	})
	raw, _ := json.Marshal(args)
	sent := len(writes(srv))
	_, err := tk.Call(ctx, "offboard_user", raw)
	require.Error(t, err, "an unfinished workflow is a failure, with its report in words")
	var te *tools.Error
	require.ErrorAs(t, err, &te)
	assert.Contains(t, te.Message, "did not finish: done 1 of "+itoa(total))
	assert.Contains(t, te.Message, "NOT done (never sent) "+itoa(total-1))
	assert.Contains(t, te.Message, "cancelled part way")
	assert.Positive(t, seen.Load())
	assert.Len(t, writes(srv), sent+1, "only the step reported done was sent")

	// The rerun plans only what is left, and finishes it.
	writesBefore := len(writes(srv))
	out, terr = call(t, tk, "offboard_user", args)
	require.Nil(t, terr)
	second := reportOf(t, out)
	assert.True(t, second.Complete)
	assert.Equal(t, total-1, second.Done, "nothing done twice, nothing left")
	assert.Equal(t, second.Done, len(writes(srv))-writesBefore, "one write a step")
	after := holdingsOf(t, c, env, user)
	assert.Equal(t, holdings{}, after)
}

func merge(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// bulkKit is a toolkit over an emulator whose Sandbox holds testscale.Users()
// more users in Contractors (5,000 in make workflows), and a plain client to
// check the tenant with.
func bulkKit(t *testing.T) (*tools.Toolkit, *pingone.Client, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	demo := pingonetest.Demo()
	require.NoError(t, srv.AddUsers(demo.SandboxEnvironmentID, demo.SandboxContractorsPopulationID, testscale.Users()))
	// Thousands of calls: the client is not wrapped in the contract
	// validator (the same requests are validated by the other tests).
	client := plainClient(t, srv)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	return tk, plainClient(t, srv), srv
}

func plainClient(t *testing.T, srv *pingonetest.Server) *pingone.Client {
	t.Helper()
	c, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(24 * time.Hour), TokenType: "Bearer"})))
	require.NoError(t, err)
	return c
}

func TestReviewsAtScale(t *testing.T) {
	t.Parallel()
	tk, c, _ := bulkKit(t)
	demo := pingonetest.Demo()
	env := demo.SandboxEnvironmentID
	ctx := t.Context()

	// What the reviews must find, read directly.
	total, noMFA := 0, 0
	for u, err := range c.Users.All(ctx, env, &pingone.ListOptions{Limit: 1000}) {
		require.NoError(t, err)
		total++
		if u.MFAEnabled != nil && !*u.MFAEnabled {
			noMFA++
			continue
		}
		devs, err := c.MFADevices.List(ctx, env, u.ID)
		require.NoError(t, err)
		active := false
		for _, d := range devs {
			active = active || d.Status == "ACTIVE"
		}
		if !active {
			noMFA++
		}
	}
	require.Greater(t, total, testscale.Users())

	out, terr := call(t, tk, "find_users_without_mfa", map[string]any{"environmentId": env, "limit": 20})
	require.Nil(t, terr)
	assert.EqualValues(t, total, out["checked"])
	assert.EqualValues(t, noMFA, out["found"])
	assert.Len(t, out["users"], 20)
	assert.EqualValues(t, noMFA-20, out["more"])
	sum := 0.0
	for _, n := range out["byPopulation"].(map[string]any) {
		sum += n.(float64)
	}
	assert.EqualValues(t, noMFA, sum)

	cutoff := time.Now().AddDate(0, 0, -30)
	contractors, stale := 0, 0
	for u, err := range c.Users.All(ctx, env, &pingone.ListOptions{Filter: `population.id eq "` + demo.SandboxContractorsPopulationID + `"`, Limit: 1000}) {
		require.NoError(t, err)
		contractors++
		last := u.CreatedAt
		if u.LastSignOn != nil && u.LastSignOn.At != nil {
			last = u.LastSignOn.At
		}
		if last != nil && last.Before(cutoff) {
			stale++
		}
	}
	out, terr = call(t, tk, "find_stale_users", map[string]any{"environmentId": env, "populationId": demo.SandboxContractorsPopulationID, "days": 30})
	require.Nil(t, terr)
	assert.EqualValues(t, contractors, out["checked"])
	assert.Greater(t, contractors, testscale.Users())
	assert.EqualValues(t, stale, out["found"])
	assert.Positive(t, stale, "the demo contractors have old sign-ons; the bulk users were made just now")

	out, terr = call(t, tk, "who_holds_admin_roles", map[string]any{"environmentId": env})
	require.Nil(t, terr)
	assignments := 0
	holders := 0
	for u, err := range c.Users.All(ctx, env, &pingone.ListOptions{Limit: 1000}) {
		require.NoError(t, err)
		ras, err := c.Users.ListRoleAssignments(ctx, env, u.ID)
		require.NoError(t, err)
		assignments += len(ras)
		if len(ras) > 0 {
			holders++
		}
	}
	assert.EqualValues(t, holders, out["users"])
	assert.GreaterOrEqual(t, out["assignments"], float64(assignments))
	assert.NotEmpty(t, out["holders"])

	_, terr = call(t, tk, "find_stale_users", map[string]any{"environmentId": env, "days": 0, "limit": 5000})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "limit must be between 1 and 1000")
}

func TestMoveUsersAsOnePlannedChange(t *testing.T) {
	t.Parallel()
	tk, c, srv := bulkKit(t)
	demo := pingonetest.Demo()
	env := demo.SandboxEnvironmentID
	filter := `username sw "bulk.user.1"` // bulk.user.1, .10–.19, .100–.199, …
	want := 0
	for _, err := range c.Users.All(t.Context(), env, &pingone.ListOptions{Filter: filter, Limit: 1000}) {
		require.NoError(t, err)
		want++
	}
	require.Greater(t, want, testscale.Users()/10)
	args := map[string]any{"environmentId": env, "filter": filter, "populationId": demo.SandboxArchivePopulationID}

	_, terr := call(t, tk, "move_users", args)
	require.NotNil(t, terr)
	require.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	assert.Equal(t, "Archive", terr.Confirmation.TargetName)
	assert.Contains(t, terr.Confirmation.Plan, "×"+itoa(want))

	sent := len(writes(srv))
	out, terr := call(t, tk, "move_users", merge(args, map[string]any{"confirm": "Archive"}))
	require.Nil(t, terr)
	r := reportOf(t, out)
	assert.True(t, r.Complete)
	assert.Equal(t, want, r.Done)
	assert.Len(t, r.Steps, 50, "a compact report lists 50 steps")
	assert.Equal(t, want-50, r.More)
	assert.Len(t, writes(srv)[sent:], want, "one write a user")
	moved := 0
	for u, err := range c.Users.All(t.Context(), env, &pingone.ListOptions{Filter: filter, Limit: 1000}) {
		require.NoError(t, err)
		if u.Population.ID == demo.SandboxArchivePopulationID {
			moved++
		}
	}
	assert.Equal(t, want, moved)

	// Again: nothing left to do.
	out, terr = call(t, tk, "move_users", merge(args, map[string]any{"confirm": "Archive"}))
	require.Nil(t, terr)
	r = reportOf(t, out)
	assert.Zero(t, r.Done)
	assert.Contains(t, strings.Join(r.Notes, " "), "are in population \"Archive\" already")
}

func TestReviewApplicationsFindsRiskySettings(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	c, _ := contract.ClientWith(t, srv)
	env := pingonetest.Demo().SandboxEnvironmentID
	app, err := c.Applications.Create(t.Context(), env, &pingone.Application{
		Name: "Legacy SPA", Enabled: true, Protocol: "OPENID_CONNECT", Type: "SINGLE_PAGE_APP",
		GrantTypes: []string{"IMPLICIT"}, ResponseTypes: []string{"TOKEN"}, TokenEndpointAuthMethod: "NONE", PKCEEnforcement: pingone.PKCEOptional,
		RedirectURIs: []string{"http://legacy.example.com/cb", "https://*.example.com/cb", "http://localhost:3000/cb"},
	})
	require.NoError(t, err)
	out, terr := call(t, tk, "review_applications", map[string]any{"environmentId": env})
	require.Nil(t, terr)
	var found []string
	for _, a := range out["applications"].([]any) {
		row := a.(map[string]any)
		if row["id"] == app.ID {
			for _, f := range row["findings"].([]any) {
				found = append(found, f.(string))
			}
		}
	}
	joined := strings.Join(found, "\n")
	assert.Contains(t, joined, "implicit grant")
	assert.Contains(t, joined, "plain http redirect URI http://legacy.example.com/cb")
	assert.Contains(t, joined, "wildcard redirect URI")
	assert.Contains(t, joined, "without PKCE")
	assert.NotContains(t, joined, "localhost", "a loopback redirect is fine for a native or local app")
}

// TestWorkflowReportMatchesTheTenantUnderFaults: with one deletion refused
// and another answered 502 every time, the offboarding fails, and its
// message says of each device exactly what the tenant shows: the 502'd
// deletion was read back as not applied, so it failed (trying again is
// safe) rather than being unknown.
func TestWorkflowReportMatchesTheTenantUnderFaults(t *testing.T) {
	t.Parallel()
	// A 502 is no answer the spec describes: the client is not validated.
	srv := pingonetest.NewTestServer(t)
	c := plainClient(t, srv)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), c, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	demo := pingonetest.Demo()
	env, user, ids := demo.SandboxEnvironmentID, demo.SandboxMFAUserID, demo.SandboxMFADeviceIDs
	devices := "/v1/environments/" + env + "/users/" + user + "/devices/"
	srv.InjectFault(pingonetest.Fault{Method: http.MethodDelete, PathPrefix: devices + ids[1], Status: http.StatusForbidden})
	srv.InjectFault(pingonetest.Fault{Method: http.MethodDelete, PathPrefix: devices + ids[2], Status: http.StatusBadGateway})

	_, terr := call(t, tk, "offboard_user", map[string]any{"environmentId": env, "userId": user, "confirm": user})
	require.NotNil(t, terr)
	msg := terr.Message
	assert.Contains(t, msg, "did not finish")
	assert.Contains(t, msg, "FAILED 2: delete MFA device")
	assert.Contains(t, msg, "(MFA device "+ids[1]+")")
	assert.Contains(t, msg, "(MFA device "+ids[2]+")")
	assert.Contains(t, msg, "showed the write was not applied, so trying again is safe")
	assert.NotContains(t, msg, "MAY HAVE BEEN APPLIED")
	srv.ClearFaults()

	// The tenant: the done steps are in place, the failed ones are not.
	u, err := c.Users.Get(t.Context(), env, user, nil)
	require.NoError(t, err)
	assert.False(t, *u.Enabled, "disabling was reported done")
	left, err := c.MFADevices.List(t.Context(), env, user)
	require.NoError(t, err)
	var leftIDs []string
	for _, d := range left {
		leftIDs = append(leftIDs, d.ID)
	}
	assert.NotContains(t, leftIDs, ids[0], "reported done")
	assert.Contains(t, leftIDs, ids[1], "reported failed")
	assert.Contains(t, leftIDs, ids[2], "reported failed: read back as not applied")

	// The rerun's plan holds exactly what the tenant still has.
	out, terr := call(t, tk, "offboard_user", map[string]any{"environmentId": env, "userId": user, "dryRun": true})
	require.Nil(t, terr)
	var planned []string
	for _, s := range reportOf(t, out).Steps {
		if s.Kind == "MFA device" {
			planned = append(planned, s.ID)
		}
	}
	assert.ElementsMatch(t, leftIDs, planned)
}
