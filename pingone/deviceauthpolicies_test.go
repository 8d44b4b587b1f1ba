package pingone_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const deviceAuthenticationPolicyJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/deviceAuthenticationPolicies/x-1"}},
 "id":"x-1","environment":{"id":"env-1"},"name":"Default MFA Policy","default":true,"forSignOnPolicy":false,
 "updatedAt":"2025-01-02T00:00:00Z","newDeviceNotification":"SMS_THEN_EMAIL","authentication":{"deviceSelection":"PROMPT_TO_SELECT"},
 "sms":{"enabled":true,"otp":{"lifeTime":{"duration":5,"timeUnit":"MINUTES"},"failure":{"count":3,"coolDown":{"duration":0,"timeUnit":"MINUTES"}},"otpLength":8}},
 "voice":{"enabled":false,"otp":{"lifeTime":{"duration":5,"timeUnit":"MINUTES"},"failure":{"count":3,"coolDown":{"duration":0,"timeUnit":"MINUTES"}}}},
 "email":{"enabled":true,"pairingDisabled":true,"otp":{"lifeTime":{"duration":30,"timeUnit":"MINUTES"},"failure":{"count":3,"coolDown":{"duration":0,"timeUnit":"MINUTES"}}}},
 "mobile":{"enabled":true,"otp":{"failure":{"count":3,"coolDown":{"duration":2,"timeUnit":"MINUTES"}}},"applications":[{"id":"app-1","push":{"enabled":true}}]},
 "totp":{"enabled":true,"otp":{"failure":{"count":3,"coolDown":{"duration":2,"timeUnit":"MINUTES"}}},"passcodeGracePeriod":5,"uriParameters":{"issuer":"Example"}},
 "fido2":{"enabled":true,"fido2PolicyId":"f-1"},"whatsApp":{"enabled":false}}`

func checkDeviceAuthenticationPolicy(t *testing.T, p *pingone.DeviceAuthenticationPolicy) {
	t.Helper()
	assert.Equal(t, "x-1", p.ID)
	assert.Equal(t, "Default MFA Policy", p.Name)
	assert.True(t, p.Default)
	assert.Equal(t, pingone.NewDeviceNotificationSMSThenEmail, p.NewDeviceNotification)
	assert.Equal(t, pingone.DeviceSelectionPromptToSelect, p.Authentication.DeviceSelection)
	require.NotNil(t, p.SMS)
	assert.Equal(t, pingone.MFADuration{Duration: 5, TimeUnit: pingone.MFATimeUnitMinutes}, p.SMS.OTP.LifeTime)
	assert.Equal(t, pingone.Ptr(8), p.SMS.OTP.OTPLength)
	assert.False(t, p.Voice.Enabled)
	assert.Equal(t, pingone.Ptr(true), p.Email.PairingDisabled)
	assert.Equal(t, 2, p.Mobile.OTP.Failure.CoolDown.Duration)
	require.Len(t, p.Mobile.Applications, 1)
	assert.Contains(t, p.Mobile.Applications[0], "push")
	assert.Equal(t, pingone.Ptr(5), p.TOTP.PasscodeGracePeriod)
	assert.Equal(t, "Example", p.TOTP.URIParameters["issuer"])
	assert.Equal(t, "f-1", p.FIDO2.FIDO2PolicyID)
}
