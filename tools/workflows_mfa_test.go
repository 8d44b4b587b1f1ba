package tools_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// enrolResult reads a report's result: the device and what to do next.
type enrolResult struct {
	UserID string               `json:"userId"`
	Device *tools.DeviceSummary `json:"device"`
	Next   string               `json:"next"`
}

func enrolResultOf(t *testing.T, out map[string]any) enrolResult {
	t.Helper()
	raw, err := json.Marshal(out["result"])
	require.NoError(t, err)
	var r enrolResult
	require.NoError(t, json.Unmarshal(raw, &r), string(raw))
	return r
}

func wrongOTP(deviceID string) string {
	if pingonetest.DeviceOTP(deviceID) == "000000" {
		return "111111"
	}
	return "000000"
}

// TestEnrolMFADevicePairsThenActivates: the first call plans, confirms
// naming the user and pairs; a wrong passcode leaves the device
// unactivated and says how to retry; the right one activates it.
func TestEnrolMFADevicePairsThenActivates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ typ, key, addr string }{
		{"SMS", "phone", "+15550100777"},
		{"EMAIL", "email", "jdoe.mfa@example.com"},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			t.Parallel()
			tk, srv := writeKit(t)
			c, _ := contract.ClientWith(t, srv)
			d := pingonetest.Demo()
			env, user := d.SandboxEnvironmentID, d.SandboxUserID
			pair := map[string]any{"environmentId": env, "userId": user, "type": tc.typ, tc.key: tc.addr, "nickname": "Work"}

			out, terr := call(t, tk, "enrol_mfa_device", merge(pair, map[string]any{"dryRun": true}))
			require.Nil(t, terr)
			plan := reportOf(t, out)
			assert.True(t, plan.DryRun)
			assert.Equal(t, map[string]int{"pair " + tc.typ + " device": 1}, plan.Planned)
			assert.Empty(t, writes(srv), "a plan sends nothing")

			_, terr = call(t, tk, "enrol_mfa_device", pair)
			require.NotNil(t, terr)
			require.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
			assert.Equal(t, "jdoe", terr.Confirmation.TargetName)
			assert.Contains(t, terr.Confirmation.Prompt(), "pair "+tc.typ+" device ×1")
			assert.Empty(t, writes(srv))

			out, terr = call(t, tk, "enrol_mfa_device", merge(pair, map[string]any{"confirm": "jdoe"}))
			require.Nil(t, terr)
			r := reportOf(t, out)
			assert.True(t, r.Complete)
			res := enrolResultOf(t, out)
			require.NotNil(t, res.Device)
			id := res.Device.ID
			assert.Equal(t, pingone.DeviceStatusActivationRequired, res.Device.Status)
			assert.Contains(t, res.Next, "deviceId "+id)
			dev, err := c.MFADevices.Get(t.Context(), env, user, id)
			require.NoError(t, err)
			assert.Equal(t, pingone.DeviceStatusActivationRequired, dev.Status, "the tenant holds the paired device")
			assert.Equal(t, tc.addr, dev.Phone+dev.Email)

			// Pairing again pairs no second device for the same address.
			out, terr = call(t, tk, "enrol_mfa_device", merge(pair, map[string]any{"confirm": "jdoe"}))
			require.Nil(t, terr)
			assert.Zero(t, reportOf(t, out).Done)
			assert.Equal(t, id, enrolResultOf(t, out).Device.ID)
			devs, err := c.MFADevices.List(t.Context(), env, user)
			require.NoError(t, err)
			assert.Len(t, devs, 1)

			activate := map[string]any{"environmentId": env, "userId": user, "deviceId": id, "confirm": "jdoe"}
			bad := wrongOTP(id)
			_, terr = call(t, tk, "enrol_mfa_device", merge(activate, map[string]any{"otp": bad}))
			require.NotNil(t, terr)
			assert.Equal(t, tools.KindInvalidArguments, terr.Kind)
			assert.Contains(t, terr.Message, "refused the one-time passcode")
			assert.Contains(t, terr.Message, "stays ACTIVATION_REQUIRED, not activated")
			assert.Contains(t, terr.Message, "with deviceId "+id+" and the otp")
			assert.NotContains(t, terr.Message, bad)
			dev, err = c.MFADevices.Get(t.Context(), env, user, id)
			require.NoError(t, err)
			assert.Equal(t, pingone.DeviceStatusActivationRequired, dev.Status)

			otp := pingonetest.DeviceOTP(id)
			out, terr = call(t, tk, "enrol_mfa_device", merge(activate, map[string]any{"otp": otp}))
			require.Nil(t, terr)
			raw, _ := json.Marshal(out)
			assert.NotContains(t, string(raw), otp, "the passcode is not in the answer")
			assert.True(t, reportOf(t, out).Complete)
			assert.Equal(t, pingone.DeviceStatusActive, enrolResultOf(t, out).Device.Status)
			dev, err = c.MFADevices.Get(t.Context(), env, user, id)
			require.NoError(t, err)
			assert.Equal(t, pingone.DeviceStatusActive, dev.Status)

			// Activating again: nothing to do.
			out, terr = call(t, tk, "enrol_mfa_device", merge(activate, map[string]any{"otp": otp}))
			require.Nil(t, terr)
			assert.Zero(t, reportOf(t, out).Done)
			assert.Contains(t, reportOf(t, out).Notes[0], "ACTIVE already")
		})
	}
}

// TestEnrolMFADeviceBadInput: each wrong combination of arguments is
// refused before anything is sent, naming what to fix.
func TestEnrolMFADeviceBadInput(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	d := pingonetest.Demo()
	base := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID, "confirm": "jdoe"}
	for name, tc := range map[string]struct {
		args map[string]any
		want string
	}{
		"nothing":        {map[string]any{}, `give "type"`},
		"sms no phone":   {map[string]any{"type": "SMS"}, `"phone" must be a phone number in E.164 form`},
		"sms bad phone":  {map[string]any{"type": "SMS", "phone": "call me"}, `"call me"`},
		"sms with email": {map[string]any{"type": "SMS", "phone": "+15550100000", "email": "a@b.c"}, `"email" is for an EMAIL device`},
		"email no @":     {map[string]any{"type": "EMAIL", "email": "nobody"}, `"email" must be an email address`},
		"otp alone":      {map[string]any{"otp": "123456"}, `"otp" goes with "deviceId"`},
		"device no otp":  {map[string]any{"deviceId": d.SandboxMFADeviceIDs[0]}, `"otp" is required with "deviceId"`},
		"both":           {map[string]any{"deviceId": d.SandboxMFADeviceIDs[0], "otp": "123456", "type": "SMS"}, `activating takes "deviceId" and "otp" only`},
		"not the user's": {map[string]any{"deviceId": d.SandboxMFADeviceIDs[0], "otp": "123456"}, "is not a device of user"},
	} {
		_, terr := call(t, tk, "enrol_mfa_device", merge(base, tc.args))
		require.NotNil(t, terr, name)
		assert.Contains(t, terr.Message, tc.want, name)
	}
	assert.Empty(t, writes(srv), "nothing was sent")
}

// TestEnrolMFADeviceLostAnswer: a pairing applied whose answer is lost is
// reported unknown, never failed, and the rerun pairs no second device.
func TestEnrolMFADeviceLostAnswer(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	c := plainClient(t, srv)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), c, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	d := pingonetest.Demo()
	env, user := d.SandboxEnvironmentID, d.SandboxUserID
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, PathPrefix: "/v1/environments/" + env + "/users/" + user + "/devices",
		ApplyFirst: true, DropConnection: true})
	pair := map[string]any{"environmentId": env, "userId": user, "type": "SMS", "phone": "+15550100778", "confirm": user}
	_, terr := call(t, tk, "enrol_mfa_device", pair)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindOutcomeUnknown, terr.Kind, terr.Message)
	assert.Contains(t, terr.Message, "MAY HAVE BEEN APPLIED, 1: pair SMS device")
	srv.ClearFaults()

	devs, err := c.MFADevices.List(t.Context(), env, user)
	require.NoError(t, err)
	require.Len(t, devs, 1, "the emulator applied the pairing")
	out, terr := call(t, tk, "enrol_mfa_device", pair)
	require.Nil(t, terr)
	assert.Zero(t, reportOf(t, out).Done, "the rerun pairs nothing")
	assert.Equal(t, devs[0].ID, enrolResultOf(t, out).Device.ID)
	assert.Contains(t, reportOf(t, out).Notes[0], "awaiting activation already")
	devs, err = c.MFADevices.List(t.Context(), env, user)
	require.NoError(t, err)
	assert.Len(t, devs, 1)
}
