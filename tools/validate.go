package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

var uuidRE = regexp.MustCompile(UUIDPattern)

// validate checks raw arguments against the tool's schema and returns the
// normalised JSON object. Messages name the field and say what is expected:
// the first checks cover the common mistakes with plain words, the full
// JSON Schema validation catches the rest.
func (t *Tool) validate(raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		raw = []byte("{}")
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil || obj == nil {
		if err == nil {
			err = fmt.Errorf("got %s", firstToken(raw))
		}
		return nil, invalidArgs("arguments must be a JSON object: %v", err)
	}
	s := t.InputSchema
	var missing []string
	for _, name := range s.Required {
		if _, ok := obj[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, invalidArgs("missing required argument %s%s", quoteList(missing), t.argHint())
	}
	names := make([]string, 0, len(obj))
	for name := range obj {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p, ok := s.Properties[name]
		if !ok {
			return nil, invalidArgs("unknown argument %q%s", name, t.argHint())
		}
		if err := checkValue(name, p, obj[name]); err != nil {
			return nil, err
		}
	}
	// Full validation on a plain decode (the validator wants float64 numbers).
	var plain any
	_ = json.Unmarshal(raw, &plain)
	if err := t.resolved.Validate(plain); err != nil {
		return nil, invalidArgs("%s", cleanSchemaError(err))
	}
	return raw, nil
}

// checkValue gives the plain-words message for a wrong top-level value.
func checkValue(name string, p *jsonschema.Schema, v any) error {
	types := p.Types
	if p.Type != "" {
		types = []string{p.Type}
	}
	if len(types) == 0 {
		return nil
	}
	got := jsonKind(v)
	okType := false
	for _, want := range types {
		if want == got || (want == "number" && got == "integer") {
			okType = true
		}
	}
	if !okType {
		want := strings.Join(without(types, "null"), " or ")
		return invalidArgs("argument %q must be %s %s, got %s", name, article(want), want, got)
	}
	if s, ok := v.(string); ok && p.Pattern == UUIDPattern && !uuidRE.MatchString(s) {
		return invalidArgs("argument %q must be a PingOne id (a UUID such as 0f2e6a4c-1b2d-4e3f-8a9b-0c1d2e3f4a5b), got %q", name, s)
	}
	if p.Enum != nil && v != nil {
		for _, e := range p.Enum {
			if fmt.Sprint(e) == fmt.Sprint(v) {
				return nil
			}
		}
		return invalidArgs("argument %q must be one of %v, got %v", name, p.Enum, v)
	}
	return nil
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an"
	}
	return "a"
}

func without(list []string, drop string) []string {
	var out []string
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

func firstToken(raw []byte) string {
	if len(raw) > 20 {
		raw = raw[:20]
	}
	return string(raw)
}

// argHint lists the arguments the tool takes, for error messages.
func (t *Tool) argHint() string {
	s := t.InputSchema
	if len(s.Properties) == 0 {
		return fmt.Sprintf(" (%s takes no arguments)", t.Name)
	}
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	var parts []string
	for _, name := range sortedKeys(s.Properties) {
		if req[name] {
			parts = append(parts, name+" (required)")
		} else {
			parts = append(parts, name)
		}
	}
	return fmt.Sprintf(" (%s takes: %s)", t.Name, strings.Join(parts, ", "))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var (
	schemaPathRE = regexp.MustCompile(`validating (/[^:]*): `)
	missingRE    = regexp.MustCompile(`required: missing properties: \[(.*)\]`)
)

// cleanSchemaError turns "validating /properties/application:
// validating /properties/application/properties/type: enum: …" into
// "argument application.type: enum: …": the deepest path, in argument terms.
func cleanSchemaError(err error) string {
	msg := err.Error()
	path := ""
	if m := schemaPathRE.FindAllStringSubmatchIndex(msg, -1); len(m) > 0 {
		last := m[len(m)-1]
		path = msg[last[2]:last[3]]
		msg = msg[last[1]:]
	}
	msg = missingRE.ReplaceAllString(msg, "missing required field $1")
	path = strings.ReplaceAll(strings.TrimPrefix(path, "/properties/"), "/properties/", ".")
	path = strings.ReplaceAll(path, "/items", "[]")
	if path == "" || path == "/" {
		return msg
	}
	return "argument " + path + ": " + msg
}
