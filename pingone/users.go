package pingone

import (
	"context"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// UsersService manages users, their status, password, population and group
// memberships: /environments/{envID}/users.
type UsersService service

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

// passwordSetContentType is the media type PingOne requires to set a password.
const passwordSetContentType = "application/vnd.pingidentity.password.set+json"

// User is a PingOne user. Every field is optional on the wire, so that
// UsersService.Update (PATCH) sends only what is set; Username and Email are
// required to create one.
type User struct {
	ID                string                `json:"id,omitempty"`
	Environment       *ObjectRef            `json:"environment,omitempty"`
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
	Password  *UserPassword `json:"password,omitempty"`
	CreatedAt *time.Time    `json:"createdAt,omitempty"`
	UpdatedAt *time.Time    `json:"updatedAt,omitempty"`
	Links     Links         `json:"_links,omitempty"`
	// Extra keeps members this type does not name (custom attributes among
	// them), so an update does not drop them.
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	return unmarshalKeep(b, (*plain)(u), &u.Extra)
}

// MarshalJSON writes Extra back.
func (u User) MarshalJSON() ([]byte, error) {
	type plain User
	return marshalKeep(plain(u), u.Extra)
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
// Type PING_ONE is PingOne's own directory.
type UserIdentityProvider struct {
	Type string `json:"type,omitempty"`
	ID   string `json:"id,omitempty"`
}

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
	// ID is the group's id.
	ID          string     `json:"id"`
	Environment *ObjectRef `json:"environment,omitempty"`
	// Name is the group's name.
	Name string `json:"name,omitempty"`
	// Type is MembershipDirect or MembershipIndirect.
	Type  string `json:"type,omitempty"`
	Links Links  `json:"_links,omitempty"`
	// Extra keeps members this type does not name (_embedded.group with expand=group).
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (m *GroupMembership) UnmarshalJSON(b []byte) error {
	type plain GroupMembership
	return unmarshalKeep(b, (*plain)(m), &m.Extra)
}

// MarshalJSON writes Extra back.
func (m GroupMembership) MarshalJSON() ([]byte, error) {
	type plain GroupMembership
	return marshalKeep(plain(m), m.Extra)
}

// GetUserOptions asks Get for more than the user itself. A nil
// *GetUserOptions is allowed.
type GetUserOptions struct {
	// IncludeGroupIDs fills User.MemberOfGroupIDs (include=memberOfGroupIDs).
	IncludeGroupIDs bool
}

func usersPath(envID string, more ...string) []string {
	return append([]string{"environments", envID, "users"}, more...)
}

// List returns one page of users. Limit is 1–1000; Filter is SCIM, e.g.
// `memberOfGroups[id eq "…"] and name.family eq "Doe"`.
func (s *UsersService) List(ctx context.Context, envID string, opts *ListOptions) (*Page[*User], error) {
	return listPage[*User](ctx, s.c, usersPath(envID), "users", nil, opts)
}

// All iterates over every user matching opts, one page in memory at a time.
func (s *UsersService) All(ctx context.Context, envID string, opts *ListOptions) iter.Seq2[*User, error] {
	return listAll[*User](ctx, s.c, usersPath(envID), "users", nil, opts)
}

// Get returns one user.
func (s *UsersService) Get(ctx context.Context, envID, userID string, opts *GetUserOptions) (*User, error) {
	var q url.Values
	if opts != nil && opts.IncludeGroupIDs {
		q = url.Values{"include": {"memberOfGroupIDs"}}
	}
	var u User
	if _, err := s.c.do(ctx, request{method: http.MethodGet, segs: usersPath(envID, userID), query: q}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// Create creates a user; Username and Email are required, Population places
// it (else the default population) and Password sets its first password.
func (s *UsersService) Create(ctx context.Context, envID string, u *User) (*User, error) {
	var out User
	if _, err := s.c.do(ctx, request{method: http.MethodPost, segs: usersPath(envID), body: u, readOnly: userReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update changes the fields of u that are set (PATCH) and leaves the others.
func (s *UsersService) Update(ctx context.Context, envID, userID string, u *User) (*User, error) {
	var out User
	if _, err := s.c.do(ctx, request{method: http.MethodPatch, segs: usersPath(envID, userID), body: u, readOnly: userReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Replace replaces a user (PUT): attributes left empty are cleared.
func (s *UsersService) Replace(ctx context.Context, envID, userID string, u *User) (*User, error) {
	var out User
	if _, err := s.c.do(ctx, request{method: http.MethodPut, segs: usersPath(envID, userID), body: u, readOnly: userReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes a user.
func (s *UsersService) Delete(ctx context.Context, envID, userID string) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, segs: usersPath(envID, userID)}, nil)
	return err
}

type userEnabled struct {
	Enabled bool `json:"enabled"`
}

// GetEnabled reports whether a user may sign on.
func (s *UsersService) GetEnabled(ctx context.Context, envID, userID string) (bool, error) {
	var out userEnabled
	if _, err := s.c.do(ctx, request{method: http.MethodGet, segs: usersPath(envID, userID, "enabled")}, &out); err != nil {
		return false, err
	}
	return out.Enabled, nil
}

// SetEnabled enables or disables a user and returns the new state.
func (s *UsersService) SetEnabled(ctx context.Context, envID, userID string, enabled bool) (bool, error) {
	var out userEnabled
	r := request{method: http.MethodPut, segs: usersPath(envID, userID, "enabled"), body: userEnabled{Enabled: enabled}}
	if _, err := s.c.do(ctx, r, &out); err != nil {
		return false, err
	}
	return out.Enabled, nil
}

// SetPassword sets a user's password as an administrator; with forceChange
// the user must change it at the next sign-on. The value travels only in the
// request body, never in a URL or a log record.
func (s *UsersService) SetPassword(ctx context.Context, envID, userID, value string, forceChange bool) error {
	body := struct {
		Value       string `json:"value"`
		ForceChange bool   `json:"forceChange"`
	}{value, forceChange}
	r := request{method: http.MethodPut, segs: usersPath(envID, userID, "password"), body: body, contentType: passwordSetContentType}
	_, err := s.c.do(ctx, r, nil)
	return err
}

// GetPopulation returns the id of a user's population.
func (s *UsersService) GetPopulation(ctx context.Context, envID, userID string) (string, error) {
	var out ObjectRef
	if _, err := s.c.do(ctx, request{method: http.MethodGet, segs: usersPath(envID, userID, "population")}, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// SetPopulation moves a user to another population.
func (s *UsersService) SetPopulation(ctx context.Context, envID, userID, populationID string) error {
	if populationID == "" {
		return errEmptyID("SetPopulation", "populationID")
	}
	r := request{method: http.MethodPut, segs: usersPath(envID, userID, "population"), body: ObjectRef{ID: populationID}}
	_, err := s.c.do(ctx, r, nil)
	return err
}

// ListGroups returns one page of the groups a user belongs to, directly or
// through nested groups (GroupMembership.Type).
func (s *UsersService) ListGroups(ctx context.Context, envID, userID string, opts *ListOptions) (*Page[*GroupMembership], error) {
	return listPage[*GroupMembership](ctx, s.c, usersPath(envID, userID, "memberOfGroups"), "groupMemberships", nil, opts)
}

// AllGroups iterates over every group a user belongs to.
func (s *UsersService) AllGroups(ctx context.Context, envID, userID string, opts *ListOptions) iter.Seq2[*GroupMembership, error] {
	return listAll[*GroupMembership](ctx, s.c, usersPath(envID, userID, "memberOfGroups"), "groupMemberships", nil, opts)
}

// AddToGroup makes a user a direct member of a group.
func (s *UsersService) AddToGroup(ctx context.Context, envID, userID, groupID string) (*GroupMembership, error) {
	if groupID == "" {
		return nil, errEmptyID("AddToGroup", "groupID")
	}
	var out GroupMembership
	r := request{method: http.MethodPost, segs: usersPath(envID, userID, "memberOfGroups"), body: ObjectRef{ID: groupID}}
	if _, err := s.c.do(ctx, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RemoveFromGroup ends a user's direct membership of a group.
func (s *UsersService) RemoveFromGroup(ctx context.Context, envID, userID, groupID string) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, segs: usersPath(envID, userID, "memberOfGroups", groupID)}, nil)
	return err
}
