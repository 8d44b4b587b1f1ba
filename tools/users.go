package tools

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/internal/lazy"
	"github.com/p1kit/p1kit/pingone"
)

// The users collection: the family's list and delete, the profile tools
// (get, create, update: PingOne's PATCH) in this file, and the account,
// status and membership verbs in users_account.go.

// UserSummary is one row of list_users.
type UserSummary struct {
	ID              string `json:"id"`
	Username        string `json:"username"`
	Email           string `json:"email,omitempty"`
	Name            string `json:"name,omitempty"`
	Enabled         bool   `json:"enabled"`
	PopulationID    string `json:"populationId,omitempty"`
	AccountStatus   string `json:"accountStatus,omitempty"`
	LifecycleStatus string `json:"lifecycleStatus,omitempty"`
}

func summarizeUser(u *pingone.User) UserSummary {
	s := UserSummary{ID: u.ID, Username: u.Username, Email: u.Email, Enabled: u.Enabled != nil && *u.Enabled}
	if u.Name != nil {
		s.Name = u.Name.Formatted
		if s.Name == "" {
			s.Name = joinNonEmpty(u.Name.Given, u.Name.Family)
		}
	}
	if u.Population != nil {
		s.PopulationID = u.Population.ID
	}
	if u.Account != nil {
		s.AccountStatus = u.Account.Status
	}
	if u.Lifecycle != nil {
		s.LifecycleStatus = u.Lifecycle.Status
	}
	return s
}

func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += " "
		}
		out += p
	}
	return out
}

var users = Family[pingone.User, UserSummary, struct{}]{
	Noun: "user", Collection: "users", PersonalData: true,
	Client:     func(c *pingone.Client) EnvResource[pingone.User] { return &c.Users.EnvCollection }, // Update: PUT
	Summary:    func(u *pingone.User) UserSummary { return summarizeUser(u) },
	Name:       func(u *pingone.User) string { return u.Username },
	NameFilter: "username",
	Filter: "SCIM filter, e.g. enabled eq false, account.status eq \"LOCKED\", username sw \"j\", population.id eq \"…\", memberOfGroups[id eq \"…\"], name.family eq \"Doe\"; " +
		"operators eq ne co sw ew gt ge lt le pr and or not.",
	Columns: []Column[pingone.User]{
		{Name: "lastSignOn", Description: "when the user last signed on, null if never", Value: func(u *pingone.User) any {
			if u.LastSignOn == nil || u.LastSignOn.At == nil {
				return nil
			}
			return u.LastSignOn.At
		}},
		{Name: "mfaEnabled", Description: "whether multi-factor authentication is on", Value: func(u *pingone.User) any {
			return u.MFAEnabled != nil && *u.MFAEnabled
		}},
	},
	// Hand-written below: get (group ids), create (a profile), update (PingOne's PATCH).
	Omit: VerbGet | VerbCreate | VerbUpdate,
	Descriptions: Descriptions{
		List: "Lists the users of an environment, as compact summaries (id, username, email, name, enabled, populationId, account and lifecycle status). " +
			"fields adds lastSignOn and mfaEnabled to every row, for audits; get_user returns one user in full.",
		Delete: "Deletes a user and everything attached to it (memberships, MFA devices). This cannot be undone.",
	},
}

type userIn struct {
	envIn
	UserID string `json:"userId" jsonschema:"ID (UUID) of the user."`
}

type getUserIn struct {
	userIn
	IncludeGroupIDs bool `json:"includeGroupIds,omitempty" jsonschema:"Also return memberOfGroupIDs, the ids of the groups the user belongs to."`
}

type userOut = map[string]*pingone.User

// addressIn is a user's postal address.
type addressIn struct {
	StreetAddress string `json:"streetAddress,omitempty" jsonschema:"Street address (may hold several lines)."`
	Locality      string `json:"locality,omitempty" jsonschema:"City or locality."`
	Region        string `json:"region,omitempty" jsonschema:"State, province or region."`
	PostalCode    string `json:"postalCode,omitempty" jsonschema:"Postal or ZIP code."`
	CountryCode   string `json:"countryCode,omitempty" jsonschema:"Country, as an ISO 3166-1 alpha-2 code such as US or FR."`
}

// userProfile are the profile fields create_user and update_user set, all
// optional; profileMembers says which member of a PingOne user each one is.
type userProfile struct {
	GivenName         string         `json:"givenName,omitempty" jsonschema:"Given (first) name."`
	MiddleName        string         `json:"middleName,omitempty" jsonschema:"Middle name."`
	FamilyName        string         `json:"familyName,omitempty" jsonschema:"Family (last) name."`
	FormattedName     string         `json:"formattedName,omitempty" jsonschema:"The full name as it is displayed, e.g. Dr. Jane Q. Doe."`
	HonorificPrefix   string         `json:"honorificPrefix,omitempty" jsonschema:"Honorific prefix, e.g. Dr. or Ms."`
	HonorificSuffix   string         `json:"honorificSuffix,omitempty" jsonschema:"Honorific suffix, e.g. Jr. or PhD."`
	Nickname          string         `json:"nickname,omitempty" jsonschema:"Nickname."`
	Title             string         `json:"title,omitempty" jsonschema:"Job title, e.g. Vice President."`
	Type              string         `json:"type,omitempty" jsonschema:"The user's type; organisation-specific, e.g. Employee, Contractor, Intern."`
	Locale            string         `json:"locale,omitempty" jsonschema:"Locale as an RFC 5646 language tag, e.g. en-US."`
	PreferredLanguage string         `json:"preferredLanguage,omitempty" jsonschema:"Preferred languages in Accept-Language form, e.g. en-US, en;q=0.7."`
	Timezone          string         `json:"timezone,omitempty" jsonschema:"IANA time zone, e.g. America/Los_Angeles."`
	MobilePhone       string         `json:"mobilePhone,omitempty" jsonschema:"Mobile phone in E.164 form, e.g. +15555550123."`
	PrimaryPhone      string         `json:"primaryPhone,omitempty" jsonschema:"Primary phone in E.164 form."`
	ExternalID        string         `json:"externalId,omitempty" jsonschema:"Identifier of the user in another system (an employee number, say)."`
	PhotoURL          string         `json:"photoUrl,omitempty" jsonschema:"URL of the user's photo."`
	Address           *addressIn     `json:"address,omitempty" jsonschema:"Postal address; on update, the parts given change and the others stay."`
	CustomAttributes  map[string]any `json:"customAttributes,omitempty" jsonschema:"Custom attributes of the environment's user schema, by name, e.g. {\"employeeNumber\": \"E-1042\", \"costCenter\": \"CC-7\"}; values are any JSON. Standard attributes cannot be set here."`
}

// tuneSchema frees externalId from the UUID pattern every "…Id" argument
// gets: it is the user's identifier in another system, not a PingOne id.
func (userProfile) tuneSchema(s *jsonschema.Schema) { prop(s, "externalId").Pattern = "" }

type profileMember struct{ arg, member, clears string }

// profileMembers maps each profile argument to the member of a PingOne
// user it sets (dotted for nested ones); clear removes the member named by
// clears, when that is not the member itself.
var profileMembers = []profileMember{
	{"givenName", "name.given", ""}, {"middleName", "name.middle", ""}, {"familyName", "name.family", ""},
	{"formattedName", "name.formatted", ""}, {"honorificPrefix", "name.honorificPrefix", ""}, {"honorificSuffix", "name.honorificSuffix", ""},
	{"nickname", "nickname", ""}, {"title", "title", ""}, {"type", "type", ""}, {"locale", "locale", ""},
	{"preferredLanguage", "preferredLanguage", ""}, {"timezone", "timezone", ""}, {"mobilePhone", "mobilePhone", ""},
	{"primaryPhone", "primaryPhone", ""}, {"externalId", "externalId", ""}, {"photoUrl", "photo.href", "photo"}, {"address", "address", ""},
}

// members returns the members of a PingOne user the given fields set.
func (p userProfile) members() (map[string]any, error) {
	given, err := asObject(p)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for _, m := range profileMembers {
		if v, ok := given[m.arg]; ok {
			setMember(out, m.member, v)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(p.CustomAttributes)) {
		if err := checkCustomAttribute("customAttributes", name); err != nil {
			return nil, err
		}
		if p.CustomAttributes[name] == nil {
			return nil, invalidArgs("customAttributes.%s is null: to remove a custom attribute, name it in clearCustomAttributes", name)
		}
		out[name] = p.CustomAttributes[name]
	}
	return out, nil
}

// setMember sets a dotted member of a JSON object, creating objects on the way.
func setMember(obj map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := obj[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			obj[p] = next
		}
		obj = next
	}
	obj[parts[len(parts)-1]] = v
}

// standardUserMembers are the members PingOne defines for every user: no
// custom attribute may be named like one. (Read by reflection on first
// use, not at program start.)
var standardUserMembers = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	// VisibleFields includes the members of the embedded pingone.Meta (id,
	// environment, createdAt, updatedAt, _links).
	for _, f := range reflect.VisibleFields(reflect.TypeFor[pingone.User]()) {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" && !f.Anonymous {
			out[name] = true
		}
	}
	return out
})

var customAttributeName = lazy.Regexp(`^[A-Za-z][A-Za-z0-9_-]*$`)

func checkCustomAttribute(arg, name string) error {
	switch {
	case !customAttributeName().MatchString(name):
		return invalidArgs("%s: %q is not a custom attribute name (a letter, then letters, digits, _ or -)", arg, name)
	case standardUserMembers()[name]:
		return invalidArgs("%s: %q is a standard attribute of a user, not a custom one: use the tool's own argument for it (or, for the password, population and status, the dedicated tools)", arg, name)
	}
	return nil
}

// userOf turns members into the client's model: custom attributes land in
// Extra, and NullFields holds the members to remove.
func userOf(members map[string]any, null []string) (*pingone.User, error) {
	raw, err := json.Marshal(members)
	if err != nil {
		return nil, err
	}
	u := new(pingone.User)
	if err := json.Unmarshal(raw, u); err != nil {
		return nil, invalidArgs("%v", err)
	}
	u.NullFields = null
	return u, nil
}

type createUserIn struct {
	envIn
	Username string `json:"username" jsonschema:"Username, unique in the environment."`
	Email    string `json:"email" jsonschema:"Email address; PingOne requires one for every user."`
	userProfile
	PopulationID    string `json:"populationId,omitempty" jsonschema:"ID (UUID) of the population to place the user in (default: the environment's default population). To move the user later, use move_user_to_population."`
	Password        string `json:"password,omitempty" jsonschema:"An initial password; it must satisfy the population's password policy. It is never logged, audited or returned."`
	ForceChange     bool   `json:"forceChange,omitempty" jsonschema:"With password: make the user change it at the first sign-on."`
	LifecycleStatus string `json:"lifecycleStatus,omitempty" jsonschema:"VERIFICATION_REQUIRED makes PingOne email the user a verification code (the user must verify before signing on); ACCOUNT_OK (the default) does not."`
}

func (createUserIn) tuneSchema(s *jsonschema.Schema) {
	userProfile{}.tuneSchema(s)
	enum(s, "lifecycleStatus", pingone.LifecycleAccountOK, pingone.LifecycleVerificationRequired)
}

type updateUserIn struct {
	userIn
	Username string `json:"username,omitempty" jsonschema:"A new username, unique in the environment."`
	Email    string `json:"email,omitempty" jsonschema:"A new email address."`
	userProfile
	Clear                 []string `json:"clear,omitempty" jsonschema:"Profile fields to remove (for example mobilePhone, or address for the whole address); fields neither given nor named here keep their values."`
	ClearCustomAttributes []string `json:"clearCustomAttributes,omitempty" jsonschema:"Names of custom attributes to remove."`
}

func (updateUserIn) tuneSchema(s *jsonschema.Schema) {
	userProfile{}.tuneSchema(s)
	args := make([]string, len(profileMembers))
	for i, m := range profileMembers {
		args[i] = m.arg
	}
	enum(s, "clear", args...)
}

// nulls are the members an update removes: the profile fields named in
// clear and the custom attributes named in clearCustomAttributes.
func (in updateUserIn) nulls(set map[string]any) ([]string, error) {
	var out []string
	for _, arg := range in.Clear {
		i := slices.IndexFunc(profileMembers, func(m profileMember) bool { return m.arg == arg })
		if i < 0 {
			return nil, invalidArgs("clear: %q is not a profile field", arg)
		}
		m := profileMembers[i]
		if hasMember(set, m.member) {
			return nil, invalidArgs("argument %q is both given and named in clear; give a value to change it, or name it in clear to remove it", arg)
		}
		out = append(out, cmp.Or(m.clears, m.member))
	}
	for _, name := range in.ClearCustomAttributes {
		if err := checkCustomAttribute("clearCustomAttributes", name); err != nil {
			return nil, err
		}
		if _, given := set[name]; given {
			return nil, invalidArgs("custom attribute %q is both given and named in clearCustomAttributes", name)
		}
		out = append(out, name)
	}
	return out, nil
}

// hasMember reports whether a JSON object has a dotted member.
func hasMember(obj map[string]any, path string) bool {
	var cur any = obj
	for _, p := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[p]; !ok {
			return false
		}
	}
	return true
}

// membershipsServed: a user's group memberships.
var membershipsServed = handWritten("groupMemberships", "users", "membership", "list_user_groups", "add_user_to_group", "remove_user_from_group")

func userTools() []*Tool {
	user := users.Target()
	return append(append(users.Tools(),
		New(Meta{
			Name: "get_user", Title: "Get user", Collection: "users", Effect: Read, PersonalData: true, Target: user,
			Description: "Returns one user in full: profile, custom attributes, population, enabled, account (status LOCKED or OK, lockedAt, unlockAt, secondsUntilUnlock), " +
				"mfaEnabled, verifyStatus, identityProvider, lifecycle and lastSignOn (includeGroupIds adds its groups' ids).",
		}, func(ctx context.Context, d Deps, in getUserIn) (userOut, error) {
			u, err := d.Client.Users.Get(ctx, in.EnvironmentID, in.UserID, &pingone.GetUserOptions{IncludeGroupIDs: in.IncludeGroupIDs})
			return users.one(u), err
		}),
		New(Meta{
			Name: "create_user", Title: "Create user", Collection: "users", Effect: Create, EnvironmentArg: "environmentId",
			Description: "Creates a user. username and email are required; the profile (name parts, title, phones, address, locale, time zone, custom attributes…), " +
				"the population, an initial password and the lifecycle status are optional. The password is never logged, audited or returned.",
		}, func(ctx context.Context, d Deps, in createUserIn) (userOut, error) {
			members, err := in.members()
			if err != nil {
				return nil, err
			}
			members["username"], members["email"] = in.Username, in.Email
			u, err := userOf(members, nil)
			if err != nil {
				return nil, err
			}
			u.Population = pingone.Ref(in.PopulationID)
			if in.Password != "" {
				u.Password = &pingone.UserPassword{Value: in.Password, ForceChange: in.ForceChange}
			} else if in.ForceChange {
				return nil, invalidArgs("forceChange applies to an initial password: give password too, or set one later with set_user_password")
			}
			if in.LifecycleStatus != "" {
				u.Lifecycle = &pingone.UserLifecycle{Status: in.LifecycleStatus}
			}
			created, err := d.Client.Users.Create(ctx, in.EnvironmentID, u)
			return users.one(created), err
		}),
		New(Meta{
			Name: "update_user", Title: "Update user", Collection: "users", Effect: Update, EnvironmentArg: "environmentId", Target: user,
			Description: "Changes the given profile fields and custom attributes of a user (a PATCH: fields you omit keep their values; clear and clearCustomAttributes remove some). " +
				"Other changes have tools of their own: move_user_to_population, set_user_enabled, lock_user and unlock_user, set_user_password, set_user_mfa_enabled, " +
				"set_user_verify_status and set_user_identity_provider.",
		}, func(ctx context.Context, d Deps, in updateUserIn) (userOut, error) {
			members, err := in.members()
			if err != nil {
				return nil, err
			}
			if in.Username != "" {
				members["username"] = in.Username
			}
			if in.Email != "" {
				members["email"] = in.Email
			}
			null, err := in.nulls(members)
			if err != nil {
				return nil, err
			}
			if len(members) == 0 && len(null) == 0 {
				return nil, invalidArgs("nothing to update: give the fields to change, or name fields in clear")
			}
			u, err := userOf(members, null)
			if err != nil {
				return nil, err
			}
			updated, err := d.Client.Users.Update(ctx, in.EnvironmentID, in.UserID, u)
			return users.one(updated), err
		}),
		New(Meta{
			Name: "list_user_groups", Title: "List a user's groups", Collection: "users", Effect: Read, PersonalData: true, Target: user,
			Description: "Lists the groups a user belongs to, directly (type DIRECT) or through a nested group (type INDIRECT).",
		}, func(ctx context.Context, d Deps, in listUserGroupsIn) (listUserGroupsOut, error) {
			page, err := d.Client.Users.ListGroups(ctx, in.EnvironmentID, in.UserID, in.options(""))
			if err != nil {
				return listUserGroupsOut{}, err
			}
			return listUserGroupsOut{Groups: rows(page.Items, func(m *pingone.GroupMembership) MembershipSummary {
				return MembershipSummary{ID: m.ID, Name: m.Name, Type: string(m.Type)}
			}), NextCursor: page.NextCursor}, nil
		}),
		New(Meta{
			Name: "add_user_to_group", Title: "Add user to group", Collection: "users", Effect: Create, EnvironmentArg: "environmentId", Target: user,
			Description: "Adds a user to a group (a direct membership). Adding a user who is already a direct member is not an error: " +
				"the result says alreadyMember true and nothing changes. list_group_members lists a group's members.",
		}, func(ctx context.Context, d Deps, in membershipIn) (membershipOut, error) {
			already, err := addOnce(func() error {
				_, err := d.Client.Users.AddToGroup(ctx, in.EnvironmentID, in.UserID, in.GroupID)
				return err
			}, func() bool {
				m, err := d.Client.Users.GetGroupMembership(ctx, in.EnvironmentID, in.UserID, in.GroupID)
				return err == nil && m.Type == pingone.MembershipDirect
			})
			return membershipOut{UserID: in.UserID, GroupID: in.GroupID, Member: err == nil, AlreadyMember: already}, err
		}),
		New(Meta{
			Name: "remove_user_from_group", Title: "Remove user from group", Collection: "users", Effect: Delete, EnvironmentArg: "environmentId", Target: user,
			Description: "Removes a user's direct membership of a group.",
		}, func(ctx context.Context, d Deps, in membershipIn) (membershipOut, error) {
			err := d.Client.Users.RemoveFromGroup(ctx, in.EnvironmentID, in.UserID, in.GroupID)
			return membershipOut{UserID: in.UserID, GroupID: in.GroupID, Member: err != nil}, err
		}),
	), userAccountTools(user)...)
}

type listUserGroupsIn struct {
	userIn
	pageIn
}

func (listUserGroupsIn) tuneSchema(s *jsonschema.Schema) { pageSchema(s, 1000) }

// MembershipSummary is one group a user belongs to.
type MembershipSummary struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

type listUserGroupsOut struct {
	Groups     []MembershipSummary `json:"groups"`
	NextCursor string              `json:"nextCursor,omitempty"`
}

type membershipIn struct {
	userIn
	GroupID string `json:"groupId" jsonschema:"ID (UUID) of the group."`
}

type membershipOut struct {
	UserID  string `json:"userId"`
	GroupID string `json:"groupId"`
	Member  bool   `json:"member"`
	// AlreadyMember says an add found the user a direct member already.
	AlreadyMember bool `json:"alreadyMember,omitempty"`
}
