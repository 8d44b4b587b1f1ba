package pingonetest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/p1kit/p1kit/internal/lazy"
)

const (
	mediaUserImport  = "application/vnd.pingidentity.user.import+json"
	mediaPasswordSet = "application/vnd.pingidentity.password.set+json"
	minPasswordLen   = 8
)

var (
	// Patterns from the mgmt User schema, so stored users always validate.
	reUserFamily  = lazy.Regexp(`^[\p{L}\p{M}\p{N}' .-]*$`)
	reUserGeneral = lazy.Regexp(`^[\p{L}\p{M}\p{Zs}\p{S}\p{N}\p{P}]*$`)
	reTimezone    = lazy.Regexp(`^\w+/\w+$`)

	lifecycleStatuses = []string{"ACCOUNT_OK", "VERIFICATION_REQUIRED"}
	verifyStatuses    = []string{"NOT_INITIATED", "ENABLED", "DISABLED"}
)

// users: usernames unique per environment (case-insensitive); every user
// is in a population (the default one unless given), which it holds on to.
// Create (two content types, an initial password, enabled and mfaEnabled),
// replace and the PATCH merge are written by hand below, as are the account
// lock and unlock (POST to the user, by content type; the lock state itself
// is in accounts.go) and the enabled, mfaEnabled, verifyStatus,
// identityProvider, password and population sub-resources; a user's
// memberships, role assignments and MFA devices go with it.
var users = &resource{
	key: keyUsers, kind: "user", parent: keyEnvironments, name: "username",
	verbs: vCRUD | vPatch, filter: usersFilter, maxLimit: 1000,
	// enabled is read-only but on create; account is the emulator's, whole.
	readOnly: withCommon("account", "enabled", "emailVerified", "lastSignOn", "memberOfGroupIDs", "memberOfGroupNames", "mfaEnabled"),
	unique:   []unique{{member: "username", foldCase: true}},
	refs:     []reference{{member: "population.id", target: keyPopulations, onDelete: restrict, link: "population"}},
	links:    []string{"password", "memberOfGroups"},
	create:   createUser,
	replace:  func(e *Emulator, c *rctx, at place, id string) result { return e.updateUser(c, at.env, id, false) },
	patch:    func(e *Emulator, c *rctx, at place, id string) result { return e.updateUser(c, at.env, id, true) },
	action:   userAccount,
	sub: map[string]placeHandler{
		"enabled":          userMember("enabled", (*validator).reqBool),
		"mfaEnabled":       userMember("mfaEnabled", (*validator).reqBool),
		"verifyStatus":     userMember("verifyStatus", reqVerifyStatus),
		"identityProvider": getPut((*Emulator).userIdentityProvider),
		"password":         getPut((*Emulator).userPassword),
		"population":       getPut((*Emulator).userPopulation),
	},
	render: renderUser,
	attr:   userAttr,
	forget: func(st *state, envID string, u doc) { delete(st.envData[envID].passwords, u["id"].(string)) },
}

// renderUser shows the account as it is at the time of the request, and
// the groups the request's include names.
func renderUser(l *loc, u, out doc) {
	out["account"] = accountView(u, l.e.now())
	renderUserGroups(l, u, out)
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

// renderUserGroups adds memberOfGroupIDs and memberOfGroupNames when the
// request's include names them.
func renderUserGroups(l *loc, u, out doc) {
	withIDs, withNames := includes(l.c, "memberOfGroupIDs"), includes(l.c, "memberOfGroupNames")
	if !withIDs && !withNames {
		return
	}
	ids, names := []any{}, []any{}
	for _, g := range l.d.groupsOf(u["id"].(string)) {
		ids = append(ids, g["id"])
		names = append(names, g["name"])
	}
	if withIDs {
		out["memberOfGroupIDs"] = ids
	}
	if withNames {
		out["memberOfGroupNames"] = names
	}
}

// userAttr resolves filter attributes of a user, including memberOfGroups
// and the account as it is now.
func userAttr(l *loc, u doc, p string) (any, bool) {
	if rest, ok := strings.CutPrefix(p, "account."); ok {
		return lookup(accountView(u, l.e.now()), rest)
	}
	if p != "memberOfGroups" {
		return lookup(u, p)
	}
	ms := l.d.below(keyGroupMemberships, u["id"].(string), false).all()
	list := make([]any, len(ms))
	for i, m := range ms {
		list[i] = doc{"id": m["id"]}
	}
	return list, true
}

// validateUserDoc checks the client-settable attributes of a user document.
func validateUserDoc(v *validator, u doc) {
	username := v.reqString(u, "username", "username")
	if username != "" {
		if len([]rune(username)) > 128 {
			v.add(detailInvalidValue, "username", "username must be at most 128 characters")
		} else if !reUserGeneral().MatchString(username) {
			v.addInner(detailInvalidValue, "username", "username contains characters that are not allowed",
				map[string]any{"allowedPattern": reUserGeneral().String()})
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
				re := reUserGeneral()
				if k == "family" || k == "formatted" {
					re = reUserFamily()
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
	if s, ok := v.optString(u, "timezone", "timezone"); ok && !reTimezone().MatchString(s) {
		v.add(detailInvalidValue, "timezone", fmt.Sprintf("timezone %q is not an IANA time zone such as America/Los_Angeles", s))
	}
	for _, obj := range []struct {
		member string
		keys   []string
	}{
		{"address", []string{"streetAddress", "locality", "region", "postalCode", "countryCode"}},
		{"photo", []string{"href"}},
	} {
		raw, present := u[obj.member]
		if !present || raw == nil {
			continue
		}
		m, ok := raw.(map[string]any)
		if !ok {
			v.add(detailInvalidValue, obj.member, obj.member+" must be an object")
			continue
		}
		for _, k := range obj.keys {
			v.optString(m, k, obj.member+"."+k)
		}
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

func newSalt() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// createUser takes application/json or the user.import+json content type,
// an initial password and enabled, and fills PingOne's defaults.
func createUser(e *Emulator, c *rctx, at place, _ string) result {
	switch mt := c.mediaType(); mt {
	case "", "application/json", mediaUserImport:
	default:
		return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %s is not supported; use application/json or %s.", mt, mediaUserImport)))
	}
	body, aerr := c.decodeObject()
	if aerr != nil {
		return errResult(aerr)
	}
	initial, hasInitial := body["enabled"]
	dropMembers(body, byKey[keyUsers].readOnly)
	if hasInitial {
		body["enabled"] = initial
	}
	v := &validator{}
	validateUserDoc(v, body)
	enabled, hasEnabled := v.optBool(body, "enabled", "enabled")
	var pw *passwordRecord
	var pwValue string
	if raw, present := body["password"]; present && raw != nil {
		pm, ok := raw.(map[string]any)
		if !ok {
			v.add(detailInvalidValue, "password", "password must be an object {value, forceChange}")
		} else {
			val := v.reqString(pm, "value", "password.value")
			fc, _ := v.optBool(pm, "forceChange", "password.forceChange")
			pwValue = val
			salt := newSalt()
			pw = &passwordRecord{salt: salt, hash: hashPassword(salt, val), forceChange: fc}
		}
	}
	delete(body, "password")
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}

	return e.locked(c, byKey[keyUsers], at, true, func(l *loc) result {
		d := l.d
		if aerr := l.checkWrite(body, ""); aerr != nil {
			return errResult(aerr)
		}
		if str(body, "population.id") == "" {
			def := d.defaultPopulation()
			if def == nil {
				return errResult(invalidField(detailRequired, "population.id", "The environment has no default population; give population.id"))
			}
			body["population"] = ref(def["id"].(string))
		}
		if pw != nil && pwValue != "" {
			if aerr := d.checkPassword(body, pwValue, "password.value"); aerr != nil { // the population's policy
				return errResult(aerr)
			}
		}
		now := ts(e.now())
		id := e.st.ids.uuid()
		body["id"] = id
		body["environment"] = ref(at.env)
		body["createdAt"] = now
		body["updatedAt"] = now
		body["enabled"] = !hasEnabled || enabled
		unlockAccount(body)
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
		d.coll(keyUsers).add(body)
		if pw != nil {
			pw.lastChangedAt = now
			d.setPassword(id, *pw)
		}
		return l.answer(body, true)
	})
}

// updateUser is PATCH (merge) or PUT (full replace of client-settable attributes).
func (e *Emulator) updateUser(c *rctx, envID, id string, patch bool) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	dropMembers(body, byKey[keyUsers].readOnly) // enabled too: use PUT …/enabled
	if _, has := body["password"]; has {
		return errResult(invalidField(detailInvalidValue, "password",
			"The password cannot be changed here; use PUT …/users/{userID}/password with Content-Type "+mediaPasswordSet))
	}

	return e.locked(c, byKey[keyUsers], place{env: envID}, true, func(l *loc) result {
		cur := l.find(id)
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
		// mfaEnabled changes only through PUT …/mfaEnabled, PingOne says.
		for _, k := range []string{"id", "environment", "createdAt", "enabled", "account", "emailVerified", "lastSignOn", "mfaEnabled"} {
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
		if aerr := l.checkWrite(next, id); aerr != nil {
			return errResult(aerr)
		}
		next["updatedAt"] = ts(e.now())
		l.items().put(next)
		return l.answer(next, false)
	})
}

// getPut serves a sub-resource of a user read by GET and written by PUT.
func getPut(h func(e *Emulator, c *rctx, envID, id string, write bool) result) placeHandler {
	return func(e *Emulator, c *rctx, at place, id string) result {
		return dispatch(c.r.Method, handlers{
			http.MethodGet: func() result { return h(e, c, at.env, id, false) },
			http.MethodPut: func() result { return h(e, c, at.env, id, true) },
		})
	}
}

// userMember serves a sub-resource that reads and sets one member of a
// user ({enabled}, {mfaEnabled}, {verifyStatus}): read checks and reads the
// member from a PUT body; the answer is {<member>: value, _links}.
func userMember[T any](member string, read func(v *validator, body doc, key, target string) T) placeHandler {
	return getPut(func(e *Emulator, c *rctx, envID, id string, write bool) result {
		var val T
		if write {
			var aerr *apiError
			if val, aerr = putValue(c, member, read); aerr != nil {
				return errResult(aerr)
			}
		}
		return e.inEnv(envID, write, func(d *envData) result {
			u := d.coll(keyUsers).get(id)
			if u == nil {
				return errResult(notFound("user", id))
			}
			if write {
				u[member] = val
				u["updatedAt"] = ts(e.now())
			}
			return okJSON(doc{member: u[member], "_links": userSubLinks(c, envID, id, member)})
		})
	})
}

// putValue reads the one member key a sub-resource's PUT body holds
// (a JSON object), checked by read.
func putValue[T any](c *rctx, key string, read func(v *validator, body doc, key, target string) T) (T, *apiError) {
	var zero T
	body, aerr := c.jsonObject()
	if aerr != nil {
		return zero, aerr
	}
	v := &validator{}
	val := read(v, body, key, key)
	if aerr := v.err(); aerr != nil {
		return zero, aerr
	}
	return val, nil
}

// reqVerifyStatus reads the verify status a PUT sets: ENABLED or DISABLED
// (NOT_INITIATED is where a user starts, not something to set).
func reqVerifyStatus(v *validator, body doc, key, target string) string {
	s := v.reqString(body, key, target)
	v.enum(target, s, []string{"ENABLED", "DISABLED"})
	return s
}

// userSubLinks are the links of a user's sub-resource.
func userSubLinks(c *rctx, envID, id, sub string) doc {
	return doc{
		"self": doc{"href": c.href("environments", envID, "users", id, sub)},
		"user": doc{"href": c.href("environments", envID, "users", id)},
	}
}

// The content types of the POST to a user that locks or unlocks its account.
const (
	mediaAccountLock   = "application/vnd.pingidentity.account.lock+json"
	mediaAccountUnlock = "application/vnd.pingidentity.account.unlock+json"
)

// userAccount serves POST …/users/{userID}, whose content type says what
// to do: unlock the account (no body), or lock it ({"unlockAt": …}
// optional; PingOne does not lock when unlockAt is in the past). Both
// answer the user. Neither touches enabled.
func userAccount(e *Emulator, c *rctx, at place, id string) result {
	var unlockAt time.Time
	mt := c.mediaType()
	switch mt {
	case mediaAccountUnlock:
	case mediaAccountLock:
		if len(bytes.TrimSpace(c.body)) > 0 {
			body, aerr := c.decodeObject()
			if aerr != nil {
				return errResult(aerr)
			}
			v := &validator{}
			if s, ok := v.optString(body, "unlockAt", "unlockAt"); ok {
				t, err := time.Parse(time.RFC3339Nano, s)
				if err != nil {
					v.add(detailInvalidValue, "unlockAt", fmt.Sprintf("unlockAt %q is not an RFC 3339 date-time", s))
				}
				unlockAt = t
			}
			if aerr := v.err(); aerr != nil {
				return errResult(aerr)
			}
		}
	default:
		return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %q is not supported for a POST to a user; lock the account with %s or unlock it with %s.",
			mt, mediaAccountLock, mediaAccountUnlock)))
	}
	return e.locked(c, byKey[keyUsers], at, true, func(l *loc) result {
		u := l.find(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		now := e.now()
		switch {
		case mt == mediaAccountUnlock:
			unlockAccount(u)
		case unlockAt.IsZero() || unlockAt.After(now):
			lockAccount(u, now, unlockAt, lockedByAdmin)
		}
		u["updatedAt"] = ts(now)
		return okJSON(l.render(u))
	})
}

// userIdentityProvider serves …/users/{userID}/identityProvider: the
// identity provider the user authenticates with. A PUT of {"id": …} links
// an identity provider of the environment; a PUT with no body makes it
// PingOne's own directory again.
func (e *Emulator) userIdentityProvider(c *rctx, envID, id string, write bool) result {
	var idpID string
	if write && len(bytes.TrimSpace(c.body)) > 0 {
		var aerr *apiError
		if idpID, aerr = putValue(c, "id", (*validator).reqString); aerr != nil {
			return errResult(aerr)
		}
	}
	return e.inEnv(envID, write, func(d *envData) result {
		idp, aerr := e.identityProviderLink(d, keyUsers, "user", id, "identityProvider", write, idpID)
		if aerr != nil {
			return errResult(aerr)
		}
		return okJSON(doc{"identityProvider": idp, "_links": userSubLinks(c, envID, id, "identityProvider")})
	})
}

// identityProviderLink serves the link to an identity provider that member
// of the object id (a kind of the collection key) holds: a user's
// identityProvider, a population's defaultIdentityProvider. A write first
// links the provider idpID of the environment as {id, type}, or PingOne's
// own directory ({type: PING_ONE}) when idpID is empty, refusing a provider
// that does not exist. It returns a copy of the link, {type: PING_ONE} when
// the object names none.
func (e *Emulator) identityProviderLink(d *envData, key, kind, id, member string, write bool, idpID string) (doc, *apiError) {
	o := d.coll(key).get(id)
	if o == nil {
		return nil, notFound(kind, id)
	}
	if write {
		link := doc{"type": "PING_ONE"}
		if idpID != "" {
			idp := d.coll(keyIdentityProviders).get(idpID)
			if idp == nil {
				return nil, invalidField(detailInvalidValue, "id", fmt.Sprintf("identity provider %s does not exist in this environment", idpID))
			}
			link = doc{"id": idpID, "type": idp["type"]}
		}
		o[member] = link
		o["updatedAt"] = ts(e.now())
	}
	link, _ := o[member].(map[string]any)
	if link == nil {
		return doc{"type": "PING_ONE"}, nil
	}
	return copyDoc(link), nil
}

func (e *Emulator) userPassword(c *rctx, envID, id string, write bool) result {
	var rec passwordRecord
	var val string
	if write {
		if mt := c.mediaType(); mt != mediaPasswordSet {
			return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %q is not supported here; set a password with Content-Type %s.", mt, mediaPasswordSet)))
		}
		body, aerr := c.decodeObject()
		if aerr != nil {
			return errResult(aerr)
		}
		v := &validator{}
		val = v.reqString(body, "value", "value")
		fc, _ := v.optBool(body, "forceChange", "forceChange")
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
		salt := newSalt()
		rec = passwordRecord{salt: salt, hash: hashPassword(salt, val), forceChange: fc}
	}
	return e.inEnv(envID, write, func(d *envData) result {
		u := d.coll(keyUsers).get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		if write {
			if aerr := d.checkPassword(u, val, "value"); aerr != nil { // the population's policy
				return errResult(aerr)
			}
			now := ts(e.now())
			rec.lastChangedAt = now
			d.setPassword(id, rec)
			u["updatedAt"] = now
		}
		out := doc{
			"environment": ref(envID),
			"user":        ref(id),
			"_links":      userSubLinks(c, envID, id, "password"),
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
		var aerr *apiError
		if popID, aerr = putValue(c, "id", (*validator).reqString); aerr != nil {
			return errResult(aerr)
		}
	}
	return e.inEnv(envID, write, func(d *envData) result {
		u := d.coll(keyUsers).get(id)
		if u == nil {
			return errResult(notFound("user", id))
		}
		if write {
			if d.coll(keyPopulations).get(popID) == nil {
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
