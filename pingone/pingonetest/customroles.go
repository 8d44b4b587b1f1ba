package pingonetest

import (
	"fmt"
	"slices"
	"strings"
)

// keyCustomRoles are an environment's custom administrator roles, served at
// environments/{id}/roles under the HAL key roles.
const keyCustomRoles = "customRoles"

// customRolesFilter: PingOne's example filters on type; id and name besides.
var customRolesFilter = &filterSpec{
	attrs:   []attrSpec{{"id", kString, opsEq}, {"name", kString, opsEqSw}, {"type", kString, opsEq}},
	logical: andOr,
}

// customRoles are administrator roles an organisation defines: a name
// (unique, and no system role's), the permissions they carry (each one a
// system role carries: PingOne grants no permission it does not define),
// the roles whose holders may assign them (canBeAssignedBy: system roles or
// custom roles of the environment) and the scope types they apply to
// (absent: any). canAssign is derived: the custom roles that name this one
// in their canBeAssignedBy. A custom role that is assigned (to a user, a
// group or an application) or named by another's canBeAssignedBy cannot be
// deleted, as PingOne refuses.
var customRoles *resource

func declareCustomRoles() *resource {
	return &resource{
		key: keyCustomRoles, path: "roles", hal: keyRoles, kind: "custom role", parent: keyEnvironments, name: "name",
		verbs: vCRUD, filter: customRolesFilter, maxLimit: 1000,
		members:  named([]member{{path: "applicableTo", kind: mStrings, enum: scopeTypes}}),
		readOnly: []string{"id", "environment", "_links", "_embedded", "canAssign", "type"},
		unique:   []unique{{member: "name", foldCase: true}},
		validate: func(v *validator, body doc) {
			v.idList(body, "permissions")
			v.idList(body, "canBeAssignedBy")
		},
		check:  checkCustomRole,
		render: renderCustomRole,
		refuse: refuseNamedCustomRole,
	}
}

// idList reads a required, non-empty array of {id: "…"} objects at key.
func (v *validator) idList(d doc, key string) {
	if list, ok := d[key].([]any); !ok || len(list) == 0 {
		v.add(detailRequired, key, key+" is required: a non-empty array of objects with an id")
		return
	}
	v.refList(d, key)
}

// permissionIDs are the permissions the system roles carry: the only ones a
// custom role may.
func (st *state) permissionIDs() map[string]bool {
	out := map[string]bool{}
	for _, r := range st.colls[keyRoles].all() {
		for _, id := range refIDs(r["permissions"], "id") {
			out[id] = true
		}
	}
	return out
}

// checkCustomRole: the name is no system role's, every permission exists,
// every canBeAssignedBy is a system role or another custom role of the
// environment; the type is CUSTOM.
func checkCustomRole(w *write) *apiError {
	name := str(w.body, "name")
	for _, r := range w.e.st.colls[keyRoles].all() {
		if strings.EqualFold(str(r, "name"), name) {
			return uniqueness("name", fmt.Sprintf("%q is the name of a system role; a custom role needs a name of its own", name), r["id"].(string))
		}
	}
	known := w.e.st.permissionIDs()
	for i, p := range refIDs(w.body["permissions"], "id") {
		if !known[p] {
			return invalidField(detailInvalidValue, fmt.Sprintf("permissions[%d].id", i),
				fmt.Sprintf("permission %q does not exist; custom roles carry the permissions of the system roles (get_role lists them)", p))
		}
	}
	for i, id := range refIDs(w.body["canBeAssignedBy"], "id") {
		if w.e.st.colls[keyRoles].get(id) == nil && (id == w.id || w.d.coll(keyCustomRoles).get(id) == nil) {
			return invalidField(detailInvalidValue, fmt.Sprintf("canBeAssignedBy[%d].id", i),
				fmt.Sprintf("role %s is neither a system role nor another custom role of this environment", id))
		}
	}
	w.body["type"] = "CUSTOM"
	return nil
}

// renderCustomRole derives canAssign from the other custom roles'
// canBeAssignedBy.
func renderCustomRole(l *loc, src, out doc) {
	id := src["id"].(string)
	can := []any{}
	for _, r := range l.d.coll(keyCustomRoles).all() {
		if slices.Contains(refIDs(r["canBeAssignedBy"], "id"), id) {
			can = append(can, ref(r["id"].(string)))
		}
	}
	out["canAssign"] = can
}

// refuseNamedCustomRole refuses the delete of a custom role another one
// names in its canBeAssignedBy (its assignments restrict by reference).
func refuseNamedCustomRole(l *loc, d doc) *apiError {
	id := d["id"].(string)
	for _, r := range l.d.coll(keyCustomRoles).all() {
		if r["id"] != id && slices.Contains(refIDs(r["canBeAssignedBy"], "id"), id) {
			return constraint("id", fmt.Sprintf("Custom role %q cannot be deleted: custom role %q names it in canBeAssignedBy; change that role first.",
				str(d, "name"), str(r, "name")))
		}
	}
	return nil
}
