package tools

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// RoleSummary is one system role.
type RoleSummary struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Description  string   `json:"description,omitempty"`
	ApplicableTo []string `json:"applicableTo"`
}

type listRolesIn struct{}

type getRoleIn struct {
	RoleID string `json:"roleId" jsonschema:"ID (UUID) of the role, from list_roles."`
}

type listRolesOut struct {
	Roles []RoleSummary `json:"roles"`
}

// RoleAssignmentSummary is one role a user holds, with the role's name.
type RoleAssignmentSummary struct {
	ID     string `json:"id"`
	RoleID string `json:"roleId"`
	// RoleName is the system or custom role's name; empty when it cannot be read.
	RoleName  string `json:"roleName,omitempty"`
	ScopeType string `json:"scopeType"`
	ScopeID   string `json:"scopeId"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
}

// grantIn are the arguments of an assign_<actor>_role tool beside the actor.
type grantIn struct {
	RoleID    string `json:"roleId" jsonschema:"ID (UUID) of the role to grant; list_roles gives the ids and the scope types each role applies to."`
	ScopeType string `json:"scopeType" jsonschema:"Where the role applies: ORGANIZATION, ENVIRONMENT, POPULATION or APPLICATION. It must be one of the role's applicableTo."`
	ScopeID   string `json:"scopeId" jsonschema:"ID (UUID) of the organization, environment, population or application the role applies to (matching scopeType)."`
}

func (grantIn) tuneSchema(s *jsonschema.Schema) { enum(s, "scopeType", pingone.ScopeTypes()...) }

type assignmentIDIn struct {
	RoleAssignmentID string `json:"roleAssignmentId" jsonschema:"ID (UUID) of the role assignment, from the matching list tool."`
}

// RoleAssignments are the client's role assignment verbs for one kind of
// actor (pingone.UsersService, pingone.GroupsService, …).
type RoleAssignments interface {
	ListRoleAssignments(ctx context.Context, envID, actorID string) ([]*pingone.RoleAssignment, error)
	GetRoleAssignment(ctx context.Context, envID, actorID, assignmentID string) (*pingone.RoleAssignment, error)
	CreateRoleAssignment(ctx context.Context, envID, actorID string, a *pingone.RoleAssignment) (*pingone.RoleAssignment, error)
	DeleteRoleAssignment(ctx context.Context, envID, actorID, assignmentID string) error
}

// RoleActor declares who holds role assignments: users, groups,
// applications. Its tools share one shape, whatever the actor:
//
//	list_<noun>_role_assignments  {<noun>Id, roleAssignments: [RoleAssignmentSummary]}
//	get_<noun>_role_assignment    {<noun>Id, roleAssignment: RoleAssignmentSummary}
//	assign_<noun>_role            the same, for the new assignment; Grant facts, confirmed
//	remove_<noun>_role_assignment {deleted, id}
//
// The assign tool declares a Grant, so the protected-role and
// administrators-environment rules apply to every kind of actor.
type RoleActor struct {
	// Noun names the actor in tool names and its id argument ("group": groupId).
	Noun string
	// Target is the actor, named in confirmations; its Arg is <noun>Id.
	Target *Target
	// PersonalData marks the reads as returning personal data (users).
	PersonalData bool
	// Client returns the actor's role assignment verbs.
	Client func(*pingone.Client) RoleAssignments
	// Descriptions of the list, get, assign and remove tools (Create is assign's).
	Descriptions Descriptions
}

func (r RoleActor) idArg() string { return r.Noun + "Id" }

// aNoun is the noun with its article, for titles ("a user", "an application").
func (r RoleActor) aNoun() string {
	if strings.ContainsAny(r.Noun[:1], "aeio") { // "a user"
		return "an " + r.Noun
	}
	return "a " + r.Noun
}

// schema is {environmentId, <noun>Id} and the properties of extra.
func (r RoleActor) schema(extra *jsonschema.Schema) *jsonschema.Schema {
	s := objectSchema()
	addProperty(s, r.idArg(), &jsonschema.Schema{Type: "string", Description: "ID (UUID) of the " + r.Noun + ".", Pattern: UUIDPattern}, true)
	if extra != nil {
		addProperties(s, extra, true)
	}
	return s
}

// args decodes the environment, the actor's id and the rest into rest.
func (r RoleActor) args(raw json.RawMessage, rest any) (env, actor string, err error) {
	var in envIn
	var all map[string]json.RawMessage
	if err := decodeArgs(raw, &in); err != nil {
		return "", "", err
	}
	if err := decodeArgs(raw, &all); err != nil {
		return "", "", err
	}
	if err := json.Unmarshal(all[r.idArg()], &actor); err != nil {
		return "", "", invalidArgs("argument %q must be a string", r.idArg())
	}
	if rest != nil {
		if err := decodeArgs(raw, rest); err != nil {
			return "", "", err
		}
	}
	return in.EnvironmentID, actor, nil
}

func (r RoleActor) meta(name, title, desc string, effect Effect) Meta {
	m := Meta{Name: name, Title: title, Description: desc, Collection: "roles", Effect: effect, Target: r.Target}
	if effect == Read {
		m.PersonalData = r.PersonalData
	} else {
		m.EnvironmentArg = "environmentId"
	}
	return m
}

// one is a get or assign result: {<noun>Id, roleAssignment}.
func (r RoleActor) one(actor string, a RoleAssignmentSummary) map[string]any {
	return map[string]any{r.idArg(): actor, "roleAssignment": a}
}

// Tools builds the actor's four role assignment tools.
func (r RoleActor) Tools() []*Tool {
	grant := func() *jsonschema.Schema {
		g := mustSchema[grantIn]()
		grantIn{}.tuneSchema(g)
		return r.schema(g)
	}
	assignment := func() *jsonschema.Schema { return r.schema(mustSchema[assignmentIDIn]()) }
	assign := r.meta("assign_"+r.Noun+"_role", "Grant a role to "+r.aNoun(), r.Descriptions.Create, Create)
	assign.Confirm = Confirm{Required: true}
	assign.Grant = &Grant{RoleArg: "roleId", ScopeTypeArg: "scopeType", ScopeIDArg: "scopeId"}
	return []*Tool{
		newTool(r.meta("list_"+r.Noun+"_role_assignments", "List "+r.aNoun()+"'s roles", r.Descriptions.List, Read), func() *jsonschema.Schema { return r.schema(nil) },
			func(ctx context.Context, d Deps, raw json.RawMessage) (any, error) {
				env, actor, err := r.args(raw, nil)
				if err != nil {
					return nil, err
				}
				list, err := r.Client(d.Client).ListRoleAssignments(ctx, env, actor)
				if err != nil {
					return nil, err
				}
				names, err := roleNames(ctx, d, env)
				if err != nil {
					return nil, err
				}
				rows := []RoleAssignmentSummary{}
				for _, a := range list {
					rows = append(rows, summarizeAssignment(a, names))
				}
				return map[string]any{r.idArg(): actor, "roleAssignments": rows}, nil
			}),
		newTool(r.meta("get_"+r.Noun+"_role_assignment", "Get "+r.aNoun()+"'s role assignment", r.Descriptions.Get, Read), assignment,
			func(ctx context.Context, d Deps, raw json.RawMessage) (any, error) {
				var in assignmentIDIn
				env, actor, err := r.args(raw, &in)
				if err != nil {
					return nil, err
				}
				a, err := r.Client(d.Client).GetRoleAssignment(ctx, env, actor, in.RoleAssignmentID)
				if err != nil {
					return nil, err
				}
				return r.one(actor, summarizeAssignment(a, roleName(ctx, d, env, a))), nil
			}),
		newTool(assign, grant, func(ctx context.Context, d Deps, raw json.RawMessage) (any, error) {
			var in grantIn
			env, actor, err := r.args(raw, &in)
			if err != nil {
				return nil, err
			}
			a, err := r.Client(d.Client).CreateRoleAssignment(ctx, env, actor, &pingone.RoleAssignment{
				Role: pingone.Ref(in.RoleID), Scope: &pingone.RoleAssignmentScope{ID: in.ScopeID, Type: in.ScopeType},
			})
			if err != nil {
				return nil, err
			}
			// The grant is done; a failed name lookup only leaves roleName out.
			return r.one(actor, summarizeAssignment(a, roleName(ctx, d, env, a))), nil
		}),
		newTool(r.meta("remove_"+r.Noun+"_role_assignment", "Remove a role from "+r.aNoun(), r.Descriptions.Delete, Delete), assignment,
			func(ctx context.Context, d Deps, raw json.RawMessage) (any, error) {
				var in assignmentIDIn
				env, actor, err := r.args(raw, &in)
				if err != nil {
					return nil, err
				}
				err = r.Client(d.Client).DeleteRoleAssignment(ctx, env, actor, in.RoleAssignmentID)
				return deleted{Deleted: err == nil, ID: in.RoleAssignmentID}, err
			}),
	}
}

// roleName maps an assignment's role id to its name (a system role's, or
// a custom role's of the environment), or to nothing when it cannot be read.
func roleName(ctx context.Context, d Deps, env string, a *pingone.RoleAssignment) map[string]string {
	names := map[string]string{}
	if a.Role == nil {
		return names
	}
	if r, err := d.Client.Roles.Get(ctx, a.Role.ID); err == nil {
		names[r.ID] = r.Name
	} else if c, err := d.Client.CustomRoles.Get(ctx, env, a.Role.ID); err == nil {
		names[c.ID] = c.Name
	}
	return names
}

// The actors whose role assignments p1kit reads and grants.
var (
	userRoles = RoleActor{
		Noun: "user", Target: users.Target(), PersonalData: true,
		Client: func(c *pingone.Client) RoleAssignments { return c.Users },
		Descriptions: Descriptions{
			List: "Lists the administrator roles granted to a user: for each assignment its id, the role's id and name, " +
				"and the scope (type and id) it applies to. Use the assignment id with remove_user_role_assignment. " +
				"Roles the user holds through a group are listed by list_group_role_assignments of its groups (list_user_groups).",
			Get: "Returns one role assignment of a user (id from list_user_role_assignments), with the role's name and its scope.",
			Create: "Grants an administrator role to a user at a scope (scopeType, scopeId); environmentId and userId name the user. " +
				"PingOne refuses a role the user already holds at that scope. Returns the new assignment with the role's name.",
			Delete: "Removes one role assignment from a user (the id from list_user_role_assignments); the user loses that role at that scope.",
		},
	}
	groupRoles = RoleActor{
		Noun: "group", Target: groups.Target(),
		Client: func(c *pingone.Client) RoleAssignments { return c.Groups },
		Descriptions: Descriptions{
			List: "Lists the administrator roles granted to a group, which its members (and the members of groups nested in it) hold: " +
				"for each assignment its id, the role's id and name, and the scope (type and id). list_group_members lists who holds them.",
			Get: "Returns one role assignment of a group (id from list_group_role_assignments), with the role's name and its scope.",
			Create: "Grants an administrator role to a group at a scope (scopeType, scopeId), so that every member (and every member " +
				"of a group nested in it) holds it. " +
				"PingOne refuses a role the group already holds at that scope. Returns the new assignment with the role's name.",
			Delete: "Removes one role assignment from a group (the id from list_group_role_assignments); its members lose that role at that scope, " +
				"unless they hold it another way.",
		},
	}
)

// applicationRoles: the roles of worker applications, which call the
// management API with them.
var applicationRoles = RoleActor{
	Noun: "application", Target: applications.Target(),
	Client: func(c *pingone.Client) RoleAssignments { return c.Applications },
	Descriptions: Descriptions{
		List: "Lists the administrator roles granted to an application (only WORKER applications hold roles; they call the PingOne API with them): " +
			"for each assignment its id, the role's id and name, and the scope (type and id).",
		Get: "Returns one role assignment of an application (id from list_application_role_assignments), with the role's name and its scope.",
		Create: "Grants an administrator role (a system role from list_roles, or a custom role from list_custom_roles) to a WORKER application " +
			"at a scope (scopeType, scopeId). " +
			"PingOne refuses other application types and a role the application already holds at that scope. Returns the new assignment with the role's name.",
		Delete: "Removes one role assignment from a worker application (the id from list_application_role_assignments); " +
			"its tokens lose that role's permissions at that scope.",
	},
}

func summarizeAssignment(a *pingone.RoleAssignment, names map[string]string) RoleAssignmentSummary {
	s := RoleAssignmentSummary{ID: a.ID, ReadOnly: a.ReadOnly != nil && *a.ReadOnly}
	if a.Role != nil {
		s.RoleID = a.Role.ID
		s.RoleName = names[a.Role.ID]
	}
	if a.Scope != nil {
		s.ScopeType, s.ScopeID = a.Scope.Type, a.Scope.ID
	}
	return s
}

// groupRoleAssignmentsServed and groupNestingsServed: a group's role
// assignments and the groups it is nested in.
var (
	groupRoleAssignmentsServed = handWritten("groupRoleAssignments", "roles", "groupRoleAssignment", "list_group_role_assignments",
		"get_group_role_assignment", "assign_group_role", "remove_group_role_assignment")
	groupNestingsServed = handWritten("groupNestings", "groups", "groupNesting", "list_group_nestings", "get_group_nesting",
		"add_group_to_group", "remove_group_from_group")
)

// applicationRoleAssignmentsServed: a worker application's role assignments.
var applicationRoleAssignmentsServed = handWritten("applicationRoleAssignments", "roles", "applicationRoleAssignment",
	"list_application_role_assignments", "get_application_role_assignment", "assign_application_role", "remove_application_role_assignment")

// rolesServed and roleAssignmentsServed: the system roles are read only,
// and a user's role assignments have verbs of their own.
var (
	rolesServed           = handWritten("roles", "roles", "role", "list_roles", "get_role")
	roleAssignmentsServed = handWritten("roleAssignments", "roles", "roleAssignment",
		"list_user_role_assignments", "assign_user_role", "remove_user_role_assignment")
)

func roleTools() []*Tool {
	return append(append([]*Tool{
		New(Meta{
			Name: "list_roles", Title: "List administrator roles", Collection: "roles", Effect: Read,
			Description: "Lists PingOne's system administrator roles (organization-wide, no environment needed): id, name, description, " +
				"and applicableTo, the scope types each role can be granted at. Use it to find the roleId for assign_user_role.",
		}, func(ctx context.Context, d Deps, _ listRolesIn) (listRolesOut, error) {
			roles, err := d.Client.Roles.List(ctx)
			if err != nil {
				return listRolesOut{}, err
			}
			return listRolesOut{Roles: rows(roles, func(r *pingone.Role) RoleSummary {
				return RoleSummary{ID: r.ID, Name: r.Name, Description: r.Description, ApplicableTo: orEmpty(r.ApplicableTo)}
			})}, nil
		}),
		New(Meta{
			Name: "get_role", Title: "Get administrator role", Collection: "roles", Effect: Read,
			Description: "Returns one system administrator role in full (organization-wide, no environment needed): id, name, description, " +
				"applicableTo and permissions, each {id, classifier, description}. Use it to see what a role allows before granting it.",
		}, func(ctx context.Context, d Deps, in getRoleIn) (map[string]*pingone.Role, error) {
			r, err := d.Client.Roles.Get(ctx, in.RoleID)
			return map[string]*pingone.Role{"role": r}, err
		}),
	}, userRoles.Tools()...), append(groupRoles.Tools(), applicationRoles.Tools()...)...)
}

// HeldRoles describes the role assignments of one principal (a user or a
// worker application of environment env) for a person, one "role (scope)"
// each, sorted: the role's name (a system role, or a custom role of env)
// or its id when the roles cannot be read, the scope type and, below the
// organisation, the scope's name from envNames (environment ids → names)
// or its id. p1 doctor shows them.
func HeldRoles(ctx context.Context, client *pingone.Client, env string, assignments []*pingone.RoleAssignment, envNames map[string]string) []string {
	names, _ := roleNames(ctx, Deps{Client: client}, env) // unreadable: the ids stand in
	var out []string
	for _, a := range assignments {
		if a.Role == nil || a.Scope == nil {
			continue
		}
		scope := a.Scope.Type
		if a.Scope.Type != pingone.ScopeOrganization {
			scope += " " + cmp.Or(envNames[a.Scope.ID], a.Scope.ID)
		}
		out = append(out, fmt.Sprintf("%s (%s)", cmp.Or(names[a.Role.ID], a.Role.ID), scope))
	}
	slices.Sort(out)
	return out
}

// roleNames maps the ids of the system roles and of the environment's
// custom roles to their names. The system roles must be read; custom roles
// that cannot be read (a caller without the permission) only leave their
// names out.
func roleNames(ctx context.Context, d Deps, env string) (map[string]string, error) {
	roles, err := d.Client.Roles.List(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(roles))
	for _, r := range roles {
		names[r.ID] = r.Name
	}
	for c, err := range d.Client.CustomRoles.All(ctx, env, nil) {
		if err != nil {
			break
		}
		names[c.ID] = c.Name
	}
	return names, nil
}
