package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

// A listing is what a tool's definition (definition.go) is put together
// from: its compact input schema (compactSchema, under its registry's
// common arguments) rendered once, cut around the members of its
// properties, so that a full listing can leave out the descriptions that a
// sibling tool already gives without rendering anything again.
//
// The listings of the tools All() returns are rendered at build time into
// catalogue_gen.go (internal/genlisting writes it; make golden runs it), so
// that listing the catalogue (p1 mcp run's tools/list, p1 tool list) and
// writing the instructions derive no schema and render nothing: a call
// derives its tool's schema to validate the arguments. A registry that
// holds anything else (a subset, other tools, a stale catalogue file)
// renders its listings from the schemas, as the generator does;
// TestCatalogueListingFresh fails while the file is stale.
type listing struct {
	// head and tail are the root schema's JSON before its properties'
	// members and after them.
	head, tail string
	members    []member
	// whole: head is the whole schema, and the members only name the
	// properties (a root with keywords renderSchema leaves to jsonschema).
	whole bool
	// shares, when sharesKnown (a catalogue listing), are the tools this
	// one may refer to instead of describing its arguments (sibling,
	// definition.go), best first, worked out when the catalogue was
	// generated: a listing of the catalogue compares no schemas.
	shares      []share
	sharesKnown bool
}

// share is a tool a listing may refer to, and how many described
// arguments (nested ones included) the two have alike.
type share struct {
	name string
	n    int
}

// member is one property of a listing.
type member struct {
	name string
	// json is `"name":{…}`, as the root schema renders it.
	json string
	// bare is json without a description anywhere in it, for a tool whose
	// sibling describes the argument alike; "" when the property has no
	// description of its own (it is then never shared whole; what is
	// nested in it may be, nested.go).
	bare string
}

// has reports whether the tool takes the argument name.
func (l *listing) has(name string) bool {
	_, ok := l.member(name)
	return ok
}

// member returns the argument name's member.
func (l *listing) member(name string) (member, bool) {
	for _, m := range l.members {
		if m.name == name {
			return m, true
		}
	}
	return member{}, false
}

// schema is the listing's input schema as JSON, with the arguments in
// shared as given there (their descriptions left to a sibling).
func (l *listing) schema(shared map[string]string) []byte {
	if l.whole {
		return withProperties([]byte(l.head))
	}
	part := func(m member) string {
		if s, ok := shared[m.name]; ok {
			return s
		}
		return m.json
	}
	n := len(l.head) + len(l.tail) + len(l.members)
	for _, m := range l.members {
		n += len(part(m))
	}
	b := make([]byte, 0, n) // one allocation of the schema's size
	b = append(b, l.head...)
	for i, m := range l.members {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, part(m)...)
	}
	return append(b, l.tail...)
}

// propertiesMark is where the members go in a root schema rendered without
// them: a JSON string cannot hold it unescaped, so its first occurrence is
// the root's own key.
const propertiesMark = `"properties":{}`

// renderListing renders the listing of a tool's schema s: compact, without
// the descriptions of common.
func renderListing(name string, s *jsonschema.Schema, common map[string]string) *listing {
	c := compactSchema(s, common)
	describeOnce(c, map[string]bool{})
	if !plainSchema(c) {
		// A root with keywords renderSchema leaves to jsonschema is
		// rendered whole: its arguments are described in every listing.
		var b bytes.Buffer
		if err := renderSchema(&b, c); err != nil {
			panic(fmt.Sprintf("tools: schema of %s: %v", name, err))
		}
		l := &listing{head: b.String(), whole: true}
		for _, pname := range propertyOrder(c) {
			l.members = append(l.members, member{name: pname})
		}
		return l
	}
	props := c.Properties
	c.Properties = map[string]*jsonschema.Schema{}
	var root bytes.Buffer
	if err := renderSchema(&root, c); err != nil {
		panic(fmt.Sprintf("tools: schema of %s: %v", name, err))
	}
	c.Properties = props
	head, tail, ok := strings.Cut(root.String(), propertiesMark)
	if !ok {
		panic(fmt.Sprintf("tools: schema of %s renders no properties", name))
	}
	l := &listing{head: head + `"properties":{`, tail: "}" + tail}
	for _, pname := range propertyOrder(c) {
		p := props[pname]
		m := member{name: pname, json: renderMember(name, pname, p)}
		if p.Description != "" {
			bare := p.CloneSchemas()
			stripDescriptions(bare)
			m.bare = renderMember(name, pname, bare)
		}
		l.members = append(l.members, m)
	}
	return l
}

func renderMember(tool, name string, p *jsonschema.Schema) string {
	var b bytes.Buffer
	key, _ := json.Marshal(name) // a string always encodes
	b.Write(key)
	b.WriteByte(':')
	if err := renderSchema(&b, p); err != nil {
		panic(fmt.Sprintf("tools: schema of %s.%s: %v", tool, name, err))
	}
	return b.String()
}

// catalogueEntry is a catalogue tool's listing as catalogue_gen.go holds it.
type catalogueEntry struct {
	name       string
	head, tail string
	members    []member
	whole      bool
	shares     []share
}

// commonArgument is one of the catalogue's common arguments.
type commonArgument struct{ name, description string }

// The pre-rendered catalogue, sorted by tool name; catalogue_gen.go sets
// it (nil without that file: every listing is then rendered).
var (
	catalogueEntries []catalogueEntry
	catalogueCommon  []commonArgument
)

// catalogued returns the pre-rendered listing of t when the registry holds
// exactly the catalogue's tools and t is one of them; nil otherwise.
func (r *Registry) catalogued(t *Tool) *listing {
	if !r.isCatalogue() || !t.catalogued || r.byName[t.Name] != t {
		return nil
	}
	e := catalogueLookup(t.Name)
	return &listing{head: e.head, tail: e.tail, members: e.members, whole: e.whole, shares: e.shares, sharesKnown: true}
}

// isCatalogue reports whether the registry holds the tools of one All()
// call and no other, and catalogue_gen.go lists each of them.
func (r *Registry) isCatalogue() bool {
	r.catalogueOnce.Do(func() {
		if len(catalogueEntries) == 0 || len(r.byName) != len(catalogueEntries) {
			return
		}
		for _, t := range r.byName {
			if !t.catalogued || catalogueLookup(t.Name) == nil {
				return
			}
		}
		r.catalogue = true
	})
	return r.catalogue
}

func catalogueLookup(name string) *catalogueEntry {
	i := sort.Search(len(catalogueEntries), func(i int) bool { return catalogueEntries[i].name >= name })
	if i < len(catalogueEntries) && catalogueEntries[i].name == name {
		return &catalogueEntries[i]
	}
	return nil
}

// listing returns t's listing in this registry: pre-rendered for the
// catalogue, else rendered from its schema once.
func (r *Registry) listing(t *Tool) *listing {
	if l := r.catalogued(t); l != nil {
		return l
	}
	r.listingMu.Lock()
	defer r.listingMu.Unlock()
	if l, ok := r.listings[t]; ok {
		return l
	}
	l := renderListing(t.Name, t.InputSchema(), r.CommonArguments())
	if r.listings == nil {
		r.listings = map[*Tool]*listing{}
	}
	r.listings[t] = l
	return l
}

// WriteCatalogue writes the source of catalogue_gen.go, the pre-rendered
// listings of the tools All() returns, rendered from their schemas (never
// from the file already there), before gofmt: internal/genlisting formats
// it (go/format stays out of every program that links the tools), and make
// golden runs that.
func WriteCatalogue(w io.Writer) error {
	all := All()
	reg := NewRegistry(all...)
	common := reg.liveCommonArguments()
	var b bytes.Buffer
	b.WriteString(`// Code generated by go run ./internal/genlisting (make golden); DO NOT EDIT.
// On a merge conflict, delete this file and run make golden.

package tools

func init() {
	catalogueEntries = generatedCatalogue
	catalogueCommon = generatedCommon
}

`)
	b.WriteString("var generatedCommon = []commonArgument{\n")
	for _, name := range sortedKeys(common) {
		fmt.Fprintf(&b, "\t{%s, %s},\n", strconv.Quote(name), quote(common[name]))
	}
	b.WriteString("}\n\nvar generatedCatalogue = []catalogueEntry{\n")
	list := reg.Tools()
	listings := make([]*listing, len(list))
	for i, t := range list {
		listings[i] = renderListing(t.Name, t.InputSchema(), common)
	}
	cache := nodeCache{}
	for i, t := range list {
		l := listings[i]
		fmt.Fprintf(&b, "\t{name: %s, head: %s, tail: %s, whole: %t, members: []member{\n", strconv.Quote(t.Name), quote(l.head), quote(l.tail), l.whole)
		for _, m := range l.members {
			fmt.Fprintf(&b, "\t\t{%s, %s, %s},\n", strconv.Quote(m.name), quote(m.json), quote(m.bare))
		}
		b.WriteString("\t}, shares: []share{")
		for k, sh := range shares(list, listings, i, cache) {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{%s, %d}", strconv.Quote(sh.name), sh.n)
		}
		b.WriteString("}},\n")
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// quote writes s as a Go string literal, raw when it can be (JSON reads
// better without escaped quotes).
func quote(s string) string {
	if s != "" && strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}
