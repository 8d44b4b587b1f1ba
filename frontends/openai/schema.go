package openai

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/p1kit/p1kit/tools"
)

// Keywords strict mode accepts, by the kind of schema they constrain.
// Anything else is dropped from the exported schema; the ones that carry a
// constraint a model should know about are described in words instead (see
// describeDropped). The toolkit validates every call against the full
// schema, so nothing dropped here is left unchecked.
var (
	structuralKeywords = []string{"type", "description", "title", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs"}
	constraintKeywords = []string{
		"pattern", "format", // strings
		"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", // numbers
		"minItems", "maxItems", // arrays
	}
	// strictFormats are the string formats strict mode knows.
	strictFormats = []string{"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
)

// Limits of strict mode that the checker enforces.
const (
	maxNesting    = 10   // object nesting depth
	maxProperties = 5000 // properties in one schema, all levels
	maxEnumValues = 1000 // enum values in one schema, all levels
)

// codec says how to turn strict-mode arguments back into what the tool's
// own schema expects: which properties were made nullable (their nulls are
// dropped) and which free-form values travel as JSON text (decoded again).
type codec struct {
	jsonText bool              // the value is a JSON document encoded as a string
	optional bool              // not required by the tool: null means "not given"
	props    map[string]*codec // object properties
	items    *codec            // array items
}

// strictify converts a tool's input schema (as generic JSON) into a
// strict-mode schema and the codec that undoes the conversion. lossless is
// false when the schema holds something strict mode cannot express; the
// caller then exports the original schema with strict off.
func strictify(schema map[string]any) (out map[string]any, c *codec, lossless bool) {
	s := &strictifier{lossless: true}
	out, c = s.node(schema, false, 0)
	if t, _ := out["type"].(string); t != "object" || out["anyOf"] != nil {
		// The root must be a plain object: a free-form root became JSON text.
		return schema, nil, false
	}
	return out, c, s.lossless
}

type strictifier struct {
	lossless bool
}

// node converts one schema. nullable says the value may be null (an optional
// property); depth counts enclosing objects.
func (s *strictifier) node(in map[string]any, nullable bool, depth int) (map[string]any, *codec) {
	in = s.normalize(in)
	out := map[string]any{}
	c := &codec{}
	var notes []string
	for k, v := range in {
		switch {
		case slices.Contains(structuralKeywords, k):
			out[k] = v
		case k == "format":
			if f, _ := v.(string); slices.Contains(strictFormats, f) {
				out[k] = v
			} else {
				notes = append(notes, fmt.Sprintf("format: %v", v))
			}
		case slices.Contains(constraintKeywords, k):
			out[k] = v
		default:
			if note := describeDropped(k, v); note != "" {
				notes = append(notes, note)
			}
		}
	}
	if len(notes) > 0 {
		slices.Sort(notes)
		out["description"] = joinDescription(out["description"], "("+strings.Join(notes, "; ")+")")
	}

	types := typesOf(out)
	switch {
	case out["anyOf"] != nil:
		branches, _ := out["anyOf"].([]any)
		conv := make([]any, 0, len(branches)+1)
		for _, b := range branches {
			bm, ok := b.(map[string]any)
			if !ok {
				s.lossless = false
				continue
			}
			sb, _ := s.node(bm, false, depth)
			conv = append(conv, sb)
		}
		if nullable && !anyOfAllowsNull(conv) {
			conv = append(conv, map[string]any{"type": "null"})
		}
		out["anyOf"] = conv
		// A value of one of several shapes: the toolkit sees it unchanged.
		return out, &codec{optional: nullable}
	case out["$ref"] != nil:
		if nullable {
			ref := map[string]any{"$ref": out["$ref"]}
			delete(out, "$ref")
			out["anyOf"] = []any{ref, map[string]any{"type": "null"}}
		}
		return out, &codec{optional: nullable}
	case len(types) == 0 || isFreeForm(out, types):
		// Any JSON value, or an object with open-ended keys (a map): strict
		// mode cannot describe either, so the model sends it as JSON text.
		return s.jsonText(out, nullable), &codec{jsonText: true, optional: nullable}
	}

	if slices.Contains(types, "object") {
		if depth+1 > maxNesting {
			s.lossless = false
		}
		props, _ := out["properties"].(map[string]any)
		required := stringSet(out["required"])
		newProps := make(map[string]any, len(props))
		c.props = map[string]*codec{}
		for _, name := range slices.Sorted(maps.Keys(props)) {
			pm, ok := props[name].(map[string]any)
			if !ok {
				s.lossless = false
				continue
			}
			optional := !required[name]
			ps, pc := s.node(pm, optional, depth+1)
			pc.optional = optional
			newProps[name] = ps
			c.props[name] = pc
		}
		out["properties"] = newProps
		out["required"] = slices.Sorted(maps.Keys(newProps))
		out["additionalProperties"] = false
	}
	if slices.Contains(types, "array") {
		if im, ok := out["items"].(map[string]any); ok {
			is, ic := s.node(im, false, depth)
			out["items"] = is
			c.items = ic
		} else {
			// An array of anything: strict mode needs the item shape.
			return s.jsonText(out, nullable), &codec{jsonText: true, optional: nullable}
		}
	}
	if d, _ := out["description"].(string); strings.HasSuffix(d, tools.JSONTextNote) && slices.Contains(types, "string") {
		// A free-form object the toolkit lists as its JSON text: decoded
		// here, as the ones converted above are.
		c.jsonText = true
	}
	setNullable(out, types, nullable)
	c.optional = nullable
	return out, c
}

// normalize rewrites what strict mode lacks into what it has: oneOf becomes
// anyOf (every tool input is a plain value, so "exactly one" and "at least
// one" select the same branch) and a one-branch allOf is merged in.
func (s *strictifier) normalize(in map[string]any) map[string]any {
	_, hasOneOf := in["oneOf"]
	_, hasAllOf := in["allOf"]
	_, hasNot := in["not"]
	_, hasIf := in["if"]
	if !hasOneOf && !hasAllOf && !hasNot && !hasIf {
		return in
	}
	out := maps.Clone(in)
	if v, ok := out["oneOf"]; ok {
		delete(out, "oneOf")
		if _, clash := out["anyOf"]; clash {
			s.lossless = false
		} else {
			out["anyOf"] = v
		}
	}
	if v, ok := out["allOf"]; ok {
		delete(out, "allOf")
		list, _ := v.([]any)
		if len(list) == 1 {
			if m, ok := list[0].(map[string]any); ok {
				for k, val := range m {
					if _, taken := out[k]; !taken {
						out[k] = val
					}
				}
			}
		} else {
			s.lossless = false
		}
	}
	for _, k := range []string{"not", "if", "then", "else"} {
		if _, ok := out[k]; ok {
			delete(out, k)
			s.lossless = false
		}
	}
	return out
}

// jsonText replaces a schema strict mode cannot hold with a string carrying
// the value as JSON text, and says so in its description.
func (s *strictifier) jsonText(in map[string]any, nullable bool) map[string]any {
	out := map[string]any{"type": "string"}
	what := "a JSON value"
	switch types := typesOf(in); {
	case slices.Contains(types, "object"):
		what = `a JSON object, for example {"key":"value"}`
	case slices.Contains(types, "array"):
		what = `a JSON array, for example ["a","b"]`
	}
	out["description"] = joinDescription(in["description"], "Pass "+what+", as JSON text in a string.")
	if nullable {
		out["type"] = []any{"string", "null"}
	}
	return out
}

// isFreeForm reports an object without declared properties whose keys are
// open-ended (additionalProperties true, absent or a schema).
func isFreeForm(s map[string]any, types []string) bool {
	if !slices.Contains(types, "object") {
		return false
	}
	if _, listed := s["properties"]; listed {
		// Properties listed, even none: the toolkit's definitions leave
		// additionalProperties: false out, and the toolkit refuses the rest.
		return false
	}
	ap, ok := s["additionalProperties"]
	return !ok || ap != false
}

// setNullable writes the type list: the value's own types, then "null" when
// the property is optional (or the tool already allowed null).
func setNullable(s map[string]any, types []string, nullable bool) {
	var own []string
	hadNull := false
	for _, t := range types {
		if t == "null" {
			hadNull = true
			continue
		}
		own = append(own, t)
	}
	if !nullable && !hadNull && len(own) == 1 {
		s["type"] = own[0]
		return
	}
	list := make([]any, 0, len(own)+1)
	for _, t := range own {
		list = append(list, t)
	}
	list = append(list, "null")
	s["type"] = list
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, any(nil)) {
		s["enum"] = append(slices.Clone(enum), nil)
	}
}

// describeDropped puts an unsupported constraint into words for the
// description ("" for keywords that carry nothing a model needs).
func describeDropped(k string, v any) string {
	switch k {
	case "default":
		return "default: " + compactJSON(v)
	case "minLength":
		return fmt.Sprintf("at least %v characters", v)
	case "maxLength":
		return fmt.Sprintf("at most %v characters", v)
	case "uniqueItems":
		if v == true {
			return "items must be unique"
		}
	case "minProperties":
		return fmt.Sprintf("at least %v properties", v)
	case "maxProperties":
		return fmt.Sprintf("at most %v properties", v)
	case "examples":
		return "examples: " + compactJSON(v)
	case "deprecated":
		if v == true {
			return "deprecated"
		}
	}
	return ""
}

func typesOf(s map[string]any) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, v := range t {
			if str, ok := v.(string); ok {
				out = append(out, str)
			}
		}
		return out
	case []string:
		return t
	}
	return nil
}

func anyOfAllowsNull(branches []any) bool {
	for _, b := range branches {
		if bm, ok := b.(map[string]any); ok && slices.Contains(typesOf(bm), "null") {
			return true
		}
	}
	return false
}

func stringSet(v any) map[string]bool {
	set := map[string]bool{}
	switch list := v.(type) {
	case []any:
		for _, x := range list {
			if s, ok := x.(string); ok {
				set[s] = true
			}
		}
	case []string:
		for _, s := range list {
			set[s] = true
		}
	}
	return set
}

func joinDescription(desc any, more string) string {
	d, _ := desc.(string)
	d = strings.TrimSpace(d)
	if d == "" {
		return more
	}
	return d + " " + more
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
