package pingonetest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

// getter resolves an attribute path of a document being filtered.
type getter func(path string) (any, bool)

func docGetter(d doc) getter { return func(p string) (any, bool) { return lookup(d, p) } }

type attrKind int

const (
	kString attrKind = iota
	kBool
	kTime
)

type attrSpec struct {
	name string // canonical dotted path, e.g. "name.given"
	kind attrKind
	ops  []filter.CompareOperator
}

// valuePathSpec is a complex multi-valued attribute filtered as attr[sub op value].
type valuePathSpec struct {
	name string
	sub  []attrSpec
}

// filterSpec is what one collection's filter parameter supports.
type filterSpec struct {
	attrs      []attrSpec
	valuePaths []valuePathSpec
	logical    []filter.LogicalOperator // and, or; "not" is notOp
	not        bool
}

var (
	opsString = []filter.CompareOperator{filter.EQ, filter.NE, filter.CO, filter.SW, filter.EW, filter.GT, filter.GE, filter.LT, filter.LE, filter.PR}
	opsBool   = []filter.CompareOperator{filter.EQ, filter.NE, filter.PR}
	opsTime   = []filter.CompareOperator{filter.EQ, filter.NE, filter.GT, filter.GE, filter.LT, filter.LE, filter.PR}
	opsEq     = []filter.CompareOperator{filter.EQ}
	opsEqSw   = []filter.CompareOperator{filter.EQ, filter.SW}
	andOnly   = []filter.LogicalOperator{filter.AND}
	andOr     = []filter.LogicalOperator{filter.AND, filter.OR}
)

// FilterEnvironments: name (eq, sw), id, organization.id, license.id, status,
// type (eq); joined with and.
var environmentsFilter = &filterSpec{
	attrs: []attrSpec{
		{"name", kString, opsEqSw},
		{"id", kString, opsEq},
		{"organization.id", kString, opsEq},
		{"license.id", kString, opsEq},
		{"status", kString, opsEq},
		{"type", kString, opsEq},
	},
	logical: andOnly,
}

// FilterPopulations: id and name (eq, sw); and, or.
var populationsFilter = &filterSpec{
	attrs:   []attrSpec{{"id", kString, opsEqSw}, {"name", kString, opsEqSw}},
	logical: andOr,
}

// FilterGroups: name (eq, sw), id (eq), population.id (eq); and, or.
var groupsFilter = &filterSpec{
	attrs: []attrSpec{
		{"name", kString, opsEqSw},
		{"id", kString, opsEq},
		{"population.id", kString, opsEq},
	},
	logical: andOr,
}

// FilterUsers: string attributes with eq ne co sw ew gt ge lt le pr; enabled
// and mfaEnabled with eq ne pr; createdAt/updatedAt with eq ne gt ge lt le pr;
// memberOfGroups[id eq "…"]; and, or, not, parentheses.
var usersFilter = &filterSpec{
	attrs: []attrSpec{
		{"id", kString, opsString},
		{"username", kString, opsString},
		{"email", kString, opsString},
		{"name.given", kString, opsString},
		{"name.family", kString, opsString},
		{"name.formatted", kString, opsString},
		{"population.id", kString, opsString},
		{"externalId", kString, opsString},
		{"mobilePhone", kString, opsString},
		{"account.status", kString, opsString},
		{"lifecycle.status", kString, opsString},
		{"enabled", kBool, opsBool},
		{"mfaEnabled", kBool, opsBool},
		{"createdAt", kTime, opsTime},
		{"updatedAt", kTime, opsTime},
	},
	valuePaths: []valuePathSpec{{name: "memberOfGroups", sub: []attrSpec{{"id", kString, opsEq}}}},
	logical:    andOr,
	not:        true,
}

// FilterMemberships (a user's memberOfGroups): id (eq), name (eq, sw), type (eq); and, or.
var membershipsFilter = &filterSpec{
	attrs:   []attrSpec{{"id", kString, opsEq}, {"name", kString, opsEqSw}, {"type", kString, opsEq}},
	logical: andOr,
}

func (s *filterSpec) supportedAttributes() []any {
	var out []any
	for _, a := range s.attrs {
		out = append(out, a.name)
	}
	for _, vp := range s.valuePaths {
		for _, sub := range vp.sub {
			out = append(out, vp.name+"["+sub.name+"]")
		}
	}
	return out
}

func (s *filterSpec) supportedOperators() []any {
	seen := map[filter.CompareOperator]bool{}
	var out []any
	add := func(ops []filter.CompareOperator) {
		for _, o := range ops {
			if !seen[o] {
				seen[o] = true
				out = append(out, string(o))
			}
		}
	}
	for _, a := range s.attrs {
		add(a.ops)
	}
	for _, vp := range s.valuePaths {
		for _, sub := range vp.sub {
			add(sub.ops)
		}
	}
	for _, l := range s.logical {
		out = append(out, string(l))
	}
	if s.not {
		out = append(out, "not")
	}
	return out
}

func (s *filterSpec) filterError(msg string) *apiError {
	return invalidData(errDetail{
		Code: detailInvalidFilter, Target: "filter", Message: msg,
		InnerError: map[string]any{
			"supportedAttributes": s.supportedAttributes(),
			"supportedOperators":  s.supportedOperators(),
		},
	})
}

// compiledFilter is a validated filter ready to evaluate.
type compiledFilter struct {
	raw  string
	root fnode
}

func (f *compiledFilter) match(g getter) bool { return f.root.eval(g) }

// compile parses raw with the SCIM filter parser and checks every attribute
// and operator against the spec.
func (s *filterSpec) compile(raw string) (*compiledFilter, *apiError) {
	expr, err := parseFilter(raw)
	if err != nil {
		return nil, s.filterError(fmt.Sprintf("Invalid filter %q: syntax error (%s).", raw, cleanParseError(err)))
	}
	n, aerr := s.build(expr, s.attrs, "")
	if aerr != nil {
		return nil, aerr
	}
	return &compiledFilter{raw: raw, root: n}, nil
}

// deepDot stands, while a filter is parsed, for the dots of an attribute
// path beyond its first: SCIM's grammar allows one sub-attribute
// (name.given), PingOne's audit filter names deeper ones (actors.user.id).
const deepDot = "__"

// parseFilter parses a SCIM filter whose attribute paths may have more
// than one sub-attribute; buildCompare reads them back.
func parseFilter(raw string) (filter.Expression, error) {
	var b strings.Builder
	inString, escaped, dots := false, false, 0
	for _, r := range raw {
		switch {
		case inString:
			inString = !(r == '"' && !escaped)
			escaped = r == '\\' && !escaped
		case r == '"':
			inString, dots = true, 0
		case r == '.':
			dots++
			if dots > 1 {
				b.WriteString(deepDot)
				continue
			}
		case r == ' ' || r == '(' || r == ')' || r == '[' || r == ']':
			dots = 0
		}
		b.WriteRune(r)
	}
	return filter.ParseFilter([]byte(b.String()))
}

func cleanParseError(err error) string {
	return strings.Map(func(r rune) rune {
		if r == '\uFFFD' || r < 0x20 {
			return -1
		}
		return r
	}, err.Error())
}

func (s *filterSpec) build(expr filter.Expression, attrs []attrSpec, within string) (fnode, *apiError) {
	switch x := expr.(type) {
	case *filter.LogicalExpression:
		op := filter.LogicalOperator(strings.ToLower(string(x.Operator)))
		allowed := false
		for _, l := range s.logical {
			allowed = allowed || l == op
		}
		if !allowed {
			return nil, s.filterError(fmt.Sprintf("The logical operator %q is not supported in this filter.", op))
		}
		l, aerr := s.build(x.Left, attrs, within)
		if aerr != nil {
			return nil, aerr
		}
		r, aerr := s.build(x.Right, attrs, within)
		if aerr != nil {
			return nil, aerr
		}
		if op == filter.AND {
			return andNode{l, r}, nil
		}
		return orNode{l, r}, nil
	case *filter.NotExpression:
		if !s.not {
			return nil, s.filterError(`The logical operator "not" is not supported in this filter.`)
		}
		n, aerr := s.build(x.Expression, attrs, within)
		if aerr != nil {
			return nil, aerr
		}
		return notNode{n}, nil
	case *filter.ValuePath:
		if within != "" {
			return nil, s.filterError("Nested attribute filters are not supported.")
		}
		name := x.AttributePath.String()
		for _, vp := range s.valuePaths {
			if strings.EqualFold(vp.name, name) && x.AttributePath.URIPrefix == nil && x.AttributePath.SubAttribute == nil {
				sub, aerr := s.build(x.ValueFilter, vp.sub, vp.name)
				if aerr != nil {
					return nil, aerr
				}
				return anyNode{path: vp.name, sub: sub}, nil
			}
		}
		return nil, s.filterError(fmt.Sprintf("The attribute %q is not supported in this filter.", name))
	case *filter.AttributeExpression:
		return s.buildCompare(x, attrs, within)
	}
	return nil, s.filterError("Unsupported filter expression.")
}

func (s *filterSpec) buildCompare(x *filter.AttributeExpression, attrs []attrSpec, within string) (fnode, *apiError) {
	name := x.AttributePath.AttributeName
	if x.AttributePath.SubAttribute != nil {
		name += "." + strings.ReplaceAll(*x.AttributePath.SubAttribute, deepDot, ".")
	}
	display := name
	if within != "" {
		display = within + "[" + name + "]"
	}
	var spec *attrSpec
	if x.AttributePath.URIPrefix == nil {
		for i := range attrs {
			if strings.EqualFold(attrs[i].name, name) {
				spec = &attrs[i]
				break
			}
		}
	}
	if spec == nil {
		return nil, s.filterError(fmt.Sprintf("The attribute %q is not supported in this filter.", display))
	}
	op := filter.CompareOperator(strings.ToLower(string(x.Operator)))
	okOp := false
	for _, o := range spec.ops {
		okOp = okOp || o == op
	}
	if !okOp {
		var names []string
		for _, o := range spec.ops {
			names = append(names, string(o))
		}
		aerr := s.filterError(fmt.Sprintf("The operator %q is not supported for attribute %q; supported: %s.", op, spec.name, strings.Join(names, ", ")))
		return nil, aerr
	}
	path := spec.name
	n := cmpNode{path: path, kind: spec.kind, op: op}
	if op == filter.PR {
		return n, nil
	}
	switch v := x.CompareValue.(type) {
	case nil:
		if op != filter.EQ && op != filter.NE {
			return nil, s.filterError(fmt.Sprintf("The operator %q cannot compare %q with null.", op, spec.name))
		}
		n.null = true
	case bool:
		if spec.kind != kBool {
			return nil, s.filterError(fmt.Sprintf("The attribute %q expects a string value, not a boolean.", spec.name))
		}
		n.b = v
	case string:
		v = unescapeFilterString(v)
		switch spec.kind {
		case kBool:
			return nil, s.filterError(fmt.Sprintf("The attribute %q expects a boolean value (true or false), not a string.", spec.name))
		case kTime:
			t, ok := parseFilterTime(v)
			if !ok {
				return nil, s.filterError(fmt.Sprintf("The attribute %q expects an RFC 3339 date-time, got %q.", spec.name, v))
			}
			n.t = t
		default:
			n.s = strings.ToLower(v)
		}
	default:
		return nil, s.filterError(fmt.Sprintf("The attribute %q does not take a numeric value.", spec.name))
	}
	return n, nil
}

func unescapeFilterString(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	if u, err := strconv.Unquote(`"` + v + `"`); err == nil {
		return u
	}
	return v
}

func parseFilterTime(v string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// fnode is a compiled filter node.
type fnode interface{ eval(g getter) bool }

type andNode struct{ l, r fnode }

func (n andNode) eval(g getter) bool { return n.l.eval(g) && n.r.eval(g) }

type orNode struct{ l, r fnode }

func (n orNode) eval(g getter) bool { return n.l.eval(g) || n.r.eval(g) }

type notNode struct{ n fnode }

func (n notNode) eval(g getter) bool { return !n.n.eval(g) }

// anyNode matches when any element of a multi-valued complex attribute
// matches sub.
type anyNode struct {
	path string
	sub  fnode
}

func (n anyNode) eval(g getter) bool {
	v, _ := g(n.path)
	list, _ := v.([]any)
	for _, el := range list {
		m, ok := el.(map[string]any)
		if ok && n.sub.eval(docGetter(m)) {
			return true
		}
	}
	return false
}

type cmpNode struct {
	path string
	kind attrKind
	op   filter.CompareOperator
	null bool
	s    string
	b    bool
	t    time.Time
}

func (n cmpNode) eval(g getter) bool {
	v, present := g(n.path)
	if list, ok := v.([]any); ok {
		if n.op == filter.PR {
			return len(list) > 0
		}
		if n.op == filter.NE {
			for _, el := range list {
				if !n.one(el, true) {
					return false
				}
			}
			return true
		}
		for _, el := range list {
			if n.one(el, true) {
				return true
			}
		}
		return false
	}
	return n.one(v, present)
}

func (n cmpNode) one(v any, present bool) bool {
	absent := !present || v == nil
	switch n.op {
	case filter.PR:
		if absent {
			return false
		}
		if s, ok := v.(string); ok {
			return s != ""
		}
		if m, ok := v.(map[string]any); ok {
			return len(m) > 0
		}
		return true
	case filter.NE:
		if n.null {
			return !absent
		}
		if absent {
			return true
		}
		return !n.equal(v)
	case filter.EQ:
		if n.null {
			return absent
		}
		if absent {
			return false
		}
		return n.equal(v)
	}
	if absent {
		return false
	}
	switch n.kind {
	case kTime:
		t, ok := asTime(v)
		if !ok {
			return false
		}
		switch n.op {
		case filter.GT:
			return t.After(n.t)
		case filter.GE:
			return !t.Before(n.t)
		case filter.LT:
			return t.Before(n.t)
		case filter.LE:
			return !t.After(n.t)
		}
	case kString:
		s := strings.ToLower(asString(v))
		switch n.op {
		case filter.CO:
			return strings.Contains(s, n.s)
		case filter.SW:
			return strings.HasPrefix(s, n.s)
		case filter.EW:
			return strings.HasSuffix(s, n.s)
		case filter.GT:
			return s > n.s
		case filter.GE:
			return s >= n.s
		case filter.LT:
			return s < n.s
		case filter.LE:
			return s <= n.s
		}
	}
	return false
}

func (n cmpNode) equal(v any) bool {
	switch n.kind {
	case kBool:
		b, ok := v.(bool)
		return ok && b == n.b
	case kTime:
		t, ok := asTime(v)
		return ok && t.Equal(n.t)
	default:
		return strings.ToLower(asString(v)) == n.s
	}
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func asTime(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}
