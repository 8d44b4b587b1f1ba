package pingonetest

import (
	"fmt"
	"math"
)

const keyDeviceAuthenticationPolicies = "deviceAuthenticationPolicies"

// Enumerations of the MFA spec's DeviceAuthenticationPolicy.
var (
	dapTimeUnits         = []string{"MINUTES", "SECONDS"}                                             // EnumTimeUnit
	dapRememberMeUnits   = []string{"MINUTES", "HOURS", "DAYS"}                                       // EnumTimeUnitRememberMeWebLifeTime
	dapDeviceSelections  = []string{"DEFAULT_TO_FIRST", "PROMPT_TO_SELECT", "ALWAYS_DISPLAY_DEVICES"} // EnumMFADevicePolicySelection
	dapNewDeviceNotified = []string{"NONE", "EMAIL_THEN_SMS", "SMS_THEN_EMAIL"}                       // EnumMFADevicePolicyNewDeviceNotification
)

// deviceAuthenticationPolicies: the MFA policies sign-on policies' MFA
// actions apply. Names are unique per environment (case-insensitive); the
// spec requires name, default and the sms, voice, email, mobile and totp
// settings (each with enabled and its OTP rules); one policy is the
// environment's default, which cannot be unset or deleted. An MFA action
// that names a policy holds it against deletion (declared on the actions).
var deviceAuthenticationPolicies *resource

func declareDeviceAuthenticationPolicies() *resource {
	return &resource{
		key: keyDeviceAuthenticationPolicies, kind: "device authentication policy", parent: keyEnvironments, name: "name",
		verbs: vCRUD, maxLimit: 1000,
		members: dapMembers(),
		// The spec's schema has no createdAt.
		readOnly: []string{"id", "environment", "updatedAt", "_links", "_embedded", "forSignOnPolicy"},
		unique:   []unique{{member: "name", foldCase: true}},
		validate: validateDeviceAuthenticationPolicy,
		check: func(w *write) *apiError {
			if aerr := keepOneDefault("device authentication policy")(w); aerr != nil {
				return aerr
			}
			w.body["forSignOnPolicy"] = false // deprecated and read-only, but the spec's responses require it
			return nil
		},
		refuse: refuseDeleteDefault("device authentication policy"),
	}
}

// dapMembers declares the policy's members, the nested ones after their parents.
func dapMembers() []member {
	ms := []member{
		{path: "name", kind: mString, required: true},
		{path: "default", kind: mBool, required: true},
		{path: "newDeviceNotification", kind: mString, enum: dapNewDeviceNotified},
		{path: "ignoreUserLock", kind: mBool},
		{path: "authentication", kind: mObject},
		{path: "authentication.deviceSelection", kind: mString, required: true, enum: dapDeviceSelections},
	}
	// failure is {count, coolDown {duration, timeUnit}}, every member required.
	failure := func(at string) []member {
		return []member{
			{path: at, kind: mObject, required: true},
			{path: at + ".count", kind: mInt, required: true},
			{path: at + ".coolDown", kind: mObject, required: true},
			{path: at + ".coolDown.duration", kind: mInt, required: true},
			{path: at + ".coolDown.timeUnit", kind: mString, required: true, enum: dapTimeUnits},
		}
	}
	method := func(name string, required bool) []member {
		return []member{
			{path: name, kind: mObject, required: required},
			{path: name + ".enabled", kind: mBool, required: true},
			{path: name + ".pairingDisabled", kind: mBool},
			{path: name + ".promptForNicknameOnPairing", kind: mBool},
		}
	}
	for _, offline := range []string{"sms", "voice", "email"} {
		ms = append(ms, method(offline, true)...)
		ms = append(ms,
			member{path: offline + ".otp", kind: mObject, required: true},
			member{path: offline + ".otp.lifeTime", kind: mObject, required: true},
			member{path: offline + ".otp.lifeTime.duration", kind: mInt, required: true},
			member{path: offline + ".otp.lifeTime.timeUnit", kind: mString, required: true, enum: dapTimeUnits},
			member{path: offline + ".otp.otpLength", kind: mInt})
		ms = append(ms, failure(offline+".otp.failure")...)
	}
	ms = append(ms, method("mobile", true)...)
	ms = append(ms, member{path: "mobile.otp", kind: mObject, required: true})
	ms = append(ms, failure("mobile.otp.failure")...)
	ms = append(ms,
		member{path: "mobile.otp.window", kind: mObject},
		member{path: "mobile.otp.window.stepSize", kind: mObject, required: true},
		member{path: "mobile.otp.window.stepSize.duration", kind: mInt, required: true},
		member{path: "mobile.otp.window.stepSize.timeUnit", kind: mString, required: true, enum: dapTimeUnits})
	ms = append(ms, method("totp", true)...)
	ms = append(ms, member{path: "totp.otp", kind: mObject, required: true})
	ms = append(ms, failure("totp.otp.failure")...)
	ms = append(ms,
		member{path: "totp.passcodeGracePeriod", kind: mInt},
		member{path: "totp.uriParameters", kind: mObject})
	ms = append(ms, method("fido2", false)...)
	ms = append(ms,
		member{path: "fido2.fido2PolicyId", kind: mString},
		member{path: "rememberMe", kind: mObject},
		member{path: "rememberMe.web", kind: mObject, required: true},
		member{path: "rememberMe.web.enabled", kind: mBool, required: true},
		member{path: "rememberMe.web.lifeTime", kind: mObject, required: true},
		member{path: "rememberMe.web.lifeTime.duration", kind: mInt},
		member{path: "rememberMe.web.lifeTime.timeUnit", kind: mString, enum: dapRememberMeUnits},
		member{path: "notificationsPolicy", kind: mObject},
		member{path: "notificationsPolicy.id", kind: mString, required: true})
	return ms
}

// validateDeviceAuthenticationPolicy checks the ranges the spec gives and
// that counts and durations are positive.
func validateDeviceAuthenticationPolicy(v *validator, p doc) {
	intIn := func(path string, lo, hi int) {
		raw, ok := lookup(p, path)
		f, isNum := raw.(float64)
		if !ok || !isNum || f != math.Trunc(f) {
			return // absent, or said by the declared member
		}
		if f < float64(lo) || f > float64(hi) {
			v.addInner(detailInvalidValue, path, fmt.Sprintf("%s must be from %d to %d", path, lo, hi),
				map[string]any{"rangeMinimumValue": lo, "rangeMaximumValue": hi})
		}
	}
	for _, m := range []string{"sms", "voice", "email"} {
		intIn(m+".otp.otpLength", 6, 10)
		intIn(m+".otp.lifeTime.duration", 1, math.MaxInt32)
	}
	for _, m := range []string{"sms", "voice", "email", "mobile", "totp"} {
		intIn(m+".otp.failure.count", 1, math.MaxInt32)
		intIn(m+".otp.failure.coolDown.duration", 0, math.MaxInt32)
	}
	intIn("totp.passcodeGracePeriod", 1, 10)
	intIn("rememberMe.web.lifeTime.duration", 1, math.MaxInt32)
	if apps, ok := p["mobile"].(map[string]any); ok && apps["applications"] != nil {
		list, ok := apps["applications"].([]any)
		if !ok {
			v.add(detailInvalidValue, "mobile.applications", "mobile.applications must be an array of {id, …}")
			return
		}
		for i, x := range list {
			at := fmt.Sprintf("mobile.applications[%d]", i)
			if m, ok := x.(map[string]any); ok {
				v.reqString(m, "id", at+".id")
			} else {
				v.add(detailInvalidValue, at, at+" must be an object with the application's id")
			}
		}
	}
}
