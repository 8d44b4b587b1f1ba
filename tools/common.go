package tools

import (
	"encoding/json"
	"fmt"
	"iter"

	"github.com/p1kit/p1kit/pingone"
)

// All returns every tool p1kit ships, in no particular order. The names and
// inputs of Ping's own MCP server are kept as they are.
func All() []*Tool {
	var all []*Tool
	for _, group := range [][]*Tool{
		environmentTools(), applicationTools(), populationTools(), userTools(), groupTools(),
		roleTools(), mfaTools(), signOnPolicyTools(), policyAssignmentTools(), identityProviderTools(),
		mfaEnrolmentTools(), platformTools(), resourceTools(),
		passwordPolicyTools(), certificateTools(), workflowTools(), workflowMFATools(),
		grantTools(), customRoleTools(), activityTools(), metricsTools(),
		identityProviderAttributeTools(), populationIdPTools(), deviceAuthenticationPolicyTools(), sessionTools(),
	} {
		all = append(all, group...)
	}
	for _, t := range all {
		t.catalogued = true
	}
	return all
}

// Default page sizes: small enough that one answer fits comfortably in a
// model's context, with the cursor to go on.
const (
	defaultLimit = 50
)

// pageIn is the paging part of a list tool's input.
type pageIn struct {
	Limit  int    `json:"limit,omitempty" jsonschema:"Page size (default 50). Use the returned nextCursor to get the next page."`
	Cursor string `json:"cursor,omitempty" jsonschema:"nextCursor from the previous page of the same listing; omit for the first page."`
}

// options are the client's list options. A p1kit cursor (from a page the
// output step cut to the result budget) fetches the same PingOne page again,
// with the page size it was fetched with; the output step then skips the
// items already shown.
func (p pageIn) options(filter string) *pingone.ListOptions {
	limit, cursor := p.Limit, p.Cursor
	if limit == 0 {
		limit = defaultLimit
	}
	if pc, ok := parsePageCursor(cursor); ok {
		limit, cursor = pc.Limit, pc.Cursor
	}
	return &pingone.ListOptions{Filter: filter, Limit: limit, Cursor: cursor}
}

// envIn is the environment argument most tools take.
type envIn struct {
	EnvironmentID string `json:"environmentId" jsonschema:"ID (UUID) of the PingOne environment."`
}

// refIn is a reference argument: {"id": "…"}.
type refIn struct {
	ID string `json:"id" jsonschema:"ID (UUID) of the referenced resource."`
}

func (r *refIn) ref() *pingone.ObjectRef {
	if r == nil {
		return nil
	}
	return &pingone.ObjectRef{ID: r.ID}
}

// mergeInto overlays the members set in patch (a struct whose omitted fields
// are omitempty) onto current, keeping every member of current that patch
// does not set. It implements the read-modify-write the update tools do, so
// that a model updating one field never clears the others. Read-only members
// of current are left in: the client drops them when it sends the body.
// The members named in clear are removed (a full-replace PUT then clears
// them in PingOne).
func mergeInto[T any](current *T, patch any, clear ...string) (*T, error) {
	cur, err := json.Marshal(current)
	if err != nil {
		return nil, err
	}
	var base map[string]json.RawMessage
	if err := json.Unmarshal(cur, &base); err != nil {
		return nil, err
	}
	upd, err := json.Marshal(patch)
	if err != nil {
		return nil, err
	}
	var over map[string]json.RawMessage
	if err := json.Unmarshal(upd, &over); err != nil {
		return nil, err
	}
	for k, v := range over {
		base[k] = v
	}
	for _, k := range clear {
		delete(base, k)
	}
	merged, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	var out T
	if err := json.Unmarshal(merged, &out); err != nil {
		return nil, fmt.Errorf("merging the update: %w", err)
	}
	return &out, nil
}

// asObject is v encoded as JSON and decoded again as a JSON object: the
// members a struct of arguments sets, by their JSON names.
func asObject(v any) (map[string]any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// rows turns objects into list rows, never nil: a list with nothing in it
// answers [] rather than null.
func rows[M, S any](items []*M, row func(*M) S) []S {
	out := make([]S, 0, len(items))
	for _, m := range items {
		out = append(out, row(m))
	}
	return out
}

// all reads every item of seq, for the collections PingOne answers whole;
// never nil, so an empty one answers [] rather than null.
func all[T any](seq iter.Seq2[T, error]) ([]T, error) {
	out := []T{}
	for item, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

// orEmpty is list, or an empty list for nil: a JSON [] rather than null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// deleted is the output of every delete tool.
type deleted struct {
	Deleted bool   `json:"deleted"`
	ID      string `json:"id"`
}

// addOnce runs an add that PingOne refuses (400) when the relation exists
// already, and reports already when exists then finds it: adding twice is
// not an error.
func addOnce(add func() error, exists func() bool) (already bool, err error) {
	err = add()
	if err != nil && pingone.IsInvalidData(err) && exists() {
		return true, nil
	}
	return false, err
}

// copyJSON returns a copy of the decoded JSON value v (its objects and
// arrays copied, v not changed) keeping only the object members keep
// accepts (all when keep is nil) and with every other value passed through
// leaf (unchanged when leaf is nil).
func copyJSON(v any, keep func(any) bool, leaf func(any) any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if keep == nil || keep(e) {
				out[k] = copyJSON(e, keep, leaf)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyJSON(e, keep, leaf)
		}
		return out
	}
	if leaf == nil {
		return v
	}
	return leaf(v)
}
