package pingonetest

import "fmt"

// groupMemberships: a user's direct group memberships, at
// users/{id}/memberOfGroups; a membership's id is the group's. They live
// below the user and go with it or with the group. Adding one is written by
// hand (addUserToGroup): dynamic groups take no direct members and a
// population-scoped group takes its population's users only.
var groupMemberships = &resource{
	key: keyGroupMemberships, path: "memberOfGroups", kind: "group membership", parent: keyUsers,
	verbs: vList | vGet | vCreate | vDelete, filter: membershipsFilter, maxLimit: 1000,
	readOnly: []string{"environment", "_links", "_embedded", "name", "type"},
	refs:     []reference{{member: "id", target: keyGroups, onDelete: cascade, link: "group"}},
	create:   addUserToGroup,
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

func addUserToGroup(e *Emulator, c *rctx, at place, _ string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	gid := v.reqString(body, "id", "id")
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.locked(c, byKey[keyGroupMemberships], at, true, func(l *loc) result {
		if aerr := l.checkRefs(body, l.r.refs); aerr != nil {
			return errResult(aerr)
		}
		u, g := l.d.coll(keyUsers).get(at.parent), l.d.coll(keyGroups).get(gid)
		if l.find(gid) != nil {
			return errResult(uniqueness("id", fmt.Sprintf("The user is already a member of group %q", str(g, "name")), ""))
		}
		if str(g, "userFilter") != "" {
			return errResult(constraint("id", fmt.Sprintf("Group %q is a dynamic group (userFilter); members cannot be added directly.", str(g, "name"))))
		}
		if pid := str(g, "population.id"); pid != "" && pid != str(u, "population.id") {
			return errResult(constraint("id", fmt.Sprintf("Group %q is restricted to population %s and the user is in population %s.", str(g, "name"), pid, str(u, "population.id"))))
		}
		return l.answer(l.d.addMember(at.env, at.parent, gid), true)
	})
}
