package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/internal/lazy"
)

// Validation of a call's arguments, before anything else happens.
//
// The checks walk the tool's input schema and say what is wrong in words
// a model or a person can act on, naming the argument by its path
// ("application.grantTypes[1]") and never repeating a long value whole:
//
//	argument "limit" must be at most 1000 (got 5000)
//	argument "application.grantTypes" must be an array of strings (item 0 is the number 1)
//	arguments must be a JSON object, not null; pass {} when a tool needs no arguments
//
// The full JSON Schema validation runs after them and catches whatever
// they do not cover, with a message cleaned of the validator's terms.

var uuidRE = lazy.Regexp(UUIDPattern)

// maxCursorLen bounds a cursor: PingOne's and p1kit's are a few hundred
// characters at most.
const maxCursorLen = 4096

// validate checks raw arguments against the tool's schema and returns the
// normalised JSON object.
func (t *Tool) validate(raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) > MaxArgumentBytes {
		return nil, invalidArgs("arguments are larger than %s, the limit for one call; send shorter values or split the work into several calls",
			byteSize(MaxArgumentBytes))
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	v, err := decodeArguments(raw)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, notAnObject(v)
	}
	// A free-form object given as its JSON text (as the listings show it,
	// jsontext.go) is decoded, and the handler gets the object; the depth
	// counts what the text held.
	decoded, err := decodeJSONText("", t.InputSchema(), obj)
	if err != nil {
		return nil, err
	}
	if depth(v) > maxArgumentDepth {
		return nil, invalidArgs("arguments are nested deeper than %d levels; no tool takes values that deep%s", maxArgumentDepth, t.argHint())
	}
	if err := checkObject("", t.InputSchema(), obj, t.argHint()); err != nil {
		return nil, err
	}
	if err := t.checkCursor(obj); err != nil {
		return nil, err
	}
	// Full validation on a plain decode (the validator wants float64 numbers).
	resolved, err := t.resolved()
	if err != nil {
		return nil, &Error{Kind: KindInternal, Message: "the tool's input schema does not compile: " + err.Error(), Err: err}
	}
	// The tree decoded above, its exact numbers as float64: the arguments
	// are parsed once.
	if err := resolved.Validate(withFloats(v)); err != nil {
		return nil, invalidArgs("%s", cleanSchemaError(err))
	}
	if decoded {
		if raw, err = json.Marshal(obj); err != nil {
			return nil, &Error{Kind: KindInternal, Message: "encoding the arguments: " + err.Error(), Err: err}
		}
	}
	return raw, nil
}

// withFloats returns v with its json.Numbers as float64, as the schema
// validator wants them; v is not changed.
func withFloats(v any) any {
	return copyJSON(v, nil, func(x any) any {
		n, ok := x.(json.Number)
		if !ok {
			return x
		}
		f, err := n.Float64()
		if err != nil {
			return n.String()
		}
		return f
	})
}

// decodeArguments reads one JSON value, with numbers kept exact.
func decodeArguments(raw []byte) (any, error) {
	if !utf8.Valid(raw) {
		return nil, invalidArgs("arguments must be a JSON object in UTF-8; byte %d is not valid UTF-8", invalidUTF8At(raw)+1)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, invalidArgs("arguments must be a JSON object, and this is not valid JSON: %s", syntaxProblem(err))
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, invalidArgs("arguments must be one JSON object, and there is more text after it (from byte %d)", end+int64(leadingSpace(raw[end:]))+1)
	}
	return v, nil
}

// syntaxProblem says where and why JSON text does not parse.
func syntaxProblem(err error) string {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read, the bad one included: the byte's
		// position, counted from 1.
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the text ends before the JSON value is complete"
	}
	return cutMessage(err.Error())
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func leadingSpace(b []byte) int { return len(b) - len(bytes.TrimLeft(b, " \t\r\n")) }

// notAnObject explains arguments that are JSON but not an object.
func notAnObject(v any) error {
	switch x := v.(type) {
	case nil:
		return invalidArgs("arguments must be a JSON object, not null; pass {} when a tool needs no arguments")
	case []any:
		return invalidArgs(`arguments must be a JSON object, not an array; pass one object such as {"environmentId": "…"}`)
	case string:
		var inner map[string]any
		if json.Unmarshal([]byte(x), &inner) == nil {
			return invalidArgs("arguments must be a JSON object, not a string (this string holds a JSON object as text: send the object itself)")
		}
		return invalidArgs(`arguments must be a JSON object, not a string; pass an object such as {"environmentId": "…"}`)
	}
	return invalidArgs(`arguments must be a JSON object, not %s; pass an object such as {"environmentId": "…"}`, describe(v))
}

// depth is how deeply v nests arrays and objects (a scalar is 0).
func depth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, depth(e))
		}
		return d + 1
	case []any:
		for _, e := range x {
			d = max(d, depth(e))
		}
		return d + 1
	}
	return 0
}

// checkObject checks the members of an object at path ("" for the
// arguments themselves, whose members top lists for messages).
func checkObject(path string, s *jsonschema.Schema, obj map[string]any, top string) error {
	closed := (path == "" || s.AdditionalProperties != nil) && (s.AdditionalProperties == nil || isFalseSchema(s.AdditionalProperties))
	if closed {
		// A misspelt member is reported as what it is, with the name it
		// most likely meant, before the required one it was meant as is
		// reported missing.
		for _, name := range sortedKeys(obj) {
			if _, ok := s.Properties[name]; !ok {
				if hint := DidYouMean(Suggest(name, slices.Sorted(maps.Keys(s.Properties)))); hint != "" {
					return invalidArgs("unknown argument %s; %s%s", echo(join(path, name)), hint, takes(path, s, top))
				}
			}
		}
	}
	var missing []string
	for _, name := range s.Required {
		if _, ok := obj[name]; !ok {
			missing = append(missing, join(path, name))
		}
	}
	if len(missing) > 0 {
		return invalidArgs("missing required argument %s%s", quoteList(missing), takes(path, s, top))
	}
	for _, name := range sortedKeys(obj) {
		p, ok := s.Properties[name]
		if !ok {
			switch {
			case path != "" && s.AdditionalProperties == nil:
				continue // an open object: any member goes
			case s.AdditionalProperties != nil && !isFalseSchema(s.AdditionalProperties):
				p = s.AdditionalProperties
			default:
				return invalidArgs("unknown argument %s%s", echo(join(path, name)), takes(path, s, top))
			}
		}
		if err := checkValue(join(path, name), p, obj[name]); err != nil {
			return err
		}
	}
	return nil
}

// takes lists the members an object takes, for messages: the tool's
// arguments (top) at the top, an object argument's members below it.
func takes(path string, s *jsonschema.Schema, top string) string {
	if path == "" {
		return top
	}
	if len(s.Properties) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s takes: %s)", path, memberList(s))
}

func isFalseSchema(s *jsonschema.Schema) bool {
	return s.Not != nil && s.Not.Type == "" && len(s.Not.Types) == 0 && len(s.Not.Properties) == 0 && s.Not.Not == nil
}

// checkValue checks one value against its schema.
func checkValue(path string, p *jsonschema.Schema, v any) error {
	types := schemaTypes(p)
	if v == nil {
		if len(types) == 0 || slices.Contains(types, "null") {
			return nil
		}
		return invalidArgs("argument %q must be %s, not null; leave the argument out rather than sending null", path, phrase(p))
	}
	if len(types) > 0 && !typeMatches(types, v) {
		if n, ok := v.(json.Number); ok && slices.Contains(types, "integer") {
			return integerProblem(path, n)
		}
		return invalidArgs("argument %q must be %s (got %s)", path, phrase(p), describe(v))
	}
	switch x := v.(type) {
	case string:
		if err := checkString(path, p, x); err != nil {
			return err
		}
	case json.Number:
		if err := checkNumber(path, p, x); err != nil {
			return err
		}
	case []any:
		if p.MaxItems != nil && len(x) > *p.MaxItems {
			return invalidArgs("argument %q holds at most %d items (got %d)", path, *p.MaxItems, len(x))
		}
		if p.MinItems != nil && len(x) < *p.MinItems {
			return invalidArgs("argument %q needs at least %d items (got %d)", path, *p.MinItems, len(x))
		}
		if p.Items != nil {
			for i, item := range x {
				if it := schemaTypes(p.Items); item != nil && len(it) > 0 && !typeMatches(it, item) {
					return invalidArgs("argument %q must be %s (item %d is %s)", path, phrase(p), i, describe(item))
				}
				if err := checkValue(fmt.Sprintf("%s[%d]", path, i), p.Items, item); err != nil {
					return err
				}
			}
		}
	case map[string]any:
		if len(p.Properties) > 0 || len(p.Required) > 0 || p.AdditionalProperties != nil {
			if err := checkObject(path, p, x, ""); err != nil {
				return err
			}
		}
	}
	if p.Enum != nil && !enumHas(p.Enum, v) {
		return invalidArgs("argument %q must be one of %s (got %s)", path, enumList(p.Enum), describe(v))
	}
	return nil
}

func checkString(path string, p *jsonschema.Schema, s string) error {
	if p.Pattern == UUIDPattern {
		if !uuidRE().MatchString(s) {
			return invalidArgs("argument %q must be a PingOne id, a UUID such as 0f2e6a4c-1b2d-4e3f-8a9b-0c1d2e3f4a5b (got %s); find ids with the list_* tools", path, echo(s))
		}
	} else if p.Pattern != "" {
		if re := compiledPattern(p.Pattern); re != nil && !re.MatchString(s) {
			return invalidArgs("argument %q must match the pattern %s (got %s)", path, p.Pattern, echo(s))
		}
	}
	n := utf8.RuneCountInString(s)
	if p.MaxLength != nil && n > *p.MaxLength {
		return invalidArgs("argument %q must be at most %d characters long (got %d)", path, *p.MaxLength, n)
	}
	if p.MinLength != nil && n < *p.MinLength {
		return invalidArgs("argument %q must be at least %d characters long (got %d)", path, *p.MinLength, n)
	}
	return nil
}

var patterns sync.Map // pattern → *regexp.Regexp (nil when it does not compile)

func compiledPattern(p string) *regexp.Regexp {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := regexp.Compile(p)
	patterns.Store(p, re)
	return re
}

func checkNumber(path string, p *jsonschema.Schema, n json.Number) error {
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) {
		return invalidArgs("argument %q is too large a number (got %s)", path, echo(n.String()))
	}
	if p.Minimum != nil && f < *p.Minimum {
		return invalidArgs("argument %q must be at least %s (got %s)", path, num(*p.Minimum), unquoted(n.String()))
	}
	if p.Maximum != nil && f > *p.Maximum {
		return invalidArgs("argument %q must be at most %s (got %s)", path, num(*p.Maximum), unquoted(n.String()))
	}
	if p.ExclusiveMinimum != nil && f <= *p.ExclusiveMinimum {
		return invalidArgs("argument %q must be more than %s (got %s)", path, num(*p.ExclusiveMinimum), unquoted(n.String()))
	}
	if p.ExclusiveMaximum != nil && f >= *p.ExclusiveMaximum {
		return invalidArgs("argument %q must be less than %s (got %s)", path, num(*p.ExclusiveMaximum), unquoted(n.String()))
	}
	return nil
}

// integerProblem explains a number given where an integer is wanted.
func integerProblem(path string, n json.Number) error {
	s := n.String()
	if strings.ContainsAny(s, ".eE") {
		return invalidArgs("argument %q must be an integer, a whole number written without a fraction or exponent (got %s)", path, unquoted(s))
	}
	return invalidArgs("argument %q is too large a number (got %s)", path, unquoted(s))
}

// unquoted is a number for a message, cut like any echoed value.
func unquoted(s string) string {
	if len(s) <= maxEchoRunes {
		return s
	}
	return s[:maxEchoRunes-8] + fmt.Sprintf("… (%d digits)", len(s))
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func schemaTypes(p *jsonschema.Schema) []string {
	if p.Type != "" {
		return []string{p.Type}
	}
	return p.Types
}

func typeMatches(types []string, v any) bool {
	got := jsonKind(v)
	for _, want := range types {
		if want == got || (want == "number" && got == "integer") {
			return true
		}
	}
	return false
}

// phrase says in words what a schema wants: "an integer", "an array of
// strings", "a string or an object".
func phrase(p *jsonschema.Schema) string {
	var parts []string
	for _, ty := range without(schemaTypes(p), "null") {
		switch ty {
		case "array":
			if p.Items != nil {
				if it := without(schemaTypes(p.Items), "null"); len(it) == 1 {
					parts = append(parts, "an array of "+plural(it[0]))
					continue
				}
			}
			parts = append(parts, "an array")
		case "boolean":
			parts = append(parts, "a boolean (true or false)")
		default:
			parts = append(parts, article(ty)+" "+ty)
		}
	}
	if len(parts) == 0 {
		return "a JSON value"
	}
	return strings.Join(parts, " or ")
}

func plural(ty string) string {
	if ty == "boolean" {
		return "booleans"
	}
	return ty + "s"
}

// describe names a value for "(got …)": null, true, the number 5, the
// string "x", an array of 3 items, an object.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return "the number " + unquoted(x.String())
	case string:
		return "the string " + echo(x)
	case []any:
		if len(x) == 1 {
			return "an array of 1 item"
		}
		return fmt.Sprintf("an array of %d items", len(x))
	}
	return "an object"
}

func enumHas(enum []any, v any) bool {
	got, err := json.Marshal(v)
	if err != nil {
		return false
	}
	for _, e := range enum {
		if want, err := json.Marshal(e); err == nil && bytes.Equal(want, got) {
			return true
		}
	}
	return false
}

func enumList(enum []any) string {
	const show = 12
	var parts []string
	for i, e := range enum {
		if i == show {
			parts = append(parts, fmt.Sprintf("… (%d values in all)", len(enum)))
			break
		}
		parts = append(parts, fmt.Sprint(e))
	}
	return strings.Join(parts, ", ")
}

// checkCursor refuses a cursor that cannot have come from a list call:
// a damaged p1kit cursor (which PingOne would refuse with a message about
// its own cursors) or one longer than any cursor ever returned.
func (t *Tool) checkCursor(obj map[string]any) error {
	if _, ok := t.InputSchema().Properties["cursor"]; !ok {
		return nil
	}
	c, _ := obj["cursor"].(string)
	if c == "" {
		return nil
	}
	if n := utf8.RuneCountInString(c); n > maxCursorLen {
		return invalidArgs("argument \"cursor\" is longer than any cursor a listing returns (%d characters); pass nextCursor exactly as it came, or leave cursor out for the first page", n)
	}
	if strings.HasPrefix(c, pageCursorPrefix) {
		pc, ok := parsePageCursor(c)
		if !ok {
			return invalidArgs("argument \"cursor\" is not a cursor p1kit returned (it is damaged or was edited); pass nextCursor exactly as it came, or leave cursor out for the first page")
		}
		c = pc.Cursor
	}
	if isLink(c) && !t.linkInListing(c, obj) {
		return invalidArgs("argument \"cursor\" is a link outside this listing (another environment or collection); pass nextCursor exactly as it came, or leave cursor out for the first page")
	}
	return nil
}

func isLink(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// linkInListing reports whether a cursor that is a whole next link (PingOne
// gave no cursor parameter, so the client follows the link itself) stays in
// the environment the call names: the guard checked that environment, and
// a link is fetched as it is. It must be a plain path (no escapes, no dot
// segments) under /environments/<the call's environment>/, or, for a tool
// without an environment, the environments collection itself.
func (t *Tool) linkInListing(link string, obj map[string]any) bool {
	u, err := url.Parse(link)
	if err != nil || u.User != nil || u.Fragment != "" || u.EscapedPath() != u.Path {
		return false
	}
	p := u.Path
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	arg := t.EnvironmentArg
	if arg == "" {
		if _, ok := t.InputSchema().Properties["environmentId"]; ok {
			arg = "environmentId"
		}
	}
	if arg == "" {
		return strings.HasSuffix(strings.TrimSuffix(p, "/"), "/environments")
	}
	envID, _ := obj[arg].(string)
	return envID != "" && strings.Contains(strings.ToLower(p)+"/", "/environments/"+strings.ToLower(envID)+"/")
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

// argHint lists the arguments the tool takes, for error messages.
func (t *Tool) argHint() string {
	if len(t.InputSchema().Properties) == 0 {
		return fmt.Sprintf(" (%s takes no arguments)", t.Name)
	}
	return fmt.Sprintf(" (%s takes: %s)", t.Name, memberList(t.InputSchema()))
}

// memberList is "a (required), b, c": an object schema's members.
func memberList(s *jsonschema.Schema) string {
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
	return strings.Join(parts, ", ")
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
	schemaPathRE = lazy.Regexp(`validating (/[^:]*): `)
	missingRE    = lazy.Regexp(`required: missing properties: \[(.*)\]`)
)

// cleanSchemaError turns "validating /properties/application:
// validating /properties/application/properties/type: enum: …" into
// "argument application.type: enum: …": the deepest path, in argument
// terms. It is the fallback for what checkValue does not cover.
func cleanSchemaError(err error) string {
	msg := err.Error()
	path := ""
	if m := schemaPathRE().FindAllStringSubmatchIndex(msg, -1); len(m) > 0 {
		last := m[len(m)-1]
		path = msg[last[2]:last[3]]
		msg = msg[last[1]:]
	}
	msg = missingRE().ReplaceAllString(msg, "missing required field $1")
	path = strings.ReplaceAll(strings.TrimPrefix(path, "/properties/"), "/properties/", ".")
	path = strings.ReplaceAll(path, "/items", "[]")
	msg = cutMessage(msg)
	if path == "" || path == "/" {
		return "arguments do not match the tool's schema: " + msg
	}
	return fmt.Sprintf("argument %q does not match the tool's schema: %s", path, msg)
}
