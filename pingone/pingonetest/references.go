package pingonetest

import (
	"fmt"
	"slices"
	"strings"
)

// victim is one object a delete removes.
type victim struct {
	r  *resource
	at place
	d  doc
}

func (v victim) id() string { return v.d["id"].(string) }

// key tells objects apart: ids are unique but for memberships (whose id is
// the group's), which are unique below their user.
func (v victim) key() string { return v.r.key + "/" + v.at.parent + "/" + v.id() }

// name is how messages name the object: its name member, or its id.
func (v victim) name() string {
	if s := str(v.d, v.r.name); s != "" {
		return fmt.Sprintf("%s %q", v.r.kind, s)
	}
	return v.r.kind + " " + v.id()
}

// each calls fn for every collection of r in environment env, or in every
// environment when env is "", in a stable order.
func (st *state) each(r *resource, env string, fn func(at place, c *collection)) {
	if r.level() == 1 {
		fn(place{}, st.colls[r.key])
		return
	}
	for _, e := range st.envs().items {
		id := e["id"].(string)
		d := st.envData[id]
		if d == nil || env != "" && id != env {
			continue
		}
		if r.level() == 2 {
			fn(place{env: id}, d.coll(r.key))
			continue
		}
		for _, p := range d.coll(r.parent).items {
			pid := p["id"].(string)
			if c := d.sub[r.key][pid]; c != nil {
				fn(place{env: id, parent: pid}, c)
			}
		}
	}
}

// exists reports whether r holds id in environment env (any when "").
func (st *state) exists(r *resource, env, id string) bool {
	found := false
	st.each(r, env, func(_ place, c *collection) { found = found || c.get(id) != nil })
	return found
}

// countRefs counts the objects of from in environment env whose member
// cnt.via holds id (and that cnt applies to).
func (st *state) countRefs(from *resource, cnt count, env, id string) int {
	n := 0
	st.each(from, env, func(_ place, c *collection) {
		if cnt.via == "id" {
			if d := c.get(id); d != nil && cnt.applies(d) {
				n++
			}
			return
		}
		for _, d := range c.items {
			if str(d, cnt.via) == id && cnt.applies(d) {
				n++
			}
		}
	})
	return n
}

// checkRefs refuses a body whose references name objects that do not exist.
func (l *loc) checkRefs(body doc, refs []reference) *apiError {
	for _, ref := range refs {
		if ref.member == "" || !ref.applies(body) {
			continue
		}
		t := byKey[ref.target]
		env, where := l.env, "environment"
		if t.level() == 1 || ref.anyEnv {
			env, where = "", organization
		}
		for _, id := range refIDs(body, ref.member) {
			if !l.e.st.exists(t, env, id) {
				return invalidField(detailInvalidValue, ref.member, fmt.Sprintf("%s %s does not exist in this %s", t.kind, id, where))
			}
		}
	}
	return nil
}

// refIDs are the ids at a dotted path; an array on the way holds one each
// (a grant's scopes.id names every scope of its scopes array).
func refIDs(d any, path string) []string {
	if list, ok := d.([]any); ok {
		var out []string
		for _, x := range list {
			out = append(out, refIDs(x, path)...)
		}
		return out
	}
	if path == "" {
		if s, ok := d.(string); ok && s != "" {
			return []string{s}
		}
		return nil
	}
	m, ok := d.(map[string]any)
	if !ok {
		return nil
	}
	head, rest, _ := strings.Cut(path, ".")
	return refIDs(m[head], rest)
}

// referrers calls fn for every object that points at v through in.
func (st *state) referrers(in inbound, v victim, fn func(victim)) {
	if in.ref.member == "" { // the collection below v
		at := v.r.childPlace(v.at, v.id())
		if c := st.collection(in.from, at, false); c != nil {
			for _, d := range c.items {
				fn(victim{r: in.from, at: at, d: d})
			}
		}
		return
	}
	env := v.at.env
	if v.r.level() == 1 || in.ref.anyEnv {
		env = ""
	}
	st.each(in.from, env, func(at place, c *collection) {
		for _, d := range c.items {
			if in.ref.applies(d) && slices.Contains(refIDs(d, in.ref.member), v.id()) {
				fn(victim{r: in.from, at: at, d: d})
			}
		}
	})
}

// hold is a restricting reference met on the way: by points at of.
type hold struct {
	by, of victim
	ref    reference
}

// deletion plans the delete of root: root, and everything that cascades
// from it, transitively. A restricting reference refuses the delete unless
// its referrer goes too (a user of a population of an environment being
// deleted).
func (st *state) deletion(root victim) ([]victim, *apiError) {
	plan := []victim{root}
	seen := map[string]bool{root.key(): true}
	var holds []hold
	for i := 0; i < len(plan); i++ {
		v := plan[i]
		for _, in := range pointers[v.r.key] {
			st.referrers(in, v, func(x victim) {
				switch {
				case in.ref.onDelete == restrict:
					holds = append(holds, hold{by: x, of: v, ref: in.ref})
				case !seen[x.key()]:
					seen[x.key()] = true
					plan = append(plan, x)
				}
			})
		}
	}
	for _, h := range holds {
		if !seen[h.by.key()] {
			return nil, refusal(root, h, holds, seen)
		}
	}
	return plan, nil
}

// refusal is PingOne's 400 CONSTRAINT_VIOLATION for a delete that h holds.
func refusal(root victim, h hold, holds []hold, seen map[string]bool) *apiError {
	who := capitalize(root.name())
	if h.of.key() != root.key() {
		return constraint("id", fmt.Sprintf("%s cannot be deleted: %s refers by %s to %s, which would go with it; change or delete it first.",
			who, h.by.name(), h.ref.member, h.of.name()))
	}
	n := 0
	for _, o := range holds {
		if o.of.key() == root.key() && o.by.r == h.by.r && o.ref == h.ref && !seen[o.by.key()] {
			n++
		}
	}
	return constraint("id", fmt.Sprintf("%s cannot be deleted: %d %s(s) refer to it by %s (first %s); change or delete them first.",
		who, n, h.by.r.kind, h.ref.member, h.by.name()))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// delete removes root and what cascades from it, or says why it cannot.
// Call with the write lock held.
func (st *state) delete(root victim) *apiError {
	plan, aerr := st.deletion(root)
	if aerr != nil {
		return aerr
	}
	gone := map[string]bool{}
	for _, v := range plan {
		gone[v.key()] = true
	}
	for _, v := range plan {
		id := v.id()
		switch v.r.level() {
		case 1:
			st.colls[v.r.key].remove(id)
			if len(children[v.r.key]) > 0 {
				delete(st.envData, id) // everything below an environment goes with it
			}
		case 2:
			if gone[keyEnvironments+"//"+v.at.env] {
				continue
			}
			st.envData[v.at.env].coll(v.r.key).remove(id)
			for _, ch := range children[v.r.key] {
				delete(st.envData[v.at.env].sub[ch.key], id)
			}
		case 3:
			if gone[keyEnvironments+"//"+v.at.env] || gone[v.r.parent+"//"+v.at.parent] {
				continue
			}
			st.envData[v.at.env].below(v.r.key, v.at.parent, false).remove(id)
		}
		if v.r.forget != nil {
			v.r.forget(st, v.at.env, v.d)
		}
	}
	return nil
}
