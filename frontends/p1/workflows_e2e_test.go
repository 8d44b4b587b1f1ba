package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/testscale"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// TestWorkflowsThroughTheCLI runs the workflows through the built p1 against
// `p1 sandbox --users N` (testscale.Users(); 5,000 in make workflows): the reviews over the whole tenant, and a
// planned write with its plan, its refused unconfirmed call, and its run.
func TestWorkflowsThroughTheCLI(t *testing.T) {
	t.Parallel()
	base := startSandboxProcess(t, "--users", strconv.Itoa(testscale.Users()))
	d := pingonetest.Demo()
	env := cleanEnv("PINGONE_API_URL="+base+"/v1", "PINGONE_AUTH_URL="+base, "PINGONE_ENVIRONMENT_ID="+d.AdminEnvironmentID,
		"PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret)
	p1 := func(args ...string) (map[string]any, string, int) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), binary(t), append([]string{"tool", "call", "-o", "json"}, args...)...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		var out map[string]any
		if code == 0 {
			require.NoError(t, json.Unmarshal(stdout.Bytes(), &out), stdout.String())
		}
		return out, stderr.String(), code
	}
	sb := "environmentId=" + d.SandboxEnvironmentID

	out, stderr, code := p1("find_users_without_mfa", "--arg", sb, "--arg", "limit=5")
	require.Zero(t, code, stderr)
	assert.Greater(t, out["checked"], float64(testscale.Users()))
	assert.Len(t, out["users"], 5)

	out, stderr, code = p1("who_holds_admin_roles", "--arg", sb)
	require.Zero(t, code, stderr)
	assert.Positive(t, out["users"])

	out, stderr, code = p1("find_stale_users", "--arg", sb, "--arg", "days=30")
	require.Zero(t, code, stderr)
	assert.Positive(t, out["found"], "the demo tenant's old sign-ons")

	move := []string{"move_users", "--disable-read-only", "--arg", sb, "--arg", `filter=username sw "bulk.user.3"`,
		"--arg", "populationId=" + d.SandboxArchivePopulationID}
	out, stderr, code = p1(append(move, "--dry-run")...)
	require.Zero(t, code, stderr)
	assert.Equal(t, true, out["dryRun"])
	planned := 0.0
	for _, n := range out["planned"].(map[string]any) {
		planned += n.(float64)
	}
	assert.Greater(t, planned, float64(testscale.Users()/10))

	_, stderr, code = p1(move...)
	assert.NotZero(t, code, "no terminal, no --yes: the plan is not carried out")
	assert.Contains(t, stderr, "needs confirmation")
	assert.Contains(t, stderr, "The plan:")

	out, stderr, code = p1(append(move, "--yes")...)
	require.Zero(t, code, stderr)
	assert.Equal(t, true, out["complete"])
	assert.Equal(t, planned, out["done"])

	out, stderr, code = p1(append(move, "--yes")...)
	require.Zero(t, code, stderr)
	assert.Zero(t, out["done"], "the rerun has nothing left to do")
}

// TestEnrolMFADeviceThroughTheCLI enrols an EMAIL device through the built
// p1 against `p1 sandbox --users N`: the plan, the unconfirmed call refused
// with it, the pairing, a wrong passcode refused (the device stays
// unactivated), the right one activating it, and list_mfa_devices showing
// it ACTIVE.
func TestEnrolMFADeviceThroughTheCLI(t *testing.T) {
	t.Parallel()
	base := startSandboxProcess(t, "--users", strconv.Itoa(testscale.Users()))
	d := pingonetest.Demo()
	env := cleanEnv("PINGONE_API_URL="+base+"/v1", "PINGONE_AUTH_URL="+base, "PINGONE_ENVIRONMENT_ID="+d.AdminEnvironmentID,
		"PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret)
	p1 := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), binary(t), append([]string{"tool", "call", "-o", "json"}, args...)...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return stdout.String(), stderr.String(), ee.ExitCode()
		}
		require.NoError(t, err)
		return stdout.String(), stderr.String(), 0
	}
	var rep struct {
		DryRun   bool           `json:"dryRun"`
		Complete bool           `json:"complete"`
		Planned  map[string]int `json:"planned"`
		Result   struct {
			Device struct{ ID, Status string } `json:"device"`
			Next   string                      `json:"next"`
		} `json:"result"`
	}
	user := []string{"--disable-read-only", "--arg", "environmentId=" + d.SandboxEnvironmentID, "--arg", "userId=" + d.SandboxUserID}
	pair := append([]string{"enrol_mfa_device"}, append(user, "--arg", "type=EMAIL", "--arg", "email=jdoe.phone@example.com")...)

	stdout, stderr, code := p1(append(pair, "--dry-run")...)
	require.Zero(t, code, stderr)
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	assert.True(t, rep.DryRun)
	assert.Equal(t, map[string]int{"pair EMAIL device": 1}, rep.Planned)

	_, stderr, code = p1(pair...)
	assert.NotZero(t, code)
	assert.Contains(t, stderr, "needs confirmation")
	assert.Contains(t, stderr, "jdoe")
	assert.Contains(t, stderr, "The plan: pair EMAIL device ×1")

	stdout, stderr, code = p1(append(pair, "--yes")...)
	require.Zero(t, code, stderr)
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	id := rep.Result.Device.ID
	require.NotEmpty(t, id, stdout)
	assert.Equal(t, "ACTIVATION_REQUIRED", rep.Result.Device.Status)
	assert.Contains(t, rep.Result.Next, "deviceId "+id)

	activate := append([]string{"enrol_mfa_device", "--yes"}, append(user, "--arg", "deviceId="+id)...)
	wrong := "000000"
	if pingonetest.DeviceOTP(id) == wrong {
		wrong = "111111"
	}
	_, stderr, code = p1(append(activate, "--arg", "otp="+wrong)...)
	assert.NotZero(t, code)
	assert.Contains(t, stderr, "stays ACTIVATION_REQUIRED, not activated")
	assert.NotContains(t, stderr, wrong, "the passcode is never echoed")

	stdout, stderr, code = p1(append(activate, "--arg", "otp="+pingonetest.DeviceOTP(id))...)
	require.Zero(t, code, stderr)
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep), stdout)
	assert.True(t, rep.Complete)
	assert.Equal(t, "ACTIVE", rep.Result.Device.Status)

	stdout, stderr, code = p1(append([]string{"list_mfa_devices"}, user[1:]...)...)
	require.Zero(t, code, stderr)
	var listed struct {
		Devices []struct{ ID, Status string } `json:"devices"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &listed), stdout)
	require.Len(t, listed.Devices, 1)
	assert.Equal(t, id, listed.Devices[0].ID)
	assert.Equal(t, "ACTIVE", listed.Devices[0].Status, "the tenant holds the device ACTIVE")
}
