package pingonetest

import (
	"errors"
	"fmt"
	"time"
)

// The errors of SignOn.
var (
	// ErrSignOnFailed: the username or password is wrong (or the user has
	// no password).
	ErrSignOnFailed = errors.New("pingonetest: the username or password is incorrect")
	// ErrAccountLocked: the account is locked, by repeated failed sign-ons
	// or by an administrator, and its password policy's lockout has not
	// run out.
	ErrAccountLocked = errors.New("pingonetest: the account is locked")
)

// SignOn checks a user's password as PingOne's sign-on flow does, with the
// lockout of the password policy that applies to the user: each wrong
// password counts a failure, and lockout.failureCount failures in a row set
// account.status LOCKED (with account.lockedAt) until lockout.durationSeconds
// have passed, during which even the right password is refused. A right
// password clears the count, sets lastSignOn and opens a session
// (users/{id}/sessions).
//
// PingOne signs users on through its flows API (the auth host's
// /{envID}/flows/{flowID}, usernamePassword.check), which none of the
// OpenAPI files describe and no p1kit tool calls; SignOn is that password
// check alone, for tests of what it leaves on the user. Each check is
// recorded in the environment's activities (PASSWORD.CHECK_SUCCEEDED or
// PASSWORD.CHECK_FAILED).
func (e *Emulator) SignOn(envID, username, password string) error {
	defer e.lock(true)()
	d, aerr := e.envLocked(envID)
	if aerr != nil {
		return fmt.Errorf("pingonetest: %s", aerr.Message)
	}
	u := d.userByName(username)
	err := e.checkPassword(d, u, password)
	e.recordSignOn(envID, d, username, u, err)
	if err == nil {
		e.openSession(envID, d, u)
	}
	return err
}

// checkPassword is SignOn's check of user u (nil when no user has the
// username). Call with e.mu held for writing.
func (e *Emulator) checkPassword(d *envData, u doc, password string) error {
	if u == nil {
		return ErrSignOnFailed
	}
	id := u["id"].(string)
	now := e.now()
	policy := d.policyFor(u)
	num := func(path string) int {
		f, _ := lookup(policy, path)
		n, _ := f.(float64)
		return int(n)
	}
	if isLocked(u, now) {
		return ErrAccountLocked
	}
	if str(u, "account.status") == accountLocked {
		unlockAccount(u) // the lock ran out
		u["updatedAt"] = ts(now)
	}
	rec, has := d.passwords[id]
	if !has || hashPassword(rec.salt, password) != rec.hash {
		if has {
			rec.failures++
			if limit := num("lockout.failureCount"); limit > 0 && rec.failures >= limit {
				rec.failures = 0
				var until time.Time
				if secs := num("lockout.durationSeconds"); secs > 0 {
					until = now.Add(time.Duration(secs) * time.Second)
				}
				lockAccount(u, now, until, lockedByFailures)
				u["updatedAt"] = ts(now)
			}
			d.passwords[id] = rec
		}
		return ErrSignOnFailed
	}
	rec.failures = 0
	d.passwords[id] = rec
	u["lastSignOn"] = doc{"at": ts(now)}
	return nil
}
