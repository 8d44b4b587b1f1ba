package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// TestCLIEnrolsAnSMSDevice pairs an SMS device through `p1 tool call`, fails
// its activation with a wrong passcode, activates it with the right one and
// finds it ACTIVE in list_mfa_devices.
func TestCLIEnrolsAnSMSDevice(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	global := []string{
		"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
		"--environment-id", d.AdminEnvironmentID,
		"--client-id", d.WorkerClientID, "--client-secret", d.WorkerClientSecret,
	}
	callTool := func(name string, args map[string]any) runResult {
		t.Helper()
		args["environmentId"] = d.SandboxEnvironmentID
		args["userId"] = d.SandboxUserID
		raw, err := json.Marshal(args)
		require.NoError(t, err)
		return p1(t, "", append(global, "tool", "call", name, "--disable-read-only", "-o", "json", "--json", string(raw))...)
	}

	r := callTool("pair_mfa_device", map[string]any{"type": "SMS", "phone": "+15550100999", "confirm": d.SandboxUserID})
	require.Equal(t, 0, r.code, r.stderr)
	var paired struct {
		Device struct{ ID, Status string } `json:"device"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &paired), r.stdout)
	assert.Equal(t, "ACTIVATION_REQUIRED", paired.Device.Status)
	id := paired.Device.ID

	wrong := "000000"
	if pingonetest.DeviceOTP(id) == wrong {
		wrong = "111111"
	}
	r = callTool("activate_mfa_device", map[string]any{"deviceId": id, "otp": wrong, "confirm": d.SandboxUserID})
	require.NotEqual(t, 0, r.code, "a wrong passcode fails: %s", r.stdout)
	assert.Contains(t, r.stderr, "INVALID_OTP")
	assert.NotContains(t, r.stderr, wrong, "the passcode is never echoed")

	r = callTool("activate_mfa_device", map[string]any{"deviceId": id, "otp": pingonetest.DeviceOTP(id), "confirm": d.SandboxUserID})
	require.Equal(t, 0, r.code, r.stderr)

	r = callTool("list_mfa_devices", map[string]any{})
	require.Equal(t, 0, r.code, r.stderr)
	var listed struct {
		Devices []struct{ ID, Status string } `json:"devices"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &listed), r.stdout)
	require.Len(t, listed.Devices, 1)
	assert.Equal(t, id, listed.Devices[0].ID)
	assert.Equal(t, "ACTIVE", listed.Devices[0].Status)
}

// TestProcessMCPEnrolmentErrors calls each MFA enrolment tool with
// arguments PingOne refuses, on the built binary: each answer is a tool
// error the model can read, not a protocol failure.
func TestProcessMCPEnrolmentErrors(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	user := func(kv ...any) map[string]any {
		m := map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxMFAUserID}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	ids := d.SandboxMFADeviceIDs
	checkMCPErrors(t, []errorCall{
		{"pair_mfa_device", user("type", "EMAIL", "confirm", d.SandboxMFAUserID), "email"},
		{"pair_mfa_device", user("type", "SMS", "phone", "+15550100000"), "confirm"},
		{"activate_mfa_device", user("deviceId", ids[0], "otp", "123456", "confirm", d.SandboxMFAUserID), "ACTIVATION_REQUIRED"},
		{"activate_mfa_device", user("deviceId", ids[2], "otp", "not-it", "confirm", d.SandboxMFAUserID), "INVALID_OTP"},
		{"set_mfa_device_nickname", user("deviceId", "00000000-0000-4000-8000-000000000000", "nickname", "x"), "NOT_FOUND"},
		{"set_mfa_device_order", user("deviceIds", []string{ids[0]}), "every device"},
		{"remove_mfa_device_order", map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": "00000000-0000-4000-8000-000000000000"}, "NOT_FOUND"},
	})
}

// TestCLIAsksForTheEnrolmentPasscode: enrol_mfa_device's second call names
// the device with --arg and leaves otp out; p1 reads the passcode from
// stdin (it asks on a terminal) instead of needing it on the command line,
// and says nothing of it when the call has no deviceId.
func TestCLIAsksForTheEnrolmentPasscode(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	call := func(stdin string, args ...string) runResult {
		t.Helper()
		return p1(t, stdin, append([]string{
			"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
			"--environment-id", d.AdminEnvironmentID,
			"--client-id", d.WorkerClientID, "--client-secret", d.WorkerClientSecret,
			"--yes", "tool", "call", "enrol_mfa_device", "--disable-read-only", "-o", "json",
			"--arg", "environmentId=" + d.SandboxEnvironmentID, "--arg", "userId=" + d.SandboxUserID,
			"--arg", "confirm=" + d.SandboxUserID,
		}, args...)...)
	}

	// Pairing takes no passcode: nothing is read from stdin.
	r := call("not a passcode\n", "--arg", "type=SMS", "--arg", "phone=+15550100998")
	m := decode(t, r)
	device := m["result"].(map[string]any)["device"].(map[string]any)
	assert.Equal(t, "ACTIVATION_REQUIRED", device["status"])
	id := device["id"].(string)
	otp := pingonetest.DeviceOTP(id)

	r = call(otp+"\n", "--arg", "deviceId="+id)
	m = decode(t, r)
	assert.Equal(t, "ACTIVE", m["result"].(map[string]any)["device"].(map[string]any)["status"], r.stdout)
	assert.NotContains(t, r.stdout+r.stderr, otp, "the passcode is never echoed")
	assert.NotContains(t, r.stderr, "warning", "nothing sensitive was on the command line")

	// No passcode on stdin: a usage error naming it, before any call.
	r = call("", "--arg", "deviceId="+id)
	assert.Equal(t, exitUsage, r.code, r.stderr)
	assert.Contains(t, r.stderr, "otp")

	// tool describe says when p1 asks.
	r = p1(t, "", "tool", "describe", "enrol_mfa_device")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "(with deviceId; p1 asks for it when left out)")
}
