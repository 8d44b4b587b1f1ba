package pingone

import "context"

// RolesService reads PingOne's system administrator roles: /roles. Roles are
// organisation-wide (no environment); they are granted to users with
// UsersService.CreateRoleAssignment. PingOne only lists and reads them, so
// the service holds its collection rather than embedding it: it offers no
// verb PingOne does not serve.
type RolesService struct{ roles OrgCollection[Role] }

var rolesResource = Resource{Path: "roles", Key: "roles",
	ReadOnly: []string{"_links", "applicableTo", "description", "id", "permissions"}}

// Role assignments have no PUT; the users service wraps list, get, create
// and delete.
var roleAssignmentsResource = Resource{Parent: "users", Path: "roleAssignments", Key: "roleAssignments",
	ReadOnly: []string{"_links", "environment", "gateway", "group", "id", "readOnly"}}

// The system role names PingOne defines (mgmt EnumRoleName), for the roles
// an administrator grants most often.
const (
	RoleOrganizationAdmin          = "Organization Admin"
	RoleEnvironmentAdmin           = "Environment Admin"
	RoleIdentityDataAdmin          = "Identity Data Admin"
	RoleIdentityDataReadOnly       = "Identity Data Read Only"
	RoleConfigurationReadOnly      = "Configuration Read Only"
	RoleClientApplicationDeveloper = "Client Application Developer"
	RoleApplicationOwner           = "Application Owner"
	RoleHelpDeskAdmin              = "Help Desk Admin"
)

// Role assignment scope types: where a granted role applies
// (RoleAssignmentScope.Type, Role.ApplicableTo).
const (
	ScopeOrganization = "ORGANIZATION"
	ScopeEnvironment  = "ENVIRONMENT"
	ScopePopulation   = "POPULATION"
	ScopeApplication  = "APPLICATION"
)

// ScopeTypes lists the role assignment scope types.
func ScopeTypes() []string {
	return []string{ScopeOrganization, ScopeEnvironment, ScopePopulation, ScopeApplication}
}

// Role is a system administrator role. Every field is read-only.
type Role struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// ApplicableTo lists the scope types the role can be granted at
	// (ScopeOrganization, ScopeEnvironment, …).
	ApplicableTo []string          `json:"applicableTo,omitempty"`
	Permissions  []*RolePermission `json:"permissions,omitempty"`
	// Extra keeps members this type does not name.
	Extra Extra `json:"-"`
}

// RolePermission is one permission a role carries.
type RolePermission struct {
	ID          string `json:"id"`
	Classifier  string `json:"classifier,omitempty"`
	Description string `json:"description,omitempty"`
}

// List returns every system role. The list is short, so it follows every
// page and returns them all.
func (s *RolesService) List(ctx context.Context) ([]*Role, error) {
	return collect(s.roles.All(ctx, nil))
}

// Get returns one system role.
func (s *RolesService) Get(ctx context.Context, roleID string) (*Role, error) {
	return s.roles.Get(ctx, roleID)
}

// RoleAssignment grants a role to an actor (here a user) at a scope: the
// whole organisation, one environment, one population or one application.
type RoleAssignment struct {
	Meta
	Role  *ObjectRef           `json:"role"`
	Scope *RoleAssignmentScope `json:"scope"`
	// ReadOnly is true when the caller cannot delete this assignment.
	ReadOnly *bool `json:"readOnly,omitempty"`
	// Extra keeps members this type does not name (group, gateway).
	Extra Extra `json:"-"`
}

// RoleAssignmentScope is where a role assignment applies: Type is one of
// ScopeTypes and ID the organisation, environment, population or
// application id.
type RoleAssignmentScope struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// RoleAssignments are the role assignments of one kind of actor — a user, a
// group or an application — at /environments/{envID}/{actors}/{actorID}/roleAssignments.
// UsersService and GroupsService embed one, so their methods read
// c.Users.ListRoleAssignments(ctx, envID, userID).
type RoleAssignments struct {
	roleAssignments ChildCollection[RoleAssignment]
}

// ListRoleAssignments returns every role assignment of the actor.
func (s *RoleAssignments) ListRoleAssignments(ctx context.Context, envID, actorID string) ([]*RoleAssignment, error) {
	return collect(s.roleAssignments.All(ctx, envID, actorID, nil))
}

// GetRoleAssignment returns one role assignment of the actor.
func (s *RoleAssignments) GetRoleAssignment(ctx context.Context, envID, actorID, assignmentID string) (*RoleAssignment, error) {
	return s.roleAssignments.Get(ctx, envID, actorID, assignmentID)
}

// CreateRoleAssignment grants a role to the actor (a group's to its
// members); a.Role and a.Scope are required. PingOne refuses a scope type the
// role is not applicable to and a duplicate of an existing assignment (400
// INVALID_DATA).
func (s *RoleAssignments) CreateRoleAssignment(ctx context.Context, envID, actorID string, a *RoleAssignment) (*RoleAssignment, error) {
	if err := a.check("CreateRoleAssignment"); err != nil {
		return nil, err
	}
	return s.roleAssignments.Create(ctx, envID, actorID, a)
}

// DeleteRoleAssignment removes a role assignment from the actor.
func (s *RoleAssignments) DeleteRoleAssignment(ctx context.Context, envID, actorID, assignmentID string) error {
	return s.roleAssignments.Delete(ctx, envID, actorID, assignmentID)
}

// check refuses an assignment without a role or a scope before any request.
func (a *RoleAssignment) check(op string) error {
	if a == nil || a.Role == nil || a.Role.ID == "" {
		return errEmptyID(op, "role.id")
	}
	if a.Scope == nil || a.Scope.ID == "" || a.Scope.Type == "" {
		return errEmptyID(op, "scope.id or scope.type")
	}
	return nil
}
