package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Output formats.
const (
	formatJSON  = "json"
	formatYAML  = "yaml"
	formatTable = "table"
)

func checkFormat(f string) (string, error) {
	switch f = strings.ToLower(strings.TrimSpace(f)); f {
	case formatJSON, formatYAML, formatTable:
		return f, nil
	}
	return "", usageErrorf("unknown output format %q (want json, yaml or table)", f)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeData writes v as JSON or YAML (format is json or yaml).
func writeData(w io.Writer, format string, v any) error {
	if format != formatYAML {
		return writeJSON(w, v)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return writeRawYAML(w, buf.Bytes())
}

// writeRawData writes an encoded JSON value as indented JSON or as YAML.
func writeRawData(w io.Writer, format string, raw json.RawMessage) error {
	if format == formatYAML {
		return writeRawYAML(w, raw)
	}
	return writeRawJSON(w, raw)
}

// writeRawYAML writes a JSON value as block-style YAML, keeping the order of
// object members. JSON is YAML, so the YAML parser reads it as it is; only
// the flow and quoting styles are dropped, and the encoder quotes what a
// reader would otherwise take for another type ("true", "42", "null").
func writeRawYAML(w io.Writer, raw json.RawMessage) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return err
	}
	blockStyle(&doc)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	return enc.Close()
}

func blockStyle(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// writeRawJSON indents an already encoded JSON value.
func writeRawJSON(w io.Writer, raw json.RawMessage) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return err
	}
	buf.WriteByte('\n')
	_, err := w.Write(buf.Bytes())
	return err
}

// member is one member of a JSON object, in document order.
type member struct {
	key string
	val json.RawMessage
}

// orderedObject decodes a JSON object keeping the order of its members;
// ok is false when raw is not an object.
func orderedObject(raw json.RawMessage) (members []member, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		members = append(members, member{key, v})
	}
	return members, true
}

// kind of a raw JSON value: '{', '[', '"', or 0 for scalars.
func kindOf(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	switch raw[0] {
	case '{', '[', '"':
		return raw[0]
	}
	return 0
}

// writeResultTable renders a tool result for people: a list result (an
// object with one array of objects, plus a cursor) as aligned columns, and
// a single object (unwrapped from {"environment": {…}}) as key/value rows.
func writeResultTable(w, notes io.Writer, raw json.RawMessage) error {
	top, ok := orderedObject(raw)
	if !ok {
		return writeRawJSON(w, raw)
	}
	var list []json.RawMessage
	var listKey string
	var rest []member
	for _, m := range top {
		if kindOf(m.val) == '[' && listKey == "" {
			var items []json.RawMessage
			if json.Unmarshal(m.val, &items) == nil && allObjects(items) {
				list, listKey = items, m.key
				continue
			}
		}
		rest = append(rest, m)
	}
	if listKey != "" {
		if err := writeRows(w, list); err != nil {
			return err
		}
		for _, m := range rest {
			if m.key == "nextCursor" {
				fmt.Fprintf(notes, "more %s: add --arg cursor=%s\n", listKey, cell(m.val))
				continue
			}
			fmt.Fprintf(notes, "%s: %s\n", m.key, cell(m.val))
		}
		if len(list) == 0 {
			fmt.Fprintf(notes, "no %s\n", listKey)
		}
		return nil
	}
	// p1kit's notices (_untrusted, _truncated, _shortened) go with the
	// other notes, so that a single resource wrapped in one member is shown
	// as the resource itself.
	var body []member
	for _, m := range top {
		if strings.HasPrefix(m.key, "_") && m.key != "_links" {
			fmt.Fprintf(notes, "%s: %s\n", m.key, cell(m.val))
			continue
		}
		body = append(body, m)
	}
	if len(body) == 1 && kindOf(body[0].val) == '{' {
		body, _ = orderedObject(body[0].val)
	}
	return writeKeyValues(w, body)
}

func allObjects(items []json.RawMessage) bool {
	for _, it := range items {
		if kindOf(it) != '{' {
			return false
		}
	}
	return true
}

// writeRows writes objects as columns: the union of their keys, in order
// of first appearance; _links is left out.
func writeRows(w io.Writer, items []json.RawMessage) error {
	var cols []string
	seen := map[string]bool{}
	rows := make([]map[string]json.RawMessage, len(items))
	for i, it := range items {
		members, _ := orderedObject(it)
		rows[i] = map[string]json.RawMessage{}
		for _, m := range members {
			if m.key == "_links" {
				continue
			}
			rows[i][m.key] = m.val
			if !seen[m.key] {
				seen[m.key] = true
				cols = append(cols, m.key)
			}
		}
	}
	if len(cols) == 0 {
		return nil
	}
	tw := newTable(w)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = strings.ToUpper(c)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, r := range rows {
		cells := make([]string, len(cols))
		for i, c := range cols {
			cells[i] = truncate(cell(r[c]), 60)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// writeKeyValues writes one row per member.
func writeKeyValues(w io.Writer, members []member) error {
	tw := newTable(w)
	for _, m := range members {
		if m.key == "_links" {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\n", m.key, cell(m.val))
	}
	return tw.Flush()
}

// cell is the text of a value in a table: strings unquoted, null empty,
// objects and arrays as compact JSON; tabs and newlines are flattened so
// columns stay aligned.
func cell(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if kindOf(raw) == '"' && json.Unmarshal(raw, &s) == nil {
		return strings.Join(strings.Fields(s), " ")
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
