package pingonetest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

const (
	mediaUserImport  = "application/vnd.pingidentity.user.import+json"
	mediaPasswordSet = "application/vnd.pingidentity.password.set+json"
	minPasswordLen   = 8
)

var (
	// Patterns from the mgmt User schema, so stored users always validate.
	reUserFamily  = regexp.MustCompile(`^[\p{L}\p{M}\p{N}' .-]*$`)
	reUserGeneral = regexp.MustCompile(`^[\p{L}\p{M}\p{Zs}\p{S}\p{N}\p{P}]*$`)

	lifecycleStatuses = []string{"ACCOUNT_OK", "VERIFICATION_REQUIRED"}
	verifyStatuses    = []string{"NOT_INITIATED", "ENABLED", "DISABLED"}

	// userReadOnly are stripped from request bodies (never set by clients).
	userReadOnly = []string{"account", "lastSignOn", "memberOfGroupIDs", "memberOfGroupNames", "emailVerified"}
)

func (e *Emulator) routeUsers(c *rctx, envID string, rest []string) result {
	m := c.r.Method
	if len(rest) >= 2 {
		switch rest[1] {
		case "roleAssignments":
			return e.routeUserRoleAssignments(c, envID, rest[0], rest[2:])
		case "devices":
			return e.routeUserDevices(c, envID, rest[0], rest[2:])
		}
	}
	switch len(rest) {
	case 0:
		return dispatch(m, handlers{
			http.MethodGet:  func() result { return e.listUsers(c, envID) },
			http.MethodPost: func() result { return e.createUser(c, envID) },
		})
	case 1:
		id := rest[0]
		return dispatch(m, handlers{
			http.MethodGet:    func() result { return e.getUser(c, envID, id) },
			http.MethodPut:    func() result { return e.updateUser(c, envID, id, false) },
			http.MethodPatch:  func() result { return e.updateUser(c, envID, id, true) },
			http.MethodDelete: func() result { return e.deleteUser(c, envID, id) },
		})
	case 2:
		id := rest[0]
		switch rest[1] {
		case "enabled":
			return dispatch(m, handlers{
				http.MethodGet: func() result { return e.userEnabled(c, envID, id, false) },
				http.MethodPut: func() result { return e.userEnabled(c, envID, id, true) },
			})
		case "password":
			return dispatch(m, handlers{
				http.MethodGet: func() result { return e.userPassword(c, envID, id, false) },
				http.MethodPut: func() result { return e.userPassword(c, envID, id, true) },
			})
		case "population":
			return dispatch(m, handlers{
				http.MethodGet: func() result { return e.userPopulation(c, envID, id, false) },
				http.MethodPut: func() result { return e.userPopulation(c, envID, id, true) },
			})
		case "memberOfGroups":
			return dispatch(m, handlers{
				http.MethodGet:  func() result { return e.listUserGroups(c, envID, id) },
				http.MethodPost: func() result { return e.addUserToGroup(c, envID, id) },
			})
		}
	case 3:
		if rest[1] == "memberOfGroups" {
			id, gid := rest[0], rest[2]
			return dispatch(m, handlers{
				http.MethodGet:    func() result { return e.getUserGroup(c, envID, id, gid) },
				http.MethodDelete: func() result { return e.removeUserFromGroup(c, envID, id, gid) },
			})
		}
	}
	return errResult(routeNotFound())
}

func includes(c *rctx, what string) bool {
	for _, v := range c.query["include"] {
		for p := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), what) {
				return true
			}
		}
	}
	return false
}

func (e *Emulator) renderUser(c *rctx, d *envData, envID string, u doc, withGroupIDs, withGroupNames bool) doc {
	out := copyDoc(u)
	id := u["id"].(string)
	if withGroupIDs || withGroupNames {
		ids, names := []any{}, []any{}
		for _, g := range d.groupsOf(id) {
			ids = append(ids, g["id"])
			names = append(names, g["name"])
		}
		if withGroupIDs {
			out["memberOfGroupIDs"] = ids
		}
		if withGroupNames {
			out["memberOfGroupNames"] = names
		}
	}
	out["_links"] = doc{
		"self":           doc{"href": c.href("environments", envID, "users", id)},
		"environment":    doc{"href": c.href("environments", envID)},
		"population":     doc{"href": c.href("environments", envID, "populations", str(u, "population.id"))},
		"password":       doc{"href": c.href("environments", envID, "users", id, "password")},
		"memberOfGroups": doc{"href": c.href("environments", envID, "users", id, "memberOfGroups")},
	}
	return out
}

// userGetter resolves filter attributes of a user, including memberOfGroups.
func userGetter(d *envData) func(u doc) getter {
	return func(u doc) getter {
		return func(p string) (any, bool) {
			if p == "memberOfGroups" {
				set := d.userGroups[u["id"].(string)]
				list := make([]any, 0, len(set))
				for gid := range set {
					list = append(list, doc{"id": gid})
				}
				return list, true
			}
			return lookup(u, p)
		}
	}
}

func (e *Emulator) listUsers(c *rctx, envID string) result {
	lp, aerr := c.listParams(usersFilter, 1000)
	if aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, false, func(d *envData) result {
		matches := lp.matchAll(d.users.items, userGetter(d))
		page, more := lp.window(matches)
		withIDs, withNames := includes(c, "memberOfGroupIDs"), includes(c, "memberOfGroupNames")
		items := make([]any, len(page))
		for i, u := range page {
			items[i] = e.renderUser(c, d, envID, u, withIDs, withNames)
		}
		return c.collectionResult("users", items, len(matches), lp, more)
	})
}

func (e *Emulator) getUser(c *rctx, envID, id string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		u := d.users.get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		return okJSON(e.renderUser(c, d, envID, u, includes(c, "memberOfGroupIDs"), includes(c, "memberOfGroupNames")))
	})
}

// validateUserDoc checks the client-settable attributes of a user document.
func validateUserDoc(v *validator, u doc) {
	username := v.reqString(u, "username", "username")
	if username != "" {
		if len([]rune(username)) > 128 {
			v.add(detailInvalidValue, "username", "username must be at most 128 characters")
		} else if !reUserGeneral.MatchString(username) {
			v.addInner(detailInvalidValue, "username", "username contains characters that are not allowed",
				map[string]any{"allowedPattern": reUserGeneral.String()})
		}
	}
	email := v.reqString(u, "email", "email")
	if email != "" && (!strings.Contains(email, "@") || strings.ContainsAny(email, " \t\r\n")) {
		v.add(detailInvalidValue, "email", fmt.Sprintf("email %q is not a valid email address", email))
	}
	if raw, present := u["name"]; present && raw != nil {
		name, ok := raw.(map[string]any)
		if !ok {
			v.add(detailInvalidValue, "name", "name must be an object")
		} else {
			for _, k := range []string{"given", "middle", "family", "formatted", "honorificPrefix", "honorificSuffix"} {
				s, has := v.optString(name, k, "name."+k)
				if !has {
					continue
				}
				re := reUserGeneral
				if k == "family" || k == "formatted" {
					re = reUserFamily
				}
				if len([]rune(s)) > 256 || !re.MatchString(s) {
					v.addInner(detailInvalidValue, "name."+k, fmt.Sprintf("name.%s contains characters that are not allowed or is too long", k),
						map[string]any{"allowedPattern": re.String()})
				}
			}
		}
	}
	for _, k := range []string{"nickname", "title", "locale", "preferredLanguage", "timezone", "type"} {
		v.optString(u, k, k)
	}
	if s, ok := v.optString(u, "mobilePhone", "mobilePhone"); ok && len(s) > 32 {
		v.add(detailInvalidValue, "mobilePhone", "mobilePhone must be at most 32 characters")
	}
	if s, ok := v.optString(u, "primaryPhone", "primaryPhone"); ok && (s == "" || len(s) > 32) {
		v.add(detailInvalidValue, "primaryPhone", "primaryPhone must be 1 to 32 characters")
	}
	if s, ok := v.optString(u, "externalId", "externalId"); ok && (s == "" || len(s) > 1024) {
		v.add(detailInvalidValue, "externalId", "externalId must be 1 to 1024 characters")
	}
	v.optRefID(u, "population")
	if raw, present := u["lifecycle"]; present && raw != nil {
		lc, ok := raw.(map[string]any)
		if !ok {
			v.add(detailInvalidValue, "lifecycle", "lifecycle must be an object")
		} else if s, has := v.optString(lc, "status", "lifecycle.status"); has {
			v.enum("lifecycle.status", s, lifecycleStatuses)
		}
	}
	v.optBool(u, "mfaEnabled", "mfaEnabled")
	if s, ok := v.optString(u, "verifyStatus", "verifyStatus"); ok {
		v.enum("verifyStatus", s, verifyStatuses)
	}
}

// checkUserRefs checks username uniqueness and the population. Call with e.mu held.
func checkUserRefs(d *envData, u doc, selfID string) *apiError {
	username := str(u, "username")
	if other, exists := d.usernames[lower(username)]; exists && other != selfID {
		return uniqueness("username", fmt.Sprintf("A user with username %q already exists in this environment", username), other)
	}
	if pid := str(u, "population.id"); pid != "" && d.populations.get(pid) == nil {
		return invalidField(detailInvalidValue, "population.id", fmt.Sprintf("population %s does not exist in this environment", pid))
	}
	return nil
}

func newSalt() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (e *Emulator) createUser(c *rctx, envID string) result {
	switch mt := c.mediaType(); mt {
	case "", "application/json", mediaUserImport:
	default:
		return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %s is not supported; use application/json or %s.", mt, mediaUserImport)))
	}
	body, aerr := c.decodeObject()
	if aerr != nil {
		return errResult(aerr)
	}
	stripReadOnly(body, userReadOnly...)
	v := &validator{}
	validateUserDoc(v, body)
	enabled, hasEnabled := v.optBool(body, "enabled", "enabled")
	var pw *passwordRecord
	if raw, present := body["password"]; present && raw != nil {
		pm, ok := raw.(map[string]any)
		if !ok {
			v.add(detailInvalidValue, "password", "password must be an object {value, forceChange}")
		} else {
			val := v.reqString(pm, "value", "password.value")
			fc, _ := v.optBool(pm, "forceChange", "password.forceChange")
			if val != "" && len(val) < minPasswordLen {
				v.add(detailInvalidValue, "password.value", fmt.Sprintf("The password does not satisfy the password policy: at least %d characters", minPasswordLen))
			}
			salt := newSalt()
			pw = &passwordRecord{salt: salt, hash: hashPassword(salt, val), forceChange: fc}
		}
	}
	delete(body, "password")
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}

	return e.inEnv(envID, true, func(d *envData) result {
		if aerr := checkUserRefs(d, body, ""); aerr != nil {
			return errResult(aerr)
		}
		if str(body, "population.id") == "" {
			def := d.defaultPopulation()
			if def == nil {
				return errResult(invalidField(detailRequired, "population.id", "The environment has no default population; give population.id"))
			}
			body["population"] = ref(def["id"].(string))
		}
		now := ts(e.now())
		id := e.st.ids.uuid()
		body["id"] = id
		body["environment"] = ref(envID)
		body["createdAt"] = now
		body["updatedAt"] = now
		body["enabled"] = !hasEnabled || enabled
		body["account"] = doc{"canAuthenticate": true, "status": "OK"}
		body["emailVerified"] = false
		if _, ok := body["lifecycle"]; !ok {
			body["lifecycle"] = doc{"status": "ACCOUNT_OK"}
		} else if str(body, "lifecycle.status") == "" {
			body["lifecycle"].(map[string]any)["status"] = "ACCOUNT_OK"
		}
		if _, ok := body["mfaEnabled"]; !ok {
			body["mfaEnabled"] = false
		}
		if _, ok := body["verifyStatus"]; !ok {
			body["verifyStatus"] = "NOT_INITIATED"
		}
		if _, ok := body["identityProvider"]; !ok {
			body["identityProvider"] = doc{"type": "PING_ONE"}
		}
		d.users.add(body)
		d.usernames[lower(str(body, "username"))] = id
		if pw != nil {
			pw.lastChangedAt = now
			d.passwords[id] = *pw
		}
		res := created(e.renderUser(c, d, envID, body, false, false))
		res.header = http.Header{"Location": {c.href("environments", envID, "users", id)}}
		return res
	})
}

// updateUser is PATCH (merge) or PUT (full replace of client-settable attributes).
func (e *Emulator) updateUser(c *rctx, envID, id string, patch bool) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	stripReadOnly(body, userReadOnly...)
	delete(body, "enabled") // read-only here; use PUT …/enabled
	if _, has := body["password"]; has {
		return errResult(invalidField(detailInvalidValue, "password",
			"The password cannot be changed here; use PUT …/users/{userID}/password with Content-Type "+mediaPasswordSet))
	}

	return e.inEnv(envID, true, func(d *envData) result {
		cur := d.users.get(id)
		if cur == nil {
			return errResult(notFound("user", id))
		}
		var next doc
		if patch {
			next = copyDoc(cur)
			mergePatch(next, body)
		} else {
			next = body
			for _, k := range []string{"population", "lifecycle", "mfaEnabled", "verifyStatus", "identityProvider"} {
				if _, has := next[k]; !has {
					if x, ok := cur[k]; ok {
						next[k] = deepCopy(x)
					}
				}
			}
		}
		for _, k := range []string{"id", "environment", "createdAt", "enabled", "account", "emailVerified", "lastSignOn"} {
			if x, ok := cur[k]; ok {
				next[k] = deepCopy(x)
			}
		}
		if str(next, "population.id") == "" {
			next["population"] = deepCopy(cur["population"])
		}
		v := &validator{}
		validateUserDoc(v, next)
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
		if aerr := checkUserRefs(d, next, id); aerr != nil {
			return errResult(aerr)
		}
		next["updatedAt"] = ts(e.now())
		delete(d.usernames, lower(str(cur, "username")))
		d.usernames[lower(str(next, "username"))] = id
		d.users.put(next)
		return okJSON(e.renderUser(c, d, envID, next, false, false))
	})
}

func (e *Emulator) deleteUser(c *rctx, envID, id string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		u := d.users.get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		for gid := range d.userGroups[id] {
			delete(d.groupUsers[gid], id)
		}
		delete(d.userGroups, id)
		delete(d.passwords, id)
		delete(d.roleAssignments, id)
		delete(d.devices, id)
		delete(d.usernames, lower(str(u, "username")))
		d.users.remove(id)
		return noContent()
	})
}

func (e *Emulator) userEnabled(c *rctx, envID, id string, write bool) result {
	var enabled bool
	if write {
		body, aerr := c.jsonObject()
		if aerr != nil {
			return errResult(aerr)
		}
		v := &validator{}
		enabled = v.reqBool(body, "enabled", "enabled")
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
	}
	return e.inEnv(envID, write, func(d *envData) result {
		u := d.users.get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		if write {
			u["enabled"] = enabled
			u["updatedAt"] = ts(e.now())
		}
		return okJSON(doc{
			"enabled": u["enabled"],
			"_links": doc{
				"self": doc{"href": c.href("environments", envID, "users", id, "enabled")},
				"user": doc{"href": c.href("environments", envID, "users", id)},
			},
		})
	})
}

func (e *Emulator) userPassword(c *rctx, envID, id string, write bool) result {
	var rec passwordRecord
	if write {
		if mt := c.mediaType(); mt != mediaPasswordSet {
			return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %q is not supported here; set a password with Content-Type %s.", mt, mediaPasswordSet)))
		}
		body, aerr := c.decodeObject()
		if aerr != nil {
			return errResult(aerr)
		}
		v := &validator{}
		val := v.reqString(body, "value", "value")
		fc, _ := v.optBool(body, "forceChange", "forceChange")
		if val != "" && len(val) < minPasswordLen {
			v.add(detailInvalidValue, "value", fmt.Sprintf("The password does not satisfy the password policy: at least %d characters", minPasswordLen))
		}
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
		salt := newSalt()
		rec = passwordRecord{salt: salt, hash: hashPassword(salt, val), forceChange: fc}
	}
	return e.inEnv(envID, write, func(d *envData) result {
		u := d.users.get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		if write {
			now := ts(e.now())
			rec.lastChangedAt = now
			d.passwords[id] = rec
			u["updatedAt"] = now
		}
		out := doc{
			"environment": ref(envID),
			"user":        ref(id),
			"_links": doc{
				"self": doc{"href": c.href("environments", envID, "users", id, "password")},
				"user": doc{"href": c.href("environments", envID, "users", id)},
			},
		}
		p, has := d.passwords[id]
		switch {
		case !has:
			out["status"] = "NO_PASSWORD"
		case p.forceChange:
			out["status"] = "MUST_CHANGE_PASSWORD"
		default:
			out["status"] = "OK"
		}
		if has {
			out["lastChangedAt"] = p.lastChangedAt
		}
		return okJSON(out)
	})
}

func (e *Emulator) userPopulation(c *rctx, envID, id string, write bool) result {
	var popID string
	if write {
		body, aerr := c.jsonObject()
		if aerr != nil {
			return errResult(aerr)
		}
		v := &validator{}
		popID = v.reqString(body, "id", "id")
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
	}
	return e.inEnv(envID, write, func(d *envData) result {
		u := d.users.get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		if write {
			if d.populations.get(popID) == nil {
				return errResult(invalidField(detailInvalidValue, "id", fmt.Sprintf("population %s does not exist in this environment", popID)))
			}
			u["population"] = ref(popID)
			u["updatedAt"] = ts(e.now())
		}
		pid := str(u, "population.id")
		return okJSON(doc{
			"id": pid,
			"_links": doc{
				"self":       doc{"href": c.href("environments", envID, "users", id, "population")},
				"population": doc{"href": c.href("environments", envID, "populations", pid)},
			},
		})
	})
}

// ---- group memberships ----

func (e *Emulator) renderMembership(c *rctx, d *envData, envID, userID string, g doc) doc {
	gid := g["id"].(string)
	out := doc{
		"id":          gid,
		"name":        g["name"],
		"type":        "DIRECT",
		"environment": ref(envID),
		"_links": doc{
			"self":  doc{"href": c.href("environments", envID, "users", userID, "memberOfGroups", gid)},
			"user":  doc{"href": c.href("environments", envID, "users", userID)},
			"group": doc{"href": c.href("environments", envID, "groups", gid)},
		},
	}
	if expands(c, "group") {
		out["_embedded"] = doc{"group": e.renderGroup(c, d, envID, g, false)}
	}
	return out
}

func (e *Emulator) listUserGroups(c *rctx, envID, id string) result {
	lp, aerr := c.listParams(membershipsFilter, 1000)
	if aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, false, func(d *envData) result {
		if d.users.get(id) == nil {
			return errResult(notFound("user", id))
		}
		groups := d.groupsOf(id)
		all := make([]doc, len(groups))
		for i, g := range groups {
			all[i] = doc{"id": g["id"], "name": g["name"], "type": "DIRECT", "_group": g}
		}
		matches := lp.matchAll(all, nil)
		page, more := lp.window(matches)
		items := make([]any, len(page))
		for i, m := range page {
			items[i] = e.renderMembership(c, d, envID, id, m["_group"].(doc))
		}
		return c.collectionResult("groupMemberships", items, len(matches), lp, more)
	})
}

func (e *Emulator) addUserToGroup(c *rctx, envID, id string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	gid := v.reqString(body, "id", "id")
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, true, func(d *envData) result {
		u := d.users.get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		g := d.groups.get(gid)
		if g == nil {
			return errResult(invalidField(detailInvalidValue, "id", fmt.Sprintf("group %s does not exist in this environment", gid)))
		}
		if d.isMember(id, gid) {
			return errResult(uniqueness("id", fmt.Sprintf("The user is already a member of group %q", str(g, "name")), ""))
		}
		if str(g, "userFilter") != "" {
			return errResult(constraint("id", fmt.Sprintf("Group %q is a dynamic group (userFilter); members cannot be added directly.", str(g, "name"))))
		}
		if pid := str(g, "population.id"); pid != "" && pid != str(u, "population.id") {
			return errResult(constraint("id", fmt.Sprintf("Group %q is restricted to population %s and the user is in population %s.", str(g, "name"), pid, str(u, "population.id"))))
		}
		d.addMember(id, gid)
		res := created(e.renderMembership(c, d, envID, id, g))
		res.header = http.Header{"Location": {c.href("environments", envID, "users", id, "memberOfGroups", gid)}}
		return res
	})
}

func (e *Emulator) getUserGroup(c *rctx, envID, id, gid string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		if d.users.get(id) == nil {
			return errResult(notFound("user", id))
		}
		g := d.groups.get(gid)
		if g == nil || !d.isMember(id, gid) {
			return errResult(notFound("group membership", gid))
		}
		return okJSON(e.renderMembership(c, d, envID, id, g))
	})
}

func (e *Emulator) removeUserFromGroup(c *rctx, envID, id, gid string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		if d.users.get(id) == nil {
			return errResult(notFound("user", id))
		}
		if !d.isMember(id, gid) {
			return errResult(notFound("group membership", gid))
		}
		d.removeMember(id, gid)
		return noContent()
	})
}
