package tools

import (
	"slices"
	"strings"
)

// Nested sharing: an update tool's argument often differs from its create
// tool's as a whole (nothing in it is required, or it takes one member
// more) while most of what is nested in it is the same, words and all
// (update_oidc_application's application.grantTypes after
// create_oidc_application's). A full listing leaves those nested
// descriptions to the sibling, as it does whole arguments. It works on the
// members' rendered JSON (listing.go), so that the pre-rendered catalogue
// needs nothing more than the listing it holds.

// describedNode is a described schema node in a member's JSON: where the
// node is, as a path below the member ("" for the member itself,
// ".otp.lifeTime", "[]" for array items), the node's JSON and the span of
// its description (with a comma) to cut.
type describedNode struct {
	path       string
	start, end int // the node's JSON
	cutStart   int // the description, with the comma that joins it
	cutEnd     int
}

// describedNodes finds the described nodes of a member's JSON
// (`"name":{…}`), in the order they appear; nil when the member's JSON is
// not what renderMember writes.
func describedNodes(m string) []describedNode {
	_, after, ok := strings.Cut(m, `":`)
	if !ok {
		return nil
	}
	sc := &jsonScanner{s: m}
	var out []describedNode
	if _, ok := sc.node(len(m)-len(after), "", &out); !ok {
		return nil
	}
	return out
}

// nodeCache holds the described nodes of the members one render looks at,
// by JSON, so that each is scanned once however many siblings it is held
// against.
type nodeCache map[string][]describedNode

func (c nodeCache) nodes(m string) []describedNode {
	if !strings.Contains(m, `"description":`) {
		return nil
	}
	n, ok := c[m]
	if !ok {
		n = describedNodes(m)
		c[m] = n
	}
	return n
}

// sharedWith returns m's JSON without the descriptions of the nodes o (the
// same argument in a sibling tool) renders alike at the same path, and how
// many it left out.
func sharedWith(m, o string) (string, int) { return nodeCache{}.sharedWith(m, o) }

func (c nodeCache) sharedWith(m, o string) (string, int) {
	cuts := c.cuts(m, o, nil)
	if len(cuts) == 0 {
		return m, 0
	}
	slices.SortFunc(cuts, func(a, b describedNode) int { return a.cutStart - b.cutStart })
	var b strings.Builder
	b.Grow(len(m))
	at := 0
	for _, c := range cuts {
		if c.cutStart < at {
			continue // inside a cut already (never: a description holds no node)
		}
		b.WriteString(m[at:c.cutStart])
		at = c.cutEnd
	}
	b.WriteString(m[at:])
	return b.String(), len(cuts)
}

// cuts appends to dst the nodes of m that o renders alike at the same path.
// A member has a few described nodes, so they are matched by a scan.
func (c nodeCache) cuts(m, o string, dst []describedNode) []describedNode {
	mine := c.nodes(m)
	if len(mine) == 0 {
		return dst
	}
	theirs := c.nodes(o)
	for _, n := range mine {
		for _, t := range theirs {
			if t.path == n.path {
				if m[n.start:n.end] == o[t.start:t.end] {
					dst = append(dst, n)
				}
				break
			}
		}
	}
	return dst
}

// jsonScanner walks the compact JSON of a schema, finding the described
// nodes below properties and items; every other keyword's value is
// skipped whole.
type jsonScanner struct{ s string }

// node scans the schema node at i; it returns the offset after it.
func (sc *jsonScanner) node(i int, path string, out *[]describedNode) (int, bool) {
	s := sc.s
	if i >= len(s) || s[i] != '{' {
		return sc.skip(i)
	}
	start := i
	i++
	desc := [2]int{-1, -1}
	for first := true; ; first = false {
		if i >= len(s) {
			return 0, false
		}
		if s[i] == '}' {
			i++
			break
		}
		if !first {
			if s[i] != ',' {
				return 0, false
			}
			i++
		}
		keyStart := i
		key, next, ok := sc.str(i)
		if !ok || next >= len(s) || s[next] != ':' {
			return 0, false
		}
		i = next + 1
		switch key {
		case "properties":
			i, ok = sc.properties(i, path, out)
		case "items":
			i, ok = sc.node(i, path+"[]", out)
		case "description":
			if _, end, isStr := sc.str(i); isStr {
				desc = [2]int{keyStart, end}
				i = end
			} else {
				i, ok = sc.skip(i)
			}
		default:
			i, ok = sc.skip(i)
		}
		if !ok {
			return 0, false
		}
	}
	if desc[0] >= 0 {
		n := describedNode{path: path, start: start, end: i, cutStart: desc[0], cutEnd: desc[1]}
		if s[n.cutStart-1] == ',' {
			n.cutStart--
		} else if s[n.cutEnd] == ',' {
			n.cutEnd++
		}
		*out = append(*out, n)
	}
	return i, true
}

// properties scans a properties object: each member is a node.
func (sc *jsonScanner) properties(i int, path string, out *[]describedNode) (int, bool) {
	s := sc.s
	if i >= len(s) || s[i] != '{' {
		return sc.skip(i)
	}
	i++
	for first := true; ; first = false {
		if i >= len(s) {
			return 0, false
		}
		if s[i] == '}' {
			return i + 1, true
		}
		if !first {
			if s[i] != ',' {
				return 0, false
			}
			i++
		}
		name, next, ok := sc.str(i)
		if !ok || next >= len(s) || s[next] != ':' {
			return 0, false
		}
		if i, ok = sc.node(next+1, path+"."+name, out); !ok {
			return 0, false
		}
	}
}

// str reads the JSON string at i: its value (escapes kept as written, which
// is enough for keywords and property names) and the offset after it.
func (sc *jsonScanner) str(i int) (string, int, bool) {
	s := sc.s
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return s[i+1 : j], j + 1, true
		}
	}
	return "", 0, false
}

// skip returns the offset after the JSON value at i.
func (sc *jsonScanner) skip(i int) (int, bool) {
	s := sc.s
	if i >= len(s) {
		return 0, false
	}
	switch s[i] {
	case '"':
		_, end, ok := sc.str(i)
		return end, ok
	case '{', '[':
		depth := 0
		for j := i; j < len(s); j++ {
			switch s[j] {
			case '"':
				_, end, ok := sc.str(j)
				if !ok {
					return 0, false
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, true
				}
			}
		}
		return 0, false
	default: // a number, true, false or null
		j := i
		for j < len(s) && !strings.ContainsRune(",}]", rune(s[j])) {
			j++
		}
		return j, j > i
	}
}
