package auth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"golang.org/x/oauth2"
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
// refresh token expired or was revoked), or that there is none and no
// sign-in is started here (Config.NoLogin): the user must sign in.
type SignInRequiredError struct {
	Profile string
	// Reason is what happened, e.g. "the refresh token was revoked or has expired".
	Reason string
	// Command is what to run, e.g. "p1 auth login --profile work".
	Command string
	// NotSignedIn: no session was ever stored (rather than one that ended).
	NotSignedIn bool
}

func (e *SignInRequiredError) Error() string {
	cmd := e.Command
	if cmd == "" {
		cmd = "p1 auth login"
		if e.Profile != "" && e.Profile != "default" {
			cmd += " --profile " + e.Profile
		}
	}
	if e.NotSignedIn {
		return fmt.Sprintf("not signed in to PingOne%s: %s; sign in with `%s`", profileSuffix(e.Profile), e.Reason, cmd)
	}
	return fmt.Sprintf("PingOne session%s ended: %s; sign in again with `%s`", profileSuffix(e.Profile), e.Reason, cmd)
}

// UnreachableError says the auth host gave no answer: the name did not
// resolve, the connection was refused or dropped, or the request timed
// out. Nothing was refused: the network or the host setting is at fault.
// It travels up through pingone.AuthError, so errors.As finds it.
type UnreachableError struct {
	// What was being done, e.g. "token refresh for client … ".
	What string
	// AuthURL is the auth host (or the endpoint) that was tried.
	AuthURL string
	Err     error
}

func (e *UnreachableError) Error() string {
	cause := e.Err
	var ue *url.Error
	if errors.As(cause, &ue) {
		cause = ue.Err // the URL is named already
	}
	return fmt.Sprintf("%s: the PingOne auth host %s could not be reached: %v (check the network, and the root domain or auth URL)",
		e.What, e.AuthURL, cause)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// unreachable reports whether err from a token request is a failure to get
// any HTTP answer (not a refusal, not a cancelled call).
func unreachable(err error) bool {
	var re *oauth2.RetrieveError
	var ue *url.Error
	return !errors.As(err, &re) && errors.As(err, &ue) && !errors.Is(err, context.Canceled)
}

func profileSuffix(p string) string {
	if p == "" {
		return ""
	}
	return " (profile " + p + ")"
}
