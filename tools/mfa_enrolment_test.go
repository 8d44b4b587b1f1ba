package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestPairAndActivateSMSDevice is the enrolment an integrator ships: pair an
// SMS device, fail with a wrong passcode, activate with the right one, and
// find the device ACTIVE among the user's devices.
func TestPairAndActivateSMSDevice(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	user := demo.SandboxUserID
	args := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": user}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}

	_, terr := call(t, tk, "pair_mfa_device", args("type", "SMS", "phone", "+15550100123"))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNeedsConfirmation, terr.Kind, "pairing gives a way to sign on as the user: it confirms")

	out, terr := call(t, tk, "pair_mfa_device", args("type", "SMS", "phone", "+15550100123", "nickname", "Phone", "confirm", user))
	require.Nil(t, terr)
	dev := out["device"].(map[string]any)
	id := dev["id"].(string)
	assert.Equal(t, "ACTIVATION_REQUIRED", dev["status"])
	assert.Equal(t, "SMS", dev["type"])

	wrong := "000000"
	if pingonetest.DeviceOTP(id) == wrong {
		wrong = "111111"
	}
	_, terr = call(t, tk, "activate_mfa_device", args("deviceId", id, "otp", wrong, "confirm", user))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindAPI, terr.Kind)
	assert.Contains(t, terr.Error(), "INVALID_OTP")

	out, terr = call(t, tk, "activate_mfa_device", args("deviceId", id, "otp", pingonetest.DeviceOTP(id), "confirm", user))
	require.Nil(t, terr)
	assert.Equal(t, "ACTIVE", out["device"].(map[string]any)["status"])

	out, terr = call(t, tk, "list_mfa_devices", args())
	require.Nil(t, terr)
	var found map[string]any
	for _, d := range out["devices"].([]any) {
		if d.(map[string]any)["id"] == id {
			found = d.(map[string]any)
		}
	}
	require.NotNil(t, found, "the paired device is listed")
	assert.Equal(t, "ACTIVE", found["status"])
	assert.Equal(t, "+15550100123", found["phone"])
}

func TestPairDeviceRefusals(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	base := map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": demo.SandboxUserID, "confirm": demo.SandboxUserID}
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	_, terr := call(t, tk, "pair_mfa_device", with("type", "FIDO2"))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindInvalidArguments, terr.Kind, "the schema offers only the types pairing takes")
	_, terr = call(t, tk, "pair_mfa_device", with("type", "TOTP", "active", true))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindInvalidArguments, terr.Kind)
	_, terr = call(t, tk, "pair_mfa_device", with("type", "EMAIL"))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Error(), "email", "PingOne's detail names the missing member")

	out, terr := call(t, tk, "pair_mfa_device", with("type", "EMAIL", "email", "jdoe@example.com", "active", true))
	require.Nil(t, terr)
	assert.Equal(t, "ACTIVE", out["device"].(map[string]any)["status"], "an administrator may pair a verified address active")
}

func TestMFADeviceNicknameAndOrder(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	ids := demo.SandboxMFADeviceIDs
	user := map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": demo.SandboxMFAUserID}
	with := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": demo.SandboxMFAUserID}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}

	out, terr := call(t, tk, "set_mfa_device_nickname", with("deviceId", ids[1], "nickname", "Personal mail"))
	require.Nil(t, terr)
	assert.Equal(t, "Personal mail", out["device"].(map[string]any)["nickname"])

	order := func(out map[string]any) []any {
		var got []any
		for _, d := range out["devices"].([]any) {
			got = append(got, d.(map[string]any)["id"])
		}
		return got
	}
	out, terr = call(t, tk, "set_mfa_device_order", with("deviceIds", []string{ids[2], ids[1], ids[0]}))
	require.Nil(t, terr)
	assert.Equal(t, []any{ids[2], ids[1], ids[0]}, order(out))

	_, terr = call(t, tk, "set_mfa_device_order", with("deviceIds", []string{ids[0]}))
	require.NotNil(t, terr, "an order must name every device")
	_, terr = call(t, tk, "set_mfa_device_order", with("deviceIds", []string{}))
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindInvalidArguments, terr.Kind)

	out, terr = call(t, tk, "remove_mfa_device_order", user)
	require.Nil(t, terr)
	assert.Equal(t, []any{ids[0], ids[1], ids[2]}, order(out))
}
