package pingonetest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Role assignment scope types (mgmt EnumRoleAssignmentScopeType).
var scopeTypes = []string{"ORGANIZATION", "ENVIRONMENT", "POPULATION", "APPLICATION"}

// systemRoles are the system roles the emulator knows, with the scopes
// PingOne documents each can be granted at and a sample of their
// permissions (PingOne lists dozens a role; these are the shape, with ids
// of the form <service>:<action>:<object>).
var systemRoles = []struct {
	name, description string
	applicableTo      []string
	permissions       []string
}{
	{"Organization Admin", "Manages the organization: environments, licenses and every administrator role.", []string{"ORGANIZATION"},
		[]string{"orgmgt:read:organization", "orgmgt:update:organization", "orgmgt:read:environment", "orgmgt:create:environment",
			"orgmgt:update:environment", "orgmgt:delete:environment", "orgmgt:read:license", "authz:create:roleAssignment", "authz:delete:roleAssignment"}},
	{"Environment Admin", "Manages environments and everything in them, including granting roles within them.", []string{"ORGANIZATION", "ENVIRONMENT"},
		[]string{"orgmgt:read:environment", "orgmgt:update:environment", "orgmgt:delete:environment", "authz:create:roleAssignment",
			"authz:delete:roleAssignment", "authz:read:roleAssignment", "mgmt:read:application", "mgmt:update:application"}},
	{"Identity Data Admin", "Manages users, groups and populations and their data.", []string{"ENVIRONMENT", "POPULATION"},
		[]string{"identity:read:user", "identity:create:user", "identity:update:user", "identity:delete:user", "identity:read:group",
			"identity:update:group", "identity:read:population", "identity:update:population"}},
	{"Identity Data Read Only", "Reads users, groups and populations.", []string{"ENVIRONMENT", "POPULATION"},
		[]string{"identity:read:user", "identity:read:group", "identity:read:population"}},
	{"Client Application Developer", "Manages applications and their connections.", []string{"ENVIRONMENT"},
		[]string{"mgmt:read:application", "mgmt:create:application", "mgmt:update:application", "mgmt:delete:application", "mgmt:read:resource"}},
	{"Configuration Read Only", "Reads the configuration of an environment.", []string{"ENVIRONMENT"},
		[]string{"orgmgt:read:environment", "mgmt:read:application", "mgmt:read:signOnPolicy", "mgmt:read:passwordPolicy"}},
	{"Application Owner", "Manages the applications it is granted for.", []string{"APPLICATION"},
		[]string{"mgmt:read:application", "mgmt:update:application"}},
	{"Help Desk Admin", "Unlocks accounts, resets passwords and MFA devices of users.", []string{"ENVIRONMENT", "POPULATION"},
		[]string{"identity:read:user", "identity:update:userPassword", "identity:update:userAccount", "mfa:delete:device", "mfa:read:device"}},
}

// rolePermissions renders permission ids as PingOne's role permissions.
func rolePermissions(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		action, object, _ := strings.Cut(strings.SplitN(id, ":", 2)[1], ":")
		out[i] = doc{"id": id, "classifier": id, "description": capitalize(action) + " " + object}
	}
	return out
}

// roleNamespace makes role ids name-derived (UUID v5), so they are the same
// in every emulator and independent of the demo tenant's id sequence.
var roleNamespace = uuid.MustParse("5f1b3c44-2a0e-4c1f-9a52-70316b697452")

func roleID(name string) string { return uuid.NewSHA1(roleNamespace, []byte(name)).String() }

// seedRoles adds the system roles and returns their ids by name.
func seedRoles(st *state) map[string]string {
	ids := map[string]string{}
	for _, r := range systemRoles {
		id := roleID(r.name)
		ids[r.name] = id
		st.colls[keyRoles].add(doc{"id": id, "name": r.name, "description": r.description, "applicableTo": deepCopy(r.applicableTo),
			"permissions": rolePermissions(r.permissions)})
	}
	return ids
}

// roles: the system roles, organisation-wide and read-only, each with its
// permissions.
var roles *resource

func declareRoles() *resource {
	return &resource{
		key: keyRoles, kind: "role", name: "name", verbs: vRead,
		readOnly: []string{"id", "_links", "applicableTo", "description", "permissions"},
	}
}

// roleAssignments grant a user a role at a scope: the organisation, an
// environment, a population or an application of the organisation. One
// user cannot hold the same role at the same scope twice. They live below
// the user (and go with it). PingOne removes the assignments whose scope is
// deleted, so the scope references cascade; the role reference restricts,
// though no system role can be deleted. An ORGANIZATION scope must be the
// environment's own organisation, which cannot be deleted: checked by
// checkRoleAssignment, not declared.
var roleAssignments *resource

func declareRoleAssignments() *resource { return assignmentsOf(keyRoleAssignments, keyUsers) }

// groupRoleAssignments grant a role to a group's members, and to the
// members of the groups nested in it, by the rules of roleAssignments;
// they live below the group and go with it (PingOne deletes them with it).
var groupRoleAssignments *resource

func declareGroupRoleAssignments() *resource {
	return assignmentsOf(keyGroupRoleAssignments, keyGroups)
}

// keyApplicationRoleAssignments are served at
// applications/{id}/roleAssignments, under the HAL key roleAssignments.
const keyApplicationRoleAssignments = "applicationRoleAssignments"

// applicationRoleAssignments grant a role to an application, by the rules
// of roleAssignments: only a WORKER application holds roles (PingOne's
// worker apps call its management API with them). They live below the
// application and go with it.
var applicationRoleAssignments *resource

func declareApplicationRoleAssignments() *resource {
	return assignmentsOf(keyApplicationRoleAssignments, keyApplications)
}

// assignmentsOf declares the role assignments of one kind of actor (a
// user, a group): same body, references and rules, below the actor.
func assignmentsOf(key, actor string) *resource {
	r := &resource{
		key: key, path: "roleAssignments", kind: "role assignment", parent: actor,
		verbs: vList | vGet | vCreate | vDelete,
		members: []member{
			{path: "role", kind: mRef, required: true},
			{path: "scope", kind: mObject, required: true},
			{path: "scope.id", kind: mString, required: true},
			{path: "scope.type", kind: mString, required: true, enum: scopeTypes},
		},
		readOnly: []string{"id", "environment", "_links", "_embedded", "readOnly", "group", "gateway"},
		refs: []reference{
			{member: "role.id", target: keyRoles, or: keyCustomRoles, onDelete: restrict, link: "role"},
			{member: "scope.id", when: "scope.type", is: "ENVIRONMENT", target: keyEnvironments, onDelete: cascade},
			{member: "scope.id", when: "scope.type", is: "POPULATION", target: keyPopulations, onDelete: cascade, anyEnv: true},
			{member: "scope.id", when: "scope.type", is: "APPLICATION", target: keyApplications, onDelete: cascade, anyEnv: true},
		},
		check: checkRoleAssignment,
	}
	if key != keyRoleAssignments {
		r.hal = keyRoleAssignments
	}
	return r
}

// checkRoleAssignment: only a worker application holds roles, the role (a
// system role, or a custom role of the environment) must apply at the
// scope's type (a custom role without applicableTo applies at any), an
// ORGANIZATION scope is the environment's organisation, and the actor must
// not hold the role at that scope already.
func checkRoleAssignment(w *write) *apiError {
	if w.r.parent == keyApplications {
		if app := w.d.coll(keyApplications).get(w.parent); app["type"] != "WORKER" {
			return invalidField(detailInvalidValue, "application",
				fmt.Sprintf("Only WORKER applications can be assigned roles; application %q is a %v %v application", str(app, "name"), app["protocol"], app["type"]))
		}
	}
	role := w.e.st.colls[keyRoles].get(str(w.body, "role.id"))
	if role == nil {
		role = w.d.coll(keyCustomRoles).get(str(w.body, "role.id"))
	}
	stype, sid := str(w.body, "scope.type"), str(w.body, "scope.id")
	applicable, limited := stringsOf(role["applicableTo"]), role["applicableTo"] != nil
	if limited && !slices.Contains(applicable, stype) {
		return invalidData(errDetail{
			Code: detailInvalidValue, Target: "scope.type",
			Message:    fmt.Sprintf("role %q cannot be granted at %s scope; it applies to %v", str(role, "name"), stype, applicable),
			InnerError: map[string]any{"allowedValues": toAnySlice(applicable)},
		})
	}
	if org := str(w.e.st.envs().get(w.env), "organization.id"); stype == "ORGANIZATION" && sid != org {
		return invalidField(detailInvalidValue, "scope.id", fmt.Sprintf("organization %s is not this environment's organization (%s)", sid, org))
	}
	for _, a := range w.items().all() {
		if str(a, "role.id") == str(w.body, "role.id") && str(a, "scope.id") == sid && str(a, "scope.type") == stype {
			return uniqueness("role", fmt.Sprintf("The %s already has role %q at this %s scope", byKey[w.r.parent].kind, str(role, "name"), stype), a["id"].(string))
		}
	}
	w.body["readOnly"] = false
	return nil
}

// stringsOf reads a stored JSON array of strings.
func stringsOf(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
