package tools

import (
	"context"

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
	// RoleName is empty for a role that is not a system role (a custom role).
	RoleName  string `json:"roleName,omitempty"`
	ScopeType string `json:"scopeType"`
	ScopeID   string `json:"scopeId"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
}

type listRoleAssignmentsOut struct {
	UserID          string                  `json:"userId"`
	RoleAssignments []RoleAssignmentSummary `json:"roleAssignments"`
}

type assignRoleIn struct {
	userIn
	RoleID    string `json:"roleId" jsonschema:"ID (UUID) of the role to grant; list_roles gives the ids and the scope types each role applies to."`
	ScopeType string `json:"scopeType" jsonschema:"Where the role applies: ORGANIZATION, ENVIRONMENT, POPULATION or APPLICATION. It must be one of the role's applicableTo."`
	ScopeID   string `json:"scopeId" jsonschema:"ID (UUID) of the organization, environment, population or application the role applies to (matching scopeType)."`
}

func (assignRoleIn) tuneSchema(s *jsonschema.Schema) { enum(s, "scopeType", pingone.ScopeTypes()...) }

type roleAssignmentOut struct {
	UserID         string                `json:"userId"`
	RoleAssignment RoleAssignmentSummary `json:"roleAssignment"`
}

type roleAssignmentIn struct {
	userIn
	RoleAssignmentID string `json:"roleAssignmentId" jsonschema:"ID (UUID) of the role assignment, from list_user_role_assignments."`
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

func roleTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_roles", Title: "List administrator roles", Collection: "roles", Effect: Read,
			Description: "Lists PingOne's system administrator roles (organization-wide, no environment needed): id, name, description, " +
				"and applicableTo, the scope types each role can be granted at. Use it to find the roleId for assign_user_role.",
		}, func(ctx context.Context, d Deps, _ listRolesIn) (listRolesOut, error) {
			roles, err := d.Client.Roles.List(ctx)
			if err != nil {
				return listRolesOut{}, err
			}
			out := listRolesOut{Roles: []RoleSummary{}}
			for _, r := range roles {
				applicable := r.ApplicableTo
				if applicable == nil {
					applicable = []string{}
				}
				out.Roles = append(out.Roles, RoleSummary{ID: r.ID, Name: r.Name, Description: r.Description, ApplicableTo: applicable})
			}
			return out, nil
		}),
		New(Meta{
			Name: "get_role", Title: "Get administrator role", Collection: "roles", Effect: Read,
			Description: "Returns one system administrator role in full (organization-wide, no environment needed): id, name, description, " +
				"applicableTo and permissions, each {id, classifier, description}. Use it to see what a role allows before granting it.",
		}, func(ctx context.Context, d Deps, in getRoleIn) (map[string]*pingone.Role, error) {
			r, err := d.Client.Roles.Get(ctx, in.RoleID)
			return map[string]*pingone.Role{"role": r}, err
		}),
		New(Meta{
			Name: "list_user_role_assignments", Title: "List a user's roles", Collection: "roles", Effect: Read, PersonalData: true, Target: users.Target(),
			Description: "Lists the administrator roles granted to a user: for each assignment its id, the role's id and name, " +
				"and the scope (type and id) it applies to. Use the assignment id with remove_user_role_assignment.",
		}, func(ctx context.Context, d Deps, in userIn) (listRoleAssignmentsOut, error) {
			list, err := d.Client.Users.ListRoleAssignments(ctx, in.EnvironmentID, in.UserID)
			if err != nil {
				return listRoleAssignmentsOut{}, err
			}
			names, err := roleNames(ctx, d)
			if err != nil {
				return listRoleAssignmentsOut{}, err
			}
			out := listRoleAssignmentsOut{UserID: in.UserID, RoleAssignments: []RoleAssignmentSummary{}}
			for _, a := range list {
				out.RoleAssignments = append(out.RoleAssignments, summarizeAssignment(a, names))
			}
			return out, nil
		}),
		New(Meta{
			Name: "assign_user_role", Title: "Grant a role to a user", Collection: "roles", Effect: Create, EnvironmentArg: "environmentId",
			Target: users.Target(), Confirm: Confirm{Required: true}, Grant: &Grant{RoleArg: "roleId", ScopeTypeArg: "scopeType", ScopeIDArg: "scopeId"},
			Description: "Grants an administrator role to a user at a scope: the organization, an environment, a population or an application " +
				"(scopeType must be one of the role's applicableTo, from list_roles). environmentId and userId name the user. " +
				"PingOne refuses a role the user already holds at that scope. Returns the new assignment with the role's name.",
		}, func(ctx context.Context, d Deps, in assignRoleIn) (roleAssignmentOut, error) {
			a, err := d.Client.Users.CreateRoleAssignment(ctx, in.EnvironmentID, in.UserID, &pingone.RoleAssignment{
				Role: pingone.Ref(in.RoleID), Scope: &pingone.RoleAssignmentScope{ID: in.ScopeID, Type: in.ScopeType},
			})
			if err != nil {
				return roleAssignmentOut{}, err
			}
			// The grant is done; a failed name lookup only leaves roleName out.
			names := map[string]string{}
			if r, err := d.Client.Roles.Get(ctx, in.RoleID); err == nil {
				names[r.ID] = r.Name
			}
			return roleAssignmentOut{UserID: in.UserID, RoleAssignment: summarizeAssignment(a, names)}, nil
		}),
		New(Meta{
			Name: "remove_user_role_assignment", Title: "Remove a role from a user", Collection: "roles", Effect: Delete, EnvironmentArg: "environmentId",
			Target:      users.Target(),
			Description: "Removes one role assignment from a user (the id from list_user_role_assignments); the user loses that role at that scope.",
		}, func(ctx context.Context, d Deps, in roleAssignmentIn) (deleted, error) {
			err := d.Client.Users.DeleteRoleAssignment(ctx, in.EnvironmentID, in.UserID, in.RoleAssignmentID)
			return deleted{Deleted: err == nil, ID: in.RoleAssignmentID}, err
		}),
	}
}

// roleNames maps system role ids to names, from one Roles.List call.
func roleNames(ctx context.Context, d Deps) (map[string]string, error) {
	roles, err := d.Client.Roles.List(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(roles))
	for _, r := range roles {
		names[r.ID] = r.Name
	}
	return names, nil
}
