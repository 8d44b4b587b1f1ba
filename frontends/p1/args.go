package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/tools"
)

// argList is the repeatable --arg key=value flag. It keeps each value
// whole: commas are not separators here.
type argList struct{ items []string }

func (a *argList) Set(s string) error { a.items = append(a.items, s); return nil }
func (a *argList) String() string     { return strings.Join(a.items, " ") }
func (a *argList) Get() any           { return a.items }

// callArgs assembles the arguments of a tool call: the base object from
// --json, or from stdin when "-" is given, then each --arg applied on top.
// Stdin is never read unless asked for: a p1 inside a shell loop must not
// swallow the loop's input, and a script must never hang on an open pipe.
func callArgs(jsonFlag string, jsonSet bool, dash bool, pairs []string, stdin io.Reader) (json.RawMessage, error) {
	obj := map[string]any{}
	var base []byte
	var from string
	switch {
	case jsonSet && dash:
		return nil, usageErrorf("give the arguments with --json or on stdin (-), not both")
	case jsonSet:
		base, from = []byte(jsonFlag), "--json"
	case dash:
		b, err := readAll(stdin)
		if err != nil {
			return nil, err
		}
		base, from = b, "stdin"
	}
	if len(base) > tools.MaxArgumentBytes {
		return json.RawMessage(base), nil // the toolkit refuses it by its size
	}
	base = bytes.TrimSpace(base)
	if len(base) > 0 && len(pairs) == 0 {
		// The toolkit judges the arguments as they came, with the words
		// every front end uses for the same mistake.
		return json.RawMessage(base), nil
	}
	if len(base) > 0 {
		dec := json.NewDecoder(bytes.NewReader(base))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, usageErrorf("the arguments from %s are not valid JSON: %v", from, err)
		}
		if dec.More() {
			return nil, usageErrorf("the arguments from %s hold more than one JSON value", from)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, usageErrorf("the arguments from %s must be a JSON object, like {\"environmentId\": \"…\"}", from)
		}
		obj = m
	}
	for _, p := range pairs {
		if err := setArg(obj, p); err != nil {
			return nil, err
		}
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return nil, usageErrorf("encoding the arguments: %v", err)
	}
	return out, nil
}

// readAll reads the arguments from stdin, one byte more than
// tools.MaxArgumentBytes at most: an endless stream is not read into memory,
// and the toolkit refuses what is longer with its message.
func readAll(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, tools.MaxArgumentBytes+1))
	if err != nil {
		return nil, usageErrorf("reading the arguments from stdin: %v", err)
	}
	return b, nil
}

// setArg applies one key=value pair. The value is JSON when it parses as
// JSON, else a string; a dotted key sets a member of a nested object.
func setArg(obj map[string]any, pair string) error {
	key, raw, ok := strings.Cut(pair, "=")
	if !ok {
		return usageErrorf("--arg %s: want key=value", cut(pair))
	}
	key = strings.TrimSpace(key)
	path := strings.Split(key, ".")
	for _, p := range path {
		if p == "" {
			return usageErrorf("--arg %s: the key has an empty part", cut(key))
		}
	}
	var val any = raw
	if strings.TrimSpace(raw) != "" && json.Valid([]byte(raw)) {
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil {
			val = v
		}
	}
	cur := obj
	for i, p := range path[:len(path)-1] {
		next, exists := cur[p]
		if !exists {
			m := map[string]any{}
			cur[p] = m
			cur = m
			continue
		}
		m, isObj := next.(map[string]any)
		if !isObj {
			return usageErrorf("--arg %s: %s is already set to a value that is not an object", cut(key), cut(strings.Join(path[:i+1], ".")))
		}
		cur = m
	}
	cur[path[len(path)-1]] = val
	return nil
}

// cut quotes a value for a message, cut to a short prefix with its length
// when it is long (the toolkit does the same with what it echoes).
func cut(s string) string {
	const keep = 40
	if utf8.RuneCountInString(s) <= keep {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q (%d characters)", string(r[:keep-8])+"…", len(r))
}

// stringsAsTyped keeps as text the --arg values that parse as JSON numbers
// or booleans but go to a string argument: `--arg otp=179461` is the
// passcode "179461", not the number. Other values are left as they are.
func stringsAsTyped(schema *jsonschema.Schema, raw json.RawMessage, pairs []string) json.RawMessage {
	if schema == nil || len(pairs) == 0 {
		return raw
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if dec.Decode(&obj) != nil {
		return raw
	}
	changed := false
	for _, p := range pairs {
		key, text, _ := strings.Cut(p, "=")
		key = strings.TrimSpace(key)
		prop := schema.Properties[key]
		if prop == nil || !(prop.Type == "string" || slices.Contains(prop.Types, "string")) {
			continue
		}
		switch obj[key].(type) {
		case json.Number, bool:
			obj[key] = text
			changed = true
		}
	}
	if !changed {
		return raw
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return raw
	}
	return out
}
