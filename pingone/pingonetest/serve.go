package pingonetest

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
)

// place is where a collection lives, as the request path names it: the
// environment (for levels 2 and 3) and the parent object (for level 3).
type place struct{ env, parent string }

// childPlace is the place of the collections below object id of r at at.
func (r *resource) childPlace(at place, id string) place {
	if r.level() == 1 {
		return place{env: id}
	}
	return place{env: at.env, parent: id}
}

// loc is a place resolved under the lock, for one resource and request.
type loc struct {
	e *Emulator
	c *rctx // nil outside a request
	r *resource
	place
	d *envData // nil at organisation level
}

// items is the collection itself; nil for a child collection that holds
// nothing yet.
func (l *loc) items() *collection { return l.e.st.collection(l.r, l.place, false) }

func (l *loc) find(id string) doc { return l.items().get(id) }

// collection returns the collection of r at a place (creating a child
// collection when create is set; call with the write lock then).
func (st *state) collection(r *resource, at place, create bool) *collection {
	switch r.level() {
	case 1:
		return st.colls[r.key]
	case 2:
		if d := st.envData[at.env]; d != nil {
			return d.coll(r.key)
		}
		return nil
	}
	if d := st.envData[at.env]; d != nil {
		return d.below(r.key, at.parent, create)
	}
	return nil
}

// pathTo is the path of object id of r at at, below /v1.
func (r *resource) pathTo(at place, id string) []string {
	return append(r.parentPath(at), r.segment(), id)
}

// parentPath is the path of the object a collection lives below (none at
// organisation level).
func (r *resource) parentPath(at place) []string {
	switch r.level() {
	case 2:
		return byKey[r.parent].pathTo(place{}, at.env)
	case 3:
		return byKey[r.parent].pathTo(place{env: at.env}, at.parent)
	}
	return nil
}

// serveResource routes rest, the path below the collection of r at at.
func (e *Emulator) serveResource(c *rctx, r *resource, at place, rest []string) result {
	hs := handlers{}
	add := func(v verb, method string, h func() result) {
		if r.verbs&v != 0 {
			hs[method] = h
		}
	}
	switch len(rest) {
	case 0:
		add(vList, http.MethodGet, func() result {
			if r.list != nil {
				return r.list(e, c, at, "")
			}
			return e.list(c, r, at)
		})
		add(vQuery, http.MethodPost, func() result { return r.list(e, c, at, "") })
		add(vCreate, http.MethodPost, func() result {
			if r.create != nil {
				return r.create(e, c, at, "")
			}
			return e.save(c, r, at, "")
		})
		if r.clear != nil {
			hs[http.MethodDelete] = func() result { return r.clear(e, c, at, "") }
		}
		return dispatch(c.r.Method, hs)
	case 1:
		id := rest[0]
		add(vGet, http.MethodGet, func() result { return e.get(c, r, at, id) })
		add(vReplace, http.MethodPut, func() result {
			if r.replace != nil {
				return r.replace(e, c, at, id)
			}
			return e.save(c, r, at, id)
		})
		add(vPatch, http.MethodPatch, func() result { return r.patch(e, c, at, id) })
		add(vDelete, http.MethodDelete, func() result { return e.remove(c, r, at, id) })
		if r.act != nil {
			hs[http.MethodPost] = func() result { return r.act(e, c, at, id) }
		}
		if r.action != nil {
			hs[http.MethodPost] = func() result { return r.action(e, c, at, id) }
		}
		return dispatch(c.r.Method, hs)
	}
	for _, ch := range children[r.key] {
		if ch.segment() == rest[1] {
			return e.serveResource(c, ch, r.childPlace(at, rest[0]), rest[2:])
		}
	}
	if h := r.sub[strings.Join(rest[1:], "/")]; h != nil { // users/{id}/password, environments/{id}/metrics/activeIdentityCounts
		return h(e, c, at, rest[0])
	}
	return errResult(routeNotFound())
}

// locked runs fn on r at at, resolved under the write lock (write) or the
// read lock: a missing environment or parent object is a 404.
func (e *Emulator) locked(c *rctx, r *resource, at place, write bool, fn func(l *loc) result) result {
	defer e.lock(write)()
	l, aerr := e.resolve(c, r, at)
	if aerr != nil {
		return errResult(aerr)
	}
	return fn(l)
}

// resolve checks that the environment and parent of a place exist. Call
// with e.mu held.
func (e *Emulator) resolve(c *rctx, r *resource, at place) (*loc, *apiError) {
	l := &loc{e: e, c: c, r: r, place: at}
	if r.level() >= 2 {
		var aerr *apiError
		if l.d, aerr = e.envLocked(at.env); aerr != nil {
			return nil, aerr
		}
	}
	if r.level() == 3 {
		p := byKey[r.parent]
		if l.d.coll(p.key).get(at.parent) == nil {
			return nil, notFound(p.kind, at.parent)
		}
	}
	return l, nil
}

// list serves one page of the collection (all of it when it is not paged),
// filtered.
func (e *Emulator) list(c *rctx, r *resource, at place) result {
	var lp listParams
	if r.maxLimit > 0 {
		var aerr *apiError
		if lp, aerr = c.listParams(r.filter, r.maxLimit); aerr != nil {
			return errResult(aerr)
		}
	}
	return e.locked(c, r, at, false, func(l *loc) result {
		all := l.items().all()
		if r.order != nil {
			all = slices.SortedStableFunc(slices.Values(all), r.order)
		}
		page, more, total := all, false, len(all)
		if r.maxLimit > 0 {
			var get func(d doc) getter
			if r.attr != nil {
				get = func(d doc) getter {
					return func(p string) (any, bool) { return r.attr(l, d, p) }
				}
			}
			matches := lp.matchAll(all, get)
			total = len(matches)
			page, more = lp.window(matches)
		}
		items := make([]any, len(page))
		for i, d := range page {
			items[i] = l.render(d)
		}
		return c.collectionResult(r.halKey(), items, total, lp, more)
	})
}

// get serves one object.
func (e *Emulator) get(c *rctx, r *resource, at place, id string) result {
	return e.locked(c, r, at, false, func(l *loc) result {
		d := l.find(id)
		if d == nil {
			return errResult(notFound(r.kind, id))
		}
		return okJSON(l.render(d))
	})
}

// write is one create or replace under way.
type write struct {
	*loc
	cur  doc // the object a replace replaces; nil for a create
	body doc
	now  string
	id   string
}

// ID is the object's id, drawn for a create on first use: a write refused
// before that draws none, so refused writes do not shift the ids that
// follow.
func (w *write) ID() string {
	if w.id == "" {
		w.id = w.e.st.ids.uuid()
	}
	return w.id
}

// save creates (id == "") or fully replaces an object of r at at: the
// body's read-only members are dropped, the rest is checked against the
// declared members, uniqueness and references, and stored as sent (unknown
// members are kept); the members the emulator sets are set or carried over.
func (e *Emulator) save(c *rctx, r *resource, at place, id string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	dropMembers(body, r.readOnly)
	v := &validator{}
	r.checkMembers(v, body)
	if r.validate != nil {
		r.validate(v, body)
	}
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.locked(c, r, at, true, func(l *loc) result {
		w := &write{loc: l, body: body, now: ts(e.now()), id: id}
		if id != "" {
			if w.cur = l.find(id); w.cur == nil {
				return errResult(notFound(r.kind, id))
			}
		}
		if aerr := l.checkWrite(body, id); aerr != nil {
			return errResult(aerr)
		}
		if r.check != nil {
			if aerr := r.check(w); aerr != nil {
				return errResult(aerr)
			}
		}
		w.stamp()
		e.st.collection(r, at, true).put(body)
		return l.answer(body, w.cur == nil)
	})
}

// checkWrite checks a body's unique members and references, for writes
// written by hand.
func (l *loc) checkWrite(body doc, self string) *apiError {
	if aerr := l.checkUnique(body, self); aerr != nil {
		return aerr
	}
	return l.checkRefs(body, l.r.refs)
}

// stamp sets the members the emulator owns: the id, the environment, the
// timestamps, and on a replace every read-only member the stored object has.
func (w *write) stamp() {
	if w.cur != nil {
		for _, m := range w.r.readOnly {
			if x, ok := lookup(w.cur, m); ok {
				setPath(w.body, m, deepCopy(x))
			}
		}
	}
	w.body["id"] = w.ID()
	if w.r.level() >= 2 && w.r.sets("environment") {
		w.body["environment"] = ref(w.env)
	}
	if w.r.sets("createdAt") && w.cur == nil {
		w.body["createdAt"] = w.now
	}
	if w.r.sets("updatedAt") {
		w.body["updatedAt"] = w.now
	}
}

// answer is the response to a write of d: 201 with Location for a create.
func (l *loc) answer(d doc, isNew bool) result {
	out := l.render(d)
	if !isNew {
		return okJSON(out)
	}
	res := created(out)
	res.header = http.Header{"Location": {l.href(d["id"].(string))}}
	return res
}

// remove deletes one object, unless a hook or a reference refuses, with
// what cascades from it.
func (e *Emulator) remove(c *rctx, r *resource, at place, id string) result {
	return e.locked(c, r, at, true, func(l *loc) result {
		d := l.find(id)
		if d == nil {
			return errResult(notFound(r.kind, id))
		}
		if r.refuse != nil {
			if aerr := r.refuse(l, d); aerr != nil {
				return errResult(aerr)
			}
		}
		if aerr := e.st.delete(victim{r: r, at: at, d: d}); aerr != nil {
			return errResult(aerr)
		}
		return noContent()
	})
}

// href is the absolute URL of object id of the collection.
func (l *loc) href(id string, more ...string) string {
	return l.c.href(append(l.r.pathTo(l.place, id), more...)...)
}

// render copies a stored object for a response: the computed members, and
// _links to itself, its parent, the objects it links to and its declared
// sub-resources.
func (l *loc) render(src doc) doc {
	r := l.r
	out := copyDoc(src)
	id := src["id"].(string)
	for _, n := range r.counts {
		if n.include == "" || includes(l.c, n.include) {
			setPath(out, n.member, l.e.st.countRefs(byKey[n.from], n, l.env, id))
		}
	}
	links := doc{"self": doc{"href": l.href(id)}}
	if r.level() > 1 {
		links[byKey[r.parent].kind] = doc{"href": l.c.href(r.parentPath(l.place)...)}
	}
	for _, ref := range r.refs {
		if tid := str(src, ref.member); ref.link != "" && tid != "" {
			t, _ := l.resolve(ref, tid)
			links[ref.link] = doc{"href": l.c.href(t.pathTo(place{env: l.env}, tid)...)}
		}
	}
	for _, s := range r.links {
		links[s] = doc{"href": l.href(id, s)}
	}
	out["_links"] = links
	if r.render != nil {
		r.render(l, src, out)
	}
	return out
}

// checkMembers checks a body against the declared members.
func (r *resource) checkMembers(v *validator, body doc) {
	for _, m := range r.members {
		obj, key := body, m.path
		if i := strings.LastIndexByte(m.path, '.'); i >= 0 {
			parent, ok := lookup(body, m.path[:i])
			if obj, ok = parent.(map[string]any); !ok {
				continue // absent or of the wrong type: said by the parent's own member
			}
			key = m.path[i+1:]
		}
		raw, present := obj[key]
		if !present || raw == nil {
			if m.required {
				v.add(detailRequired, m.path, m.path+" is required")
			}
			continue
		}
		switch m.kind {
		case mString:
			if s, ok := v.optString(obj, key, m.path); ok {
				if m.required && s == "" {
					v.add(detailInvalidValue, m.path, m.path+" must not be empty")
				} else if m.enum != nil {
					v.enum(m.path, s, m.enum)
				}
			}
		case mBool:
			v.optBool(obj, key, m.path)
		case mRef:
			if ref, ok := raw.(map[string]any); ok {
				v.reqString(ref, "id", m.path+".id")
			} else {
				v.add(detailInvalidValue, m.path, m.path+" must be an object with an id")
			}
		case mStrings:
			v.optStringList(obj, key, m.enum)
		case mObject:
			if _, ok := raw.(map[string]any); !ok {
				v.add(detailInvalidValue, m.path, m.path+" must be an object")
			}
		case mInt:
			if f, ok := raw.(float64); !ok || f != math.Trunc(f) {
				v.add(detailInvalidValue, m.path, m.path+" must be an integer")
			}
		}
	}
}

// checkUnique refuses a body that shares a unique member with another
// object of the collection than self.
func (l *loc) checkUnique(body doc, self string) *apiError {
	for _, u := range l.r.unique {
		val := str(body, u.member)
		if val == "" {
			continue
		}
		for _, o := range l.items().all() {
			ov := str(o, u.member)
			if o["id"] == self || !(ov == val || u.foldCase && strings.EqualFold(ov, val)) {
				continue
			}
			msg := fmt.Sprintf("%s %s with %s %q already exists in this %s", article(l.r.kind), l.r.kind, u.member, val, l.scopeNoun())
			if u.member == "name" {
				msg = fmt.Sprintf("%s %s named %q already exists in this %s", article(l.r.kind), l.r.kind, val, l.scopeNoun())
			}
			return uniqueness(u.member, msg, o["id"].(string))
		}
	}
	return nil
}

// scopeNoun says what one collection of the resource is unique within.
func (l *loc) scopeNoun() string {
	switch l.r.level() {
	case 1:
		return organization
	case 2:
		return "environment"
	}
	return byKey[l.r.parent].kind
}

func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeio", rune(noun[0])) { // but "a user"
		return "An"
	}
	return "A"
}

// dropMembers deletes members (dotted for nested ones) from d.
func dropMembers(d doc, members []string) {
	for _, m := range members {
		obj, key := d, m
		if i := strings.LastIndexByte(m, '.'); i >= 0 {
			parent, _ := lookup(d, m[:i])
			var ok bool
			if obj, ok = parent.(map[string]any); !ok {
				continue
			}
			key = m[i+1:]
		}
		delete(obj, key)
	}
}

// setPath sets the member at a dotted path, creating objects on the way.
func setPath(d doc, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := d[p].(map[string]any)
		if !ok {
			next = doc{}
			d[p] = next
		}
		d = next
	}
	d[parts[len(parts)-1]] = v
}
