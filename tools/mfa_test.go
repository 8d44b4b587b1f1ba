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

	out, terr = call(t, tk, "reset_user_mfa_devices", reset)
	require.Nil(t, terr)
	assert.Equal(t, []any{demo.SandboxMFADeviceIDs[0], demo.SandboxMFADeviceIDs[2]}, out["removed"])
	out, terr = call(t, tk, "list_mfa_devices", user)
	require.Nil(t, terr)
	assert.Empty(t, out["devices"])

	// A user with no devices: nothing to do, nothing sent.
	before := len(writes(srv))
	out, terr = call(t, tk, "reset_user_mfa_devices", reset)
	require.Nil(t, terr)
	assert.Equal(t, []any{}, out["removed"])
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
	assert.Contains(t, terr.Message, "removed 1 of 3 ("+ids[0]+")")
	assert.Contains(t, terr.Message, "NOT removed: "+ids[1]+", "+ids[2])
	srv.ClearFaults()

	out, terr := call(t, tk, "list_mfa_devices", map[string]any{"environmentId": sb, "userId": userID})
	require.Nil(t, terr)
	var left []any
	for _, d := range out["devices"].([]any) {
		left = append(left, d.(map[string]any)["id"])
	}
	assert.Equal(t, []any{ids[1], ids[2]}, left, "the report matches what is left")
}
