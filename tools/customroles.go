package tools

import (
	"encoding/json"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// CustomRoleSummary is one row of list_custom_roles.
type CustomRoleSummary struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Type         string   `json:"type,omitempty"`
	Description  string   `json:"description,omitempty"`
	ApplicableTo []string `json:"applicableTo,omitempty"`
	// Permissions are the ids of the permissions the role carries.
	Permissions []string `json:"permissions"`
}

// idList is a list of ids a model gives as strings; PingOne takes it as
// [{"id": …}, …] (a custom role's permissions and canBeAssignedBy).
type idList []string

// MarshalJSON writes the ids as PingOne's references.
func (l idList) MarshalJSON() ([]byte, error) {
	refs := make([]pingone.ObjectRef, len(l))
	for i, id := range l {
		refs[i] = pingone.ObjectRef{ID: id}
	}
	return json.Marshal(refs)
}

// customRoleFields are the settable fields of a custom role.
type customRoleFields struct {
	Name         string   `json:"name" jsonschema:"Role name, unique, and not the name of a system role."`
	Description  *string  `json:"description,omitempty" jsonschema:"Description."`
	ApplicableTo []string `json:"applicableTo,omitempty" jsonschema:"Scope types the role can be granted at; omitted, every type."`
	Permissions  idList   `json:"permissions" jsonschema:"IDs of the permissions the role carries, e.g. [\"identity:read:user\"]; only the permissions of the system roles exist (get_role lists a role's)."`
	// CanBeAssignedBy names roles, not users: who may hand the role out.
	CanBeAssignedBy idList `json:"canBeAssignedBy" jsonschema:"IDs of the roles (system roles from list_roles, or custom roles of the environment) whose holders may assign this role at their own scope."`
}

func (customRoleFields) tuneSchema(s *jsonschema.Schema) {
	enum(s, "applicableTo", pingone.ScopeTypes()...)
	prop(s, "permissions").MinItems = jsonschema.Ptr(1)
	prop(s, "canBeAssignedBy").MinItems = jsonschema.Ptr(1)
}

var customRoles = Family[pingone.CustomRole, CustomRoleSummary, customRoleFields]{
	Noun: "custom_role", Collection: "custom_roles",
	Client: func(c *pingone.Client) EnvResource[pingone.CustomRole] { return c.CustomRoles },
	Summary: func(r *pingone.CustomRole) CustomRoleSummary {
		return CustomRoleSummary{ID: r.ID, Name: r.Name, Type: r.Type, Description: r.Description, ApplicableTo: r.ApplicableTo,
			Permissions: rows(r.Permissions, func(p *pingone.RolePermission) string { return p.ID })}
	},
	Name:   func(r *pingone.CustomRole) string { return r.Name },
	Filter: `SCIM filter on type, name or id, e.g. type eq "CUSTOM" (PingOne may list the system roles here too, as type PLATFORM) or name sw "Audit".`,
	Descriptions: Descriptions{
		List: "Lists the custom administrator roles of an environment: id, name, type, applicableTo and the permission ids each carries. " +
			"Grant one with assign_user_role, assign_group_role or assign_application_role, like a system role (list_roles).",
		Get: "Returns one custom role in full: permissions, applicableTo, canBeAssignedBy (roles whose holders may assign it) and canAssign (roles its holders may assign).",
		Create: "Creates a custom administrator role: a name, the permission ids it carries " +
			"and canBeAssignedBy, the roles whose holders may assign it. p1kit refuses permissions that only a protected role " +
			"(Organization Admin, Environment Admin by default) carries, so a custom role never hands out their power under another name.",
		Update: "Updates a custom role; permissions and canBeAssignedBy given replace the whole list. " +
			"The protected-permission rule of create_custom_role applies.",
		Delete: "Deletes a custom role. PingOne refuses while it is assigned to a user, a group or an application (remove those assignments first) " +
			"or another custom role names it in canBeAssignedBy.",
	},
}

// customRoleTools builds the custom role family; create and update define
// a role's permissions, so they carry the Grant fact that checks them.
func customRoleTools() []*Tool {
	out := customRoles.Tools()
	for _, t := range out {
		if t.IsWrite() && t.Effect != Delete {
			t.withGrant(&Grant{PermissionsArg: "permissions"})
		}
	}
	return out
}
