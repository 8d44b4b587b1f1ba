package tools

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"

	"github.com/google/jsonschema-go/jsonschema"
)

// renderSchema writes a schema as compact JSON. It writes the keywords
// p1kit's schemas use itself, in a fixed order (properties in their
// declared order), which costs a fraction of jsonschema's reflective
// MarshalJSON; a schema holding any other keyword is written by
// jsonschema, so nothing is ever left out.
func renderSchema(buf *bytes.Buffer, s *jsonschema.Schema) error {
	if !plainSchema(s) {
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		buf.Write(b)
		return nil
	}
	buf.WriteByte('{')
	first := true
	key := func(k string) {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.WriteByte('"')
		buf.WriteString(k)
		buf.WriteString(`":`)
	}
	str := func(v string) {
		b, _ := json.Marshal(v) // a string always encodes
		buf.Write(b)
	}
	if s.Type != "" {
		key("type")
		str(s.Type)
	}
	if s.Description != "" {
		key("description")
		str(s.Description)
	}
	if s.Properties != nil {
		key("properties")
		buf.WriteByte('{')
		for i, name := range propertyOrder(s) {
			if i > 0 {
				buf.WriteByte(',')
			}
			str(name)
			buf.WriteByte(':')
			if err := renderSchema(buf, s.Properties[name]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	}
	if s.Items != nil {
		key("items")
		if err := renderSchema(buf, s.Items); err != nil {
			return err
		}
	}
	if len(s.AnyOf) > 0 {
		key("anyOf")
		buf.WriteByte('[')
		for i, b := range s.AnyOf {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := renderSchema(buf, b); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	}
	if len(s.Enum) > 0 {
		key("enum")
		b, err := json.Marshal(s.Enum)
		if err != nil {
			return err
		}
		buf.Write(b)
	}
	if len(s.Required) > 0 {
		key("required")
		b, _ := json.Marshal(s.Required)
		buf.Write(b)
	}
	for _, n := range []struct {
		k string
		v *float64
	}{{"minimum", s.Minimum}, {"maximum", s.Maximum}} {
		if n.v != nil {
			key(n.k)
			buf.WriteString(strconv.FormatFloat(*n.v, 'f', -1, 64))
		}
	}
	for _, n := range []struct {
		k string
		v *int
	}{{"minLength", s.MinLength}, {"maxLength", s.MaxLength}, {"minItems", s.MinItems}, {"maxItems", s.MaxItems}} {
		if n.v != nil {
			key(n.k)
			buf.WriteString(strconv.Itoa(*n.v))
		}
	}
	if s.Pattern != "" {
		key("pattern")
		str(s.Pattern)
	}
	if s.Format != "" {
		key("format")
		str(s.Format)
	}
	buf.WriteByte('}')
	return nil
}

// plainSchema reports whether s holds only the keywords renderSchema writes.
func plainSchema(s *jsonschema.Schema) bool {
	c := *s
	c.Type, c.Description, c.Properties, c.PropertyOrder, c.Items, c.AnyOf, c.Enum, c.Required = "", "", nil, nil, nil, nil, nil, nil
	c.Minimum, c.Maximum, c.MinLength, c.MaxLength, c.MinItems, c.MaxItems, c.Pattern, c.Format = nil, nil, nil, nil, nil, nil, "", ""
	return reflect.ValueOf(c).IsZero()
}

// propertyOrder lists the properties in their declared order, then the
// others by name (as jsonschema writes them).
func propertyOrder(s *jsonschema.Schema) []string {
	out := make([]string, 0, len(s.Properties))
	for _, n := range s.PropertyOrder {
		if _, ok := s.Properties[n]; ok && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	var rest []string
	for n := range s.Properties {
		if !slices.Contains(out, n) {
			rest = append(rest, n)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}
