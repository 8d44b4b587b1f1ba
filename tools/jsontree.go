package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// get returns the member named key of an object node.
func (n *jnode) get(key string) (*jnode, bool) {
	if n == nil || n.kind != jObject {
		return nil, false
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i], true
		}
	}
	return nil, false
}

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

// parseJSON reads one JSON document.
func parseJSON(data []byte) (*jnode, error) {
	p := jparser{data: data}
	p.space()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.data) {
		return nil, fmt.Errorf("unexpected data after the JSON value at offset %d", p.pos)
	}
	return n, nil
}

// maxDepth bounds nesting so a hostile document cannot exhaust the stack.
const maxDepth = 1000

type jparser struct {
	data []byte
	pos  int
	slab []jnode // nodes are carved from chunks: one allocation per 256 nodes
}

func (p *jparser) node(kind jkind, text string) *jnode {
	if len(p.slab) == 0 {
		p.slab = make([]jnode, 256)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.kind, n.text = kind, text
	return n
}

var errJSONEnd = errors.New("unexpected end of JSON")

func (p *jparser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jparser) value(depth int) (*jnode, error) {
	if depth > maxDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	if p.pos >= len(p.data) {
		return nil, errJSONEnd
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.node(jString, s), nil
	default:
		start := p.pos
		for p.pos < len(p.data) {
			b := p.data[p.pos]
			if b == ',' || b == '}' || b == ']' || b == ' ' || b == '\t' || b == '\n' || b == '\r' {
				break
			}
			p.pos++
		}
		lit := p.data[start:p.pos]
		if len(lit) == 0 || !json.Valid(lit) {
			return nil, fmt.Errorf("invalid JSON value at offset %d", start)
		}
		return p.node(jLiteral, string(lit)), nil
	}
}

func (p *jparser) object(depth int) (*jnode, error) {
	p.pos++ // {
	n := p.node(jObject, "")
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, fmt.Errorf("expected a member name at offset %d", p.pos)
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, fmt.Errorf("expected ':' at offset %d", p.pos)
		}
		p.pos++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, k)
		n.vals = append(n.vals, v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, errJSONEnd
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return n, nil
		default:
			return nil, fmt.Errorf("expected ',' or '}' at offset %d", p.pos)
		}
	}
}

func (p *jparser) array(depth int) (*jnode, error) {
	p.pos++ // [
	n := p.node(jArray, "")
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.vals = append(n.vals, v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, errJSONEnd
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return n, nil
		default:
			return nil, fmt.Errorf("expected ',' or ']' at offset %d", p.pos)
		}
	}
}

// str reads a string literal; p.pos is at its opening quote.
func (p *jparser) str() (string, error) {
	start := p.pos
	p.pos++
	escaped := false
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\\':
			escaped = true
			p.pos += 2
			continue
		case '"':
			p.pos++
			lit := p.data[start:p.pos]
			if !escaped {
				return string(lit[1 : len(lit)-1]), nil
			}
			var s string
			if err := json.Unmarshal(lit, &s); err != nil {
				return "", fmt.Errorf("invalid string at offset %d: %w", start, err)
			}
			return s, nil
		}
		p.pos++
	}
	return "", errJSONEnd
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
