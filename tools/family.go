package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

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
	// Noun names one object in tool names and arguments ("population":
	// get_population, populationId), in camel case when it has more than
	// one word ("passwordPolicy": get_password_policy, passwordPolicyId).
	Noun string
	// Collection is the tools' collection and the list tool's member
	// ("populations": list_populations).
	Collection string
	// Key is the client resource the family serves, when it is not
	// Collection: a PingOne key in camel case ("passwordPolicies" for the
	// password_policies collection). It is then the list tool's member.
	Key string
	// Client returns the family's collection in a client.
	Client func(*pingone.Client) EnvResource[M]
	// Summary is one row of the list tool.
	Summary func(*M) S
	// Name is what a person calls one object (confirmation prompts).
	Name func(*M) string
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
}

// clearArg is the update tools' argument naming optional members to remove.
const clearArg = "clear"

func (f Family[M, S, F]) idArg() string { return f.Noun + "Id" }

// ToolNoun is a family's Noun as tool names spell it: snake case
// ("passwordPolicy" → "password_policy").
func ToolNoun(noun string) string {
	var b strings.Builder
	for _, r := range noun {
		if unicode.IsUpper(r) {
			b.WriteByte('_')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// words is the Noun as a person writes it ("password policy").
func (f Family[M, S, F]) words() string { return strings.ReplaceAll(ToolNoun(f.Noun), "_", " ") }

// key is the client resource the family serves.
func (f Family[M, S, F]) key() string {
	if f.Key != "" {
		return f.Key
	}
	return f.Collection
}

// Target is the family's confirmation target: the object its id argument
// names, read by name through the client.
func (f Family[M, S, F]) Target() *Target {
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
	m := Meta{Name: verb + "_" + ToolNoun(f.Noun), Title: title + " " + f.words(), Description: desc, Collection: f.Collection, Effect: effect}
	if effect == Read {
		m.PersonalData = f.PersonalData
	} else {
		m.EnvironmentArg = "environmentId"
	}
	if verb != "create" && verb != "list" {
		m.Target = f.Target()
	}
	return m
}

func (f Family[M, S, F]) list() *Tool {
	m := f.meta("list", "List", f.Descriptions.List, Read)
	m.Name, m.Title = "list_"+f.Collection, "List "+f.Collection
	s := objectSchema()
	if f.Filter != "" {
		addProperty(s, "filter", &jsonschema.Schema{Type: "string", Description: f.Filter}, false)
	}
	page := mustSchema[pageIn]()
	pageSchema(page, 1000)
	addProperties(s, page, false)
	return newTool(m, s, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		var in struct {
			envIn
			Filter string `json:"filter"`
			pageIn
		}
		if err := decodeArgs(args, &in); err != nil {
			return nil, err
		}
		page, err := f.Client(d.Client).List(ctx, in.EnvironmentID, in.options(in.Filter))
		if err != nil {
			return nil, err
		}
		rows := make([]S, 0, len(page.Items))
		for _, item := range page.Items {
			rows = append(rows, f.Summary(item))
		}
		return listOut[S]{key: f.key(), rows: rows, next: page.NextCursor, count: page.Count}, nil
	})
}

func (f Family[M, S, F]) get() *Tool {
	return newTool(f.meta("get", "Get", f.Descriptions.Get, Read), f.idSchema(), func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		env, id, err := f.ids(args)
		if err != nil {
			return nil, err
		}
		m, err := f.Client(d.Client).Get(ctx, env, id)
		return f.one(m), err
	})
}

func (f Family[M, S, F]) create() *Tool {
	s := objectSchema()
	addProperties(s, f.fieldsSchema(), true)
	return newTool(f.meta("create", "Create", f.Descriptions.Create, Create), s, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		var in envIn
		patch, err := f.patch(args, &in)
		if err != nil {
			return nil, err
		}
		m, err := mergeInto(new(M), patch)
		if err != nil {
			return nil, err
		}
		created, err := f.Client(d.Client).Create(ctx, in.EnvironmentID, m)
		return f.one(created), err
	})
}

func (f Family[M, S, F]) update() *Tool {
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
		addProperty(s, clearArg, &jsonschema.Schema{Types: []string{"null", "array"}, Items: items, Description: "Optional members to remove from the " + f.words() +
			" (for example " + optional[len(optional)-1] + "); members neither given nor named here keep their current values."}, false)
	}
	return newTool(f.meta("update", "Update", f.Descriptions.Update, Update), s, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
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
		for _, c := range in.Clear {
			if _, given := patch[c]; given {
				return nil, invalidArgs("argument %q is both given and named in clear; give a value to change it, or name it in clear to remove it", c)
			}
		}
		c := f.Client(d.Client)
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
	return newTool(f.meta("delete", "Delete", f.Descriptions.Delete, Delete), f.idSchema(), func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		env, id, err := f.ids(args)
		if err != nil {
			return nil, err
		}
		err = f.Client(d.Client).Delete(ctx, env, id)
		return deleted{Deleted: err == nil, ID: id}, err
	})
}

// one is a get, create or update result: {<noun>: {…}}.
func (f Family[M, S, F]) one(m *M) map[string]*M { return map[string]*M{f.Noun: m} }

// idSchema is {environmentId, <noun>Id}, both required.
func (f Family[M, S, F]) idSchema() *jsonschema.Schema {
	s := objectSchema()
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

func (f Family[M, S, F]) ids(args json.RawMessage) (env, id string, err error) {
	var in envIn
	if err := decodeArgs(args, &in); err != nil {
		return "", "", err
	}
	id, err = f.id(args)
	return in.EnvironmentID, id, err
}

func (f Family[M, S, F]) id(args json.RawMessage) (string, error) {
	var m map[string]json.RawMessage
	var id string
	if err := json.Unmarshal(args, &m); err != nil {
		return "", &Error{Kind: KindInvalidArguments, Message: describeDecodeError(err)}
	}
	if err := json.Unmarshal(m[f.idArg()], &id); err != nil {
		return "", invalidArgs("argument %q must be a string", f.idArg())
	}
	return id, nil
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
	enc, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	var typed map[string]any
	if err := json.Unmarshal(enc, &typed); err != nil {
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
	// Key is the client resource the family serves (its HAL key).
	Key string
	// Collection and Noun are the tools' collection and noun.
	Collection, Noun string
	// Tools are the names of the tools the declaration builds.
	Tools []string
	// Settable are the members of the resource the create and update tools
	// can set (sorted).
	Settable []string
}

// Info describes the family.
func (f Family[M, S, F]) Info() FamilyInfo {
	info := FamilyInfo{Key: f.key(), Collection: f.Collection, Noun: f.Noun}
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

// Families describes every family p1kit declares, sorted by key.
func Families() []FamilyInfo {
	out := []FamilyInfo{applications.Info(), groups.Info(), populations.Info(), users.Info(),
		passwordPolicies.Info()}
	slices.SortFunc(out, func(a, b FamilyInfo) int { return strings.Compare(a.Key, b.Key) })
	return out
}
