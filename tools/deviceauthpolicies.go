package tools

import (
	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// DeviceAuthenticationPolicySummary is one row of list_device_authentication_policies.
type DeviceAuthenticationPolicySummary struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Default bool   `json:"default"`
	// Methods are the methods the policy enables: SMS, VOICE, EMAIL, MOBILE, TOTP, FIDO2.
	Methods []string `json:"methods"`
}

// The settable members of a policy's methods, as PingOne names them.

type mfaDurationIn struct {
	Duration int    `json:"duration" jsonschema:"How many time units."`
	TimeUnit string `json:"timeUnit" jsonschema:"MINUTES or SECONDS."`
}

type mfaFailureIn struct {
	Count    int           `json:"count" jsonschema:"Wrong passcodes in a row that block the user."`
	CoolDown mfaDurationIn `json:"coolDown" jsonschema:"How long the user stays blocked."`
}

type mfaOfflineOTPIn struct {
	LifeTime  mfaDurationIn `json:"lifeTime" jsonschema:"How long a passcode stays valid."`
	Failure   mfaFailureIn  `json:"failure" jsonschema:"Wrong passcodes allowed, and the block after them."`
	OTPLength *int          `json:"otpLength,omitempty" jsonschema:"Digits of a passcode, 6 to 10 (6 when omitted)."`
}

type mfaOfflineIn struct {
	Enabled                    bool            `json:"enabled" jsonschema:"Whether users may authenticate with the method."`
	PairingDisabled            *bool           `json:"pairingDisabled,omitempty" jsonschema:"true stops new pairings while devices already paired keep working."`
	PromptForNicknameOnPairing *bool           `json:"promptForNicknameOnPairing,omitempty" jsonschema:"Ask users for a device nickname when they pair one."`
	OTP                        mfaOfflineOTPIn `json:"otp" jsonschema:"Passcode rules."`
}

type mfaFailureOTPIn struct {
	Failure mfaFailureIn `json:"failure" jsonschema:"Wrong passcodes allowed, and the block after them."`
}

type mfaMobileIn struct {
	Enabled                    bool             `json:"enabled" jsonschema:"Whether users may authenticate with the method."`
	PromptForNicknameOnPairing *bool            `json:"promptForNicknameOnPairing,omitempty" jsonschema:"Ask users for a device nickname when they pair one."`
	OTP                        mfaFailureOTPIn  `json:"otp" jsonschema:"Passcode rules."`
	Applications               []map[string]any `json:"applications,omitempty" jsonschema:"Apps and push settings, e.g. [{\"id\": \"…\", \"push\": {\"enabled\": true}}]; giving mobile replaces them (get_device_authentication_policy shows them)."`
}

type mfaTOTPIn struct {
	Enabled                    bool              `json:"enabled" jsonschema:"Whether users may authenticate with the method."`
	PairingDisabled            *bool             `json:"pairingDisabled,omitempty" jsonschema:"true stops new pairings while devices already paired keep working."`
	PromptForNicknameOnPairing *bool             `json:"promptForNicknameOnPairing,omitempty" jsonschema:"Ask users for a device nickname when they pair one."`
	OTP                        mfaFailureOTPIn   `json:"otp" jsonschema:"Passcode rules."`
	PasscodeGracePeriod        *int              `json:"passcodeGracePeriod,omitempty" jsonschema:"30-second windows either way a passcode is still accepted in, 1 to 10 (5 when omitted)."`
	URIParameters              map[string]string `json:"uriParameters,omitempty" jsonschema:"otpauth URI parameters, e.g. {\"issuer\": \"Example\"}, shown by authenticator apps."`
}

type mfaFIDO2In struct {
	Enabled                    bool    `json:"enabled" jsonschema:"Whether users may authenticate with the method."`
	PairingDisabled            *bool   `json:"pairingDisabled,omitempty" jsonschema:"true stops new pairings while devices already paired keep working."`
	PromptForNicknameOnPairing *bool   `json:"promptForNicknameOnPairing,omitempty" jsonschema:"Ask users for a device nickname when they pair one."`
	FIDO2PolicyID              *string `json:"fido2PolicyId,omitempty" jsonschema:"ID (UUID) of the FIDO2 policy; the environment's default when omitted."`
}

type mfaSelectionIn struct {
	DeviceSelection string `json:"deviceSelection" jsonschema:"DEFAULT_TO_FIRST (the user's default device), PROMPT_TO_SELECT (ask when there are several) or ALWAYS_DISPLAY_DEVICES (always ask)."`
}

// deviceAuthenticationPolicyFields are the settable members of a policy.
// Each method is given whole: an update that names sms replaces the sms
// settings, while the methods it does not name keep theirs.
type deviceAuthenticationPolicyFields struct {
	Name                  string          `json:"name" jsonschema:"Policy name, unique in the environment."`
	Default               bool            `json:"default" jsonschema:"true makes it the environment's default (for MFA actions naming none), unsetting the previous one; to undo, make another policy the default."`
	SMS                   *mfaOfflineIn   `json:"sms" jsonschema:"SMS passcodes: {\"enabled\": true, \"otp\": {\"lifeTime\": {\"duration\": 5, \"timeUnit\": \"MINUTES\"}, \"failure\": {\"count\": 3, \"coolDown\": {\"duration\": 0, \"timeUnit\": \"MINUTES\"}}}}."`
	Voice                 *mfaOfflineIn   `json:"voice" jsonschema:"Voice-call passcodes, shaped as sms."`
	Email                 *mfaOfflineIn   `json:"email" jsonschema:"Email passcodes, shaped as sms."`
	Mobile                *mfaMobileIn    `json:"mobile" jsonschema:"Mobile app (push); otp takes failure only."`
	TOTP                  *mfaTOTPIn      `json:"totp" jsonschema:"Authenticator app (TOTP); otp takes failure only."`
	FIDO2                 *mfaFIDO2In     `json:"fido2,omitempty" jsonschema:"FIDO2 (passkeys, security keys)."`
	Authentication        *mfaSelectionIn `json:"authentication,omitempty" jsonschema:"How users pick the device to authenticate with."`
	NewDeviceNotification *string         `json:"newDeviceNotification,omitempty" jsonschema:"How users are told a device was paired; EMAIL_THEN_SMS when omitted."`
	IgnoreUserLock        *bool           `json:"ignoreUserLock,omitempty" jsonschema:"true lets locked users still complete MFA with this policy."`
}

func (deviceAuthenticationPolicyFields) tuneSchema(s *jsonschema.Schema) {
	for _, m := range []string{"sms", "voice", "email"} {
		enum(s, m+".otp.lifeTime.timeUnit", pingone.MFATimeUnitMinutes, pingone.MFATimeUnitSeconds)
		bounds(s, m+".otp.otpLength", 6, 10)
	}
	for _, m := range []string{"sms", "voice", "email", "mobile", "totp"} {
		enum(s, m+".otp.failure.coolDown.timeUnit", pingone.MFATimeUnitMinutes, pingone.MFATimeUnitSeconds)
		prop(s, m+".otp.failure.count").Minimum = jsonschema.Ptr(1.0)
	}
	bounds(s, "totp.passcodeGracePeriod", 1, 10)
	enum(s, "authentication.deviceSelection", pingone.DeviceSelectionDefaultToFirst, pingone.DeviceSelectionPromptToSelect, pingone.DeviceSelectionAlwaysDisplay)
	enum(s, "newDeviceNotification", pingone.NewDeviceNotificationNone, pingone.NewDeviceNotificationEmailThenSMS, pingone.NewDeviceNotificationSMSThenEmail)
}

var deviceAuthenticationPolicies = Family[pingone.DeviceAuthenticationPolicy, DeviceAuthenticationPolicySummary, deviceAuthenticationPolicyFields]{
	Noun: "device_authentication_policy", Collection: "device_authentication_policies",
	Client: func(c *pingone.Client) EnvResource[pingone.DeviceAuthenticationPolicy] {
		return c.DeviceAuthenticationPolicies
	},
	Summary: summarizeDeviceAuthenticationPolicy,
	Name:    func(p *pingone.DeviceAuthenticationPolicy) string { return p.Name },
	Descriptions: Descriptions{
		List: "Lists the device authentication (MFA) policies of an environment: id, name, default and the methods each " +
			"enables (SMS, VOICE, EMAIL, MOBILE, TOTP, FIDO2). A sign-on policy's MULTI_FACTOR_AUTHENTICATION action applies one " +
			"(deviceAuthenticationPolicy), the default when it names none.",
		Get: "Returns one device authentication policy in full: each method's settings and passcode rules, device selection, notifications.",
		Create: "Creates a device authentication (MFA) policy; PingOne requires the settings of sms, voice, email, mobile and totp " +
			"(sms's description is a complete example). Name it in a sign-on policy's MFA action (update_sign_on_policy_action, deviceAuthenticationPolicy) to use it.",
		Update: "Updates a device authentication policy. A method you give (sms, totp, …) is replaced whole, so give all of its settings.",
		Delete: "Deletes a device authentication policy. PingOne refuses for the environment's default policy and for a policy a sign-on " +
			"policy's MFA action names (list_sign_on_policy_actions; point the action at another policy first).",
	},
}

// summarizeDeviceAuthenticationPolicy lists the methods a policy enables.
func summarizeDeviceAuthenticationPolicy(p *pingone.DeviceAuthenticationPolicy) DeviceAuthenticationPolicySummary {
	s := DeviceAuthenticationPolicySummary{ID: p.ID, Name: p.Name, Default: p.Default, Methods: []string{}}
	for _, m := range []struct {
		name string
		on   bool
	}{
		{"SMS", p.SMS != nil && p.SMS.Enabled}, {"VOICE", p.Voice != nil && p.Voice.Enabled}, {"EMAIL", p.Email != nil && p.Email.Enabled},
		{"MOBILE", p.Mobile != nil && p.Mobile.Enabled}, {"TOTP", p.TOTP != nil && p.TOTP.Enabled}, {"FIDO2", p.FIDO2 != nil && p.FIDO2.Enabled},
	} {
		if m.on {
			s.Methods = append(s.Methods, m.name)
		}
	}
	return s
}

func deviceAuthenticationPolicyTools() []*Tool { return deviceAuthenticationPolicies.Tools() }
