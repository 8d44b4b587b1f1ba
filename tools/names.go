package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/p1kit/p1kit/internal/lazy"
	"github.com/p1kit/p1kit/pingone"
)

// Names where people think in names: with Config.ResolveNames, an id
// argument of a declared family (environmentId, populationId, groupId,
// applicationId, userId — by username —, roleId, and those of every
// family added later) may hold the object's exact name, which the toolkit
// looks up before it validates the call; Config.DefaultEnvironment fills
// environmentId when a tool takes one and the call leaves it out. The
// CLI turns both on; MCP keeps ids unless a policy file sets
// names.resolve, since a model reads ids from the results it is given.

// NameMatch is one object a name was looked up as.
type NameMatch struct {
	ID, Name string
}

// nameLookup finds the objects called name, in envID for the resources of
// an environment ("" for organisation-level ones). all lists every name
// it read, for a "did you mean" when none matched.
type nameLookup func(ctx context.Context, d Deps, envID, name string) (matches []NameMatch, all []string, err error)

// maxLookupPages bounds how much of a collection a name lookup reads.
const maxLookupPages = 20

// lookupPages reads the pages of a listing and keeps the objects called
// name; list returns one page's (id, name) pairs and the next cursor.
func lookupPages(ctx context.Context, name string, list func(ctx context.Context, cursor string) ([]NameMatch, string, error)) ([]NameMatch, []string, error) {
	var matches []NameMatch
	var all []string
	cursor := ""
	for range maxLookupPages {
		items, next, err := list(ctx, cursor)
		if err != nil {
			return nil, nil, err
		}
		for _, it := range items {
			all = append(all, it.Name)
			if it.Name == name {
				matches = append(matches, it)
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	return matches, all, nil
}

// lookupByName is the name lookup of a declared family: the listing,
// filtered by NameFilter when the family has one, compared with Name.
func (f Family[M, S, F]) lookupByName(ctx context.Context, d Deps, envID, name string) ([]NameMatch, []string, error) {
	filter := ""
	if f.NameFilter != "" {
		filter = fmt.Sprintf("%s eq %s", f.NameFilter, scimString(name))
	}
	return lookupPages(ctx, name, func(ctx context.Context, cursor string) ([]NameMatch, string, error) {
		page, err := f.Client(d.Client).List(ctx, envID, &pingone.ListOptions{Filter: filter, Limit: 500, Cursor: cursor})
		if err != nil {
			return nil, "", err
		}
		out := make([]NameMatch, 0, len(page.Items))
		for _, m := range page.Items {
			out = append(out, NameMatch{ID: idOf(m), Name: f.Name(m)})
		}
		return out, page.NextCursor, nil
	})
}

// idOf reads the id member of a client model.
func idOf(m any) string {
	b, err := json.Marshal(m)
	if err != nil {
		return ""
	}
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(b, &v)
	return v.ID
}

// scimString quotes a value for a SCIM filter.
func scimString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// The hand-written families that hold what people name: environments and
// the system roles, both at organisation level.
var (
	environmentNames nameLookup = func(ctx context.Context, d Deps, _, name string) ([]NameMatch, []string, error) {
		return lookupPages(ctx, name, func(ctx context.Context, cursor string) ([]NameMatch, string, error) {
			page, err := d.Client.Environments.List(ctx, &pingone.ListOptions{Limit: 500, Cursor: cursor})
			if err != nil {
				return nil, "", err
			}
			out := make([]NameMatch, 0, len(page.Items))
			for _, e := range page.Items {
				out = append(out, NameMatch{ID: e.ID, Name: e.Name})
			}
			return out, page.NextCursor, nil
		})
	}
	roleLookup nameLookup = func(ctx context.Context, d Deps, envID, name string) ([]NameMatch, []string, error) {
		return lookupPages(ctx, name, func(ctx context.Context, _ string) ([]NameMatch, string, error) {
			names, err := roleNames(ctx, d, envID)
			if err != nil {
				return nil, "", err
			}
			out := make([]NameMatch, 0, len(names))
			for id, n := range names {
				out = append(out, NameMatch{ID: id, Name: n})
			}
			return out, "", nil
		})
	}
)

// nameResolver is what resolves one id argument.
type nameResolver struct {
	what   string // "population", for messages
	lookup nameLookup
	// listTool is the tool whose call reading the names is, for the
	// environment policy ("" for organisation-level listings).
	listTool string
	org      bool
}

// resolvers maps each id argument a name may stand for to its lookup: the
// declared families' (Families), then the organisation-level ones.
func resolvers() map[string]nameResolver {
	out := map[string]nameResolver{}
	for _, f := range Families() {
		if f.IDArg == "" || f.lookup == nil {
			continue
		}
		out[f.IDArg] = nameResolver{what: strings.ReplaceAll(f.Noun, "_", " "), lookup: f.lookup, listTool: "list_" + f.Collection}
	}
	out["environmentId"] = nameResolver{what: "environment", lookup: environmentNames, org: true}
	out["roleId"] = nameResolver{what: "role", lookup: roleLookup, org: true}
	return out
}

// NameArguments lists the id arguments that take a name when names are
// resolved, sorted: what help text and completion tell people.
func NameArguments() []string {
	var out []string
	for arg := range resolvers() {
		out = append(out, arg)
	}
	slices.Sort(out)
	return out
}

// prepareArguments fills the default environment and resolves names in a
// call's arguments, before they are validated. Arguments that are not a
// JSON object are left for validation to refuse.
func (tk *Toolkit) prepareArguments(ctx context.Context, t *Tool, args json.RawMessage) (json.RawMessage, error) {
	if !tk.cfg.ResolveNames && tk.cfg.DefaultEnvironment == "" {
		return args, nil
	}
	var m map[string]json.RawMessage
	if len(args) == 0 || json.Unmarshal(args, &m) != nil || m == nil {
		return args, nil
	}
	changed := false
	if def := tk.cfg.DefaultEnvironment; def != "" {
		if _, takes := t.InputSchema().Properties["environmentId"]; takes {
			if _, given := m["environmentId"]; !given {
				m["environmentId"], _ = json.Marshal(def)
				changed = true
			}
		}
	}
	if tk.cfg.ResolveNames {
		res := resolvers()
		if !utf8.Valid(args) || len(args) > MaxArgumentBytes {
			return args, nil // validation refuses them, before any lookup
		}
		// The environment first: the other names are looked up in it.
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		})
		slices.SortStableFunc(keys, func(a, b string) int {
			return boolInt(b == "environmentId") - boolInt(a == "environmentId")
		})
		// Names are looked up only in arguments that are right but for
		// them: anything else wrong is reported first, with nothing sent.
		names := map[string]string{}
		probe := maps.Clone(m)
		for _, k := range keys {
			var name string
			if _, ok := res[k]; ok && t.InputSchema().Properties[k] != nil && json.Unmarshal(m[k], &name) == nil && LooksLikeName(name) {
				names[k] = name
				probe[k], _ = json.Marshal(placeholderID)
			}
		}
		if len(names) > 0 {
			if b, err := json.Marshal(probe); err == nil {
				if _, err := t.validate(b); err != nil {
					// Validation refuses the probe for what is wrong
					// besides the names (an unknown argument, a bad
					// value): hand it on, so that is what the message
					// says, not that a name is no id.
					return b, nil
				}
			}
		}
		for _, k := range keys {
			r := res[k]
			name, ok := names[k]
			if !ok {
				continue
			}
			var envID string
			if !r.org {
				if json.Unmarshal(m["environmentId"], &envID) != nil || !uuidRE().MatchString(envID) {
					continue // validation names the missing environment
				}
			}
			id, err := tk.resolveName(ctx, t, k, r, envID, name)
			if err != nil {
				return nil, err
			}
			m[k], _ = json.Marshal(id)
			changed = true
		}
	}
	return marshalIf(changed, args, m)
}

// marshalIf is m, when it changed, else the arguments as they came.
func marshalIf(changed bool, args json.RawMessage, m map[string]json.RawMessage) (json.RawMessage, error) {
	if !changed {
		return args, nil
	}
	return json.Marshal(m)
}

// placeholderID stands for a name while the rest of a call is checked.
const placeholderID = "00000000-0000-4000-8000-000000000000"

// LooksLikeName reports whether an id argument's value is taken for a
// name to look up: text of 1 to 256 characters without control
// characters or surrounding blanks, and holding no UUID (an id in braces
// or with something appended is a mistyped id, reported as such).
func LooksLikeName(s string) bool {
	if s == "" || len([]rune(s)) > 256 || strings.TrimSpace(s) != s || !utf8.ValidString(s) || uuidIn().MatchString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

var uuidIn = lazy.Regexp(strings.Trim(UUIDPattern, "^$"))

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// resolveName looks name up as the object arg names. Reading the names of
// an environment's objects is held to the environment policy of the
// listing it is; environments the allow and deny lists keep calls away
// from are not candidates.
func (tk *Toolkit) resolveName(ctx context.Context, t *Tool, arg string, r nameResolver, envID, name string) (string, error) {
	if list, ok := tk.reg.Get(r.listTool); ok && !r.org {
		if _, err := tk.guard(ctx, list, nil, envID); err != nil {
			var te *Error
			if errors.As(err, &te) {
				te.Tool = t.Name
			}
			return "", err
		}
	}
	matches, all, err := r.lookup(ctx, tk.deps, envID, name)
	if err != nil {
		ce := classify(t.Name, err)
		ce.Message = fmt.Sprintf("looking up the %s named %s for %s: %s", r.what, echo(name), arg, ce.Message)
		return "", ce
	}
	if arg == "environmentId" {
		matches = tk.reachableEnvironments(ctx, matches)
	}
	where := ""
	if !r.org {
		where = " in environment " + envID
	}
	switch len(matches) {
	case 1:
		return matches[0].ID, nil
	case 0:
		msg := fmt.Sprintf("%s: no %s is named %s%s, and it is not an id (UUID)", arg, r.what, echo(name), where)
		if hint := DidYouMean(Suggest(name, all)); hint != "" {
			msg += "; " + hint
		} else if len(all) > 0 {
			msg += "; found " + nameList(all)
		}
		return "", &Error{Kind: KindInvalidArguments, Tool: t.Name, Message: msg}
	}
	found := make([]string, len(matches))
	for i, mt := range matches {
		found[i] = mt.ID
	}
	return "", &Error{Kind: KindInvalidArguments, Tool: t.Name, Message: fmt.Sprintf(
		"%s: %d %ss are named %s%s (%s); give the id of the one you mean", arg, len(matches), r.what, echo(name), where, strings.Join(found, ", "))}
}

// reachableEnvironments leaves out the environments the allow and deny
// lists keep calls away from.
func (tk *Toolkit) reachableEnvironments(ctx context.Context, in []NameMatch) []NameMatch {
	ep := tk.cfg.Environments
	if len(ep.Allow) == 0 && len(ep.Deny) == 0 {
		return in
	}
	var out []NameMatch
	for _, m := range in {
		info := envInfo{name: m.Name}
		if matchEnv(ep.Deny, m.ID, info) || (len(ep.Allow) > 0 && !matchEnv(ep.Allow, m.ID, info)) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// nameList quotes up to ten names for a message.
func nameList(names []string) string {
	const most = 10
	slices.Sort(names)
	names = slices.Compact(names)
	q := make([]string, 0, most)
	for _, n := range names[:min(len(names), most)] {
		q = append(q, echo(n))
	}
	s := strings.Join(q, ", ")
	if len(names) > most {
		s += fmt.Sprintf(" and %d more", len(names)-most)
	}
	return s
}
