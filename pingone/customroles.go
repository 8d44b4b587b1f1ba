package pingone

// CustomRolesService manages an environment's custom administrator roles:
// /environments/{envID}/roles. A custom role carries permissions the system
// roles define (RolesService.Get lists them), names the roles whose holders
// may assign it (CanBeAssignedBy) and is granted like a system role, with
// CreateRoleAssignment of a user, a group or a worker application. List
// filters on `type eq "CUSTOM"`, `name eq` and `id eq`; PingOne refuses to
// delete a custom role that is assigned.
type CustomRolesService struct{ EnvCollection[CustomRole] }

// The spec's CustomAdminRole flags type and canAssign read-only; PingOne
// derives canAssign from the other roles' canBeAssignedBy.
var customRolesResource = Resource{Path: "roles", Key: "roles",
	ReadOnly: []string{"_links", "canAssign", "environment", "id", "type"}}

// Custom role types (CustomRole.Type, read-only).
const (
	RoleTypePlatform = "PLATFORM"
	RoleTypeCustom   = "CUSTOM"
)

// CustomRole is an administrator role an organisation defines. Name,
// Permissions and CanBeAssignedBy are required.
type CustomRole struct {
	Meta
	RoleDefinition
	// CanBeAssignedBy are the roles (system or custom) whose holders may
	// assign this role at their own scope.
	CanBeAssignedBy []*ObjectRef `json:"canBeAssignedBy"`
	// CanAssign are the roles holders of this one may assign (read-only).
	CanAssign []*ObjectRef `json:"canAssign,omitempty"`
	// Type is RoleTypeCustom (read-only).
	Type string `json:"type,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}
