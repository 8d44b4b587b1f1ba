package pingonetest

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/google/uuid"
)

// Role assignment scope types (mgmt EnumRoleAssignmentScopeType).
var scopeTypes = []string{"ORGANIZATION", "ENVIRONMENT", "POPULATION", "APPLICATION"}

// systemRoles are the system roles the emulator knows, with the scopes
// PingOne documents each can be granted at.
var systemRoles = []struct {
	name, description string
	applicableTo      []string
}{
	{"Organization Admin", "Manages the organization: environments, licenses and every administrator role.", []string{"ORGANIZATION"}},
	{"Environment Admin", "Manages environments and everything in them, including granting roles within them.", []string{"ORGANIZATION", "ENVIRONMENT"}},
	{"Identity Data Admin", "Manages users, groups and populations and their data.", []string{"ENVIRONMENT", "POPULATION"}},
	{"Identity Data Read Only", "Reads users, groups and populations.", []string{"ENVIRONMENT", "POPULATION"}},
	{"Client Application Developer", "Manages applications and their connections.", []string{"ENVIRONMENT"}},
	{"Configuration Read Only", "Reads the configuration of an environment.", []string{"ENVIRONMENT"}},
	{"Application Owner", "Manages the applications it is granted for.", []string{"APPLICATION"}},
	{"Help Desk Admin", "Unlocks accounts, resets passwords and MFA devices of users.", []string{"ENVIRONMENT", "POPULATION"}},
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
		st.roles.add(doc{"id": id, "name": r.name, "description": r.description, "applicableTo": deepCopy(r.applicableTo)})
	}
	return ids
}

func (e *Emulator) routeRoles(c *rctx, rest []string) result {
	m := c.r.Method
	switch len(rest) {
	case 0:
		return dispatch(m, handlers{http.MethodGet: func() result { return e.listRoles(c) }})
	case 1:
		return dispatch(m, handlers{http.MethodGet: func() result { return e.getRole(c, rest[0]) }})
	}
	return errResult(routeNotFound())
}

func (e *Emulator) renderRole(c *rctx, r doc) doc {
	out := copyDoc(r)
	out["_links"] = selfLinks(c.href("roles", r["id"].(string)))
	return out
}

func (e *Emulator) listRoles(c *rctx) result {
	e.mu.RLock()
	defer e.mu.RUnlock()
	items := make([]any, len(e.st.roles.items))
	for i, r := range e.st.roles.items {
		items[i] = e.renderRole(c, r)
	}
	return c.collectionResult("roles", items, len(items), listParams{}, false)
}

func (e *Emulator) getRole(c *rctx, id string) result {
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.st.roles.get(id)
	if r == nil {
		return errResult(notFound("role", id))
	}
	return okJSON(e.renderRole(c, r))
}

// ---- user role assignments ----

func (e *Emulator) routeUserRoleAssignments(c *rctx, envID, userID string, rest []string) result {
	m := c.r.Method
	switch len(rest) {
	case 0:
		return dispatch(m, handlers{
			http.MethodGet:  func() result { return e.listUserRoleAssignments(c, envID, userID) },
			http.MethodPost: func() result { return e.createUserRoleAssignment(c, envID, userID) },
		})
	case 1:
		id := rest[0]
		return dispatch(m, handlers{
			http.MethodGet:    func() result { return e.getUserRoleAssignment(c, envID, userID, id) },
			http.MethodDelete: func() result { return e.deleteUserRoleAssignment(c, envID, userID, id) },
		})
	}
	return errResult(routeNotFound())
}

func (e *Emulator) renderRoleAssignment(c *rctx, envID, userID string, a doc) doc {
	out := copyDoc(a)
	id := a["id"].(string)
	out["_links"] = doc{
		"self": doc{"href": c.href("environments", envID, "users", userID, "roleAssignments", id)},
		"role": doc{"href": c.href("roles", str(a, "role.id"))},
		"user": doc{"href": c.href("environments", envID, "users", userID)},
	}
	return out
}

// assignmentsOf returns a user's role assignments (nil if none yet).
func (d *envData) assignmentsOf(userID string) *collection {
	return d.roleAssignments[userID]
}

func (e *Emulator) listUserRoleAssignments(c *rctx, envID, userID string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		if d.users.get(userID) == nil {
			return errResult(notFound("user", userID))
		}
		var items []any
		if as := d.assignmentsOf(userID); as != nil {
			for _, a := range as.items {
				items = append(items, e.renderRoleAssignment(c, envID, userID, a))
			}
		}
		return c.collectionResult("roleAssignments", items, len(items), listParams{}, false)
	})
}

func (e *Emulator) getUserRoleAssignment(c *rctx, envID, userID, id string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		if d.users.get(userID) == nil {
			return errResult(notFound("user", userID))
		}
		as := d.assignmentsOf(userID)
		if as == nil || as.get(id) == nil {
			return errResult(notFound("role assignment", id))
		}
		return okJSON(e.renderRoleAssignment(c, envID, userID, as.get(id)))
	})
}

func (e *Emulator) createUserRoleAssignment(c *rctx, envID, userID string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	roleRef, _ := body["role"].(map[string]any)
	scope, _ := body["scope"].(map[string]any)
	var rid, sid, stype string
	if roleRef == nil {
		v.add(detailRequired, "role", "role is required: an object with the id of the role to grant")
	} else {
		rid = v.reqString(roleRef, "id", "role.id")
	}
	if scope == nil {
		v.add(detailRequired, "scope", "scope is required: an object with the id and type of where the role applies")
	} else {
		sid = v.reqString(scope, "id", "scope.id")
		stype = v.reqString(scope, "type", "scope.type")
		v.enum("scope.type", stype, scopeTypes)
	}
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, true, func(d *envData) result {
		if d.users.get(userID) == nil {
			return errResult(notFound("user", userID))
		}
		role := e.st.roles.get(rid)
		if role == nil {
			return errResult(invalidField(detailInvalidValue, "role.id", fmt.Sprintf("role %s does not exist; GET /roles lists the system roles", rid)))
		}
		applicable := stringsOf(role["applicableTo"])
		if !slices.Contains(applicable, stype) {
			return errResult(invalidData(errDetail{
				Code: detailInvalidValue, Target: "scope.type",
				Message:    fmt.Sprintf("role %q cannot be granted at %s scope; it applies to %v", str(role, "name"), stype, applicable),
				InnerError: map[string]any{"allowedValues": toAnySlice(applicable)},
			}))
		}
		if msg := e.scopeMissing(envID, stype, sid); msg != "" {
			return errResult(invalidField(detailInvalidValue, "scope.id", msg))
		}
		as := d.roleAssignments[userID]
		if as == nil {
			as = newCollection()
			d.roleAssignments[userID] = as
		}
		for _, a := range as.items {
			if str(a, "role.id") == rid && str(a, "scope.id") == sid && str(a, "scope.type") == stype {
				return errResult(uniqueness("role", fmt.Sprintf("The user already has role %q at this %s scope", str(role, "name"), stype), a["id"].(string)))
			}
		}
		id := e.st.ids.uuid()
		a := doc{
			"id": id, "environment": ref(envID), "role": ref(rid),
			"scope": doc{"id": sid, "type": stype}, "readOnly": false,
		}
		as.add(a)
		res := created(e.renderRoleAssignment(c, envID, userID, a))
		res.header = http.Header{"Location": {c.href("environments", envID, "users", userID, "roleAssignments", id)}}
		return res
	})
}

// scopeMissing says why a scope id names nothing of its type in the
// organisation of envID, or returns "". Call with e.mu held.
func (e *Emulator) scopeMissing(envID, typ, id string) string {
	org := str(e.st.envs.get(envID), "organization.id")
	switch typ {
	case "ORGANIZATION":
		if id != org {
			return fmt.Sprintf("organization %s is not this environment's organization (%s)", id, org)
		}
	case "ENVIRONMENT":
		if env := e.st.envs.get(id); env == nil || str(env, "organization.id") != org {
			return fmt.Sprintf("environment %s does not exist in this organization", id)
		}
	case "POPULATION", "APPLICATION":
		for _, d := range e.st.envData {
			set := d.populations
			if typ == "APPLICATION" {
				set = d.apps
			}
			if set.get(id) != nil {
				return ""
			}
		}
		return fmt.Sprintf("%s %s does not exist in this organization", lower(typ), id)
	}
	return ""
}

func (e *Emulator) deleteUserRoleAssignment(c *rctx, envID, userID, id string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		if d.users.get(userID) == nil {
			return errResult(notFound("user", userID))
		}
		as := d.roleAssignments[userID]
		if as == nil || !as.remove(id) {
			return errResult(notFound("role assignment", id))
		}
		return noContent()
	})
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
