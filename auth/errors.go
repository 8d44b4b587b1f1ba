package auth

import (
	"fmt"
	"time"
)

// SignInPendingError says that a device-code sign-in has started and waits
// for the user: open VerificationURIComplete (or VerificationURI and type
// UserCode) before ExpiresAt, then retry. The session keeps polling in the
// background; the first call after approval succeeds. It travels up through
// pingone.AuthError and tools.Error, so errors.As finds it.
type SignInPendingError struct {
	Profile                 string
	VerificationURI         string
	VerificationURIComplete string
	UserCode                string
	ExpiresAt               time.Time
}

func (e *SignInPendingError) Error() string {
	where := e.VerificationURIComplete
	if where == "" {
		where = e.VerificationURI
	}
	return fmt.Sprintf("sign-in to PingOne needed%s: open %s and confirm the code %s (before %s), then retry",
		profileSuffix(e.Profile), where, e.UserCode, e.ExpiresAt.Format("15:04:05 MST"))
}

// SignInRequiredError says the stored session can no longer be used (the
// refresh token expired or was revoked, or there is none and sign-in is
// not interactive here): the user must sign in again.
type SignInRequiredError struct {
	Profile string
	// Reason is what happened, e.g. "the refresh token was revoked or has expired".
	Reason string
	// Command is what to run, e.g. "p1 auth login --profile work".
	Command string
}

func (e *SignInRequiredError) Error() string {
	cmd := e.Command
	if cmd == "" {
		cmd = "p1 auth login"
		if e.Profile != "" && e.Profile != "default" {
			cmd += " --profile " + e.Profile
		}
	}
	return fmt.Sprintf("PingOne session%s ended: %s; sign in again with `%s`", profileSuffix(e.Profile), e.Reason, cmd)
}

func profileSuffix(p string) string {
	if p == "" {
		return ""
	}
	return " (profile " + p + ")"
}
