package pingonetest

import (
	"fmt"
	"net/http"
	"strings"
)

// readOnlyCommon are fields a client may send back but never sets.
var readOnlyCommon = []string{"id", "environment", "createdAt", "updatedAt", "_links", "_embedded"}

func stripReadOnly(d doc, extra ...string) {
	for _, k := range readOnlyCommon {
		delete(d, k)
	}
	for _, k := range extra {
		delete(d, k)
	}
}

func (e *Emulator) routePopulations(c *rctx, envID string, rest []string) result {
	m := c.r.Method
	switch len(rest) {
	case 0:
		return dispatch(m, handlers{
			http.MethodGet:  func() result { return e.listPopulations(c, envID) },
			http.MethodPost: func() result { return e.writePopulation(c, envID, "") },
		})
	case 1:
		id := rest[0]
		return dispatch(m, handlers{
			http.MethodGet:    func() result { return e.getPopulation(c, envID, id) },
			http.MethodPut:    func() result { return e.writePopulation(c, envID, id) },
			http.MethodDelete: func() result { return e.deletePopulation(c, envID, id) },
		})
	}
	return errResult(routeNotFound())
}

func (e *Emulator) renderPopulation(c *rctx, d *envData, envID string, p doc) doc {
	out := copyDoc(p)
	id := p["id"].(string)
	out["userCount"] = d.userCount(id)
	out["_links"] = doc{
		"self":        doc{"href": c.href("environments", envID, "populations", id)},
		"environment": doc{"href": c.href("environments", envID)},
	}
	return out
}

func (e *Emulator) listPopulations(c *rctx, envID string) result {
	lp, aerr := c.listParams(populationsFilter, 1000)
	if aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, false, func(d *envData) result {
		matches := lp.matchAll(d.populations.items, nil)
		page, more := lp.window(matches)
		// count users per population once for the page
		counts := map[string]int{}
		for _, u := range d.users.items {
			counts[str(u, "population.id")]++
		}
		items := make([]any, len(page))
		for i, p := range page {
			out := copyDoc(p)
			id := p["id"].(string)
			out["userCount"] = counts[id]
			out["_links"] = doc{
				"self":        doc{"href": c.href("environments", envID, "populations", id)},
				"environment": doc{"href": c.href("environments", envID)},
			}
			items[i] = out
		}
		return c.collectionResult("populations", items, len(matches), lp, more)
	})
}

func (e *Emulator) getPopulation(c *rctx, envID, id string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		p := d.populations.get(id)
		if p == nil {
			return errResult(notFound("population", id))
		}
		return okJSON(e.renderPopulation(c, d, envID, p))
	})
}

// writePopulation creates (id == "") or fully replaces a population.
func (e *Emulator) writePopulation(c *rctx, envID, id string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	stripReadOnly(body, "userCount")
	v := &validator{}
	name := v.reqString(body, "name", "name")
	v.optString(body, "description", "description")
	v.optString(body, "preferredLanguage", "preferredLanguage")
	isDefault, hasDefault := v.optBool(body, "default", "default")
	v.optRefID(body, "passwordPolicy")
	v.optRefID(body, "theme")
	v.optStringList(body, "alternativeIdentifiers", nil)
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}

	return e.inEnv(envID, true, func(d *envData) result {
		var cur doc
		if id != "" {
			if cur = d.populations.get(id); cur == nil {
				return errResult(notFound("population", id))
			}
		}
		for _, p := range d.populations.items {
			if p["id"] != id && strings.EqualFold(str(p, "name"), name) {
				return errResult(uniqueness("name", fmt.Sprintf("A population named %q already exists in this environment", name), p["id"].(string)))
			}
		}
		wasDefault := cur != nil && cur["default"] == true
		if wasDefault && hasDefault && !isDefault {
			return errResult(constraint("default", "The default population cannot be unset; make another population the default instead."))
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
		body["default"] = wasDefault || (hasDefault && isDefault)
		if body["default"] == true && !wasDefault {
			for _, p := range d.populations.items {
				if p["default"] == true {
					p["default"] = false
					p["updatedAt"] = now
				}
			}
		}
		d.populations.put(body)
		out := e.renderPopulation(c, d, envID, body)
		if cur == nil {
			res := created(out)
			res.header = http.Header{"Location": {c.href("environments", envID, "populations", id)}}
			return res
		}
		return okJSON(out)
	})
}

func (e *Emulator) deletePopulation(c *rctx, envID, id string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		p := d.populations.get(id)
		if p == nil {
			return errResult(notFound("population", id))
		}
		if p["default"] == true {
			return errResult(constraint("id", fmt.Sprintf("Population %q is the environment's default population and cannot be deleted; make another population the default first.", str(p, "name"))))
		}
		if n := d.userCount(id); n > 0 {
			return errResult(constraint("id", fmt.Sprintf("Population %q cannot be deleted because it contains %d user(s); move or delete the users first.", str(p, "name"), n)))
		}
		for _, g := range d.groups.items {
			if str(g, "population.id") == id {
				return errResult(constraint("id", fmt.Sprintf("Population %q cannot be deleted because group %q is scoped to it; delete the group first.", str(p, "name"), str(g, "name"))))
			}
		}
		d.populations.remove(id)
		return noContent()
	})
}
