package mcp_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/testscale"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// progressLog records the progress notifications a client receives.
type progressLog struct {
	mu   sync.Mutex
	seen []*sdk.ProgressNotificationParams
}

func (p *progressLog) handle(_ context.Context, req *sdk.ProgressNotificationClientRequest) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen = append(p.seen, req.Params)
}

func (p *progressLog) all() []*sdk.ProgressNotificationParams {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*sdk.ProgressNotificationParams(nil), p.seen...)
}

// connectBulk serves the toolkit over an emulator whose Sandbox holds
// testscale.Users() more users in Contractors (5,000 in make workflows) (the client is not contract-validated: the
// same requests are validated elsewhere, and there are thousands).
func connectBulk(t *testing.T, opts *sdk.ClientOptions) (*sdk.ClientSession, *pingonetest.Server) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	require.NoError(t, srv.AddUsers(d.SandboxEnvironmentID, d.SandboxContractorsPopulationID, testscale.Users()))
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(24 * time.Hour), TokenType: "Bearer"})))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}, FrontEnd: "mcp"})
	require.NoError(t, err)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, opts).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	return cs, srv
}

func writesOf(srv *pingonetest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet {
			n++
		}
	}
	return n
}

func reportFrom(t *testing.T, res *sdk.CallToolResult) tools.Report {
	t.Helper()
	var r tools.Report
	require.NoError(t, json.Unmarshal([]byte(textOf(t, res)), &r), textOf(t, res))
	return r
}

func TestWorkflowOverMCPAsksOnceWithThePlanAndReportsProgress(t *testing.T) {
	t.Parallel()
	ec := &elicitingClient{action: "accept", content: map[string]any{"confirm": true}}
	progress := &progressLog{}
	cs, srv := connectBulk(t, &sdk.ClientOptions{ElicitationHandler: ec.handle, ProgressNotificationHandler: progress.handle})
	d := pingonetest.Demo()
	args := map[string]any{"environmentId": d.SandboxEnvironmentID, "filter": `username sw "bulk.user.2"`, "populationId": d.SandboxArchivePopulationID}

	// The plan first: a dry run, nothing sent.
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "move_users", Arguments: merged(args, map[string]any{"dryRun": true})})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	plan := reportFrom(t, res)
	require.True(t, plan.DryRun)
	planned := 0
	for _, n := range plan.Planned {
		planned += n
	}
	require.Greater(t, planned, testscale.Users()/10)
	assert.Zero(t, writesOf(srv))

	// One prompt for the whole plan, then the writes, with progress.
	params := &sdk.CallToolParams{Name: "move_users", Arguments: args}
	params.SetProgressToken("move-1")
	res, err = cs.CallTool(t.Context(), params)
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	require.Len(t, ec.prompts, 1, "one confirmation for %d writes", planned)
	assert.Contains(t, ec.prompts[0], `population "Archive"`)
	assert.Contains(t, ec.prompts[0], "×")
	r := reportFrom(t, res)
	assert.True(t, r.Complete)
	assert.Equal(t, planned, r.Done)
	assert.Equal(t, planned, writesOf(srv))
	assert.Eventually(t, func() bool { return len(progress.all()) >= planned }, 10*time.Second, 10*time.Millisecond,
		"a notification a step (and one at the start)")
	last := progress.all()[len(progress.all())-1]
	assert.Equal(t, "move-1", last.ProgressToken)
	assert.EqualValues(t, planned, last.Total)
}

func TestWorkflowOverMCPDeclinedOrNotPossible(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	env := d.SandboxEnvironmentID
	// Every workflow that writes, on the scale tenant: declined at the
	// prompt, and asked of a client that cannot show one, then confirmed.
	for _, w := range []struct {
		name, confirm string
		args          map[string]any
		prompt        []string
	}{
		{"offboard_user", "maria.garcia", map[string]any{"environmentId": env, "userId": d.SandboxMFAUserID},
			[]string{"maria.garcia", "delete MFA device ×"}},
		{"reset_user_mfa_devices", "maria.garcia", map[string]any{"environmentId": env, "userId": d.SandboxMFAUserID},
			[]string{"maria.garcia", "delete MFA device ×"}},
		{"move_users", "Archive", map[string]any{"environmentId": env, "populationId": d.SandboxArchivePopulationID,
			"filter": `population.id eq "` + d.SandboxContractorsPopulationID + `"`}, []string{"Archive", "move to population Archive ×"}},
		{"enrol_mfa_device", "jdoe", map[string]any{"environmentId": env, "userId": d.SandboxUserID, "type": "EMAIL", "email": "jdoe@example.com"},
			[]string{"jdoe", "pair EMAIL device ×1"}},
	} {
		t.Run(w.name+"/declined", func(t *testing.T) {
			t.Parallel()
			ec := &elicitingClient{action: "decline"}
			cs, srv := connectBulk(t, &sdk.ClientOptions{ElicitationHandler: ec.handle})
			res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: w.name, Arguments: w.args})
			require.NoError(t, err)
			require.True(t, res.IsError)
			assert.Contains(t, textOf(t, res), "was declined when asked. Nothing was sent to PingOne.")
			require.Len(t, ec.prompts, 1)
			for _, want := range w.prompt {
				assert.Contains(t, ec.prompts[0], want)
			}
			assert.Zero(t, writesOf(srv))
		})
		t.Run(w.name+"/client cannot ask", func(t *testing.T) {
			t.Parallel()
			cs, srv := connectBulk(t, nil)
			res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: w.name, Arguments: w.args})
			require.NoError(t, err)
			require.True(t, res.IsError)
			assert.Contains(t, textOf(t, res), "needs confirmation")
			assert.Contains(t, textOf(t, res), "The plan: ")
			assert.Zero(t, writesOf(srv))
			res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: w.name, Arguments: merged(w.args, map[string]any{"confirm": w.confirm})})
			require.NoError(t, err)
			require.False(t, res.IsError, textOf(t, res))
			r := reportFrom(t, res)
			assert.True(t, r.Complete)
			assert.Positive(t, r.Done)
			assert.Equal(t, r.Done, writesOf(srv))
		})
	}
}

func merged(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// TestWorkflowFigures runs every workflow once through MCP on the scale
// tenant and logs, for each, the calls it made to PingOne, its wall time
// and the bytes of its answer (`make workflows` prints them for 5,000
// users).
func TestWorkflowFigures(t *testing.T) {
	t.Parallel()
	cs, srv := connectBulk(t, nil)
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	calls := []struct {
		name string
		args map[string]any
	}{
		{"who_holds_admin_roles", map[string]any{"environmentId": sb}},
		{"find_users_without_mfa", map[string]any{"environmentId": sb}},
		{"find_stale_users", map[string]any{"environmentId": sb}},
		{"review_applications", map[string]any{"environmentId": sb}},
		{"move_users", map[string]any{"environmentId": sb, "filter": `username sw "bulk.user.4"`, "populationId": d.SandboxArchivePopulationID, "confirm": "Archive"}},
		{"offboard_user", map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "delete": true, "confirm": "jdoe"}},
		{"enrol_mfa_device", map[string]any{"environmentId": sb, "userId": d.SandboxMFAOtherUserID, "type": "SMS", "phone": "+15550100444", "confirm": d.SandboxMFAOtherUserID}},
		{"reset_user_mfa_devices", map[string]any{"environmentId": sb, "userId": d.SandboxMFAOtherUserID, "confirm": d.SandboxMFAOtherUserID}},
	}
	t.Logf("%-24s %8s %10s %10s", "workflow", "calls", "wall", "answer B")
	for _, c := range calls {
		before := len(srv.Requests())
		start := time.Now()
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: c.name, Arguments: c.args})
		wall := time.Since(start)
		require.NoError(t, err)
		require.False(t, res.IsError, "%s: %s", c.name, textOf(t, res))
		t.Logf("%-24s %8d %10s %10d", c.name, len(srv.Requests())-before, wall.Round(time.Millisecond), len(textOf(t, res)))
	}
}

// TestEnrolMFADeviceOverMCP enrols an SMS device on the scale tenant in
// two calls, each confirmed once by the person (elicitation) with the plan
// in the prompt: the pairing answers the device awaiting activation, a
// wrong passcode leaves it so, the passcode the user "reads out" (the
// emulator's) activates it.
func TestEnrolMFADeviceOverMCP(t *testing.T) {
	t.Parallel()
	ec := &elicitingClient{action: "accept", content: map[string]any{"confirm": true}}
	cs, srv := connectBulk(t, &sdk.ClientOptions{ElicitationHandler: ec.handle})
	d := pingonetest.Demo()
	env, user := d.SandboxEnvironmentID, d.SandboxUserID
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(time.Hour), TokenType: "Bearer"})))
	require.NoError(t, err)
	result := func(res *sdk.CallToolResult) (id, status string) {
		t.Helper()
		var r struct {
			Result struct {
				Device struct{ ID, Status string } `json:"device"`
			} `json:"result"`
		}
		require.NoError(t, json.Unmarshal([]byte(textOf(t, res)), &r), textOf(t, res))
		return r.Result.Device.ID, r.Result.Device.Status
	}

	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "enrol_mfa_device",
		Arguments: map[string]any{"environmentId": env, "userId": user, "type": "SMS", "phone": "+15550100555"}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	require.Len(t, ec.prompts, 1)
	assert.Contains(t, ec.prompts[0], `user "jdoe"`)
	assert.Contains(t, ec.prompts[0], "pair SMS device ×1")
	id, status := result(res)
	assert.Equal(t, pingone.DeviceStatusActivationRequired, status)
	dev, err := client.MFADevices.Get(t.Context(), env, user, id)
	require.NoError(t, err)
	assert.Equal(t, pingone.DeviceStatusActivationRequired, dev.Status)

	wrong := "000000"
	if pingonetest.DeviceOTP(id) == wrong {
		wrong = "111111"
	}
	activate := map[string]any{"environmentId": env, "userId": user, "deviceId": id}
	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "enrol_mfa_device", Arguments: merged(activate, map[string]any{"otp": wrong})})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "stays ACTIVATION_REQUIRED, not activated")
	assert.NotContains(t, textOf(t, res), wrong)

	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "enrol_mfa_device", Arguments: merged(activate, map[string]any{"otp": pingonetest.DeviceOTP(id)})})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	assert.Len(t, ec.prompts, 3, "one prompt a call")
	assert.Contains(t, ec.prompts[2], "activate MFA device ×1")
	_, status = result(res)
	assert.Equal(t, pingone.DeviceStatusActive, status)
	dev, err = client.MFADevices.Get(t.Context(), env, user, id)
	require.NoError(t, err)
	assert.Equal(t, pingone.DeviceStatusActive, dev.Status)
}
