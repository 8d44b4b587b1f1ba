package tools

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
)

// Definition is a tool as a client receives it in a listing: the compact
// input schema (schema.go), rendered once, and annotations that agree with
// the policy.
type Definition struct {
	Name string
	// Title is the tool's title, or "" when it only says the name in words
	// ("Get user" for get_user): clients show the name then.
	Title       string
	Description string
	Annotations Annotations
	// InputSchema is the compact input schema as JSON.
	InputSchema json.RawMessage
}

// definitions is what a toolkit renders once, on first use.
type definitions struct {
	once   sync.Once
	list   []Definition
	byName map[string]int
}

// Definitions returns the definitions of the tools the toolkit exposes, in
// the order of Tools, rendered on first use and then shared (callers must
// not change them). A tool whose arguments repeat those of a tool before
// it in its collection says so instead of repeating their descriptions.
func (tk *Toolkit) Definitions() []Definition {
	tk.defs.once.Do(func() {
		tk.defs.list, tk.defs.byName = tk.render(tk.Tools(), true)
	})
	return tk.defs.list
}

// Definition returns one visible tool's definition standing alone (every
// argument it does not leave to the instructions described), for a client
// that asks about one tool.
func (tk *Toolkit) Definition(name string) (Definition, bool) {
	t, ok := tk.visible[name]
	if !ok {
		return Definition{}, false
	}
	list, _ := tk.render([]*Tool{t}, false)
	return list[0], true
}

// annotations are a tool's hints under this toolkit's policy: a tool whose
// calls need confirmation is destructive.
func (tk *Toolkit) annotations(t *Tool) Annotations {
	a := t.Annotations()
	if t.IsWrite() && (t.mayNeedConfirmation() || slices.Contains(tk.confirmTools, t.Name)) {
		a.Destructive = true
	}
	return a
}

// render builds the definitions of list from their listings (listing.go);
// siblings turns on the sharing of argument descriptions between tools of
// a collection.
func (tk *Toolkit) render(list []*Tool, siblings bool) ([]Definition, map[string]int) {
	listings := make([]*listing, len(list))
	for i, t := range list {
		listings[i] = tk.reg.listing(t)
	}
	out := make([]Definition, len(list))
	byName := make(map[string]int, len(list))
	for i, t := range list {
		byName[t.Name] = i
	}
	cache := nodeCache{}
	for i, t := range list {
		desc := t.Description
		var shared map[string]string
		if siblings {
			var j int
			if j, shared = sibling(list, listings, byName, i, cache); j >= 0 {
				desc += " Undescribed arguments: as in " + list[j].Name + "."
			}
		}
		title := t.Title
		if titleRestatesName(t.Name, title) {
			title = ""
		}
		out[i] = Definition{Name: t.Name, Title: title, Description: desc, Annotations: tk.annotations(t), InputSchema: listings[i].schema(shared)}
	}
	return out, byName
}

// titleRestatesName reports whether a title is its tool's name in words,
// articles and possessives aside: "Get user" for get_user, "Delete an MFA
// device" for delete_mfa_device, "Create WS-Fed application" for
// create_wsfed_application; not "Grant a role to a user" for
// assign_user_role.
func titleRestatesName(name, title string) bool {
	if title == "" {
		return false
	}
	// The title's letters and digits, word by word, are matched against
	// the name's in order; nothing is allocated (every tool's title is
	// looked at while a client waits for the listing).
	rest := name
	next := func() (rune, bool) {
		for rest != "" {
			r, size := utf8.DecodeRuneInString(rest)
			rest = rest[size:]
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r, true
			}
		}
		return 0, false
	}
	for w := range strings.FieldsSeq(title) {
		if len(w) >= 2 && strings.EqualFold(w[len(w)-2:], "'s") {
			w = w[:len(w)-2]
		}
		if strings.EqualFold(w, "a") || strings.EqualFold(w, "an") || strings.EqualFold(w, "the") {
			continue
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			n, ok := next()
			if !ok || unicode.ToLower(r) != n {
				return false
			}
		}
	}
	_, more := next()
	return !more
}

// siblingMinShared is how many described arguments (nested ones
// included) a tool must share with one listed before it to refer to it
// instead of describing them.
const siblingMinShared = 3

// sibling finds the tool before list[i] in its collection that shares the
// most described arguments with it, schema and description alike: whole
// arguments, and the nodes nested in an argument that differs as a whole
// (nested.go); -1 when none shares siblingMinShared. Among tools that
// share as many, the first in list wins. shared holds the JSON of each
// argument that leaves descriptions to the sibling, by name. The
// candidates are the listing's shares when it knows them (a catalogue
// listing, whose shares name tools that may not be listed), else worked
// out from list; index gives each listed tool's place in list.
func sibling(list []*Tool, listings []*listing, index map[string]int, i int, cache nodeCache) (best int, shared map[string]string) {
	cands := listings[i].shares
	if !listings[i].sharesKnown {
		cands = shares(list, listings, i, cache)
	}
	best = -1
	for _, sh := range cands {
		if j, listed := index[sh.name]; listed {
			best = j
			break
		}
	}
	if best < 0 {
		return -1, nil
	}
	shared = map[string]string{}
	sharedArguments(listings[i], listings[best], cache, shared)
	return best, shared
}

// shares are the tools of list that list[i] may refer to (sibling), best
// first: those before it in its collection with siblingMinShared described
// arguments alike or more, by how many, then in list order.
func shares(list []*Tool, listings []*listing, i int, cache nodeCache) []share {
	var out []share
	for j := range list {
		if j == i || list[j].Collection != list[i].Collection || list[j].Name >= list[i].Name || listings[j].whole {
			continue
		}
		if n := sharedArguments(listings[i], listings[j], cache, nil); n >= siblingMinShared {
			out = append(out, share{name: list[j].Name, n: n})
		}
	}
	slices.SortStableFunc(out, func(a, b share) int { return b.n - a.n })
	return out
}

// sharedArguments counts the described arguments (nested ones included)
// mine shares with theirs; given parts, it also keeps the JSON of each
// argument that leaves its descriptions to theirs, by name. Candidates are
// only counted: the JSON is written for the chosen sibling alone.
func sharedArguments(mine, theirs *listing, cache nodeCache, parts map[string]string) int {
	n := 0
	for _, m := range mine.members {
		o, ok := theirs.member(m.name)
		switch {
		case !ok:
		case o.json == m.json:
			if m.bare != "" {
				n++
				if parts != nil {
					parts[m.name] = m.bare
				}
			}
		case parts != nil:
			if cut, k := cache.sharedWith(m.json, o.json); k > 0 {
				parts[m.name], n = cut, n+k
			}
		default:
			n += len(cache.cuts(m.json, o.json, nil))
		}
	}
	return n
}

// describeOnce leaves the descriptions out of a nested argument that
// repeats, name, shape and words alike, one shown before it in the same
// schema: the voice block after the sms block of a device authentication
// policy, a cool-down's duration after a lifetime's. The first one, in
// the order the listing shows them, keeps its words; seen holds what was
// shown.
func describeOnce(s *jsonschema.Schema, seen map[string]bool) {
	if s == nil {
		return
	}
	for _, name := range propertyOrder(s) {
		p := s.Properties[name]
		var b bytes.Buffer
		if renderSchema(&b, p) != nil {
			continue
		}
		key := name + "\x00" + b.String()
		if seen[key] {
			stripDescriptions(p)
			continue
		}
		seen[key] = true
		describeOnce(p, seen)
	}
	describeOnce(s.Items, seen)
}

// stripDescriptions leaves out the descriptions in s, but for the note
// that says a free-form object travels as JSON text (jsontext.go), which
// the value's type does not say.
func stripDescriptions(s *jsonschema.Schema) {
	if s == nil {
		return
	}
	if strings.HasSuffix(s.Description, JSONTextNote) {
		s.Description = JSONTextNote
	} else {
		s.Description = ""
	}
	for _, p := range s.Properties {
		stripDescriptions(p)
	}
	stripDescriptions(s.Items)
	for _, b := range s.AnyOf {
		stripDescriptions(b)
	}
}

// withProperties makes sure the rendered root object has properties
// (jsonschema leaves an empty map out), which some clients require.
func withProperties(raw []byte) []byte {
	if bytes.Contains(raw, []byte(`"properties":`)) {
		return raw
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return raw
	}
	if _, ok := m["properties"]; ok {
		return raw
	}
	m["properties"] = json.RawMessage(`{}`)
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}
