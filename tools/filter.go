package tools

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
)

// Filter decides which tools exist for a toolkit. It is applied once, when
// the toolkit is built, in this order (fails closed):
//
//  1. every entry of every list must match: an unknown name, or a glob
//     pattern that matches no tool (or collection), is an error;
//  2. if IncludeTools or IncludeCollections is non-empty, only the tools they
//     match are kept (their union); empty means all;
//  3. ExcludeTools and ExcludeCollections remove tools (exclusion wins);
//  4. unless AllowWrites, every tool that changes the tenant is dropped; a
//     write tool named in IncludeTools is reported in Warnings.
//
// Toolsets (toolsets.go), when set, keep the tools of those toolsets: on
// their own, or with the include lists (their union). An include list
// given without Toolsets selects from the whole catalogue, as the
// official server's flags do.
//
// Entries are exact names or glob patterns (path.Match syntax: `delete_*`,
// `*_users`, `get_?roup`, `[lg]et_*`).
type Filter struct {
	// AllowWrites turns read-only mode off (the official server's --disable-read-only).
	AllowWrites        bool
	IncludeTools       []string
	ExcludeTools       []string
	IncludeCollections []string
	ExcludeCollections []string
	// Toolsets are the toolsets to keep ("all" keeps every one); empty
	// keeps every tool.
	Toolsets []string
	// Origins says where a list came from, for the reasons HiddenReason
	// gives: list flag name ("exclude-tools") → origin ("policy file
	// p1.yaml"). A list with no origin came from its command-line flag.
	Origins map[string]string
}

// filterResult is what applying a Filter to a registry gives.
type filterResult struct {
	visible  []*Tool
	hidden   map[string]string // tool name → why it is hidden
	warnings []string
}

// matchAny returns the first entry of list matching name, or "".
func matchAny(list []string, name string) string {
	for _, p := range list {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if ok, _ := path.Match(p, name); ok || p == name {
			return p
		}
	}
	return ""
}

func isPattern(s string) bool { return strings.ContainsAny(s, "*?[") }

// by names the list an entry came from: `--exclude-tools "delete_*"`.
func (f Filter) by(list, entry string) string {
	if o := f.Origins[list]; o != "" {
		return fmt.Sprintf("%s %q in %s", list, entry, o)
	}
	return fmt.Sprintf("--%s %q", list, entry)
}

func (f Filter) apply(r *Registry) (*filterResult, error) {
	if err := f.checkNames(r); err != nil {
		return nil, err
	}
	res := &filterResult{hidden: map[string]string{}}
	including := len(f.IncludeTools) > 0 || len(f.IncludeCollections) > 0
	sets := r.Toolsets()
	toolsets := len(f.Toolsets) > 0 && !slices.Contains(f.Toolsets, AllToolsets)
	var dropped []string
	for _, t := range r.Tools() {
		incTool := matchAny(f.IncludeTools, t.Name)
		incCol := matchAny(f.IncludeCollections, t.Collection)
		excTool := matchAny(f.ExcludeTools, t.Name)
		excCol := matchAny(f.ExcludeCollections, t.Collection)
		inSet := !toolsets || slices.Contains(f.Toolsets, toolsetOf(sets, t.Collection))
		switch {
		case toolsets && !inSet && incTool == "" && incCol == "":
			res.hidden[t.Name] = fmt.Sprintf("its toolset %q is not selected by %s", toolsetOf(sets, t.Collection), f.by("toolsets", strings.Join(f.Toolsets, ",")))
		case !toolsets && including && incTool == "" && incCol == "":
			res.hidden[t.Name] = "not matched by include-tools or include-tool-collections"
			if o := cmp.Or(f.Origins["include-tools"], f.Origins["include-tool-collections"]); o != "" {
				res.hidden[t.Name] += " (" + o + ")"
			}
		case excTool != "":
			res.hidden[t.Name] = "excluded by " + f.by("exclude-tools", excTool)
		case excCol != "":
			res.hidden[t.Name] = fmt.Sprintf("its collection %q is excluded by %s", t.Collection, f.by("exclude-tool-collections", excCol))
		case t.IsWrite() && !f.AllowWrites:
			res.hidden[t.Name] = "it changes the tenant and read-only mode is on (--disable-read-only turns it off)"
			if o := f.Origins["disable-read-only"]; o != "" {
				res.hidden[t.Name] = "it changes the tenant and read-only mode is on (" + o + "; --disable-read-only turns it off)"
			}
			if incTool != "" && !isPattern(incTool) {
				dropped = append(dropped, t.Name)
			}
		default:
			res.visible = append(res.visible, t)
		}
	}
	if len(dropped) > 0 {
		res.warnings = append(res.warnings, fmt.Sprintf(
			"read-only mode dropped %d write tool(s) you included: %s; add --disable-read-only to use them",
			len(dropped), strings.Join(dropped, ", ")))
	}
	return res, nil
}

func (f Filter) checkNames(r *Registry) error {
	if err := checkToolsets(r, f.Toolsets); err != nil {
		return err
	}
	var bad []string
	var names []string
	for _, t := range r.Tools() {
		names = append(names, t.Name)
	}
	check := func(list []string, all []string, what string) {
		for _, n := range list {
			if n = strings.TrimSpace(n); n == "" {
				continue
			}
			if _, err := path.Match(n, ""); err != nil {
				bad = append(bad, fmt.Sprintf("malformed %s pattern %q (%v)", what, n, err))
				continue
			}
			if matchAny(all, n) == "" && !matchesSome(n, all) {
				if isPattern(n) {
					bad = append(bad, fmt.Sprintf("%s pattern %q matches no %s", what, n, what))
				} else {
					bad = append(bad, fmt.Sprintf("unknown %s %q", what, n))
				}
			}
		}
	}
	check(f.IncludeTools, names, "tool")
	check(f.ExcludeTools, names, "tool")
	cols := r.Collections()
	before := len(bad)
	check(f.IncludeCollections, cols, "tool collection")
	check(f.ExcludeCollections, cols, "tool collection")
	if len(bad) > before {
		bad = append(bad, "collections: "+strings.Join(cols, ", "))
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("tool filter: %s; `p1 tool list --all` shows every tool name", strings.Join(bad, "; "))
	}
	return nil
}

func matchesSome(pattern string, names []string) bool {
	for _, n := range names {
		if ok, _ := path.Match(pattern, n); ok {
			return true
		}
	}
	return false
}
