package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// Effect says what a tool does to the tenant. Every tool declares one; the
// MCP annotations (read-only, destructive, idempotent) are derived from it,
// so they are always set explicitly and consistently.
type Effect int

// The effects, from harmless to destructive.
const (
	effectUnset Effect = iota
	// Read only reads.
	Read
	// Create adds a resource; calling twice adds two.
	Create
	// Update changes a resource in place; calling twice is the same as once.
	Update
	// Delete removes a resource or a relationship.
	Delete
)

func (e Effect) String() string {
	switch e {
	case Read:
		return "read"
	case Create:
		return "create"
	case Update:
		return "update"
	case Delete:
		return "delete"
	}
	return "unset"
}

// Annotations are the behaviour hints front ends pass to clients (MCP
// ToolAnnotations). All four are always meaningful: none is left to a
// client's default.
type Annotations struct {
	ReadOnly    bool `json:"readOnlyHint"`
	Destructive bool `json:"destructiveHint"`
	Idempotent  bool `json:"idempotentHint"`
	OpenWorld   bool `json:"openWorldHint"`
}

// Meta describes a tool: everything but its input type and handler.
type Meta struct {
	// Name is stable snake_case; names of Ping's own MCP server are kept.
	Name string
	// Title is a short human title.
	Title string
	// Description is written for a model: what the tool does, when to use it.
	Description string
	// Collection groups tools for include/exclude (environments, users, …).
	Collection string
	// Effect is required.
	Effect Effect
	// EnvironmentArg names the argument that holds the target environment id,
	// for the guard; "" means the tool targets no single environment.
	EnvironmentArg string

	// The policy facts (facts.go): what the guard, confirmation and rules
	// read instead of the tool's name.

	// Target is what a confirmation of a call names; nil for a tool that
	// acts on no single object (confirmed, if a policy asks, by its name).
	Target *Target
	// Confirm says which calls need confirmation besides every Delete.
	Confirm Confirm
	// PersonalData marks a read whose results hold personal data (user
	// profiles, memberships, roles, devices): EnvironmentPolicy's user-data
	// protection governs it.
	PersonalData bool
	// Grant names the role and scope arguments of a tool that grants a role.
	Grant *Grant
	// EnvironmentTypeArg names the argument that sets an environment's type:
	// the production guard refuses a write that sets it to PRODUCTION.
	EnvironmentTypeArg string
	// RequiredWith says which optional arguments a call needs once it gives
	// another: {"otp": "deviceId"} for enrol_mfa_device, whose second call
	// activates the device it names with the passcode. The tool's handler
	// refuses a call that breaks it; front ends ask for such a secret as
	// they do for a required one.
	RequiredWith map[string]string
}

// Deps are what handlers get to do their work.
type Deps struct {
	Client *pingone.Client
}

// Tool is one callable tool: data plus a handler. Build tools with New.
type Tool struct {
	Meta

	schema   func() *jsonschema.Schema            // see InputSchema
	resolved func() (*jsonschema.Resolved, error) // see resolveOnce
	call     func(ctx context.Context, d Deps, args json.RawMessage) (any, error)
	plans    bool // a workflow: a dry run answers its plan (workflow.go)
	// catalogued: built by All(), so that a registry of exactly All()'s
	// tools lists it from the pre-rendered catalogue (listing.go). A copy
	// with another schema (withConfirmArgument) is not.
	catalogued bool
}

// InputSchema is the JSON Schema of the arguments, derived from the input
// type on first use and then shared (callers must not change it). Listing
// the catalogue builds none (listing.go): a call builds its tool's.
func (t *Tool) InputSchema() *jsonschema.Schema { return t.schema() }

// resolveOnce resolves a tool's schema when a call first needs it, so that
// building the catalogue (which every p1 command does, twice) compiles no
// schema; TestEverySchemaResolves keeps a schema that does not resolve from
// ever shipping.
func resolveOnce(schema func() *jsonschema.Schema) func() (*jsonschema.Resolved, error) {
	return sync.OnceValues(func() (*jsonschema.Resolved, error) { return schema().Resolve(nil) })
}

// Annotations returns the tool's behaviour hints, derived from its Effect.
// OpenWorld is false for every tool: each acts on one PingOne tenant.
func (t *Tool) Annotations() Annotations {
	return Annotations{
		ReadOnly:    t.Effect == Read,
		Destructive: t.Effect == Update || t.Effect == Delete,
		Idempotent:  t.Effect != Create,
		OpenWorld:   false,
	}
}

// IsWrite reports whether the tool changes the tenant.
func (t *Tool) IsWrite() bool { return t.Effect != Read }

var (
	// UUIDPattern is the pattern every *Id argument must match.
	UUIDPattern = `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`
)

// isSnakeCase says whether name is snake_case: words of lower-case
// letters and digits joined by single underscores, the first starting
// with a letter (^[a-z][a-z0-9]*(_[a-z0-9]+)*$, checked without a regexp:
// every program builds every tool at start).
func isSnakeCase(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' || name[len(name)-1] == '_' {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_' && name[i-1] != '_':
		default:
			return false
		}
	}
	return true
}

// New builds a tool from its metadata, an input struct type and a handler.
// The input schema is derived from In (json tags name the properties, fields
// without omitempty are required, the `jsonschema` tag is the description);
// every string property whose name ends in "Id" must be a UUID. New panics on
// a programming error (bad name, unset effect, a type that is not a struct),
// and so does the first use of a schema that cannot be derived or that lacks
// an argument a fact names; TestEverySchemaResolves derives every tool's, so
// a broken tool fails every test rather than a user's call.
func New[In, Out any](m Meta, h func(ctx context.Context, d Deps, in In) (Out, error)) *Tool {
	if !isSnakeCase(m.Name) {
		panic(fmt.Sprintf("tools.New: name %q is not snake_case", m.Name))
	}
	if m.Effect == effectUnset {
		panic(fmt.Sprintf("tools.New(%s): Effect is not set", m.Name))
	}
	if strings.TrimSpace(m.Description) == "" || m.Collection == "" || m.Title == "" {
		panic(fmt.Sprintf("tools.New(%s): Title, Description and Collection are required", m.Name))
	}
	if reflect.TypeFor[In]().Kind() != reflect.Struct {
		panic(fmt.Sprintf("tools.New(%s): input type must be a struct", m.Name))
	}
	schema := func() *jsonschema.Schema {
		s, err := jsonschema.For[In](nil)
		if err != nil {
			panic(fmt.Sprintf("tools.New(%s): schema: %v", m.Name, err))
		}
		constrainIDs(s)
		var zero In
		if tuner, ok := any(zero).(schemaTuner); ok {
			tuner.tuneSchema(s)
		}
		return s
	}
	t := newTool(m, schema, func(ctx context.Context, d Deps, args json.RawMessage) (any, error) {
		var in In
		if err := json.Unmarshal(args, &in); err != nil {
			return nil, &Error{Kind: KindInvalidArguments, Message: describeDecodeError(err)}
		}
		return h(ctx, d, in)
	})
	// A workflow answers a *Report: its dry run is its plan.
	t.plans = reflect.TypeFor[Out]() == reflect.TypeFor[*Report]()
	return t
}

// newTool builds a tool whose schema build derives on first use: then the
// facts are checked against it and the policy arguments added. The part of
// New that family declarations share.
func newTool(m Meta, build func() *jsonschema.Schema, call func(ctx context.Context, d Deps, args json.RawMessage) (any, error)) *Tool {
	if m.PersonalData && m.Effect != Read {
		panic(fmt.Sprintf("tools.New(%s): PersonalData is a fact of read tools", m.Name))
	}
	m.Grant.check(m.Name, nil)
	schema := sync.OnceValue(func() *jsonschema.Schema {
		s := build()
		for what, arg := range map[string]string{"EnvironmentArg": m.EnvironmentArg, "EnvironmentTypeArg": m.EnvironmentTypeArg, "Target.Arg": m.Target.arg()} {
			if _, ok := s.Properties[arg]; arg != "" && !ok {
				panic(fmt.Sprintf("tools.New(%s): %s %q is not an input property", m.Name, what, arg))
			}
		}
		for arg, with := range m.RequiredWith {
			for _, a := range []string{arg, with} {
				if _, ok := s.Properties[a]; !ok || slices.Contains(s.Required, arg) {
					panic(fmt.Sprintf("tools.New(%s): RequiredWith %q: %q is not an optional input property", m.Name, arg, a))
				}
			}
		}
		m.Grant.check(m.Name, s)
		addPolicyArguments(m, s)
		return s
	})
	return &Tool{Meta: m, schema: schema, resolved: resolveOnce(schema), call: call}
}

// check panics unless the grant names a role to grant (with its scope) or
// permissions to define and, given the schema, every argument it names is
// an input property.
func (g *Grant) check(tool string, schema *jsonschema.Schema) {
	if g == nil {
		return
	}
	if g.RoleArg == "" && g.PermissionsArg == "" || g.RoleArg != "" && (g.ScopeTypeArg == "" || g.ScopeIDArg == "") {
		panic(fmt.Sprintf("tools.New(%s): a Grant names RoleArg with ScopeTypeArg and ScopeIDArg, or PermissionsArg", tool))
	}
	if schema == nil {
		return
	}
	for _, arg := range []string{g.RoleArg, g.ScopeTypeArg, g.ScopeIDArg, g.PermissionsArg} {
		if _, ok := schema.Properties[arg]; arg != "" && !ok {
			panic(fmt.Sprintf("tools.New(%s): Grant argument %q is not an input property", tool, arg))
		}
	}
}

// withGrant gives a built tool a Grant fact (a family's create and update
// of custom roles), checked as New checks it, when the schema is derived.
func (t *Tool) withGrant(g *Grant) *Tool {
	g.check(t.Name, nil)
	build := t.schema
	t.schema = sync.OnceValue(func() *jsonschema.Schema {
		s := build()
		g.check(t.Name, s)
		return s
	})
	t.resolved = resolveOnce(t.schema)
	t.Grant = g
	return t
}

// ResolveSchema derives and compiles the tool's input schema (once) and
// reports whether it is a valid JSON Schema; calls do it on first use.
func (t *Tool) ResolveSchema() error {
	_, err := t.resolved()
	return err
}

func (t *Target) arg() string {
	if t == nil {
		return ""
	}
	return t.Arg
}

// constrainIDs gives every "…Id" string property, and the "id" of a
// reference ({"id": "…"}), a UUID pattern, recursively.
func constrainIDs(s *jsonschema.Schema) {
	if s == nil {
		return
	}
	for name, p := range s.Properties {
		if (strings.HasSuffix(name, "Id") || name == "id") && (p.Type == "string" || slices.Contains(p.Types, "string")) && p.Pattern == "" {
			p.Pattern = UUIDPattern
		}
		constrainIDs(p)
	}
	constrainIDs(s.Items)
}

func describeDecodeError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("argument %q must be of type %s, not %s", te.Field, jsonTypeName(te.Type), te.Value)
	}
	return "arguments are not valid: " + err.Error()
}

func jsonTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Pointer:
		return jsonTypeName(t.Elem())
	}
	return "object"
}
