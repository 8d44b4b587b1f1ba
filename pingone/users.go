package pingone

import (
	"context"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"time"
)

// UsersService manages users, their status, password, population, group
// memberships and role assignments: /environments/{envID}/users. List takes
// a Limit of 1–1000 and SCIM filters such as
// `memberOfGroups[id eq "…"] and name.family eq "Doe"`. Get (with options)
// and Update (PATCH) shadow the collection's; Replace is its PUT.
type UsersService struct {
	EnvCollection[User]
	roleAssignments ChildCollection[RoleAssignment]
	groups          collection[GroupMembership]
}

// mfaEnabled is not flagged in the spec, whose description says PUT and
// PATCH cannot change it (PUT …/users/{userID}/mfaEnabled does).
var usersResource = Resource{Path: "users", Key: "users", ReadOnly: []string{"_links", "account.lockedAt",
	"account.secondsUntilUnlock", "createdAt", "emailVerified", "enabled", "environment", "id", "lastSignOn",
	"memberOfGroupIDs", "memberOfGroupNames", "mfaEnabled", "updatedAt"}}

// A user's group memberships are a relation, served but not declared.
var membershipsResource = Resource{Parent: "users", Path: "memberOfGroups", Key: "groupMemberships"}

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

type userEnabled struct {
	Enabled bool `json:"enabled"`
}

// GetEnabled reports whether a user may sign on.
func (s *UsersService) GetEnabled(ctx context.Context, envID, userID string) (bool, error) {
	var out userEnabled
	err := s.call(ctx, "GetEnabled", []string{envID, userID}, request{method: http.MethodGet, segs: []string{"enabled"}}, &out)
	return out.Enabled, err
}

// SetEnabled enables or disables a user and returns the new state.
func (s *UsersService) SetEnabled(ctx context.Context, envID, userID string, enabled bool) (bool, error) {
	var out userEnabled
	r := request{method: http.MethodPut, segs: []string{"enabled"}, body: userEnabled{Enabled: enabled}}
	err := s.call(ctx, "SetEnabled", []string{envID, userID}, r, &out)
	return out.Enabled, err
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
