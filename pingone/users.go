package pingone

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// UsersService manages users, their status (enabled, account lock, MFA,
// verify status, identity provider), password, population, group
// memberships and role assignments: /environments/{envID}/users. List takes
// a Limit of 1–1000 and SCIM filters such as
// `memberOfGroups[id eq "…"] and name.family eq "Doe"`. Get (with options)
// and Update (PATCH) shadow the collection's; Replace is its PUT.
type UsersService struct {
	EnvCollection[User]
	RoleAssignments
	groups   collection[GroupMembership]
	sessions collection[UserSession]
}

// mfaEnabled is not flagged in the spec, whose description says PUT and
// PATCH cannot change it (PUT …/users/{userID}/mfaEnabled does).
var usersResource = Resource{Path: "users", Key: "users", Unique: "username", ReadOnly: []string{"_links", "account.lockedAt",
	"account.secondsUntilUnlock", "createdAt", "emailVerified", "enabled", "environment", "id", "lastSignOn",
	"memberOfGroupIDs", "memberOfGroupNames", "mfaEnabled", "updatedAt"}}

// A user's group memberships are a relation, served but not declared.
var membershipsResource = Resource{Parent: "users", Path: "memberOfGroups", Key: "groupMemberships"}

// A user's sessions are served but not declared: PingOne's spec gives them
// no schema, and nothing but listing and ending them is offered.
var sessionsResource = Resource{Parent: "users", Path: "sessions", Key: "sessions"}

// User account statuses (User.Account.Status).
const (
	AccountStatusOK     = "OK"
	AccountStatusLocked = "LOCKED"
)

// User lifecycle statuses (User.Lifecycle.Status).
const (
	LifecycleAccountOK            = "ACCOUNT_OK"
	LifecycleVerificationRequired = "VERIFICATION_REQUIRED"
)

// User verify statuses (User.VerifyStatus).
const (
	VerifyStatusNotInitiated = "NOT_INITIATED"
	VerifyStatusEnabled      = "ENABLED"
	VerifyStatusDisabled     = "DISABLED"
)

// Group membership types: a DIRECT member was added to the group; an
// INDIRECT one belongs through a nested group.
const (
	MembershipDirect   = "DIRECT"
	MembershipIndirect = "INDIRECT"
)

// The media types PingOne requires for a user's special verbs: setting a
// password (PUT …/password) and locking or unlocking the account (POST to
// the user itself).
const (
	passwordSetContentType   = "application/vnd.pingidentity.password.set+json"
	accountLockContentType   = "application/vnd.pingidentity.account.lock+json"
	accountUnlockContentType = "application/vnd.pingidentity.account.unlock+json"
)

// Password statuses (PasswordState.Status).
const (
	PasswordStatusOK                 = "OK"
	PasswordStatusNoPassword         = "NO_PASSWORD"
	PasswordStatusMustChangePassword = "MUST_CHANGE_PASSWORD"
	PasswordStatusExpired            = "PASSWORD_EXPIRED"
	PasswordStatusLockedOut          = "PASSWORD_LOCKED_OUT"
)

// User is a PingOne user. Every field is optional on the wire, so that
// UsersService.Update (PATCH) sends only what is set; Username and Email are
// required to create one.
type User struct {
	Meta
	Population        *ObjectRef            `json:"population,omitempty"`
	Username          string                `json:"username,omitempty"`
	Email             string                `json:"email,omitempty"`
	EmailVerified     *bool                 `json:"emailVerified,omitempty"`
	Name              *UserName             `json:"name,omitempty"`
	Nickname          string                `json:"nickname,omitempty"`
	Title             string                `json:"title,omitempty"`
	Type              string                `json:"type,omitempty"`
	Locale            string                `json:"locale,omitempty"`
	PreferredLanguage string                `json:"preferredLanguage,omitempty"`
	Timezone          string                `json:"timezone,omitempty"`
	MobilePhone       string                `json:"mobilePhone,omitempty"`
	PrimaryPhone      string                `json:"primaryPhone,omitempty"`
	Address           *UserAddress          `json:"address,omitempty"`
	Photo             *Link                 `json:"photo,omitempty"`
	ExternalID        string                `json:"externalId,omitempty"`
	Enabled           *bool                 `json:"enabled,omitempty"`
	MFAEnabled        *bool                 `json:"mfaEnabled,omitempty"`
	VerifyStatus      string                `json:"verifyStatus,omitempty"`
	Account           *UserAccount          `json:"account,omitempty"`
	Lifecycle         *UserLifecycle        `json:"lifecycle,omitempty"`
	IdentityProvider  *UserIdentityProvider `json:"identityProvider,omitempty"`
	LastSignOn        *UserLastSignOn       `json:"lastSignOn,omitempty"`
	// MemberOfGroupIDs is returned by Get with GetUserOptions.IncludeGroupIDs.
	MemberOfGroupIDs   []string `json:"memberOfGroupIDs,omitempty"`
	MemberOfGroupNames []string `json:"memberOfGroupNames,omitempty"`
	// Password sets the initial password on create; PingOne never returns it.
	Password *UserPassword `json:"password,omitempty"`
	// Extra keeps members this type does not name (custom attributes among
	// them), so an update does not drop them.
	Extra Extra `json:"-"`
	// NullFields names members (dotted for nested ones: "name.middle") to
	// send as JSON null, which removes them: an Update (PATCH) that clears
	// a phone number, a custom attribute or one part of the name. It is
	// never read from or written to JSON itself.
	NullFields []string `json:"-"`
}

// UserName is a user's name parts.
type UserName struct {
	Given           string `json:"given,omitempty"`
	Family          string `json:"family,omitempty"`
	Middle          string `json:"middle,omitempty"`
	Formatted       string `json:"formatted,omitempty"`
	HonorificPrefix string `json:"honorificPrefix,omitempty"`
	HonorificSuffix string `json:"honorificSuffix,omitempty"`
}

// UserAddress is a user's postal address.
type UserAddress struct {
	StreetAddress string `json:"streetAddress,omitempty"`
	Locality      string `json:"locality,omitempty"`
	Region        string `json:"region,omitempty"`
	PostalCode    string `json:"postalCode,omitempty"`
	CountryCode   string `json:"countryCode,omitempty"`
}

// UserAccount is a user's sign-on state.
type UserAccount struct {
	CanAuthenticate *bool `json:"canAuthenticate,omitempty"`
	// Status is AccountStatusOK or AccountStatusLocked.
	Status             string     `json:"status,omitempty"`
	LockedAt           *time.Time `json:"lockedAt,omitempty"`
	UnlockAt           *time.Time `json:"unlockAt,omitempty"`
	SecondsUntilUnlock *int       `json:"secondsUntilUnlock,omitempty"`
}

// UserLifecycle is where a user is in PingOne's verification lifecycle.
type UserLifecycle struct {
	// Status is LifecycleAccountOK or LifecycleVerificationRequired.
	Status                   string `json:"status,omitempty"`
	SuppressVerificationCode *bool  `json:"suppressVerificationCode,omitempty"`
}

// UserIdentityProvider is the identity provider a user authenticates with;
// Type PING_ONE (and no ID) is PingOne's own directory.
type UserIdentityProvider struct {
	Type string `json:"type,omitempty"`
	ID   string `json:"id,omitempty"`
}

// IdentityProviderPingOne is the UserIdentityProvider.Type of a user of
// PingOne's own directory.
const IdentityProviderPingOne = "PING_ONE"

// UserLastSignOn is when and from where a user last signed on.
type UserLastSignOn struct {
	At       *time.Time `json:"at,omitempty"`
	RemoteIP string     `json:"remoteIp,omitempty"`
}

// UserPassword is a password to set; write-only. Its String and LogValue
// methods redact the value.
type UserPassword struct {
	Value string `json:"value,omitempty"`
	// ForceChange makes the user change it at the next sign-on.
	ForceChange bool `json:"forceChange,omitempty"`
}

// String redacts the password so it cannot leak through fmt.
func (p UserPassword) String() string { return "UserPassword{[REDACTED]}" }

// LogValue redacts the password so it cannot leak through slog.
func (p UserPassword) LogValue() slog.Value { return slog.StringValue("[REDACTED]") }

// GroupMembership is a user's membership of a group.
type GroupMembership struct {
	// Meta.ID is the group's id.
	Meta
	// Name is the group's name.
	Name string `json:"name,omitempty"`
	// Type is MembershipDirect or MembershipIndirect.
	Type string `json:"type,omitempty"`
	// Extra keeps members this type does not name (_embedded.group with expand=group).
	Extra Extra `json:"-"`
}

// UserSession is one of a user's sign-on sessions
// (/environments/{envID}/users/{userID}/sessions). PingOne's OpenAPI file
// gives the answer no schema: the members read here are the ones every
// session has, and Extra keeps the rest.
type UserSession struct {
	Meta
	// LastSignOn says when and from where the session last signed on.
	LastSignOn *SessionSignOn `json:"lastSignOn,omitempty"`
	// ExpiresAt is when the session ends on its own.
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	// Extra keeps members this type does not name.
	Extra Extra `json:"-"`
}

// SessionSignOn is a session's last sign-on.
type SessionSignOn struct {
	At       *time.Time `json:"at,omitempty"`
	RemoteIP string     `json:"remoteIp,omitempty"`
}

// GetUserOptions asks Get for more than the user itself. A nil
// *GetUserOptions is allowed.
type GetUserOptions struct {
	// IncludeGroupIDs fills User.MemberOfGroupIDs (include=memberOfGroupIDs).
	IncludeGroupIDs bool
}

// Get returns one user, with the ids of its groups if opts asks for them.
func (s *UsersService) Get(ctx context.Context, envID, userID string, opts *GetUserOptions) (*User, error) {
	var q url.Values
	if opts != nil && opts.IncludeGroupIDs {
		q = url.Values{"include": {"memberOfGroupIDs"}}
	}
	return s.get(ctx, q, envID, userID)
}

// Update changes the fields of u that are set (PATCH) and leaves the others.
func (s *UsersService) Update(ctx context.Context, envID, userID string, u *User) (*User, error) {
	return s.send(ctx, http.MethodPatch, "Update", u, envID, userID)
}

// Replace replaces a user (PUT): attributes left empty are cleared.
func (s *UsersService) Replace(ctx context.Context, envID, userID string, u *User) (*User, error) {
	return s.EnvCollection.Update(ctx, envID, userID, u)
}

// GetEnabled reports whether a user may sign on.
func (s *UsersService) GetEnabled(ctx context.Context, envID, userID string) (bool, error) {
	var on bool
	err := s.member(ctx, "GetEnabled", "enabled", envID, userID, nil, &on)
	return on, err
}

// SetEnabled enables or disables a user and returns the new state.
func (s *UsersService) SetEnabled(ctx context.Context, envID, userID string, enabled bool) (bool, error) {
	var on bool
	err := s.member(ctx, "SetEnabled", "enabled", envID, userID, enabled, &on)
	return on, err
}

// member reads (set nil) or sets a sub-resource of a user that holds one
// member of the same name ({"enabled": …}, {"mfaEnabled": …},
// {"verifyStatus": …}), and decodes the member PingOne answers into out.
func (s *UsersService) member(ctx context.Context, verb, name, envID, userID string, set, out any) error {
	r := request{method: http.MethodGet, segs: []string{name}}
	if set != nil {
		r.method, r.body = http.MethodPut, map[string]any{name: set}
	}
	var answer map[string]json.RawMessage
	if err := s.call(ctx, verb, []string{envID, userID}, r, &answer); err != nil {
		return err
	}
	if raw, ok := answer[name]; ok {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("pingone: %s: decoding %s: %w", verb, name, err)
		}
	}
	return nil
}

// SetPassword sets a user's password as an administrator; with forceChange
// the user must change it at the next sign-on. The value travels only in the
// request body, never in a URL or a log record.
func (s *UsersService) SetPassword(ctx context.Context, envID, userID, value string, forceChange bool) error {
	body := struct {
		Value       string `json:"value"`
		ForceChange bool   `json:"forceChange"`
	}{value, forceChange}
	r := request{method: http.MethodPut, segs: []string{"password"}, body: body, contentType: passwordSetContentType}
	return s.call(ctx, "SetPassword", []string{envID, userID}, r, nil)
}

// GetPopulation returns the id of a user's population.
func (s *UsersService) GetPopulation(ctx context.Context, envID, userID string) (string, error) {
	var out ObjectRef
	err := s.call(ctx, "GetPopulation", []string{envID, userID}, request{method: http.MethodGet, segs: []string{"population"}}, &out)
	return out.ID, err
}

// SetPopulation moves a user to another population.
func (s *UsersService) SetPopulation(ctx context.Context, envID, userID, populationID string) error {
	if populationID == "" {
		return errEmptyID("SetPopulation", "populationID")
	}
	r := request{method: http.MethodPut, segs: []string{"population"}, body: ObjectRef{ID: populationID}}
	return s.call(ctx, "SetPopulation", []string{envID, userID}, r, nil)
}

// PasswordState is what PingOne says of a user's password (GET
// …/users/{userID}/password): never the value.
type PasswordState struct {
	Meta
	User *ObjectRef `json:"user,omitempty"`
	// PasswordPolicy is the policy the password is held to.
	PasswordPolicy *ObjectRef `json:"passwordPolicy,omitempty"`
	// Status is one of the PasswordStatus constants.
	Status string `json:"status,omitempty"`
	// LastChangedAt is absent when the user has no password.
	LastChangedAt *time.Time `json:"lastChangedAt,omitempty"`
	// FailuresRemaining is how many wrong passwords lock the password out.
	FailuresRemaining *int `json:"failuresRemaining,omitempty"`
	// SecondsUntilUnlock is set while the password is locked out.
	SecondsUntilUnlock *int `json:"secondsUntilUnlock,omitempty"`
	// Extra keeps members this type does not name.
	Extra Extra `json:"-"`
}

// GetPasswordState reads the state of a user's password: whether there is
// one, must be changed, has expired or is locked out.
func (s *UsersService) GetPasswordState(ctx context.Context, envID, userID string) (*PasswordState, error) {
	var out PasswordState
	if err := s.call(ctx, "GetPasswordState", []string{envID, userID}, request{method: http.MethodGet, segs: []string{"password"}}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// LockOptions says how long Lock locks an account. A nil *LockOptions is
// allowed: the account stays locked until it is unlocked.
type LockOptions struct {
	// UnlockAt, if set, is when PingOne unlocks the account by itself.
	UnlockAt time.Time
}

type lockBody struct {
	UnlockAt time.Time `json:"unlockAt"`
}

// Lock locks a user's account (POST to the user with the account.lock
// media type): the user cannot sign on until it is unlocked, by Unlock or
// at opts.UnlockAt. It returns the user, whose Account says the new state.
// Locking is not disabling: Enabled is left as it is.
func (s *UsersService) Lock(ctx context.Context, envID, userID string, opts *LockOptions) (*User, error) {
	r := request{method: http.MethodPost, contentType: accountLockContentType}
	if opts != nil && !opts.UnlockAt.IsZero() {
		r.body = lockBody{UnlockAt: opts.UnlockAt.UTC()}
	}
	var out User
	if err := s.call(ctx, "Lock", []string{envID, userID}, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Unlock unlocks a user's account (POST to the user with the
// account.unlock media type, no body) and returns the user. Unlocking is
// not enabling: a disabled user stays disabled.
func (s *UsersService) Unlock(ctx context.Context, envID, userID string) (*User, error) {
	var out User
	r := request{method: http.MethodPost, contentType: accountUnlockContentType}
	if err := s.call(ctx, "Unlock", []string{envID, userID}, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetVerifyStatus reads whether ID verification can be done for a user
// (one of the VerifyStatus constants).
func (s *UsersService) GetVerifyStatus(ctx context.Context, envID, userID string) (string, error) {
	var status string
	err := s.member(ctx, "GetVerifyStatus", "verifyStatus", envID, userID, nil, &status)
	return status, err
}

// SetVerifyStatus sets a user's verify status (VerifyStatusEnabled or
// VerifyStatusDisabled) and returns the new one.
func (s *UsersService) SetVerifyStatus(ctx context.Context, envID, userID, status string) (string, error) {
	var now string
	err := s.member(ctx, "SetVerifyStatus", "verifyStatus", envID, userID, status, &now)
	return now, err
}

type userIdentityProvider struct {
	IdentityProvider *UserIdentityProvider `json:"identityProvider"`
}

// GetIdentityProvider reads the identity provider a user authenticates with.
func (s *UsersService) GetIdentityProvider(ctx context.Context, envID, userID string) (*UserIdentityProvider, error) {
	var out userIdentityProvider
	if err := s.call(ctx, "GetIdentityProvider", []string{envID, userID}, request{method: http.MethodGet, segs: []string{"identityProvider"}}, &out); err != nil {
		return nil, err
	}
	return linkOrEmpty(out.IdentityProvider), nil
}

// SetIdentityProvider makes the identity provider idpID the one a user
// authenticates with; an empty idpID makes it PingOne's own directory again
// (PingOne's PUT with no body). It returns the new link.
func (s *UsersService) SetIdentityProvider(ctx context.Context, envID, userID, idpID string) (*UserIdentityProvider, error) {
	r := request{method: http.MethodPut, segs: []string{"identityProvider"}}
	if idpID != "" {
		r.body = ObjectRef{ID: idpID}
	}
	var out userIdentityProvider
	if err := s.call(ctx, "SetIdentityProvider", []string{envID, userID}, r, &out); err != nil {
		return nil, err
	}
	return linkOrEmpty(out.IdentityProvider), nil
}

// linkOrEmpty is the link an answer holds, or an empty one.
func linkOrEmpty(p *UserIdentityProvider) *UserIdentityProvider {
	if p == nil {
		return &UserIdentityProvider{}
	}
	return p
}

// GetMFAEnabled reports whether multi-factor authentication is on for a user.
func (s *UsersService) GetMFAEnabled(ctx context.Context, envID, userID string) (bool, error) {
	var on bool
	err := s.member(ctx, "GetMFAEnabled", "mfaEnabled", envID, userID, nil, &on)
	return on, err
}

// SetMFAEnabled turns multi-factor authentication on or off for a user (the
// only way to change it after create) and returns the new state.
func (s *UsersService) SetMFAEnabled(ctx context.Context, envID, userID string, enabled bool) (bool, error) {
	var on bool
	err := s.member(ctx, "SetMFAEnabled", "mfaEnabled", envID, userID, enabled, &on)
	return on, err
}

// ListGroups returns one page of the groups a user belongs to, directly or
// through nested groups (GroupMembership.Type).
func (s *UsersService) ListGroups(ctx context.Context, envID, userID string, opts *ListOptions) (*Page[*GroupMembership], error) {
	return s.groups.list(ctx, opts, envID, userID)
}

// AllGroups iterates over every group a user belongs to.
func (s *UsersService) AllGroups(ctx context.Context, envID, userID string, opts *ListOptions) iter.Seq2[*GroupMembership, error] {
	return s.groups.all(ctx, opts, envID, userID)
}

// AddToGroup makes a user a direct member of a group.
func (s *UsersService) AddToGroup(ctx context.Context, envID, userID, groupID string) (*GroupMembership, error) {
	return s.groups.relate(ctx, "AddToGroup", "groupID", groupID, envID, userID)
}

// GetGroupMembership returns a user's membership of one group, DIRECT or
// INDIRECT (through a nested group); a 404 when the user is not a member.
func (s *UsersService) GetGroupMembership(ctx context.Context, envID, userID, groupID string) (*GroupMembership, error) {
	if groupID == "" {
		return nil, errEmptyID("GetGroupMembership", "groupID")
	}
	return s.groups.get(ctx, nil, envID, userID, groupID)
}

// RemoveFromGroup ends a user's direct membership of a group.
func (s *UsersService) RemoveFromGroup(ctx context.Context, envID, userID, groupID string) error {
	if groupID == "" {
		return errEmptyID("RemoveFromGroup", "groupID")
	}
	return s.groups.delete(ctx, envID, userID, groupID)
}

// ListSessions returns one page of a user's open sessions.
func (s *UsersService) ListSessions(ctx context.Context, envID, userID string, opts *ListOptions) (*Page[*UserSession], error) {
	return s.sessions.list(ctx, opts, envID, userID)
}

// AllSessions iterates over every open session of a user.
func (s *UsersService) AllSessions(ctx context.Context, envID, userID string, opts *ListOptions) iter.Seq2[*UserSession, error] {
	return s.sessions.all(ctx, opts, envID, userID)
}

// DeleteSession ends one of a user's sessions: the user must sign on again
// wherever it was used.
func (s *UsersService) DeleteSession(ctx context.Context, envID, userID, sessionID string) error {
	if sessionID == "" {
		return errEmptyID("DeleteSession", "sessionID")
	}
	return s.sessions.delete(ctx, envID, userID, sessionID)
}
