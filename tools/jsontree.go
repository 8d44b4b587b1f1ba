package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
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

// parseJSON reads one JSON document into nodes, with encoding/json's
// tokenizer: member order is kept, and numbers keep their text.
func parseJSON(data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the JSON value at offset %d", dec.InputOffset())
	}
	return n, nil
}

// readNode reads the next value from dec.
func readNode(dec *json.Decoder) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		kind := jArray
		if t == '{' {
			kind = jObject
		}
		n := &jnode{kind: kind}
		for dec.More() {
			if kind == jObject {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string)) // the decoder checks that member names are strings
			}
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return strNode(t), nil
	case json.Number:
		return &jnode{kind: jLiteral, text: t.String()}, nil
	case bool:
		return &jnode{kind: jLiteral, text: fmt.Sprint(t)}, nil
	default: // nil
		return &jnode{kind: jLiteral, text: "null"}, nil
	}
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
