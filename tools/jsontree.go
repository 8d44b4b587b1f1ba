package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	sjson "github.com/segmentio/encoding/json"
)

// jnode is one value of a JSON document kept in its original member order,
// so that a result the output step leaves alone is written back byte for
// byte. Numbers and the literals true, false and null keep their text.
type jnode struct {
	kind jkind
	text string   // string value, or the literal text of a number, bool or null
	keys []string // object member names, in order
	vals []*jnode // object member values (same index as keys) or array items
}

type jkind uint8

const (
	jString jkind = iota
	jLiteral
	jObject
	jArray
)

// set replaces the member named key, or appends it.
func (n *jnode) set(key string, v *jnode) {
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	n.keys = append(n.keys, key)
	n.vals = append(n.vals, v)
}

func strNode(s string) *jnode { return &jnode{kind: jString, text: s} }

// valueNode converts a plain Go value (string, int, bool, []any,
// map-free ordered pairs) into a node; used for the notices p1kit adds.
func valueNode(v any) *jnode {
	switch x := v.(type) {
	case *jnode:
		return x
	case string:
		return strNode(x)
	case int:
		return &jnode{kind: jLiteral, text: fmt.Sprint(x)}
	case bool:
		return &jnode{kind: jLiteral, text: fmt.Sprint(x)}
	case []*jnode:
		return &jnode{kind: jArray, vals: x}
	case []string:
		n := &jnode{kind: jArray, vals: make([]*jnode, len(x))}
		for i, s := range x {
			n.vals[i] = strNode(s)
		}
		return n
	}
	panic(fmt.Sprintf("tools: valueNode(%T)", v))
}

// objNode builds an object from alternating names and values.
func objNode(kv ...any) *jnode {
	n := &jnode{kind: jObject}
	for i := 0; i+1 < len(kv); i += 2 {
		n.keys = append(n.keys, kv[i].(string))
		n.vals = append(n.vals, valueNode(kv[i+1]))
	}
	return n
}

// parseJSON reads one JSON document into nodes: member order is kept, and
// numbers keep their text. The documents are the toolkit's own encodings
// (a result as encoding/json wrote it, or nodes written back), read with
// segmentio's tokenizer, which the MCP SDK already links in: it reads a
// token without allocating, where encoding/json's Decoder.Token allocates
// several (a read tool's result was parsed in about half the time of the
// GET that fetched it).
func parseJSON(data []byte) (*jnode, error) {
	t := sjson.NewTokenizer(data)
	if !t.Next() {
		return nil, tokenError(t, "no JSON value")
	}
	n, err := readNode(t)
	if err != nil {
		return nil, err
	}
	if t.Next() || t.Err != nil {
		return nil, fmt.Errorf("unexpected data after the JSON value at offset %d", len(data)-t.Remaining()-len(t.Value))
	}
	return n, nil
}

// readNode reads the value t is on; t is left on its last token.
func readNode(t *sjson.Tokenizer) (*jnode, error) {
	switch t.Delim {
	case '{', '[':
		kind, end := jArray, sjson.Delim(']')
		if t.Delim == '{' {
			kind, end = jObject, '}'
		}
		n := &jnode{kind: kind}
		for first := true; ; first = false {
			if !t.Next() {
				return nil, tokenError(t, "unexpected end of JSON input")
			}
			if t.Delim == end {
				return n, nil
			}
			if !first {
				if t.Delim != ',' || !t.Next() {
					return nil, tokenError(t, "expected a comma")
				}
			}
			if kind == jObject {
				if !t.IsKey || t.Kind().Class() != sjson.String {
					return nil, tokenError(t, "expected a member name")
				}
				n.keys = append(n.keys, string(t.String()))
				if !t.Next() || t.Delim != ':' || !t.Next() {
					return nil, tokenError(t, "expected a colon and a value")
				}
			}
			v, err := readNode(t)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
	case 0:
		switch t.Kind().Class() {
		case sjson.String:
			return strNode(string(t.String())), nil
		case sjson.Null:
			return &jnode{kind: jLiteral, text: "null"}, nil
		case sjson.Bool:
			if t.Bool() {
				return &jnode{kind: jLiteral, text: "true"}, nil
			}
			return &jnode{kind: jLiteral, text: "false"}, nil
		default:
			return &jnode{kind: jLiteral, text: string(t.Value)}, nil
		}
	}
	return nil, tokenError(t, "unexpected "+string(t.Value))
}

// tokenError is the tokenizer's error, or what the reader expected.
func tokenError(t *sjson.Tokenizer, expected string) error {
	if t.Err != nil {
		return t.Err
	}
	return errors.New("invalid JSON: " + expected)
}

// encode writes n compactly, the way encoding/json does with HTML escaping
// off (the toolkit's own encoding), so untouched documents keep their bytes.
func (n *jnode) encode(buf *bytes.Buffer) {
	switch n.kind {
	case jString:
		appendJSONString(buf, n.text)
	case jLiteral:
		buf.WriteString(n.text)
	case jObject:
		buf.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			appendJSONString(buf, k)
			buf.WriteByte(':')
			n.vals[i].encode(buf)
		}
		buf.WriteByte('}')
	case jArray:
		buf.WriteByte('[')
		for i, v := range n.vals {
			if i > 0 {
				buf.WriteByte(',')
			}
			v.encode(buf)
		}
		buf.WriteByte(']')
	}
}

func (n *jnode) bytes() []byte {
	var buf bytes.Buffer
	n.encode(&buf)
	return buf.Bytes()
}

// appendJSONString writes s as encoding/json would with SetEscapeHTML(false).
// Strings that need no escaping are copied as they are; the others go
// through encoding/json itself, so the two can never disagree.
func appendJSONString(buf *bytes.Buffer, s string) {
	if plainJSONString(s) {
		buf.WriteByte('"')
		buf.WriteString(s)
		buf.WriteByte('"')
		return
	}
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	buf.Write(bytes.TrimSuffix(tmp.Bytes(), []byte{'\n'}))
}

// plainJSONString reports whether encoding/json writes s unchanged between
// quotes: printable ASCII other than '"' and '\', and valid UTF-8 other than
// U+2028 and U+2029.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}
