package tools

import (
	"fmt"
	"sort"
	"strings"
)

// Filter decides which tools exist for a toolkit. It is applied once, when
// the toolkit is built, in this order (fails closed):
//
//  1. an unknown tool or collection name in any list is an error;
//  2. if IncludeTools or IncludeCollections is non-empty, only the tools they
//     name are kept (their union); empty means all;
//  3. ExcludeTools and ExcludeCollections remove tools (exclusion wins);
//  4. unless AllowWrites, every tool that changes the tenant is dropped; a
//     write tool named in IncludeTools is reported in Warnings.
type Filter struct {
	// AllowWrites turns read-only mode off (the official server's --disable-read-only).
	AllowWrites        bool
	IncludeTools       []string
	ExcludeTools       []string
	IncludeCollections []string
	ExcludeCollections []string
}

// filterResult is what applying a Filter to a registry gives.
type filterResult struct {
	visible  []*Tool
	hidden   map[string]string // tool name → why it is hidden
	warnings []string
}

func (f Filter) apply(r *Registry) (*filterResult, error) {
	if err := f.checkNames(r); err != nil {
		return nil, err
	}
	inc := set(f.IncludeTools)
	incCol := set(f.IncludeCollections)
	exc := set(f.ExcludeTools)
	excCol := set(f.ExcludeCollections)
	res := &filterResult{hidden: map[string]string{}}
	var dropped []string
	for _, t := range r.Tools() {
		explicitly := inc[t.Name] || incCol[t.Collection]
		switch {
		case (len(inc) > 0 || len(incCol) > 0) && !explicitly:
			res.hidden[t.Name] = "not in --include-tools or --include-tool-collections"
		case exc[t.Name]:
			res.hidden[t.Name] = "excluded by --exclude-tools"
		case excCol[t.Collection]:
			res.hidden[t.Name] = fmt.Sprintf("its collection %q is excluded by --exclude-tool-collections", t.Collection)
		case t.IsWrite() && !f.AllowWrites:
			res.hidden[t.Name] = "it changes the tenant and read-only mode is on (--disable-read-only turns it off)"
			if inc[t.Name] {
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
	var bad []string
	for _, list := range [][]string{f.IncludeTools, f.ExcludeTools} {
		for _, n := range list {
			if _, ok := r.Get(n); !ok {
				bad = append(bad, fmt.Sprintf("unknown tool %q", n))
			}
		}
	}
	cols := set(r.Collections())
	for _, list := range [][]string{f.IncludeCollections, f.ExcludeCollections} {
		for _, n := range list {
			if !cols[n] {
				bad = append(bad, fmt.Sprintf("unknown tool collection %q (collections: %s)", n, strings.Join(r.Collections(), ", ")))
			}
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("tool filter: %s; `p1 tool list --all` shows every tool name", strings.Join(bad, "; "))
	}
	return nil
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}
