package tools

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

// Free-form objects: an argument whose schema is an object with no
// declared members and open keys (a user's customAttributes, a group's
// customData, a sign-on policy action's condition, a TOTP method's
// uriParameters, the items of a mobile method's applications).
//
// Gemini-backed clients reject an object schema whose properties are
// absent or empty (the function declarations are protocol buffers, where
// an empty map is an absent one: "properties: should be non-empty for
// OBJECT type"), and no list of properties can name keys chosen per
// environment. So the listings show a free-form object as a string
// holding its JSON text, which every client can send; the toolkit's own
// schema keeps the object, and a call may give either: the JSON object
// itself, or a string of its JSON text, which validate decodes first.

// JSONTextNote ends the description of a free-form object in a listing: a
// front end that converts the listings (the OpenAI adapter's strict mode)
// knows the string by it.
const JSONTextNote = "A JSON object, given as JSON text in a string."

// isFreeFormObject reports whether s, a schema of the toolkit's own, is an
// object with no declared members whose keys are open.
func isFreeFormObject(s *jsonschema.Schema) bool {
	if s == nil || len(s.Properties) > 0 || len(s.AnyOf) > 0 {
		return false
	}
	if s.Type != "object" && !slices.Contains(s.Types, "object") {
		return false
	}
	return s.AdditionalProperties == nil || !isFalseSchema(s.AdditionalProperties)
}

// listAsJSONText turns the compact copy of a free-form object into the
// string that carries its JSON text.
func listAsJSONText(s *jsonschema.Schema) {
	s.Type, s.Types = "string", nil
	s.Properties, s.AdditionalProperties, s.Required = nil, nil, nil
	s.Description = joinSentences(s.Description, JSONTextNote)
}

func joinSentences(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// decodeJSONText replaces, in the object obj at path ("" for a tool's
// arguments) whose schema is s, every string given for a free-form object
// with the object its JSON text holds, members in name order (the first
// wrong one is the one reported). It reports whether it replaced any; a
// string that is not the JSON text of one object is an invalid argument.
func decodeJSONText(path string, s *jsonschema.Schema, obj map[string]any) (bool, error) {
	changed := false
	for _, name := range sortedKeys(obj) {
		p := s.Properties[name]
		if p == nil {
			continue
		}
		nv, c, err := jsonTextValue(join(path, name), p, obj[name])
		if err != nil {
			return false, err
		}
		if c {
			obj[name], changed = nv, true
		}
	}
	return changed, nil
}

// jsonTextValue is decodeJSONText for one value v at path, of schema p.
func jsonTextValue(path string, p *jsonschema.Schema, v any) (any, bool, error) {
	switch x := v.(type) {
	case string:
		if !isFreeFormObject(p) {
			return v, false, nil
		}
		dec := json.NewDecoder(strings.NewReader(x))
		dec.UseNumber()
		var o any
		ok := dec.Decode(&o) == nil
		if _, end := dec.Token(); !errors.Is(end, io.EOF) {
			ok = false // more text after the value
		}
		m, isObject := o.(map[string]any)
		if !ok || !isObject {
			return nil, false, invalidArgs("argument %q must be a JSON object, or a string holding the JSON text of one (got %s)", path, echo(x))
		}
		return m, true, nil
	case map[string]any:
		if len(p.Properties) == 0 {
			return v, false, nil
		}
		c, err := decodeJSONText(path, p, x)
		return x, c, err
	case []any:
		if p.Items == nil {
			return v, false, nil
		}
		changed := false
		for i, item := range x {
			nv, c, err := jsonTextValue(fmt.Sprintf("%s[%d]", path, i), p.Items, item)
			if err != nil {
				return nil, false, err
			}
			if c {
				x[i], changed = nv, true
			}
		}
		return x, changed, nil
	}
	return v, false, nil
}
