package tools

import (
	"fmt"
	"slices"
	"strings"
)

// Toolset is a group of collections as an administrator thinks of them
// ("who signs on and how" rather than sign_on_policies, password_policies,
// identity_providers and mfa): the unit a client's tool list is chosen by.
type Toolset struct {
	Name        string
	Description string
	Collections []string
}

// declaredToolsets group the collections. A collection no toolset names
// (a new resource family) gets a toolset of its own, named after it, so it
// can be selected the day it ships (Registry.Toolsets).
var declaredToolsets = []Toolset{
	{"environments", "organisations, environments, their services and licensed identity counts", []string{"organizations", "environments", "directory"}},
	{"identities", "users, groups and populations", []string{"users", "groups", "populations"}},
	{"applications", "applications, their grants and the resources and scopes they use", []string{"applications", "resources"}},
	{"authentication", "sign-on and password policies, identity providers, MFA devices", []string{"sign_on_policies", "password_policies", "identity_providers", "mfa"}},
	{"roles", "administrator roles and their assignments", []string{"roles"}},
	{"certificates", "certificates and keys", []string{"certificates"}},
}

// DefaultToolsets are what `p1 mcp run` lists when nothing selects tools:
// the areas of Ping's own MCP server (environments, populations,
// applications) and the identities beside them.
var DefaultToolsets = []string{"environments", "identities", "applications"}

// AllToolsets selects every toolset.
const AllToolsets = "all"

// Toolsets returns the toolsets of the registry's collections, declared
// ones first; a collection no declared toolset names is a toolset of its
// own. Toolsets with no tool in the registry are left out.
func (r *Registry) Toolsets() []Toolset {
	cols := r.Collections()
	var out []Toolset
	named := map[string]bool{}
	for _, ts := range declaredToolsets {
		var have []string
		for _, c := range ts.Collections {
			named[c] = true
			if slices.Contains(cols, c) {
				have = append(have, c)
			}
		}
		if len(have) > 0 {
			out = append(out, Toolset{ts.Name, ts.Description, have})
		}
	}
	for _, c := range cols {
		if !named[c] {
			out = append(out, Toolset{c, "the " + strings.ReplaceAll(c, "_", " ") + " tools", []string{c}})
		}
	}
	return out
}

// ToolsetNames are the names of the declared toolsets (a collection none
// names is a toolset of its own too; Registry.Toolsets lists every one).
func ToolsetNames() []string {
	out := make([]string, len(declaredToolsets))
	for i, ts := range declaredToolsets {
		out[i] = ts.Name
	}
	return out
}

// toolsetOf names the toolset a collection belongs to.
func toolsetOf(sets []Toolset, collection string) string {
	for _, ts := range sets {
		if slices.Contains(ts.Collections, collection) {
			return ts.Name
		}
	}
	return collection
}

// checkToolsets rejects a toolset name that is not one (naming them all).
func checkToolsets(r *Registry, names []string) error {
	sets := r.Toolsets()
	var bad []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || n == AllToolsets {
			continue
		}
		if !slices.ContainsFunc(sets, func(ts Toolset) bool { return ts.Name == n }) {
			bad = append(bad, fmt.Sprintf("%q", n))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	all := make([]string, len(sets))
	for i, ts := range sets {
		all[i] = ts.Name
	}
	return fmt.Errorf("tool filter: unknown toolset %s; toolsets: %s, or %s", strings.Join(bad, ", "), strings.Join(all, ", "), AllToolsets)
}

// ChooseToolsets settles which toolsets a server lists, in the order the
// settings win: given (a flag) over the filter's own (a policy file) over
// profile over the default set. An include list alone selects from every
// tool, as with the official server, and discovery mode stands for them
// all. Origins records where the choice came from, for the refusal text.
func (f *Filter) ChooseToolsets(given []string, profile []string, discover bool) {
	if f.Origins == nil {
		f.Origins = map[string]string{}
	}
	switch {
	case given != nil:
		f.Toolsets = given
		delete(f.Origins, "toolsets")
	case len(f.Toolsets) > 0:
	case len(profile) > 0:
		f.Toolsets = profile
		f.Origins["toolsets"] = "the profile"
	case len(f.IncludeTools) > 0 || len(f.IncludeCollections) > 0:
	case discover:
		f.Toolsets = []string{AllToolsets}
	default:
		f.Toolsets = DefaultToolsets
		f.Origins["toolsets"] = "the default set of p1 mcp run; --toolsets all lists every tool"
	}
}
