package tools

import (
	"fmt"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
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
