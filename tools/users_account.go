package tools

import (
	"context"
	"fmt"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// The users collection's special verbs, each PingOne's own sub-resource or
// content type: enabled, the account lock, the password, the population,
// MFA, the verify status and the identity provider. "Enabled" and
// "unlocked" are two different things in PingOne, and a user signs on only
// when both hold: the tools that change either read the account back and
// say what it is, never what it is assumed to be.

// accountOut is what set_user_enabled, lock_user and unlock_user answer:
// the user's sign-on state as PingOne reports it after the change.
type accountOut struct {
	UserID  string `json:"userId"`
	Enabled bool   `json:"enabled"`
	// AccountStatus is OK or LOCKED; "" when it could not be read back.
	AccountStatus string     `json:"accountStatus,omitempty"`
	LockedAt      *time.Time `json:"lockedAt,omitempty"`
	UnlockAt      *time.Time `json:"unlockAt,omitempty"`
	// CanAuthenticate is PingOne's own verdict: false while the account is
	// locked or the user disabled.
	CanAuthenticate *bool `json:"canAuthenticate,omitempty"`
	// Note says what the state means for signing on, when that is not
	// plain from the rest.
	Note string `json:"note,omitempty"`
}

func accountOf(u *pingone.User) accountOut {
	out := accountOut{UserID: u.ID, Enabled: u.Enabled != nil && *u.Enabled}
	if a := u.Account; a != nil {
		out.AccountStatus, out.LockedAt, out.UnlockAt, out.CanAuthenticate = a.Status, a.LockedAt, a.UnlockAt, a.CanAuthenticate
	}
	return out
}

func (a accountOut) locked() bool { return a.AccountStatus == pingone.AccountStatusLocked }

// until says when a lock ends.
func (a accountOut) until() string {
	if a.UnlockAt == nil {
		return "It stays locked until an administrator unlocks it."
	}
	return "PingOne unlocks it by itself at " + a.UnlockAt.UTC().Format(time.RFC3339) + "."
}

type setEnabledIn struct {
	userIn
	Enabled bool `json:"enabled" jsonschema:"true to let the user sign on, false to disable the account."`
}

type lockIn struct {
	userIn
	UnlockAt string `json:"unlockAt,omitempty" jsonschema:"When PingOne unlocks the account by itself, as an RFC 3339 date-time in the future (e.g. 2030-06-07T23:59:59Z); omit to keep it locked until unlock_user."`
}

func (lockIn) tuneSchema(s *jsonschema.Schema) { prop(s, "unlockAt").Format = "date-time" }

type setPasswordIn struct {
	userIn
	Password    string `json:"password" jsonschema:"The new password; it must satisfy the population's password policy. It is never logged or returned."`
	ForceChange bool   `json:"forceChange,omitempty" jsonschema:"Require the user to change the password at next sign-on."`
}

type passwordOut struct {
	UserID      string `json:"userId"`
	PasswordSet bool   `json:"passwordSet"`
	ForceChange bool   `json:"forceChange"`
}

type passwordStateOut struct {
	UserID        string                 `json:"userId"`
	PasswordState *pingone.PasswordState `json:"passwordState"`
}

type moveIn struct {
	userIn
	PopulationID string `json:"populationId" jsonschema:"ID (UUID) of the population to move the user to."`
}

type moveOut struct {
	UserID               string `json:"userId"`
	PopulationID         string `json:"populationId"`
	PreviousPopulationID string `json:"previousPopulationId"`
	Moved                bool   `json:"moved"`
	Note                 string `json:"note,omitempty"`
}

type setMFAIn struct {
	userIn
	MFAEnabled bool `json:"mfaEnabled" jsonschema:"true to turn multi-factor authentication on for the user, false to turn it off."`
}

type mfaOut struct {
	UserID     string `json:"userId"`
	MFAEnabled bool   `json:"mfaEnabled"`
}

type setVerifyIn struct {
	userIn
	VerifyStatus string `json:"verifyStatus" jsonschema:"ENABLED lets ID verification (PingOne Verify) be done for the user; DISABLED stops new verifications until it is ENABLED again."`
}

func (setVerifyIn) tuneSchema(s *jsonschema.Schema) {
	enum(s, "verifyStatus", pingone.VerifyStatusEnabled, pingone.VerifyStatusDisabled)
}

type verifyOut struct {
	UserID       string `json:"userId"`
	VerifyStatus string `json:"verifyStatus"`
}

type setIdPIn struct {
	userIn
	IdentityProviderID string `json:"identityProviderId,omitempty" jsonschema:"ID (UUID) of an identity provider of the environment to make the user's authoritative one; omit it to make PingOne's own directory the user's identity provider again."`
}

type idpOut struct {
	UserID           string                        `json:"userId"`
	IdentityProvider *pingone.UserIdentityProvider `json:"identityProvider"`
}

func userAccountTools(user *Target) []*Tool {
	return []*Tool{
		New(Meta{
			Name: "set_user_enabled", Title: "Enable or disable user", Collection: "users", Effect: Update, EnvironmentArg: "environmentId",
			Target: user, Confirm: Confirm{Required: true, ExceptWhen: map[string]any{"enabled": true}}, // enabling restores access
			Description: "Enables (enabled true) or disables (enabled false) a user. A disabled user cannot sign on. Enabling does not unlock a locked account: " +
				"the answer reads the account back (accountStatus, canAuthenticate) and says when the user still cannot sign on; unlock_user unlocks.",
		}, func(ctx context.Context, d Deps, in setEnabledIn) (accountOut, error) {
			enabled, err := d.Client.Users.SetEnabled(ctx, in.EnvironmentID, in.UserID, in.Enabled)
			if err != nil {
				return accountOut{}, err
			}
			u, err := d.Client.Users.Get(ctx, in.EnvironmentID, in.UserID, nil)
			if err != nil {
				return accountOut{UserID: in.UserID, Enabled: enabled, Note: fmt.Sprintf(
					"enabled is now %t, but the account could not be read back (%v): check it with get_user before saying the user can sign on.", enabled, err)}, nil
			}
			out := accountOf(u)
			out.Enabled = enabled
			if enabled && out.locked() {
				out.Note = "The user is enabled, but the account is still locked (accountStatus LOCKED), so the user still cannot sign on: " +
					"enabling does not unlock. " + out.until() + " Use unlock_user to unlock it now."
			}
			return out, nil
		}),
		New(Meta{
			Name: "lock_user", Title: "Lock user account", Collection: "users", Effect: Update, EnvironmentArg: "environmentId",
			Target: user, Confirm: Confirm{Required: true},
			Description: "Locks a user's account so the user cannot sign on, until unlock_user or, with unlockAt, until that time. Locking is not disabling " +
				"(set_user_enabled): the user stays enabled and unlocking restores access.",
		}, func(ctx context.Context, d Deps, in lockIn) (accountOut, error) {
			var opts *pingone.LockOptions
			if in.UnlockAt != "" {
				at, err := time.Parse(time.RFC3339, in.UnlockAt)
				if err != nil {
					return accountOut{}, invalidArgs("argument \"unlockAt\" must be an RFC 3339 date-time such as 2030-06-07T23:59:59Z, not %q", in.UnlockAt)
				}
				if !at.After(time.Now()) {
					return accountOut{}, invalidArgs("argument \"unlockAt\" (%s) is not in the future: PingOne would not lock the account", in.UnlockAt)
				}
				opts = &pingone.LockOptions{UnlockAt: at}
			}
			u, err := d.Client.Users.Lock(ctx, in.EnvironmentID, in.UserID, opts)
			if err != nil {
				return accountOut{}, err
			}
			out := accountOf(u)
			if !out.locked() {
				return accountOut{}, &Error{Kind: KindAPI, Message: fmt.Sprintf(
					"PingOne accepted the lock but reports the account as %q, not LOCKED: check it with get_user", out.AccountStatus)}
			}
			out.Note = "Locked: the user cannot sign on. " + out.until()
			return out, nil
		}),
		New(Meta{
			Name: "unlock_user", Title: "Unlock user account", Collection: "users", Effect: Update, EnvironmentArg: "environmentId", Target: user,
			Description: "Unlocks a locked user account (locked by an administrator or by too many failed sign-ons), so the user can sign on again. " +
				"Unlocking is not enabling: the answer says when the user is also disabled (set_user_enabled enables). An account that is not locked is left as it is.",
		}, func(ctx context.Context, d Deps, in userIn) (accountOut, error) {
			cur, err := d.Client.Users.Get(ctx, in.EnvironmentID, in.UserID, nil)
			if err != nil {
				return accountOut{}, err
			}
			out := accountOf(cur)
			if !out.locked() {
				out.Note = "The account was not locked: nothing was changed."
			} else {
				u, err := d.Client.Users.Unlock(ctx, in.EnvironmentID, in.UserID)
				if err != nil {
					return accountOut{}, err
				}
				if out = accountOf(u); out.locked() {
					return accountOut{}, &Error{Kind: KindAPI, Message: "PingOne accepted the unlock but still reports the account LOCKED: check it with get_user"}
				}
			}
			if !out.Enabled {
				out.Note = joinNonEmpty(out.Note, "The user is disabled, so they still cannot sign on: set_user_enabled with enabled true restores access.")
			}
			return out, nil
		}),
		New(Meta{
			Name: "set_user_password", Title: "Set user password", Collection: "users", Effect: Update, EnvironmentArg: "environmentId",
			Target: user, Confirm: Confirm{Required: true},
			Description: "Sets a user's password as an administrator, optionally forcing a change at next sign-on. The password is never logged or returned.",
		}, func(ctx context.Context, d Deps, in setPasswordIn) (passwordOut, error) {
			err := d.Client.Users.SetPassword(ctx, in.EnvironmentID, in.UserID, in.Password, in.ForceChange)
			return passwordOut{UserID: in.UserID, PasswordSet: err == nil, ForceChange: in.ForceChange}, err
		}),
		New(Meta{
			Name: "get_user_password_state", Title: "Get user password state", Collection: "users", Effect: Read, PersonalData: true, Target: user,
			Description: "Returns the state of a user's password, never the password: status (OK, NO_PASSWORD, MUST_CHANGE_PASSWORD, PASSWORD_EXPIRED, " +
				"PASSWORD_LOCKED_OUT), lastChangedAt, the password policy, and while it is locked out the failures remaining and seconds until unlock.",
		}, func(ctx context.Context, d Deps, in userIn) (passwordStateOut, error) {
			ps, err := d.Client.Users.GetPasswordState(ctx, in.EnvironmentID, in.UserID)
			return passwordStateOut{UserID: in.UserID, PasswordState: ps}, err
		}),
		New(Meta{
			Name: "move_user_to_population", Title: "Move user to population", Collection: "users", Effect: Update, EnvironmentArg: "environmentId", Target: user,
			Description: "Moves a user to another population of the same environment (the user then follows that population's password policy and population-scoped roles). " +
				"Returns the previous population; a user already there is left as it is. One user per call.",
		}, func(ctx context.Context, d Deps, in moveIn) (moveOut, error) {
			prev, err := d.Client.Users.GetPopulation(ctx, in.EnvironmentID, in.UserID)
			if err != nil {
				return moveOut{}, err
			}
			out := moveOut{UserID: in.UserID, PopulationID: in.PopulationID, PreviousPopulationID: prev}
			if prev == in.PopulationID {
				out.Note = "The user is already in this population: nothing was changed."
				return out, nil
			}
			if err := d.Client.Users.SetPopulation(ctx, in.EnvironmentID, in.UserID, in.PopulationID); err != nil {
				return moveOut{}, err
			}
			out.Moved = true
			return out, nil
		}),
		New(Meta{
			Name: "set_user_mfa_enabled", Title: "Turn user MFA on or off", Collection: "users", Effect: Update, EnvironmentArg: "environmentId",
			Target: user, Confirm: Confirm{Required: true, ExceptWhen: map[string]any{"mfaEnabled": true}}, // turning MFA on only adds protection
			Description: "Turns multi-factor authentication on (mfaEnabled true) or off for a user; update_user cannot change it. " +
				"With MFA on, sign-on asks for a second factor from the user's MFA devices (list_mfa_devices).",
		}, func(ctx context.Context, d Deps, in setMFAIn) (mfaOut, error) {
			on, err := d.Client.Users.SetMFAEnabled(ctx, in.EnvironmentID, in.UserID, in.MFAEnabled)
			return mfaOut{UserID: in.UserID, MFAEnabled: on}, err
		}),
		New(Meta{
			Name: "set_user_verify_status", Title: "Set user verify status", Collection: "users", Effect: Update, EnvironmentArg: "environmentId", Target: user,
			Description: "Sets whether ID verification (PingOne Verify) can be done for a user: ENABLED or DISABLED. get_user shows the current verifyStatus.",
		}, func(ctx context.Context, d Deps, in setVerifyIn) (verifyOut, error) {
			vs, err := d.Client.Users.SetVerifyStatus(ctx, in.EnvironmentID, in.UserID, in.VerifyStatus)
			return verifyOut{UserID: in.UserID, VerifyStatus: vs}, err
		}),
		New(Meta{
			Name: "set_user_identity_provider", Title: "Set user identity provider", Collection: "users", Effect: Update, EnvironmentArg: "environmentId",
			Target: user, Confirm: Confirm{Required: true},
			Description: "Links a user to an external identity provider of the environment (identityProviderId), which then authenticates them instead of a PingOne password, " +
				"or, without identityProviderId, back to PingOne's own directory. get_user shows the current identityProvider.",
		}, func(ctx context.Context, d Deps, in setIdPIn) (idpOut, error) {
			idp, err := d.Client.Users.SetIdentityProvider(ctx, in.EnvironmentID, in.UserID, in.IdentityProviderID)
			return idpOut{UserID: in.UserID, IdentityProvider: idp}, err
		}),
	}
}
