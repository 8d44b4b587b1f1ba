package tools

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Registry holds tools by name. The zero value is empty and usable.
type Registry struct {
	byName map[string]*Tool
	order  []string

	commonOnce sync.Once
	common     map[string]string

	// The listings (listing.go): pre-rendered when the registry is the
	// catalogue, else rendered once each.
	catalogueOnce sync.Once
	catalogue     bool
	listingMu     sync.Mutex
	listings      map[*Tool]*listing
}

// NewRegistry returns a registry holding tools; it panics on a duplicate
// name, which is a programming error.
func NewRegistry(tools ...*Tool) *Registry {
	r := &Registry{byName: make(map[string]*Tool, len(tools)), order: make([]string, 0, len(tools))}
	for _, t := range tools {
		r.Add(t)
	}
	return r
}

// Add registers a tool; it panics if the name is taken.
func (r *Registry) Add(t *Tool) {
	if r.byName == nil {
		r.byName = map[string]*Tool{}
	}
	if _, dup := r.byName[t.Name]; dup {
		panic(fmt.Sprintf("tools: duplicate tool name %q", t.Name))
	}
	r.byName[t.Name] = t
	r.order = append(r.order, t.Name)
}

// Get returns the tool called name.
func (r *Registry) Get(name string) (*Tool, bool) {
	t, ok := r.byName[name]
	return t, ok
}

// Tools returns every tool, sorted by name.
func (r *Registry) Tools() []*Tool {
	names := slices.Clone(r.order)
	sort.Strings(names)
	out := make([]*Tool, len(names))
	for i, n := range names {
		out[i] = r.byName[n]
	}
	return out
}

// Collections returns the collection names, sorted.
func (r *Registry) Collections() []string {
	seen := map[string]bool{}
	for _, t := range r.byName {
		seen[t.Collection] = true
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// PersonalDataTools lists the read tools that return personal data (they
// declare PersonalData), sorted: the tools EnvironmentPolicy's user-data
// protection governs.
func (r *Registry) PersonalDataTools() []string {
	var out []string
	for _, t := range r.Tools() {
		if t.PersonalData {
			out = append(out, t.Name)
		}
	}
	return out
}

// CommonArguments are the arguments whose description many tools share
// word for word (environmentId, dryRun, confirm, limit, cursor, …), by
// name: tool definitions leave these descriptions out and the server
// instructions say each once. An argument qualifies when more than half
// of the tools that take it, and at least commonMinTools, describe it in
// the same words, and every other one describes it in its own (which it
// keeps), so that no bare argument is read with another tool's meaning.
// Computed from the registry, so a new tool that takes such an argument
// gets it for free.
func (r *Registry) CommonArguments() map[string]string {
	r.commonOnce.Do(func() {
		if r.isCatalogue() {
			r.common = make(map[string]string, len(catalogueCommon))
			for _, a := range catalogueCommon {
				r.common[a.name] = a.description
			}
			return
		}
		r.common = r.liveCommonArguments()
	})
	return r.common
}

// liveCommonArguments computes CommonArguments from the tools' schemas.
func (r *Registry) liveCommonArguments() map[string]string {
	descs := map[string]map[string]int{} // name → description → tools
	for _, t := range r.byName {
		for name, p := range t.InputSchema().Properties {
			d := p.Description
			if strings.HasSuffix(name, "Id") {
				d = compactIDDescription(d)
			}
			if descs[name] == nil {
				descs[name] = map[string]int{}
			}
			descs[name][d]++
		}
	}
	common := map[string]string{}
	for name, ds := range descs {
		if ds[""] > 0 {
			continue
		}
		best, n, total := "", 0, 0
		for d, k := range ds {
			total += k
			if k > n || k == n && d < best {
				best, n = d, k
			}
		}
		if 2*n > total && n >= commonMinTools && len(best) >= commonMinBytes {
			common[name] = best
		}
	}
	return common
}
