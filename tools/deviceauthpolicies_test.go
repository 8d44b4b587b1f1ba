package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

func mfaFailureArg() map[string]any {
	return map[string]any{"count": 3, "coolDown": map[string]any{"duration": 2, "timeUnit": "MINUTES"}}
}

// Device authentication policies through the tools: the list says which
// methods each enables, an update of one method keeps the others, a sign-on
// policy's MFA action can name the policy, and PingOne's refusals say what
// to fix.
func TestDeviceAuthenticationPolicyTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID

	out, terr := call(t, tk, "list_device_authentication_policies", map[string]any{"environmentId": sb})
	require.Nil(t, terr)
	rows := out["deviceAuthenticationPolicies"].([]any)
	require.Len(t, rows, 2)
	assert.Equal(t, map[string]any{"id": d.SandboxDefaultMFAPolicyID, "name": "Default MFA Policy", "default": true,
		"methods": []any{"SMS", "VOICE", "EMAIL", "TOTP", "FIDO2"}}, rows[0])
	assert.Equal(t, []any{"TOTP", "FIDO2"}, rows[1].(map[string]any)["methods"])

	email := map[string]any{"enabled": true, "otp": map[string]any{"lifeTime": map[string]any{"duration": 10, "timeUnit": "MINUTES"}, "failure": mfaFailureArg()}}
	args := map[string]any{"environmentId": sb, "name": "Email only", "default": false, "email": email,
		"sms":    map[string]any{"enabled": false, "otp": email["otp"]},
		"voice":  map[string]any{"enabled": false, "otp": email["otp"]},
		"mobile": map[string]any{"enabled": false, "otp": map[string]any{"failure": mfaFailureArg()}},
		"totp":   map[string]any{"enabled": false, "otp": map[string]any{"failure": mfaFailureArg()}}}
	out, terr = call(t, tk, "create_device_authentication_policy", args)
	require.Nil(t, terr)
	id := out["deviceAuthenticationPolicy"].(map[string]any)["id"].(string)

	out, terr = call(t, tk, "update_device_authentication_policy", map[string]any{"environmentId": sb, "deviceAuthenticationPolicyId": id,
		"totp": map[string]any{"enabled": true, "otp": map[string]any{"failure": mfaFailureArg()}, "passcodeGracePeriod": 2}})
	require.Nil(t, terr)
	p := out["deviceAuthenticationPolicy"].(map[string]any)
	assert.Equal(t, true, p["totp"].(map[string]any)["enabled"])
	assert.Equal(t, float64(10), p["email"].(map[string]any)["otp"].(map[string]any)["lifeTime"].(map[string]any)["duration"], "email is kept")

	missing := map[string]any{}
	for k, v := range args {
		missing[k] = v
	}
	delete(missing, "totp")
	_, terr = call(t, tk, "create_device_authentication_policy", missing)
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "totp")
	args["name"], args["email"] = "Long passcodes", map[string]any{"enabled": true, "otp": map[string]any{"lifeTime": map[string]any{"duration": 1, "timeUnit": "HOURS"}, "failure": mfaFailureArg()}}
	_, terr = call(t, tk, "create_device_authentication_policy", args)
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "timeUnit")

	// The MFA step of Multi_Factor names the new policy; it is then held.
	_, terr = call(t, tk, "update_sign_on_policy_action", map[string]any{"environmentId": sb, "signOnPolicyId": d.SandboxMultiFactorPolicyID,
		"actionId": d.SandboxMultiFactorActionIDs[1], "deviceAuthenticationPolicy": map[string]any{"id": id}})
	require.Nil(t, terr)
	_, terr = call(t, tk, "delete_device_authentication_policy", map[string]any{"environmentId": sb, "deviceAuthenticationPolicyId": id, "confirm": "Email only"})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "deviceAuthenticationPolicy.id")
	_, terr = call(t, tk, "delete_device_authentication_policy", map[string]any{"environmentId": sb, "deviceAuthenticationPolicyId": d.SandboxDefaultMFAPolicyID,
		"confirm": "Default MFA Policy"})
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "default")
}
