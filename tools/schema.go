package tools

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/internal/lazy"
)

// schemaTuner is implemented by input types that refine the schema derived
// from their fields (enums, bounds, defaults), next to the type they describe.
type schemaTuner interface {
	tuneSchema(s *jsonschema.Schema)
}

// prop returns the property schema at a dotted path ("application.type"),
// descending into array items; it panics on a wrong path (a programming error
// that every test catches).
func prop(s *jsonschema.Schema, path string) *jsonschema.Schema {
	cur := s
	for _, part := range strings.Split(path, ".") {
		if cur.Items != nil {
			cur = cur.Items
		}
		next, ok := cur.Properties[part]
		if !ok {
			panic(fmt.Sprintf("tools: schema has no property %q (in %q)", part, path))
		}
		cur = next
	}
	return cur
}

// enum restricts a property (or its array items) to values.
func enum(s *jsonschema.Schema, path string, values ...string) {
	p := prop(s, path)
	if p.Items != nil {
		p = p.Items
	}
	p.Enum = make([]any, len(values))
	for i, v := range values {
		p.Enum[i] = v
	}
}

// bounds sets an integer property's minimum and maximum.
func bounds(s *jsonschema.Schema, path string, min, max float64) {
	p := prop(s, path)
	p.Minimum, p.Maximum = &min, &max
}

// pageSchema bounds the limit of a list tool.
func pageSchema(s *jsonschema.Schema, max float64) {
	bounds(s, "limit", 1, max)
}

// Definitions: how a tool is shown to a model. The input schema a call is
// validated against (Tool.InputSchema) stays complete; what a client
// receives is a compact rendering of it that every client accepts:
//
//   - one type per schema (a Go pointer's ["null", "string"] becomes
//     "string": Gemini-backed clients reject type arrays, and a null an
//     optional argument receives still validates);
//   - no UUID pattern on the ids, no additionalProperties and no "^.+$"
//     (the toolkit validates them, and says what is wrong);
//   - no description on an id whose description only restates its name
//     ("ID (UUID) of the user."), which the instructions say once;
//   - no description of an argument that many tools share word for word
//     (environmentId, dryRun, confirm, limit, cursor): the instructions
//     (Toolkit.Instructions) say it once;
//   - in a full listing, a tool whose arguments repeat those of a tool
//     listed before it in its collection (update_user after create_user)
//     says so once instead of repeating their descriptions;
//   - every object schema has properties, even an empty one, but for a
//     free-form object (no declared members, open keys), which is shown as
//     a string holding its JSON text (jsontext.go).

// commonMinTools is how many tools must share an argument's description
// word for word for the instructions to say it once instead.
const commonMinTools = 3

// commonMinBytes is the shortest description worth moving to the
// instructions.
const commonMinBytes = 24

var (
	// restatedID is the description of an id argument that says nothing its
	// name does not: "ID (UUID) of the user."
	restatedID = lazy.Regexp(`^ID \(UUID\) of (?:the |an? )?[^,;()]+\.$`)
	// idFrom is an id's description that says where to find one: only that
	// part is kept ("from list_sign_on_policies.").
	idFrom = lazy.Regexp(`^ID \(UUID\) of (?:the |an? )?[^,;()]+, (from .+)$`)
)

// compactSchema returns a compact copy of s following the rules above;
// common holds the shared descriptions of top-level arguments to leave out.
func compactSchema(s *jsonschema.Schema, common map[string]string) *jsonschema.Schema {
	c := s.CloneSchemas()
	var said []string
	for name, p := range c.Properties {
		d := p.Description
		if strings.HasSuffix(name, "Id") {
			d = compactIDDescription(d)
		}
		if common[name] != "" && common[name] == d {
			said = append(said, name)
		}
	}
	compactNode(c)
	for _, name := range said {
		c.Properties[name].Description = ""
	}
	if c.Properties == nil {
		c.Properties = map[string]*jsonschema.Schema{}
	}
	return c
}

// compactNode applies the rules that need nothing but the schema itself.
func compactNode(s *jsonschema.Schema) {
	if s == nil {
		return
	}
	if len(s.Types) > 0 {
		var kept []string
		for _, t := range s.Types {
			if t != "null" {
				kept = append(kept, t)
			}
		}
		s.Types = nil
		if len(kept) == 1 {
			s.Type = kept[0]
		} else {
			// Several types: alternatives, which every client reads.
			for _, t := range kept {
				s.AnyOf = append(s.AnyOf, &jsonschema.Schema{Type: t})
			}
		}
	}
	if s.Pattern == UUIDPattern || s.Pattern == "^.+$" {
		s.Pattern = ""
	}
	if s.AdditionalProperties != nil {
		// Several clients reject the keyword; the toolkit validates the
		// arguments against the full schema (a map's values among them).
		s.AdditionalProperties = nil
	}
	for name, p := range s.Properties {
		free := isFreeFormObject(p)
		compactNode(p)
		if free {
			listAsJSONText(p)
		}
		if strings.HasSuffix(name, "Id") || name == "id" {
			p.Description = compactIDDescription(p.Description)
		}
		if restatesName(name, p.Description) {
			p.Description = ""
		}
		p.Description = withoutEnumList(p)
	}
	freeItems := isFreeFormObject(s.Items)
	compactNode(s.Items)
	if freeItems {
		listAsJSONText(s.Items)
	}
	for _, b := range s.AnyOf {
		compactNode(b)
	}
}

// restatesName reports whether a property's description says no more than
// its name, with at most one word before it: "Description." on
// description, "Application tags." on tags, "Console URL." on consoleUrl.
func restatesName(name, desc string) bool {
	words := strings.Fields(strings.ToLower(strings.TrimSuffix(desc, ".")))
	named := nameWords(name)
	if len(named) == 0 || len(words) < len(named) || len(words) > len(named)+1 {
		return false
	}
	return slices.Equal(words[len(words)-len(named):], named)
}

// withoutEnumList returns a property's description without the list of
// its enum values when it names all of them in the enum's order ("WEB_APP,
// CUSTOM_APP or TEMPLATE_APP."), which the enum says already; a
// description that was only the list is dropped, as is "Always X." on an
// enum of X alone.
func withoutEnumList(p *jsonschema.Schema) string {
	values := p.Enum
	if p.Items != nil && len(p.Items.Enum) > 0 {
		values = p.Items.Enum
	}
	if len(values) == 1 && p.Description == fmt.Sprintf("Always %v.", values[0]) {
		return ""
	}
	if len(values) < 2 || p.Description == "" {
		return p.Description
	}
	names := make([]string, len(values))
	for i, v := range values {
		s, ok := v.(string)
		if !ok {
			return p.Description
		}
		names[i] = s
	}
	last := len(names) - 1
	head := strings.Join(names[:last], ", ")
	for _, joint := range []string{" or ", ", or ", " and "} {
		list := head + joint + names[last]
		before, after, found := strings.Cut(p.Description, list)
		if !found {
			continue
		}
		before = strings.TrimRight(before, ": ")
		after = strings.TrimLeft(after, ".;, ")
		if inner, rest, ok := strings.Cut(strings.TrimPrefix(after, "("), ")"); ok && strings.HasPrefix(after, "(") {
			// "A or B (not for X). …": the aside stands alone.
			after = inner + rest
		}
		switch {
		case before == "" && after == "":
			return ""
		case before == "":
			return strings.ToUpper(after[:1]) + after[1:]
		case after == "":
			return before + "."
		default:
			return before + ". " + after
		}
	}
	return p.Description
}

// nameWords splits a camelCase name into its lower-case words
// ("consoleUrl" → console, url).
func nameWords(name string) []string {
	var words []string
	start := 0
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) && !unicode.IsUpper(rune(name[i-1])) {
			words = append(words, strings.ToLower(name[start:i]))
			start = i
		}
	}
	if start < len(name) {
		words = append(words, strings.ToLower(name[start:]))
	}
	return words
}

// compactIDDescription drops what an id's name already says.
func compactIDDescription(d string) string {
	if restatedID().MatchString(d) {
		return ""
	}
	if m := idFrom().FindStringSubmatch(d); m != nil {
		return strings.ToUpper(m[1][:1]) + m[1][1:]
	}
	return d
}
