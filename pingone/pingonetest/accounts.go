package pingonetest

import (
	"fmt"
	"math"
	"time"
)

// A user's account lock lives in one place, the user's "account" member,
// and changes only through the helpers below. The store keeps
// {status, lockedAt?, unlockAt?}; a response, a filter and a sign-on see
// accountView, computed at the time of the request: a lock whose unlockAt
// has passed is over (PingOne unlocks it by itself, without an event),
// secondsUntilUnlock counts down, and canAuthenticate is false while the
// account is locked or the user is disabled.
//
// Locking is not disabling: enabled (PUT …/enabled) and the lock are
// independent, and neither changes the other.
//
// Whatever else locks an account (too many failed sign-ons under a password
// policy) calls lockAccount with lockedByFailures and the policy's unlock
// time; whatever refuses a sign-on asks accountLocked.

// Account statuses.
const (
	accountOK     = "OK"
	accountLocked = "LOCKED"
)

// lockCause is why an account is locked: it decides whether lockedAt shows.
type lockCause int

const (
	// lockedByAdmin: the account.lock verb. lockedAt is recorded.
	lockedByAdmin lockCause = iota
	// lockedByFailures: failed password attempts. PingOne leaves lockedAt
	// out ("might be absent … if the account was locked out automatically").
	lockedByFailures
)

// lockAccount locks u's account at now until unlockAt (the zero time: until
// an administrator unlocks it).
func lockAccount(u doc, now, unlockAt time.Time, cause lockCause) {
	a := doc{"status": accountLocked}
	if cause == lockedByAdmin {
		a["lockedAt"] = ts(now)
	}
	if !unlockAt.IsZero() {
		a["unlockAt"] = ts(unlockAt)
	}
	u["account"] = a
}

// unlockAccount ends any lock of u's account.
func unlockAccount(u doc) { u["account"] = doc{"status": accountOK} }

// isLocked reports whether u's account is locked at now.
func isLocked(u doc, now time.Time) bool {
	if str(u, "account.status") != accountLocked {
		return false
	}
	at, ok := unlockTime(u)
	return !ok || now.Before(at)
}

// unlockTime is when u's lock ends by itself, if it does.
func unlockTime(u doc) (time.Time, bool) {
	s := str(u, "account.unlockAt")
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// accountView is u's account as PingOne shows it at now.
func accountView(u doc, now time.Time) doc {
	enabled, _ := u["enabled"].(bool)
	if !isLocked(u, now) {
		return doc{"canAuthenticate": enabled, "status": accountOK}
	}
	a := doc{"canAuthenticate": false, "status": accountLocked}
	if at := str(u, "account.lockedAt"); at != "" {
		a["lockedAt"] = at
	}
	if at, ok := unlockTime(u); ok {
		a["unlockAt"] = ts(at)
		a["secondsUntilUnlock"] = int(math.Ceil(at.Sub(now).Seconds()))
	}
	return a
}

// signOnRefusal says why u cannot sign on at now; "" if it can. Every
// sign-on the auth host does asks it.
func signOnRefusal(u doc, now time.Time) string {
	name := str(u, "username")
	if en, _ := u["enabled"].(bool); !en {
		return fmt.Sprintf("The user %s is disabled.", name)
	}
	if isLocked(u, now) {
		return fmt.Sprintf("The account of %s is locked.", name)
	}
	return ""
}
