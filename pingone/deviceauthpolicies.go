package pingone

// DeviceAuthenticationPoliciesService manages the MFA policies of an
// environment: /environments/{envID}/deviceAuthenticationPolicies. A
// sign-on policy's MULTI_FACTOR_AUTHENTICATION action applies one (the
// environment's default when it names none); PingOne refuses to delete the
// default, and a policy an MFA action names.
type DeviceAuthenticationPoliciesService struct {
	EnvCollection[DeviceAuthenticationPolicy]
}

var deviceAuthenticationPoliciesResource = Resource{Path: "deviceAuthenticationPolicies", Key: "deviceAuthenticationPolicies",
	ReadOnly: []string{"_links", "environment", "forSignOnPolicy", "id", "updatedAt"}}

// Time units of a policy's durations (MFATimeUnit), and its device selection
// and new-device notification options.
const (
	MFATimeUnitMinutes = "MINUTES"
	MFATimeUnitSeconds = "SECONDS"

	DeviceSelectionDefaultToFirst = "DEFAULT_TO_FIRST"
	DeviceSelectionPromptToSelect = "PROMPT_TO_SELECT"
	DeviceSelectionAlwaysDisplay  = "ALWAYS_DISPLAY_DEVICES"

	NewDeviceNotificationNone         = "NONE"
	NewDeviceNotificationEmailThenSMS = "EMAIL_THEN_SMS"
	NewDeviceNotificationSMSThenEmail = "SMS_THEN_EMAIL"
)

// DeviceAuthenticationPolicy says which MFA methods users may pair and
// authenticate with, and their passcode rules. Name, Default and the SMS,
// Voice, Email, Mobile and TOTP settings (each with Enabled and OTP) are
// required; Name is unique in the environment. Making a policy the default
// takes the flag from the previous default; it cannot be set back to false.
// Members this type does not name (whatsApp, oathToken, desktop, yubikey,
// mobile applications' push settings, …) are kept in Extra.
type DeviceAuthenticationPolicy struct {
	Meta
	Name    string `json:"name"`
	Default bool   `json:"default"`
	// ForSignOnPolicy is deprecated and set by PingOne.
	ForSignOnPolicy       *bool               `json:"forSignOnPolicy,omitempty"`
	NewDeviceNotification string              `json:"newDeviceNotification,omitempty"`
	IgnoreUserLock        *bool               `json:"ignoreUserLock,omitempty"`
	Authentication        *MFADeviceSelection `json:"authentication,omitempty"`
	SMS                   *MFAOfflineMethod   `json:"sms,omitempty"`
	Voice                 *MFAOfflineMethod   `json:"voice,omitempty"`
	Email                 *MFAOfflineMethod   `json:"email,omitempty"`
	Mobile                *MFAMobileMethod    `json:"mobile,omitempty"`
	TOTP                  *MFATOTPMethod      `json:"totp,omitempty"`
	FIDO2                 *MFAFIDO2Method     `json:"fido2,omitempty"`
	RememberMe            *MFARememberMe      `json:"rememberMe,omitempty"`
	NotificationsPolicy   *ObjectRef          `json:"notificationsPolicy,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// MFADeviceSelection is how a user picks the device to authenticate with.
type MFADeviceSelection struct {
	DeviceSelection string `json:"deviceSelection"`
}

// MFADuration is a number of time units (MFATimeUnitMinutes, MFATimeUnitSeconds, …).
type MFADuration struct {
	Duration int    `json:"duration"`
	TimeUnit string `json:"timeUnit"`
}

// MFAFailure is how many wrong passcodes block a user, and for how long.
type MFAFailure struct {
	Count    int         `json:"count"`
	CoolDown MFADuration `json:"coolDown"`
}

// MFAOfflineOTP are the passcode rules of SMS, voice and email: how long a
// passcode lives, the failures allowed, and its length (6 to 10, default 6).
type MFAOfflineOTP struct {
	LifeTime  MFADuration `json:"lifeTime"`
	Failure   MFAFailure  `json:"failure"`
	OTPLength *int        `json:"otpLength,omitempty"`
}

// MFAOfflineMethod is the SMS, voice or email method of a policy.
type MFAOfflineMethod struct {
	Enabled                    bool          `json:"enabled"`
	PairingDisabled            *bool         `json:"pairingDisabled,omitempty"`
	PromptForNicknameOnPairing *bool         `json:"promptForNicknameOnPairing,omitempty"`
	OTP                        MFAOfflineOTP `json:"otp"`
}

// MFAFailureOTP are passcode rules that only count failures (mobile, TOTP).
type MFAFailureOTP struct {
	Failure MFAFailure `json:"failure"`
}

// MFAMobileMethod is the mobile application method of a policy; its
// applications (push, pairing, integrity settings) are kept as sent.
type MFAMobileMethod struct {
	Enabled                    bool          `json:"enabled"`
	PromptForNicknameOnPairing *bool         `json:"promptForNicknameOnPairing,omitempty"`
	OTP                        MFAFailureOTP `json:"otp"`
	Applications               []Extra       `json:"applications,omitempty"`
}

// MFATOTPMethod is the authenticator-app (TOTP) method of a policy.
type MFATOTPMethod struct {
	Enabled                    bool          `json:"enabled"`
	PairingDisabled            *bool         `json:"pairingDisabled,omitempty"`
	PromptForNicknameOnPairing *bool         `json:"promptForNicknameOnPairing,omitempty"`
	OTP                        MFAFailureOTP `json:"otp"`
	// PasscodeGracePeriod is the number of 30-second windows either way a
	// passcode is accepted in (1 to 10).
	PasscodeGracePeriod *int              `json:"passcodeGracePeriod,omitempty"`
	URIParameters       map[string]string `json:"uriParameters,omitempty"`
}

// MFAFIDO2Method is the FIDO2 (passkey, security key) method of a policy.
type MFAFIDO2Method struct {
	Enabled                    bool   `json:"enabled"`
	PairingDisabled            *bool  `json:"pairingDisabled,omitempty"`
	PromptForNicknameOnPairing *bool  `json:"promptForNicknameOnPairing,omitempty"`
	FIDO2PolicyID              string `json:"fido2PolicyId,omitempty"`
}

// MFARememberMe lets users skip MFA on a browser they used before.
type MFARememberMe struct {
	Web struct {
		Enabled  bool        `json:"enabled"`
		LifeTime MFADuration `json:"lifeTime"`
	} `json:"web"`
}
