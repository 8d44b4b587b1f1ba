package openai

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// CheckStrict reports every way schema breaks the rules of strict mode
// (Structured Outputs): the root is a plain object; every object lists all
// its properties in required and sets additionalProperties to false; every
// schema has a type (or anyOf, $ref, const, enum); only supported keywords
// and string formats appear; nesting, property and enum-value counts stay
// within the limits. It returns nil for a valid schema, and an error naming
// each offending location otherwise. Tools runs it on every schema it
// exports with strict set.
func CheckStrict(schema map[string]any) error {
	c := &checker{}
	if t, _ := schema["type"].(string); t != "object" {
		c.fail("$", "the root must have type \"object\" (not %s)", compactJSON(schema["type"]))
	}
	for _, k := range []string{"anyOf", "oneOf", "allOf", "not", "enum", "const", "$ref"} {
		if _, ok := schema[k]; ok {
			c.fail("$", "the root must not use %s", k)
		}
	}
	c.walk("$", schema, 0)
	if c.props > maxProperties {
		c.fail("$", "%d properties, more than the %d strict mode allows", c.props, maxProperties)
	}
	if c.enums > maxEnumValues {
		c.fail("$", "%d enum values, more than the %d strict mode allows", c.enums, maxEnumValues)
	}
	if len(c.problems) == 0 {
		return nil
	}
	return errors.New(strings.Join(c.problems, "\n"))
}

type checker struct {
	problems     []string
	props, enums int
}

func (c *checker) fail(at, format string, a ...any) {
	c.problems = append(c.problems, at+": "+fmt.Sprintf(format, a...))
}

var validTypes = []string{"string", "number", "integer", "boolean", "object", "array", "null"}

func (c *checker) walk(at string, s map[string]any, depth int) {
	for k := range s {
		if !slices.Contains(structuralKeywords, k) && !slices.Contains(constraintKeywords, k) {
			c.fail(at, "keyword %q is not supported in strict mode", k)
		}
	}
	if f, ok := s["format"]; ok {
		if str, _ := f.(string); !slices.Contains(strictFormats, str) {
			c.fail(at, "format %s is not supported in strict mode", compactJSON(f))
		}
	}
	if d, ok := s["description"]; ok {
		if _, isStr := d.(string); !isStr {
			c.fail(at, "description must be a string")
		}
	}
	types := typesOf(s)
	_, hasAnyOf := s["anyOf"]
	_, hasRef := s["$ref"]
	_, hasConst := s["const"]
	if raw, ok := s["type"]; ok {
		if len(types) == 0 {
			c.fail(at, "type %s is not a type name or a list of them", compactJSON(raw))
		}
		for _, t := range types {
			if !slices.Contains(validTypes, t) {
				c.fail(at, "unknown type %q", t)
			}
		}
	} else if !hasAnyOf && !hasRef && !hasConst {
		c.fail(at, "no type (strict mode needs one on every schema)")
	}
	if enum, ok := s["enum"]; ok {
		list, isList := enum.([]any)
		if !isList || len(list) == 0 {
			c.fail(at, "enum must be a non-empty list")
		}
		c.enums += len(list)
		if slices.Contains(types, "null") && !slices.Contains(list, any(nil)) {
			c.fail(at, "nullable enum must list null among its values")
		}
	}
	if slices.Contains(types, "object") {
		if depth+1 > maxNesting {
			c.fail(at, "objects nested more than %d deep", maxNesting)
		}
		c.object(at, s, depth+1)
	} else if _, ok := s["properties"]; ok {
		c.fail(at, "properties on a schema that is not an object")
	}
	if slices.Contains(types, "array") {
		items, ok := s["items"].(map[string]any)
		if !ok {
			c.fail(at, "array without an items schema")
		} else {
			c.walk(at+"[]", items, depth)
		}
	}
	if hasAnyOf {
		branches, ok := s["anyOf"].([]any)
		if !ok || len(branches) == 0 {
			c.fail(at, "anyOf must be a non-empty list")
		}
		for i, b := range branches {
			bm, ok := b.(map[string]any)
			if !ok {
				c.fail(at, "anyOf[%d] is not a schema", i)
				continue
			}
			c.walk(fmt.Sprintf("%s.anyOf[%d]", at, i), bm, depth)
		}
	}
	if defs, ok := s["$defs"].(map[string]any); ok {
		for _, name := range slices.Sorted(maps.Keys(defs)) {
			if dm, ok := defs[name].(map[string]any); ok {
				c.walk(at+".$defs."+name, dm, depth)
			} else {
				c.fail(at, "$defs.%s is not a schema", name)
			}
		}
	}
}

func (c *checker) object(at string, s map[string]any, depth int) {
	if ap, ok := s["additionalProperties"]; !ok || ap != false {
		c.fail(at, "additionalProperties must be false (is %s)", compactJSON(ap))
	}
	props, ok := s["properties"].(map[string]any)
	if _, present := s["properties"]; present && !ok {
		c.fail(at, "properties must be an object")
	}
	required := stringSet(s["required"])
	if _, ok := s["required"]; !ok {
		c.fail(at, "no required list (every property must be required)")
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		c.props++
		where := at + "." + name
		if !required[name] {
			c.fail(where, "not in required (strict mode wants every property required; make it nullable instead)")
		}
		pm, ok := props[name].(map[string]any)
		if !ok {
			c.fail(where, "not a schema")
			continue
		}
		c.walk(where, pm, depth)
	}
	for name := range required {
		if _, ok := props[name]; !ok {
			c.fail(at, "required names %q, which is not a property", name)
		}
	}
}
