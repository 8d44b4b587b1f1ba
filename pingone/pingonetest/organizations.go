package pingonetest

import "net/http"

func (e *Emulator) routeOrganizations(c *rctx, s []string) result {
	m := c.r.Method
	get := func(f func() result) result { return dispatch(m, handlers{http.MethodGet: f}) }
	switch len(s) {
	case 0:
		return get(func() result { return e.listOrganizations(c) })
	case 1:
		return get(func() result { return e.getOrganization(c, s[0]) })
	case 2:
		if s[1] == "licenses" {
			return get(func() result { return e.listLicenses(c, s[0]) })
		}
	case 3:
		if s[1] == "licenses" {
			return get(func() result { return e.getLicense(c, s[0], s[2]) })
		}
	}
	return errResult(routeNotFound())
}

func (e *Emulator) renderOrganization(c *rctx, o doc) doc {
	out := copyDoc(o)
	id := o["id"].(string)
	out["_links"] = doc{
		"self":     doc{"href": c.href("organizations", id)},
		"licenses": doc{"href": c.href("organizations", id, "licenses")},
	}
	return out
}

func (e *Emulator) renderLicense(c *rctx, l doc) doc {
	out := copyDoc(l)
	orgID := str(l, "organization.id")
	n := 0
	for _, env := range e.st.envs().items {
		if str(env, "license.id") == l["id"] {
			n++
		}
	}
	out["assignedEnvironmentsCount"] = n
	out["_links"] = doc{
		"self":         doc{"href": c.href("organizations", orgID, "licenses", l["id"].(string))},
		"organization": doc{"href": c.href("organizations", orgID)},
	}
	return out
}

func (e *Emulator) listOrganizations(c *rctx) result {
	lp, aerr := c.listParams(nil, 1000)
	if aerr != nil {
		return errResult(aerr)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	page, more := lp.window(e.st.orgs.items)
	items := make([]any, len(page))
	for i, o := range page {
		items[i] = e.renderOrganization(c, o)
	}
	return c.collectionResult("organizations", items, e.st.orgs.len(), lp, more)
}

func (e *Emulator) getOrganization(c *rctx, id string) result {
	e.mu.RLock()
	defer e.mu.RUnlock()
	o := e.st.orgs.get(id)
	if o == nil {
		return errResult(notFound("organization", id))
	}
	return okJSON(e.renderOrganization(c, o))
}

func (e *Emulator) listLicenses(c *rctx, orgID string) result {
	lp, aerr := c.listParams(nil, 1000)
	if aerr != nil {
		return errResult(aerr)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.st.orgs.get(orgID) == nil {
		return errResult(notFound("organization", orgID))
	}
	var all []doc
	for _, l := range e.st.licenses.items {
		if str(l, "organization.id") == orgID {
			all = append(all, l)
		}
	}
	page, more := lp.window(all)
	items := make([]any, len(page))
	for i, l := range page {
		items[i] = e.renderLicense(c, l)
	}
	return c.collectionResult("licenses", items, len(all), lp, more)
}

func (e *Emulator) getLicense(c *rctx, orgID, id string) result {
	e.mu.RLock()
	defer e.mu.RUnlock()
	l := e.st.licenses.get(id)
	if l == nil || str(l, "organization.id") != orgID {
		return errResult(notFound("license", id))
	}
	return okJSON(e.renderLicense(c, l))
}
