package tools_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// faultSeeds is how many seeds TestWorkflowsUnderRandomFaults runs: a few
// in make test, P1KIT_WORKFLOW_FAULT_SEEDS in make workflows.
func faultSeeds() int {
	if n, err := strconv.Atoi(os.Getenv("P1KIT_WORKFLOW_FAULT_SEEDS")); err == nil && n > 0 {
		return n
	}
	return 4
}

// faultedWorkflow is one workflow call of the campaign and how to read the
// tenant for each of its steps.
type faultedWorkflow struct {
	name    string
	args    map[string]any
	confirm string
	// applied reads whether a step's write is in the tenant.
	applied func(t *testing.T, s tools.Step) bool
}

// TestWorkflowsUnderRandomFaults runs move_users, offboard_user and
// reset_user_mfa_devices with the emulator injecting random faults (429s
// with Retry-After, 5xx, dropped connections, latency, writes applied whose
// answer is lost), one seed at a time, and holds each report against the
// tenant: a step reported done is applied, one reported failed or not done
// is not, only an unknown one may be either. A rerun without faults plans
// nothing that was done, everything that was not, and finishes.
func TestWorkflowsUnderRandomFaults(t *testing.T) {
	t.Parallel()
	for seed := range uint64(faultSeeds()) {
		t.Run(fmt.Sprintf("seed %d", seed+1), func(t *testing.T) {
			t.Parallel()
			runFaultedWorkflows(t, seed+1)
		})
	}
}

func runFaultedWorkflows(t *testing.T, seed uint64) {
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	env := d.SandboxEnvironmentID
	ctx := t.Context()
	require.NoError(t, srv.AddUsers(env, d.SandboxContractorsPopulationID, 40))
	c := plainClient(t, srv) // two attempts a call: faults reach the workflows
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), c, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	offboarded, reset := d.SandboxUserID, d.SandboxMFAOtherUserID
	for i, u := range []string{offboarded, offboarded, offboarded, reset, reset, reset} {
		_, err := c.MFADevices.Pair(ctx, env, u, &pingone.MFADevice{Type: pingone.DeviceTypeEmail, Email: fmt.Sprintf("device%d@example.com", i)})
		require.NoError(t, err)
	}
	devicesOf := func(t *testing.T, user string) []string {
		devs, err := c.MFADevices.List(ctx, env, user)
		require.NoError(t, err)
		var ids []string
		for _, dev := range devs {
			ids = append(ids, dev.ID)
		}
		return ids
	}
	userOf := func(t *testing.T, id string) *pingone.User {
		u, err := c.Users.Get(ctx, env, id, nil)
		require.NoError(t, err)
		return u
	}
	workflows := []faultedWorkflow{
		{name: "move_users", confirm: "Archive",
			args: map[string]any{"environmentId": env, "filter": `username sw "bulk.user."`, "populationId": d.SandboxArchivePopulationID},
			applied: func(t *testing.T, s tools.Step) bool {
				return userOf(t, s.ID).Population.ID == d.SandboxArchivePopulationID
			}},
		{name: "offboard_user", confirm: offboarded,
			args: map[string]any{"environmentId": env, "userId": offboarded},
			applied: func(t *testing.T, s tools.Step) bool {
				switch s.Action {
				case "disable user":
					return !*userOf(t, offboarded).Enabled
				case "remove from group":
					for m, err := range c.Users.AllGroups(ctx, env, offboarded, nil) {
						require.NoError(t, err)
						if m.ID == s.ID && m.Type == "DIRECT" {
							return false
						}
					}
					return true
				case "remove role assignment":
					ras, err := c.Users.ListRoleAssignments(ctx, env, offboarded)
					require.NoError(t, err)
					return !slices.ContainsFunc(ras, func(a *pingone.RoleAssignment) bool { return a.ID == s.ID })
				case "delete MFA device":
					return !slices.Contains(devicesOf(t, offboarded), s.ID)
				}
				t.Fatalf("a step offboard_user should not plan: %+v", s)
				return false
			}},
		{name: "reset_user_mfa_devices", confirm: reset,
			args: map[string]any{"environmentId": env, "userId": reset},
			applied: func(t *testing.T, s tools.Step) bool {
				return !slices.Contains(devicesOf(t, reset), s.ID)
			}},
	}
	for i, w := range workflows {
		// The plan, before any fault: what the faulted call must account for.
		out, terr := call(t, tk, w.name, merge(w.args, map[string]any{"dryRun": true}))
		require.Nil(t, terr)
		plan := reportOf(t, out)
		require.NotEmpty(t, plan.Steps, w.name)
		require.Zero(t, plan.More, "%s: the report lists every step of a plan this size", w.name)

		srv.SetFaultPlan(&pingonetest.FaultPlan{Seed: seed*10 + uint64(i), Rate: 0.3, RetryAfter: "1"})
		raw, err := json.Marshal(merge(w.args, map[string]any{"confirm": w.confirm}))
		require.NoError(t, err)
		res, err := tk.Call(ctx, w.name, raw)
		srv.SetFaultPlan(nil)

		var r *tools.Report
		var te *tools.Error
		switch {
		case err == nil:
			var ok tools.Report
			require.NoError(t, json.Unmarshal(res.Data, &ok))
			r = &ok
		case errors.As(err, &te) && te.Report != nil:
			r = te.Report
			assert.Contains(t, te.Message, "did not finish: done "+itoa(r.Done)+" of "+itoa(len(plan.Steps)), w.name)
		default:
			// The plan's reads failed past the retries: nothing was sent.
			require.ErrorAs(t, err, &te)
			t.Logf("%s: the plan could not be read (%s); nothing written", w.name, te.Message)
			r = &tools.Report{}
			for _, s := range plan.Steps {
				r.Steps = append(r.Steps, tools.StepOutcome{Step: s.Step, Status: tools.StepNotDone})
			}
		}
		require.Zero(t, r.More, w.name)
		require.Len(t, r.Steps, len(plan.Steps), "%s: every planned step has an outcome", w.name)
		status := map[string]string{}
		for _, s := range r.Steps {
			key := s.Action + " " + s.ID
			status[key] = s.Status
			switch got := w.applied(t, s.Step); s.Status {
			case tools.StepDone:
				assert.True(t, got, "seed %d %s: %q reported done, not in the tenant", seed, w.name, key)
			case tools.StepFailed, tools.StepNotDone:
				assert.False(t, got, "seed %d %s: %q reported %s (%s), but applied", seed, w.name, key, s.Status, s.Error)
			case tools.StepUnknown:
				status[key] += map[bool]string{true: " applied", false: " not applied"}[got]
			default:
				t.Errorf("%s: step %q has status %q", w.name, key, s.Status)
			}
		}
		for _, s := range plan.Steps {
			assert.Contains(t, status, s.Action+" "+s.ID, "%s: a planned step is missing from the report", w.name)
		}

		// The rerun plans exactly what is not applied, and finishes it.
		out, terr = call(t, tk, w.name, merge(w.args, map[string]any{"dryRun": true}))
		require.Nil(t, terr)
		rerun := reportOf(t, out)
		var want, got []string
		for key, st := range status {
			if st != tools.StepDone && st != tools.StepUnknown+" applied" {
				want = append(want, key)
			}
		}
		for _, s := range rerun.Steps {
			got = append(got, s.Action+" "+s.ID)
			assert.NotEqual(t, tools.StepDone, status[s.Action+" "+s.ID], "%s: the rerun repeats a step reported done", w.name)
		}
		assert.ElementsMatch(t, want, got, "seed %d %s: the rerun plans what is not applied", seed, w.name)
		sent := len(writes(srv))
		out, terr = call(t, tk, w.name, merge(w.args, map[string]any{"confirm": w.confirm}))
		require.Nil(t, terr, "%s rerun", w.name)
		second := reportOf(t, out)
		assert.True(t, second.Complete)
		assert.Equal(t, len(want), second.Done)
		assert.Equal(t, len(want), len(writes(srv))-sent, "%s: one write a step left", w.name)
		for _, s := range plan.Steps {
			assert.True(t, w.applied(t, s.Step), "%s: %s %s after the rerun", w.name, s.Action, s.ID)
		}
		t.Logf("seed %d %s: %d steps: done %d, failed %d, not done %d, unknown %d; rerun did %d",
			seed, w.name, len(plan.Steps), r.Done, r.Failed, r.NotDone, r.Unknown, second.Done)
	}
	faults := 0
	for _, r := range srv.Requests() {
		if r.Fault != "" {
			faults++
		}
	}
	assert.Positive(t, faults, "faults were injected")
}
