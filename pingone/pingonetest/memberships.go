package pingonetest

import "fmt"

// groupMemberships: a user's group memberships, at users/{id}/memberOfGroups;
// a membership's id is the group's. DIRECT ones are added; INDIRECT ones
// are computed (reindirect) for the groups a direct group is nested in,
// transitively, and cannot be removed on their own. They live below the
// user and go with it or with the group. Adding one is written by hand
// (addUserToGroup): dynamic groups take no direct members and a
// population-scoped group takes its population's users only.
var groupMemberships *resource

func declareGroupMemberships() *resource {
	return &resource{
		key: keyGroupMemberships, path: "memberOfGroups", kind: "group membership", parent: keyUsers,
		verbs: vList | vGet | vCreate | vDelete, filter: membershipsFilter, maxLimit: 1000,
		readOnly: []string{"environment", "_links", "_embedded", "name", "type"},
		refs:     []reference{{member: "id", target: keyGroups, onDelete: cascade, link: "group"}},
		create:   addUserToGroup,
		refuse:   refuseIndirectRemoval,
		forget:   func(st *state, envID string, _ doc) { st.reindirect(envID) },
		render: func(l *loc, m, out doc) {
			g := l.d.coll(keyGroups).get(m["id"].(string))
			out["name"] = g["name"]
			if expands(l.c, "group") {
				out["_embedded"] = doc{"group": (&loc{e: l.e, c: l.c, r: byKey[keyGroups], place: place{env: l.env}, d: l.d}).render(g)}
			}
		},
		attr: func(l *loc, m doc, p string) (any, bool) {
			if p == "name" {
				return l.d.coll(keyGroups).get(m["id"].(string))["name"], true
			}
			return lookup(m, p)
		},
	}
}

// addRelation serves the create of a relation whose body is {"id": …}
// (a membership, a nesting): the id is required and must name an existing
// object; add does the rest under the write lock.
func addRelation(e *Emulator, c *rctx, key string, at place, add func(l *loc, id string) result) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	id := v.reqString(body, "id", "id")
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.locked(c, byKey[key], at, true, func(l *loc) result {
		if aerr := l.checkRefs(body, l.r.refs); aerr != nil {
			return errResult(aerr)
		}
		return add(l, id)
	})
}

func addUserToGroup(e *Emulator, c *rctx, at place, _ string) result {
	return addRelation(e, c, keyGroupMemberships, at, func(l *loc, gid string) result {
		u, g := l.d.coll(keyUsers).get(at.parent), l.d.coll(keyGroups).get(gid)
		cur := l.find(gid)
		if cur != nil && cur["type"] == "DIRECT" {
			return errResult(uniqueness("id", fmt.Sprintf("The user is already a member of group %q", str(g, "name")), ""))
		}
		if str(g, "userFilter") != "" {
			return errResult(constraint("id", fmt.Sprintf("Group %q is a dynamic group (userFilter); members cannot be added directly.", str(g, "name"))))
		}
		if pid := str(g, "population.id"); pid != "" && pid != str(u, "population.id") {
			return errResult(constraint("id", fmt.Sprintf("Group %q is restricted to population %s and the user is in population %s.", str(g, "name"), pid, str(u, "population.id"))))
		}
		m := cur
		if m != nil { // an INDIRECT member becomes a direct one
			m["type"] = "DIRECT"
		} else {
			m = l.d.addMember(at.env, at.parent, gid)
		}
		l.e.st.reindirect(at.env)
		return l.answer(m, true)
	})
}

// refuseIndirectRemoval: an INDIRECT membership ends with the nesting (or
// the direct membership) it comes from.
func refuseIndirectRemoval(l *loc, m doc) *apiError {
	if m["type"] != "INDIRECT" {
		return nil
	}
	return constraint("id", fmt.Sprintf("The user is an INDIRECT member of group %q, through a group nested in it; "+
		"remove the user from that group, or remove the nesting, instead.", str(l.d.coll(keyGroups).get(m["id"].(string)), "name")))
}
