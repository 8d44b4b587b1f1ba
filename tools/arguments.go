package tools

import (
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

// Argument describes one top-level argument of a tool, for people: what
// `p1 tool describe` shows and shell completion offers.
type Argument struct {
	Name string
	// Type is the JSON type ("string", "integer", "array of string", …).
	Type        string
	Description string
	Required    bool
	// RequiredWith names the argument whose presence makes this one
	// required (Meta.RequiredWith); "" for none.
	RequiredWith string
	// Secret marks a value that must not be typed on a command line
	// (passwords, client secrets): front ends ask for it instead.
	Secret bool
	// Values are the values the schema allows, when it lists them
	// (an enum, or true and false).
	Values []string
}

// Arguments lists the tool's arguments in schema order, the required
// ones first.
func (t *Tool) Arguments() []Argument {
	s := t.InputSchema()
	names := slices.Clone(s.PropertyOrder)
	for n := range s.Properties {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(s.PropertyOrder) == 0 {
		slices.Sort(names)
	}
	var out []Argument
	for _, n := range names {
		p := s.Properties[n]
		if p == nil {
			continue
		}
		a := Argument{Name: n, Type: typeName(p), Description: p.Description, Required: slices.Contains(s.Required, n), RequiredWith: t.RequiredWith[n], Secret: isSecretKey(n)}
		for _, v := range p.Enum {
			if str, ok := v.(string); ok {
				a.Values = append(a.Values, str)
			}
		}
		if a.Type == "boolean" {
			a.Values = []string{"true", "false"}
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b Argument) int { return boolInt(b.Required) - boolInt(a.Required) })
	return out
}

// typeName is a schema's type for people: "null" left out of a union.
func typeName(p *jsonschema.Schema) string {
	types := p.Types
	if p.Type != "" {
		types = []string{p.Type}
	}
	types = slices.DeleteFunc(slices.Clone(types), func(t string) bool { return t == "null" })
	name := strings.Join(types, " or ")
	if name == "array" && p.Items != nil {
		if it := typeName(p.Items); it != "" {
			name += " of " + it
		}
	}
	if name == "" {
		name = "any"
	}
	return name
}
