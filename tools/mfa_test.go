package tools_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func TestMFATools(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	user := map[string]any{"environmentId": sb, "userId": demo.SandboxMFAUserID}

	out, terr := call(t, tk, "list_mfa_devices", user)
	require.Nil(t, terr)
	devs := out["devices"].([]any)
	require.Len(t, devs, 3)
	first := devs[0].(map[string]any)
	assert.Equal(t, demo.SandboxMFADeviceIDs[0], first["id"])
	assert.Equal(t, "SMS", first["type"])
	assert.Equal(t, "ACTIVE", first["status"])
	assert.Equal(t, "+15550100004", first["phone"])
	assert.NotEmpty(t, first["createdAt"])
	assert.Equal(t, "ACTIVATION_REQUIRED", devs[2].(map[string]any)["status"])

	del := map[string]any{"environmentId": sb, "userId": demo.SandboxMFAUserID, "deviceId": demo.SandboxMFADeviceIDs[1], "confirm": demo.SandboxMFAUserID}
	reset := map[string]any{"environmentId": sb, "userId": demo.SandboxMFAUserID, "confirm": demo.SandboxMFAUserID}
	out, terr = call(t, tk, "delete_mfa_device", del)
	require.Nil(t, terr)
	assert.Equal(t, map[string]any{"deleted": true, "id": demo.SandboxMFADeviceIDs[1]}, out)
	_, terr = call(t, tk, "delete_mfa_device", del)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)

	// The dry run lists every deletion, not only the first.
	sent := len(writes(srv))
	out, terr = call(t, tk, "reset_user_mfa_devices", merge(reset, map[string]any{"dryRun": true}))
	require.Nil(t, terr)
	plan := reportOf(t, out)
	assert.True(t, plan.DryRun)
	var planned []string
	for _, s := range plan.Steps {
		planned = append(planned, s.ID)
	}
	assert.ElementsMatch(t, []string{demo.SandboxMFADeviceIDs[0], demo.SandboxMFADeviceIDs[2]}, planned)
	assert.Len(t, writes(srv), sent)

	out, terr = call(t, tk, "reset_user_mfa_devices", reset)
	require.Nil(t, terr)
	r := reportOf(t, out)
	assert.True(t, r.Complete)
	assert.Equal(t, map[string]int{"delete MFA device": 2}, r.Planned)
	assert.Equal(t, 2, r.Done)
	out, terr = call(t, tk, "list_mfa_devices", user)
	require.Nil(t, terr)
	assert.Empty(t, out["devices"])

	// A user with no devices: nothing to do, nothing sent.
	before := len(writes(srv))
	out, terr = call(t, tk, "reset_user_mfa_devices", reset)
	require.Nil(t, terr)
	assert.Zero(t, reportOf(t, out).Done)
	assert.Len(t, writes(srv), before)
}

func TestResetMFADevicesReportsPartialFailure(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	userID := demo.SandboxMFAUserID
	ids := demo.SandboxMFADeviceIDs

	// The second device cannot be deleted.
	srv.InjectFault(pingonetest.Fault{Method: http.MethodDelete, Status: http.StatusForbidden,
		PathPrefix: "/v1/environments/" + sb + "/users/" + userID + "/devices/" + ids[1]})
	_, terr := call(t, tk, "reset_user_mfa_devices", map[string]any{"environmentId": sb, "userId": userID, "confirm": userID})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindAuth, terr.Kind)
	assert.Contains(t, terr.Message, "did not finish: done 2 of 3")
	assert.Contains(t, terr.Message, "FAILED 1: delete MFA device")
	assert.Contains(t, terr.Message, "(MFA device "+ids[1]+")")
	srv.ClearFaults()

	out, terr := call(t, tk, "list_mfa_devices", map[string]any{"environmentId": sb, "userId": userID})
	require.Nil(t, terr)
	var left []any
	for _, d := range out["devices"].([]any) {
		left = append(left, d.(map[string]any)["id"])
	}
	assert.Equal(t, []any{ids[1]}, left, "the report matches what is left")
}
