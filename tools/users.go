package tools

import (
	"context"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

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
	Client:  func(c *pingone.Client) EnvResource[pingone.User] { return &c.Users.EnvCollection }, // Update: PUT
	Summary: func(u *pingone.User) UserSummary { return summarizeUser(u) },
	Name:    func(u *pingone.User) string { return u.Username },
	Filter: "SCIM filter, e.g. enabled eq false, username sw \"j\", population.id eq \"…\", memberOfGroups[id eq \"…\"], name.family eq \"Doe\"; " +
		"operators eq ne co sw ew gt ge lt le pr and or not.",
	// Hand-written below: get (group ids), create (a profile), update (PingOne's PATCH).
	Omit: VerbGet | VerbCreate | VerbUpdate,
	Descriptions: Descriptions{
		List: "Lists the users of an environment, one page at a time, as compact summaries (id, username, email, name, enabled, populationId, account and lifecycle status). " +
			"Use filter to narrow and cursor to continue; get_user returns one user in full.",
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

// userFields are the profile fields a model may set on a user.
type userFields struct {
	Email        string `json:"email,omitempty" jsonschema:"Email address."`
	GivenName    string `json:"givenName,omitempty" jsonschema:"Given (first) name."`
	FamilyName   string `json:"familyName,omitempty" jsonschema:"Family (last) name."`
	MobilePhone  string `json:"mobilePhone,omitempty" jsonschema:"Mobile phone in E.164 form, e.g. +15555550123."`
	ExternalID   string `json:"externalId,omitempty" jsonschema:"Identifier of the user in another system."`
	Title        string `json:"title,omitempty" jsonschema:"Job title."`
	Locale       string `json:"locale,omitempty" jsonschema:"Locale, e.g. en-US."`
	PopulationID string `json:"populationId,omitempty" jsonschema:"ID (UUID) of the population to place the user in (create only; default: the environment's default population)."`
}

// tuneSchema frees externalId from the UUID pattern every "…Id" argument
// gets: it is the user's identifier in another system (an employee number,
// say), not a PingOne id.
func (userFields) tuneSchema(s *jsonschema.Schema) { prop(s, "externalId").Pattern = "" }

func (f userFields) user() *pingone.User {
	u := &pingone.User{Email: f.Email, MobilePhone: f.MobilePhone, ExternalID: f.ExternalID, Title: f.Title, Locale: f.Locale}
	if f.GivenName != "" || f.FamilyName != "" {
		u.Name = &pingone.UserName{Given: f.GivenName, Family: f.FamilyName}
	}
	u.Population = pingone.Ref(f.PopulationID)
	return u
}

type createUserIn struct {
	envIn
	Username string `json:"username" jsonschema:"Username, unique in the environment."`
	userFields
}

type updateUserIn struct {
	userIn
	userFields
}

type setEnabledIn struct {
	userIn
	Enabled bool `json:"enabled" jsonschema:"true to let the user sign on, false to disable the account."`
}

type enabledOut struct {
	UserID  string `json:"userId"`
	Enabled bool   `json:"enabled"`
}

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

// membershipsServed: a user's group memberships.
var membershipsServed = handWritten("groupMemberships", "users", "membership", "list_user_groups", "add_user_to_group", "remove_user_from_group")

func userTools() []*Tool {
	user := users.Target()
	return append(users.Tools(),
		New(Meta{
			Name: "get_user", Title: "Get user", Collection: "users", Effect: Read, PersonalData: true, Target: user,
			Description: "Returns one user in full; with includeGroupIds, also the ids of the groups the user belongs to.",
		}, func(ctx context.Context, d Deps, in getUserIn) (userOut, error) {
			u, err := d.Client.Users.Get(ctx, in.EnvironmentID, in.UserID, &pingone.GetUserOptions{IncludeGroupIDs: in.IncludeGroupIDs})
			return users.one(u), err
		}),
		New(Meta{
			Name: "create_user", Title: "Create user", Collection: "users", Effect: Create, EnvironmentArg: "environmentId",
			Description: "Creates a user. username and email are required; set a password afterwards with set_user_password.",
		}, func(ctx context.Context, d Deps, in createUserIn) (userOut, error) {
			if in.Email == "" {
				return nil, invalidArgs("missing required argument \"email\": PingOne requires an email address for a new user")
			}
			u := in.user()
			u.Username = in.Username
			created, err := d.Client.Users.Create(ctx, in.EnvironmentID, u)
			return users.one(created), err
		}),
		New(Meta{
			Name: "update_user", Title: "Update user", Collection: "users", Effect: Update, EnvironmentArg: "environmentId", Target: user,
			Description: "Changes the given profile fields of a user (a PATCH: fields you omit are not touched). To move a user to another population, to enable or disable, or to set a password, use the dedicated tools.",
		}, func(ctx context.Context, d Deps, in updateUserIn) (userOut, error) {
			if in.PopulationID != "" {
				return nil, invalidArgs("argument \"populationId\" cannot be changed with update_user")
			}
			u, err := d.Client.Users.Update(ctx, in.EnvironmentID, in.UserID, in.user())
			return users.one(u), err
		}),
		New(Meta{
			Name: "set_user_enabled", Title: "Enable or disable user", Collection: "users", Effect: Update, EnvironmentArg: "environmentId",
			Target: user, Confirm: Confirm{Required: true, ExceptWhen: map[string]any{"enabled": true}}, // enabling restores access
			Description: "Enables (enabled true) or disables (enabled false) a user's account. A disabled user cannot sign on.",
		}, func(ctx context.Context, d Deps, in setEnabledIn) (enabledOut, error) {
			enabled, err := d.Client.Users.SetEnabled(ctx, in.EnvironmentID, in.UserID, in.Enabled)
			return enabledOut{UserID: in.UserID, Enabled: enabled}, err
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
			Name: "list_user_groups", Title: "List a user's groups", Collection: "users", Effect: Read, PersonalData: true, Target: user,
			Description: "Lists the groups a user belongs to, directly (type DIRECT) or through a nested group (type INDIRECT).",
		}, func(ctx context.Context, d Deps, in listUserGroupsIn) (listUserGroupsOut, error) {
			page, err := d.Client.Users.ListGroups(ctx, in.EnvironmentID, in.UserID, in.options(""))
			if err != nil {
				return listUserGroupsOut{}, err
			}
			out := listUserGroupsOut{Groups: []MembershipSummary{}, NextCursor: page.NextCursor}
			for _, m := range page.Items {
				out.Groups = append(out.Groups, MembershipSummary{ID: m.ID, Name: m.Name, Type: string(m.Type)})
			}
			return out, nil
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
	)
}
