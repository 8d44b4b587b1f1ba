package pingonetest

import "fmt"

// groupNestings: the groups a group is nested in, at
// groups/{id}/memberOfGroups (HAL key groupMemberships, as PingOne answers;
// the spec names no key); a nesting's id is the outer group's. The members
// of a nested group are INDIRECT members of every group it is nested in,
// transitively (reindirect). A nesting lives below the nested group and
// goes with it or with the outer group (cascade). Adding one is written by
// hand (nestGroup): no group is nested in itself, twice in one group, or in
// a group nested in it (no cycles).
var groupNestings *resource

func declareGroupNestings() *resource {
	return &resource{
		key: keyGroupNestings, hal: keyGroupMemberships, path: "memberOfGroups", kind: "group nesting", parent: keyGroups,
		verbs:    vList | vGet | vCreate | vDelete,
		readOnly: []string{"_links", "type"},
		refs:     []reference{{member: "id", target: keyGroups, onDelete: cascade, link: "memberOfGroup"}},
		create:   nestGroup,
		forget:   func(st *state, envID string, _ doc) { st.reindirect(envID) },
	}
}

func nestGroup(e *Emulator, c *rctx, at place, _ string) result {
	return addRelation(e, c, keyGroupNestings, at, func(l *loc, outer string) result {
		groups := l.d.coll(keyGroups)
		name := func(id string) string { return str(groups.get(id), "name") }
		switch {
		case outer == at.parent:
			return errResult(constraint("id", fmt.Sprintf("Group %q cannot be nested in itself.", name(outer))))
		case l.find(outer) != nil:
			return errResult(uniqueness("id", fmt.Sprintf("Group %q is already nested in group %q", name(at.parent), name(outer)), ""))
		case l.d.nestedIn(outer)[at.parent]:
			return errResult(constraint("id", fmt.Sprintf("Group %q is nested in group %q already (directly or through other groups); "+
				"nesting it back would make a cycle.", name(outer), name(at.parent))))
		}
		n := doc{"id": outer, "type": "DIRECT"}
		l.d.below(keyGroupNestings, at.parent, true).add(n)
		l.e.st.reindirect(at.env)
		return l.answer(n, true)
	})
}

// nestedIn returns every group that group is nested in, directly or through
// other groups.
func (d *envData) nestedIn(group string) map[string]bool {
	seen := map[string]bool{}
	queue := []string{group}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		for _, n := range d.below(keyGroupNestings, g, false).all() {
			outer := n["id"].(string)
			if !seen[outer] && d.coll(keyGroups).get(outer) != nil {
				seen[outer] = true
				queue = append(queue, outer)
			}
		}
	}
	return seen
}

// reindirect recomputes the INDIRECT memberships of every user of an
// environment from the DIRECT ones and the nestings, after either changes.
// A delete calls it for each membership or nesting it removes; the last
// call sees the final state.
func (st *state) reindirect(envID string) {
	d := st.envData[envID]
	if d == nil {
		return
	}
	for _, u := range d.coll(keyUsers).items {
		ms := d.below(keyGroupMemberships, u["id"].(string), false)
		if ms == nil {
			continue
		}
		var direct []string
		for _, m := range append([]doc(nil), ms.items...) {
			if m["type"] == "INDIRECT" {
				ms.remove(m["id"].(string))
			} else {
				direct = append(direct, m["id"].(string))
			}
		}
		for _, g := range direct {
			up := d.nestedIn(g)
			for _, outer := range d.coll(keyGroups).items { // in group order
				if id := outer["id"].(string); up[id] && ms.get(id) == nil {
					ms.add(doc{"id": id, "environment": ref(envID), "type": "INDIRECT"})
				}
			}
		}
	}
}
