package pingonetest

import (
	"fmt"
	"net/http"
	"strings"
)

var groupReadOnly = []string{"directMemberCounts", "totalMemberCounts", "displayName", "sourceId", "sourceType"}

func (e *Emulator) routeGroups(c *rctx, envID string, rest []string) result {
	m := c.r.Method
	switch len(rest) {
	case 0:
		return dispatch(m, handlers{
			http.MethodGet:  func() result { return e.listGroups(c, envID) },
			http.MethodPost: func() result { return e.writeGroup(c, envID, "") },
		})
	case 1:
		id := rest[0]
		return dispatch(m, handlers{
			http.MethodGet:    func() result { return e.getGroup(c, envID, id) },
			http.MethodPut:    func() result { return e.writeGroup(c, envID, id) },
			http.MethodDelete: func() result { return e.deleteGroup(c, envID, id) },
		})
	}
	return errResult(routeNotFound())
}

func (e *Emulator) renderGroup(c *rctx, d *envData, envID string, g doc, withTotal bool) doc {
	out := copyDoc(g)
	id := g["id"].(string)
	n := len(d.groupUsers[id])
	out["directMemberCounts"] = doc{"users": n}
	if withTotal {
		out["totalMemberCounts"] = doc{"users": n} // no nested groups: total == direct
	}
	out["_links"] = doc{
		"self":        doc{"href": c.href("environments", envID, "groups", id)},
		"environment": doc{"href": c.href("environments", envID)},
	}
	return out
}

func (e *Emulator) listGroups(c *rctx, envID string) result {
	lp, aerr := c.listParams(groupsFilter, 1000)
	if aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, false, func(d *envData) result {
		matches := lp.matchAll(d.groups.items, nil)
		page, more := lp.window(matches)
		withTotal := includes(c, "totalMemberCounts")
		items := make([]any, len(page))
		for i, g := range page {
			items[i] = e.renderGroup(c, d, envID, g, withTotal)
		}
		return c.collectionResult("groups", items, len(matches), lp, more)
	})
}

func (e *Emulator) getGroup(c *rctx, envID, id string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		g := d.groups.get(id)
		if g == nil {
			return errResult(notFound("group", id))
		}
		return okJSON(e.renderGroup(c, d, envID, g, includes(c, "totalMemberCounts")))
	})
}

// writeGroup creates (id == "") or fully replaces a group.
func (e *Emulator) writeGroup(c *rctx, envID, id string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	stripReadOnly(body, groupReadOnly...)
	v := &validator{}
	name := v.reqString(body, "name", "name")
	v.optString(body, "description", "description")
	v.optString(body, "externalId", "externalId")
	popID, hasPop := v.optRefID(body, "population")
	if uf, ok := v.optString(body, "userFilter", "userFilter"); ok && uf != "" {
		if _, ferr := usersFilter.compile(uf); ferr != nil {
			msg := "userFilter is not a valid user filter"
			if len(ferr.Details) > 0 {
				msg += ": " + ferr.Details[0].Message
			}
			v.add(detailInvalidValue, "userFilter", msg)
		}
	}
	if raw, present := body["customData"]; present && raw != nil {
		if _, ok := raw.(map[string]any); !ok {
			v.add(detailInvalidValue, "customData", "customData must be an object")
		}
	}
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}

	return e.inEnv(envID, true, func(d *envData) result {
		var cur doc
		if id != "" {
			if cur = d.groups.get(id); cur == nil {
				return errResult(notFound("group", id))
			}
		}
		for _, g := range d.groups.items {
			if g["id"] != id && strings.EqualFold(str(g, "name"), name) {
				return errResult(uniqueness("name", fmt.Sprintf("A group named %q already exists in this environment", name), g["id"].(string)))
			}
		}
		if hasPop && d.populations.get(popID) == nil {
			return errResult(invalidField(detailInvalidValue, "population.id", fmt.Sprintf("population %s does not exist in this environment", popID)))
		}
		if cur != nil && hasPop && popID != str(cur, "population.id") {
			for uid := range d.groupUsers[id] {
				if u := d.users.get(uid); u != nil && str(u, "population.id") != popID {
					return errResult(constraint("population.id", "The group has members outside that population; remove them first."))
				}
			}
		}
		now := ts(e.now())
		if cur == nil {
			id = e.st.ids.uuid()
			body["createdAt"] = now
		} else {
			body["createdAt"] = cur["createdAt"]
		}
		body["id"] = id
		body["environment"] = ref(envID)
		body["updatedAt"] = now
		d.groups.put(body)
		out := e.renderGroup(c, d, envID, body, false)
		if cur == nil {
			res := created(out)
			res.header = http.Header{"Location": {c.href("environments", envID, "groups", id)}}
			return res
		}
		return okJSON(out)
	})
}

func (e *Emulator) deleteGroup(c *rctx, envID, id string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		if !d.groups.remove(id) {
			return errResult(notFound("group", id))
		}
		for uid := range d.groupUsers[id] {
			delete(d.userGroups[uid], id)
		}
		delete(d.groupUsers, id)
		return noContent()
	})
}
