package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dapBody is a valid, non-default device authentication policy named name,
// with extra members set (dotted paths).
func dapBody(name string, extra map[string]any) map[string]any {
	failure := map[string]any{"count": 3, "coolDown": map[string]any{"duration": 2, "timeUnit": "MINUTES"}}
	offline := func() map[string]any {
		return map[string]any{"enabled": true, "otp": map[string]any{"lifeTime": map[string]any{"duration": 5, "timeUnit": "MINUTES"}, "failure": copyDoc(failure)}}
	}
	b := map[string]any{"name": name, "default": false, "sms": offline(), "voice": offline(), "email": offline(),
		"mobile": map[string]any{"enabled": false, "otp": map[string]any{"failure": copyDoc(failure)}},
		"totp":   map[string]any{"enabled": true, "otp": map[string]any{"failure": copyDoc(failure)}}}
	for k, v := range extra {
		setPath(b, k, v)
	}
	return b
}

// The policy's required members, enums and ranges, and one default that
// moves but cannot be unset or deleted.
func TestDeviceAuthenticationPolicies(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	coll := env(sb, "deviceAuthenticationPolicies")

	all := c.get(coll)
	require.Equal(t, http.StatusOK, all.Status, string(all.Raw))
	assert.Equal(t, []string{dm.SandboxDefaultMFAPolicyID, dm.SandboxStrictMFAPolicyID}, ids(all.items("deviceAuthenticationPolicies")))
	def := c.get(coll + "/" + dm.SandboxDefaultMFAPolicyID)
	assert.Equal(t, true, def.Body["default"])
	assert.Equal(t, false, def.Body["forSignOnPolicy"])

	for _, tc := range []struct {
		body map[string]any
		want []string
	}{
		{withMember(dapBody("Bare", nil), "sms", nil), []string{detailRequired + " sms"}},
		{withMember(dapBody("Bare", nil), "totp.otp.failure.coolDown", nil), []string{detailRequired + " totp.otp.failure.coolDown"}},
		{withMember(dapBody("Bare", nil), "default", nil), []string{detailRequired + " default"}},
		{dapBody("Bad", map[string]any{"email.otp.lifeTime.timeUnit": "HOURS"}), []string{detailInvalidValue + " email.otp.lifeTime.timeUnit"}},
		{dapBody("Bad", map[string]any{"sms.otp.otpLength": 12}), []string{detailInvalidValue + " sms.otp.otpLength"}},
		{dapBody("Bad", map[string]any{"totp.passcodeGracePeriod": 0}), []string{detailInvalidValue + " totp.passcodeGracePeriod"}},
		{dapBody("Bad", map[string]any{"authentication": map[string]any{"deviceSelection": "RANDOM"}}), []string{detailInvalidValue + " authentication.deviceSelection"}},
		{dapBody("Bad", map[string]any{"newDeviceNotification": "PIGEON"}), []string{detailInvalidValue + " newDeviceNotification"}},
		{dapBody("Bad", map[string]any{"fido2": map[string]any{"pairingDisabled": true}}), []string{detailRequired + " fido2.enabled"}},
		{dapBody("Bad", map[string]any{"mobile.applications": []any{map[string]any{"type": "pingOneMfa"}}}), []string{detailRequired + " mobile.applications[0].id"}},
		{dapBody("strict mfa", nil), []string{detailUniqueness + " name"}},
	} {
		r := c.do(http.MethodPost, coll, tc.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%v: %s", tc.body, r.Raw)
		assert.Equal(t, tc.want, detailPairs(r), "%v", tc.body)
	}

	// A new default takes the flag from the old one, which cannot take it back or go.
	next := c.mk(coll, dapBody("Next default", map[string]any{"default": true}))
	assert.Equal(t, false, c.get(coll + "/" + dm.SandboxDefaultMFAPolicyID).Body["default"])
	unset := c.do(http.MethodPut, coll+"/"+next, dapBody("Next default", nil))
	require.Equal(t, http.StatusBadRequest, unset.Status)
	assert.Equal(t, []string{detailConstraint}, unset.detailCodes())
	del := c.do(http.MethodDelete, coll+"/"+next, nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Contains(t, del.Body["details"].([]any)[0].(map[string]any)["message"], "default")

	// The old default is held by the MFA action of Multi_Factor that names it.
	held := c.do(http.MethodDelete, coll+"/"+dm.SandboxDefaultMFAPolicyID, nil)
	require.Equal(t, http.StatusBadRequest, held.Status)
	assert.Contains(t, held.Body["details"].([]any)[0].(map[string]any)["message"], "deviceAuthenticationPolicy.id")
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, coll+"/"+dm.SandboxStrictMFAPolicyID, nil).Status)
}
