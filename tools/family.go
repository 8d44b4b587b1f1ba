package tools

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// EnvResource is the client side of a family below an environment: the
// verbs a pingone.EnvCollection serves (Update is PingOne's full-replace PUT).
type EnvResource[M any] interface {
	List(ctx context.Context, envID string, opts *pingone.ListOptions) (*pingone.Page[*M], error)
	Get(ctx context.Context, envID, id string) (*M, error)
	Create(ctx context.Context, envID string, v *M) (*M, error)
	Update(ctx context.Context, envID, id string, v *M) (*M, error)
	Delete(ctx context.Context, envID, id string) error
}

// ChildResource is the client side of a family below a parent object: the
// verbs a pingone.ChildCollection serves. PingOne serves such a collection
// in one page (the specs give it no paging), so its list tool has no limit
// or cursor.
type ChildResource[M any] interface {
	All(ctx context.Context, envID, parentID string, opts *pingone.ListOptions) iter.Seq2[*M, error]
	Get(ctx context.Context, envID, parentID, id string) (*M, error)
	Create(ctx context.Context, envID, parentID string, v *M) (*M, error)
	Update(ctx context.Context, envID, parentID, id string, v *M) (*M, error)
	Delete(ctx context.Context, envID, parentID, id string) error
}

// below serves a child collection as an EnvResource of one parent, so the
// standard tools work on it unchanged.
type below[M any] struct {
	c      ChildResource[M]
	parent string
}

func (b below[M]) List(ctx context.Context, envID string, _ *pingone.ListOptions) (*pingone.Page[*M], error) {
	page := &pingone.Page[*M]{Items: []*M{}}
	for m, err := range b.c.All(ctx, envID, b.parent, nil) {
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, m)
	}
	page.Count = len(page.Items)
	return page, nil
}

func (b below[M]) Get(ctx context.Context, envID, id string) (*M, error) {
	return b.c.Get(ctx, envID, b.parent, id)
}

func (b below[M]) Create(ctx context.Context, envID string, v *M) (*M, error) {
	return b.c.Create(ctx, envID, b.parent, v)
}

func (b below[M]) Update(ctx context.Context, envID, id string, v *M) (*M, error) {
	return b.c.Update(ctx, envID, b.parent, id, v)
}

func (b below[M]) Delete(ctx context.Context, envID, id string) error {
	return b.c.Delete(ctx, envID, b.parent, id)
}

// Verbs is a set of the standard tools a family builds.
type Verbs uint8

// The standard verbs.
const (
	VerbList Verbs = 1 << iota
	VerbGet
	VerbCreate
	VerbUpdate
	VerbDelete
)

// Descriptions are a family's tool descriptions, written for a model; a
// verb the family builds needs one.
type Descriptions struct {
	List, Get, Create, Update, Delete string
}

// Family declares a resource family below an environment. Tools builds its
// standard tools with the shaping every family shares:
//
//	list_<collection>  rows (Summary) one page at a time: {<collection>: […], nextCursor, count}
//	get_<noun>         the object in full: {<noun>: {…}}
//	create_<noun>      from the settable fields F: {<noun>: {…}}
//	update_<noun>      read, merge the fields given, remove those named in clear, PUT
//	delete_<noun>      {deleted, id}
//
// M is the client's model, S a list row and F the settable fields: a struct
// whose json names are M's members, its required members without omitempty
// (create requires them; update never does), its optional members pointers
// or omitempty. A family leaves out verbs (Omit) it has not or writes by
// hand beside the declaration, using Target for their confirmations.
type Family[M, S, F any] struct {
	// Noun names one object in tool names, snake case, and in arguments and
	// results, camel case ("sign_on_policy": get_sign_on_policy,
	// signOnPolicyId, {"signOnPolicy": …}).
	Noun string
	// Collection is the tools' collection, snake case, and the list tool's
	// member, camel case ("sign_on_policies": list_sign_on_policies,
	// {"signOnPolicies": […]}).
	Collection string
	// Client returns the family's collection in a client.
	Client func(*pingone.Client) EnvResource[M]
	// Parent, for a family below a parent object (a resource's scopes, an
	// application's grants), is the parent's target: every tool takes its
	// id argument (Parent.Arg) and confirms on the parent. Child is then
	// the family's collection instead of Client.
	Parent *Target
	Child  func(*pingone.Client) ChildResource[M]
	// Key is the resource the family serves (its key in the emulator and
	// the client) when it is not Collection in camel case.
	Key string
	// Group is the tools' collection when it is not Collection (an
	// application's grants are among the applications tools).
	Group string
	// Summary is one row of the list tool.
	Summary func(*M) S
	// Name is what a person calls one object (confirmation prompts, and
	// the name an id argument may be given as: names.go).
	Name func(*M) string
	// NameFilter is the SCIM attribute holding Name when the list filter
	// takes "eq" on it (users: username); a name is then looked up with
	// it instead of reading the listing.
	NameFilter string
	// Filter describes the list tool's SCIM filter argument; "" gives the
	// list tool no filter.
	Filter string
	// Descriptions of the tools.
	Descriptions Descriptions
	// PersonalData marks the reads as returning personal data.
	PersonalData bool
	// Omit lists the verbs the family does not build.
	Omit Verbs
	// Refs maps arguments of F holding an id to the member of M that
	// references it: {"populationId": "population"} sends population: {id}.
	Refs map[string]string
	// CreateOnly are arguments of F that only create takes (PingOne does
	// not change them afterwards).
	CreateOnly []string
	// Columns are optional columns of the list rows, added to each row when
	// the list tool's fields argument names them (so an audit reads them
	// from the list instead of getting each object).
	Columns []Column[M]
}

// Column is an optional column of a family's list rows.
type Column[M any] struct {
	// Name is the member each row gets, and the value of fields that asks
	// for it.
	Name string
	// Description says what the column holds, for a model.
	Description string
	// Value is the column's value for one object; nil shows as null, so a
	// row says "none" rather than leaving the column out.
	Value func(*M) any
}

// fieldsArg is the list tools' argument naming the optional columns.
const fieldsArg = "fields"

// clearArg is the update tools' argument naming optional members to remove.
const clearArg = "clear"

func (f Family[M, S, F]) idArg() string { return f.member() + "Id" }

// member is the result member of one object: the noun in camel case.
func (f Family[M, S, F]) member() string { return camel(f.Noun) }

// words is the noun as a person writes it ("sign on policy").
func (f Family[M, S, F]) words() string { return strings.ReplaceAll(f.Noun, "_", " ") }

// camel turns a snake-case name into camel case: sign_on_policy → signOnPolicy.
func camel(snake string) string {
	parts := strings.Split(snake, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// Target is the family's confirmation target: the object its id argument
// names, read by name through the client.
func (f Family[M, S, F]) Target() *Target {
	if f.Parent != nil {
		return f.Parent
	}
	return &Target{Arg: f.idArg(), Kind: f.words(), Name: func(ctx context.Context, d Deps, envID, id string) (string, error) {
		m, err := f.Client(d.Client).Get(ctx, envID, id)
		if err != nil {
			return "", err
		}
		return f.Name(m), nil
	}}
}

// Tools builds the family's standard tools, in verb order.
func (f Family[M, S, F]) Tools() []*Tool {
	var out []*Tool
	for _, v := range []struct {
		verb  Verbs
		build func() *Tool
	}{{VerbList, f.list}, {VerbGet, f.get}, {VerbCreate, f.create}, {VerbUpdate, f.update}, {VerbDelete, f.delete}} {
		if f.Omit&v.verb == 0 {
			out = append(out, v.build())
		}
	}
	return out
}

func (f Family[M, S, F]) meta(verb, title, desc string, effect Effect) Meta {
	m := Meta{Name: verb + "_" + f.Noun, Title: title + " " + f.words(), Description: desc, Collection: f.group(), Effect: effect}
	if effect == Read {
		m.PersonalData = f.PersonalData
	} else {
		m.EnvironmentArg = "environmentId"
	}
	if verb != "create" && verb != "list" || f.Parent != nil {
		m.Target = f.Target()
	}
	return m
}

func (f Family[M, S, F]) group() string { return cmp.Or(f.Group, f.Collection) }

// client is the family's collection, for a child family the one below the
// parent the arguments name.
func (f Family[M, S, F]) client(d Deps, args json.RawMessage) (EnvResource[M], error) {
	if f.Parent == nil {
		return f.Client(d.Client), nil
	}
	parent, err := stringArg(args, f.Parent.Arg)
	if err != nil {
		return nil, err
	}
	return below[M]{c: f.Child(d.Client), parent: parent}, nil
}

// base is the schema every tool of the family starts from: environmentId,
// and for a child family the parent's id.
func (f Family[M, S, F]) base() *jsonschema.Schema {
	s := objectSchema()
	if f.Parent != nil {
		addProperty(s, f.Parent.Arg, &jsonschema.Schema{Type: "string", Description: "ID (UUID) of the " + f.Parent.Kind + ".", Pattern: UUIDPattern}, true)
	}
	return s
}

func (f Family[M, S, F]) list() *Tool {
	m := f.meta("list", "List", f.Descriptions.List, Read)
	m.Name, m.Title = "list_"+f.Collection, "List "+strings.ReplaceAll(f.Collection, "_", " ")
	schema := func() *jsonschema.Schema {
		s := f.base()
		if f.Filter != "" {
			addProperty(s, "filter", &jsonschema.Schema{Type: "string", Description: f.Filter}, false)
		}
		if len(f.Columns) > 0 {
			items := &jsonschema.Schema{Type: "string"}
			var what []string
			for _, c := range f.Columns {
				items.Enum = append(items.Enum, c.Name)
				what = append(what, c.Name+" ("+c.Description+")")
			}
			addProperty(s, fieldsArg, &jsonschema.Schema{Types: []string{"null", "array"}, Items: items,
				Description: "Optional columns to add to each row: " + strings.Join(what, "; ") + "."}, false)
		}
		if f.Parent == nil {
			page := mustSchema[pageIn]()
			pageSchema(page, 1000)
			addProperties(s, page, false)
		}
		return s
	}
	return newTool(m, schema, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		var in struct {
			envIn
			Filter string   `json:"filter"`
			Fields []string `json:"fields"`
			pageIn
		}
		if err := decodeArgs(args, &in); err != nil {
			return nil, err
		}
		c, err := f.client(d, args)
		if err != nil {
			return nil, err
		}
		page, err := c.List(ctx, in.EnvironmentID, in.options(in.Filter))
		if err != nil {
			return nil, err
		}
		var cols []Column[M]
		for _, c := range f.Columns {
			if slices.Contains(in.Fields, c.Name) {
				cols = append(cols, c)
			}
		}
		rows := make([]row[S], 0, len(page.Items))
		for _, item := range page.Items {
			r := row[S]{summary: f.Summary(item)}
			for _, c := range cols {
				r.extra = append(r.extra, column{c.Name, c.Value(item)})
			}
			rows = append(rows, r)
		}
		return listOut[row[S]]{key: camel(f.Collection), rows: rows, next: page.NextCursor, count: page.Count}, nil
	})
}

// row is one list row: the summary, then the optional columns asked for.
type row[S any] struct {
	summary S
	extra   []column
}

type column struct {
	name  string
	value any
}

func (r row[S]) MarshalJSON() ([]byte, error) {
	b, err := marshalResult(r.summary)
	if err != nil || len(r.extra) == 0 {
		return b, err
	}
	var out bytes.Buffer
	out.Write(bytes.TrimSuffix(b, []byte("}")))
	for i, c := range r.extra {
		name, _ := json.Marshal(c.name)
		value, err := marshalResult(c.value)
		if err != nil {
			return nil, err
		}
		if i > 0 || len(b) > 2 {
			out.WriteByte(',')
		}
		out.Write(name)
		out.WriteByte(':')
		out.Write(value)
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

func (f Family[M, S, F]) get() *Tool {
	return newTool(f.meta("get", "Get", f.Descriptions.Get, Read), f.idSchema, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		env, id, c, err := f.ids(d, args)
		if err != nil {
			return nil, err
		}
		m, err := c.Get(ctx, env, id)
		return f.one(m), err
	})
}

func (f Family[M, S, F]) create() *Tool {
	schema := func() *jsonschema.Schema {
		s := f.base()
		addProperties(s, f.fieldsSchema(), true)
		return s
	}
	return newTool(f.meta("create", "Create", f.Descriptions.Create, Create), schema, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		var in envIn
		patch, err := f.patch(args, &in)
		if err != nil {
			return nil, err
		}
		m, err := mergeInto(new(M), patch)
		if err != nil {
			return nil, err
		}
		c, err := f.client(d, args)
		if err != nil {
			return nil, err
		}
		created, err := c.Create(ctx, in.EnvironmentID, m)
		return f.one(created), err
	})
}

// clearDescription describes an update tool's clear, whose enum names the
// members it removes; every update tool says it in these words, so that
// the instructions say it once (Registry.CommonArguments).
const clearDescription = "Optional members to remove; members neither given nor named here keep their current values."

func (f Family[M, S, F]) update() *Tool {
	schema := func() *jsonschema.Schema {
		s := f.idSchema()
		fields := f.fieldsSchema()
		for _, name := range f.CreateOnly {
			delete(fields.Properties, name)
			fields.PropertyOrder = slices.DeleteFunc(fields.PropertyOrder, func(p string) bool { return p == name })
		}
		var optional []string
		for _, name := range fields.PropertyOrder {
			if !slices.Contains(fields.Required, name) {
				optional = append(optional, name)
			}
		}
		addProperties(s, fields, false)
		if len(optional) > 0 {
			items := &jsonschema.Schema{Type: "string", Enum: make([]any, len(optional))}
			for i, o := range optional {
				items.Enum[i] = o
			}
			addProperty(s, clearArg, &jsonschema.Schema{Types: []string{"null", "array"}, Items: items, Description: clearDescription}, false)
		}
		return s
	}
	return newTool(f.meta("update", "Update", f.Descriptions.Update, Update), schema, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		var in struct {
			envIn
			Clear []string `json:"clear"`
		}
		patch, err := f.patch(args, &in)
		if err != nil {
			return nil, err
		}
		id, err := f.id(args)
		if err != nil {
			return nil, err
		}
		if err := refuseGivenAndCleared(patch, in.Clear, argumentName); err != nil {
			return nil, err
		}
		c, err := f.client(d, args)
		if err != nil {
			return nil, err
		}
		cur, err := c.Get(ctx, in.EnvironmentID, id)
		if err != nil {
			return nil, err
		}
		next, err := mergeInto(cur, patch, in.Clear...)
		if err != nil {
			return nil, err
		}
		updated, err := c.Update(ctx, in.EnvironmentID, id, next)
		return f.one(updated), err
	})
}

func (f Family[M, S, F]) delete() *Tool {
	return newTool(f.meta("delete", "Delete", f.Descriptions.Delete, Delete), f.idSchema, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		env, id, c, err := f.ids(d, args)
		if err != nil {
			return nil, err
		}
		err = c.Delete(ctx, env, id)
		return deleted{Deleted: err == nil, ID: id}, err
	})
}

// one is a get, create or update result: {<noun>: {…}}.
func (f Family[M, S, F]) one(m *M) map[string]*M { return map[string]*M{f.member(): m} }

// idSchema is {environmentId, <noun>Id}, both required.
func (f Family[M, S, F]) idSchema() *jsonschema.Schema {
	s := f.base()
	addProperty(s, f.idArg(), &jsonschema.Schema{Type: "string", Description: "ID (UUID) of the " + f.words() + ".", Pattern: UUIDPattern}, true)
	return s
}

func (f Family[M, S, F]) fieldsSchema() *jsonschema.Schema {
	s := mustSchema[F]()
	var zero F
	if tuner, ok := any(zero).(schemaTuner); ok {
		tuner.tuneSchema(s)
	}
	return s
}

func (f Family[M, S, F]) ids(d Deps, args json.RawMessage) (env, id string, c EnvResource[M], err error) {
	var in envIn
	if err := decodeArgs(args, &in); err != nil {
		return "", "", nil, err
	}
	if id, err = f.id(args); err != nil {
		return "", "", nil, err
	}
	c, err = f.client(d, args)
	return in.EnvironmentID, id, c, err
}

func (f Family[M, S, F]) id(args json.RawMessage) (string, error) { return stringArg(args, f.idArg()) }

// refuseGivenAndCleared refuses an update that both gives a member a value
// (set) and names it in clear; name says how the caller wrote the member
// (argumentName: argument "x").
func refuseGivenAndCleared(set map[string]any, clear []string, name func(string) string) error {
	for _, c := range clear {
		if _, given := set[c]; given {
			return invalidArgs("%s is both given and named in clear; give a value to change it, or name it in clear to remove it", name(c))
		}
	}
	return nil
}

// argumentName is how a message names the argument a: argument "a".
func argumentName(a string) string { return fmt.Sprintf("argument %q", a) }

// stringArg reads the string argument name.
func stringArg(args json.RawMessage, name string) (string, error) {
	var m map[string]json.RawMessage
	var v string
	if err := json.Unmarshal(args, &m); err != nil {
		return "", &Error{Kind: KindInvalidArguments, Message: describeDecodeError(err)}
	}
	if err := json.Unmarshal(m[name], &v); err != nil {
		return "", invalidArgs("argument %q must be a string", name)
	}
	return v, nil
}

// patch decodes the arguments into into (the non-field part) and F, and
// returns the members of M to set: the fields given (a null or an omitted
// field sets nothing), with Refs turned into {"id": …} references.
func (f Family[M, S, F]) patch(args json.RawMessage, into any) (map[string]any, error) {
	if err := decodeArgs(args, into); err != nil {
		return nil, err
	}
	var fields F
	if err := decodeArgs(args, &fields); err != nil {
		return nil, err
	}
	var given map[string]json.RawMessage
	if err := json.Unmarshal(args, &given); err != nil {
		return nil, &Error{Kind: KindInvalidArguments, Message: describeDecodeError(err)}
	}
	typed, err := asObject(fields)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, v := range typed {
		if raw, ok := given[k]; !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		if member, ok := f.Refs[k]; ok {
			k, v = member, pingone.Ref(fmt.Sprint(v))
		}
		out[k] = v
	}
	return out, nil
}

// listOut is a list tool's result: the rows under the family's member,
// then the cursor and the count, in that order.
type listOut[S any] struct {
	key   string
	rows  []S
	next  string
	count int
}

func (l listOut[S]) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	key, _ := json.Marshal(l.key)
	rows, err := marshalResult(l.rows)
	if err != nil {
		return nil, err
	}
	b.WriteString("{" + string(key) + ":")
	b.Write(rows)
	if l.next != "" {
		next, _ := json.Marshal(l.next)
		b.WriteString(`,"nextCursor":` + string(next))
	}
	if l.count >= 0 {
		fmt.Fprintf(&b, `,"count":%d`, l.count)
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

// objectSchema is the schema every tool input starts from: an object with
// the environmentId argument, required.
func objectSchema() *jsonschema.Schema { return mustSchema[envIn]() }

func mustSchema[T any]() *jsonschema.Schema {
	s, err := jsonschema.For[T](nil)
	if err != nil {
		panic(fmt.Sprintf("tools: schema of %T: %v", *new(T), err))
	}
	constrainIDs(s)
	return s
}

// addProperties appends the properties of from to s, in order; required
// keeps from's required members required.
func addProperties(s, from *jsonschema.Schema, required bool) {
	for _, name := range from.PropertyOrder {
		addProperty(s, name, from.Properties[name], required && slices.Contains(from.Required, name))
	}
}

func addProperty(s *jsonschema.Schema, name string, p *jsonschema.Schema, required bool) {
	if s.Properties == nil {
		s.Properties = map[string]*jsonschema.Schema{}
	}
	if _, dup := s.Properties[name]; dup {
		panic(fmt.Sprintf("tools: schema property %q twice", name))
	}
	s.Properties[name] = p
	s.PropertyOrder = append(s.PropertyOrder, name)
	if required {
		s.Required = append(s.Required, name)
	}
}

func decodeArgs(args json.RawMessage, into any) error {
	if err := json.Unmarshal(args, into); err != nil {
		return &Error{Kind: KindInvalidArguments, Message: describeDecodeError(err)}
	}
	return nil
}

// FamilyInfo describes a declared family, for documentation and for the
// test that checks the three layers' declarations against each other.
type FamilyInfo struct {
	// Key is the client resource the family serves (its HAL key), which is
	// also the list tool's member.
	Key string
	// Collection and Noun are the tools' collection and noun.
	Collection, Noun string
	// IDArg is the argument naming one object; Member the member holding
	// it in a get, create or update result.
	IDArg, Member string
	// ParentArg is, for a family below a parent object, the argument
	// naming the parent ("applicationId"); "" otherwise.
	ParentArg string
	// Rows is the list tool's member ("" for hand-written families).
	Rows string
	// Tools are the names of the tools the declaration builds.
	Tools []string
	// Settable are the members of the resource the create and update tools
	// can set (sorted; declared families only).
	Settable []string
	// Declared is true for a family built by a Family declaration, false
	// for a resource served by hand-written tools.
	Declared bool

	// lookup finds objects by Name (declared families), for name resolution.
	lookup nameLookup
}

// handWritten describes a resource served by hand-written tools.
func handWritten(key, collection, noun string, tools ...string) FamilyInfo {
	return FamilyInfo{Key: key, Collection: collection, Noun: noun, Tools: tools}
}

// Info describes the family.
func (f Family[M, S, F]) Info() FamilyInfo {
	info := FamilyInfo{Key: cmp.Or(f.Key, camel(f.Collection)), Collection: f.group(), Noun: f.Noun, IDArg: f.idArg(), Member: f.member(), Declared: true}
	if f.Parent != nil {
		info.ParentArg = f.Parent.Arg
	}
	if f.Omit&VerbList == 0 {
		info.Rows = camel(f.Collection)
	}
	if f.Name != nil && f.Client != nil {
		info.lookup = f.lookupByName
	}
	for _, t := range f.Tools() {
		info.Tools = append(info.Tools, t.Name)
	}
	if f.Omit&(VerbCreate|VerbUpdate) != VerbCreate|VerbUpdate {
		for _, name := range f.fieldsSchema().PropertyOrder {
			if member, ok := f.Refs[name]; ok {
				name = member
			}
			info.Settable = append(info.Settable, name)
		}
		slices.Sort(info.Settable)
	}
	return info
}

// Families describes every resource family the tools serve, declared or
// hand-written, sorted by key.
func Families() []FamilyInfo {
	out := []FamilyInfo{applications.Info(), groups.Info(), populations.Info(), users.Info(), signOnPolicies.Info(), identityProviders.Info(),
		environmentsServed, servicesServed, rolesServed, roleAssignmentsServed, devicesServed, sessionsServed, membershipsServed,
		actionsServed, assignmentsServed, resources.Info(), groupRoleAssignmentsServed, groupNestingsServed, passwordPolicies.Info(), certificatesServed,
		resourceScopes.Info(), applicationGrants.Info(), applicationAttributes.Info(),
		customRoles.Info(), applicationRoleAssignmentsServed, activitiesServed,
		idpAttributesServed, deviceAuthenticationPolicies.Info()}
	slices.SortFunc(out, func(a, b FamilyInfo) int { return strings.Compare(a.Key, b.Key) })
	return out
}
