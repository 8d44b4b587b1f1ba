package pingone

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"time"
)

// Extra holds the JSON members of a resource that its Go type does not name.
// PingOne's PUT is a full replace: keeping them means a read-modify-write
// through this client never drops a field it does not know about.
type Extra map[string]json.RawMessage

var knownKeys sync.Map // reflect.Type → map[string]bool

func keysOf(t reflect.Type) map[string]bool {
	if v, ok := knownKeys.Load(t); ok {
		return v.(map[string]bool)
	}
	keys := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if _, tagged := f.Tag.Lookup("json"); f.Anonymous && !tagged && f.Type.Kind() == reflect.Struct {
			// An embedded struct (Meta): encoding/json promotes its members.
			for k := range keysOf(f.Type) {
				keys[k] = true
			}
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			n, _, _ := strings.Cut(tag, ",")
			if n == "-" {
				continue
			}
			if n != "" {
				name = n
			}
		}
		keys[name] = true
	}
	knownKeys.Store(t, keys)
	return keys
}

// plainOf returns a struct type with T's fields and none of its methods, so
// that a model's UnmarshalJSON and MarshalJSON can decode and encode its
// named members with encoding/json without calling themselves.
func plainOf[T any]() reflect.Type { return plainType(reflect.TypeFor[T]()) }

// plainType is plainOf for a struct type known at run time.
func plainType(t reflect.Type) reflect.Type {
	if v, ok := plainTypes.Load(t); ok {
		return v.(reflect.Type)
	}
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		fields[i] = t.Field(i)
	}
	plain := reflect.StructOf(fields)
	plainTypes.Store(t, plain)
	return plain
}

var plainTypes sync.Map // reflect.Type of a model → its plainOf type

// asPlain views the model v points to as its plainOf type (same memory).
func asPlain[T any](v *T) any {
	return reflect.ValueOf(v).Convert(reflect.PointerTo(plainOf[T]())).Interface()
}

// unmarshalKeep decodes data into the model v points to and stores the
// members the model does not name in extra. A model's UnmarshalJSON is
// one call to it.
//
// Most resources hold nothing their model does not name (the models name
// _links, which PingOne puts on every resource): such a document is decoded
// once, with unknown members refused. Any other member fails that decode,
// and the document is decoded again, into the model and into a map for the
// members it does not name (decoding the same document twice into a model
// sets the same values).
func unmarshalKeep[T any](data []byte, v *T, extra *Extra) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(asPlain(v))
	if err == nil {
		*extra = nil
		return nil
	}
	if !isUnknownField(err) {
		return err
	}
	return keepUnknown(data, asPlain(v), keysOf(reflect.TypeFor[T]()), extra)
}

// keepUnknown is the second pass of unmarshalKeep (and of the page
// decoder's items): it decodes data into plain, a model's method-free twin,
// and the members known does not hold into extra.
func keepUnknown(data []byte, plain any, known map[string]bool, extra *Extra) error {
	if err := json.Unmarshal(data, plain); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	*extra = nil
	for k, raw := range all {
		if !known[k] {
			if *extra == nil {
				*extra = Extra{}
			}
			(*extra)[k] = raw
		}
	}
	return nil
}

// marshalKeep encodes the model v points to and adds the members of extra
// that it does not set. A model's MarshalJSON is one call to it.
func marshalKeep[T any](v *T, extra Extra) ([]byte, error) {
	data, err := encodeJSON(asPlain(v))
	if err != nil || len(extra) == 0 {
		return data, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	known := keysOf(reflect.TypeFor[T]())
	for k, raw := range extra {
		if _, set := obj[k]; !set && !known[k] {
			obj[k] = raw
		}
	}
	return encodeJSON(obj)
}

// dropMembers removes the named members (dotted names reach into nested
// objects) from a JSON object.
func dropMembers(data []byte, names []string) ([]byte, error) {
	return editMembers(data, names, false, func(obj map[string]any, key string) { delete(obj, key) })
}

// setNulls sets the named members (dotted names reach into nested objects,
// created on the way) of a JSON object to null.
func setNulls(data []byte, names []string) ([]byte, error) {
	return editMembers(data, names, true, func(obj map[string]any, key string) { obj[key] = nil })
}

// editMembers decodes a JSON object, calls edit with the object holding
// each named member and the member's key, and encodes the result. A dotted
// name reaches into nested objects; one that is missing is made when create
// is set, and the name skipped otherwise.
func editMembers(data []byte, names []string, create bool, edit func(obj map[string]any, key string)) ([]byte, error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
names:
	for _, name := range names {
		cur := obj
		parts := strings.Split(name, ".")
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				if !create {
					continue names
				}
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		edit(cur, parts[len(parts)-1])
	}
	return encodeJSON(obj)
}

// The JSON methods of every model that keeps unknown members, one pair a
// model in one place, as client-go keeps its DeepCopy methods: each
// UnmarshalJSON stores the members its model does not name in Extra, each
// MarshalJSON writes them back. A model with an Extra field has exactly
// this UnmarshalJSON: the page decoder (pagedecode.go) relies on it to
// decode list items in one pass.

// UnmarshalJSON keeps unknown members in Extra.
func (a *Application) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, a, &a.Extra) }

// MarshalJSON writes Extra back.
func (a Application) MarshalJSON() ([]byte, error) { return marshalKeep(&a, a.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (b *BillOfMaterials) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, b, &b.Extra) }

// MarshalJSON writes Extra back.
func (b BillOfMaterials) MarshalJSON() ([]byte, error) { return marshalKeep(&b, b.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (p *BillOfMaterialsProduct) UnmarshalJSON(data []byte) error {
	return unmarshalKeep(data, p, &p.Extra)
}

// MarshalJSON writes Extra back.
func (p BillOfMaterialsProduct) MarshalJSON() ([]byte, error) { return marshalKeep(&p, p.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (c *Certificate) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, c, &c.Extra) }

// MarshalJSON writes Extra back.
func (c Certificate) MarshalJSON() ([]byte, error) { return marshalKeep(&c, c.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (e *Environment) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, e, &e.Extra) }

// MarshalJSON writes Extra back.
func (e Environment) MarshalJSON() ([]byte, error) { return marshalKeep(&e, e.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (g *Group) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, g, &g.Extra) }

// MarshalJSON writes Extra back.
func (g Group) MarshalJSON() ([]byte, error) { return marshalKeep(&g, g.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (m *GroupMembership) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, m, &m.Extra) }

// MarshalJSON writes Extra back.
func (m GroupMembership) MarshalJSON() ([]byte, error) { return marshalKeep(&m, m.Extra) }

// UnmarshalJSON keeps the members UserSession does not name in Extra.
func (m *UserSession) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, m, &m.Extra) }

// MarshalJSON writes the named members and Extra.
func (m UserSession) MarshalJSON() ([]byte, error) { return marshalKeep(&m, m.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (n *GroupNesting) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, n, &n.Extra) }

// MarshalJSON writes Extra back.
func (n GroupNesting) MarshalJSON() ([]byte, error) { return marshalKeep(&n, n.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (d *MFADevice) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, d, &d.Extra) }

// MarshalJSON writes Extra back.
func (d MFADevice) MarshalJSON() ([]byte, error) { return marshalKeep(&d, d.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (p *PasswordState) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, p, &p.Extra) }

// MarshalJSON writes Extra back.
func (p PasswordState) MarshalJSON() ([]byte, error)      { return marshalKeep(&p, p.Extra) }
func (p *PasswordPolicy) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, p, &p.Extra) }

// MarshalJSON writes Extra back.
func (p PasswordPolicy) MarshalJSON() ([]byte, error) { return marshalKeep(&p, p.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (p *Population) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, p, &p.Extra) }

// MarshalJSON writes Extra back.
func (p Population) MarshalJSON() ([]byte, error) { return marshalKeep(&p, p.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (r *Role) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, r, &r.Extra) }

// MarshalJSON writes Extra back.
func (r Role) MarshalJSON() ([]byte, error) { return marshalKeep(&r, r.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (r *CustomRole) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, r, &r.Extra) }

// MarshalJSON writes Extra back.
func (r CustomRole) MarshalJSON() ([]byte, error) { return marshalKeep(&r, r.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (a *RoleAssignment) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, a, &a.Extra) }

// MarshalJSON writes Extra back.
func (a RoleAssignment) MarshalJSON() ([]byte, error) { return marshalKeep(&a, a.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (u *User) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, u, &u.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (p *SignOnPolicy) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, p, &p.Extra) }

// MarshalJSON writes Extra back.
func (p SignOnPolicy) MarshalJSON() ([]byte, error) { return marshalKeep(&p, p.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (a *SignOnPolicyAction) UnmarshalJSON(data []byte) error {
	return unmarshalKeep(data, a, &a.Extra)
}

// MarshalJSON writes Extra back.
func (a SignOnPolicyAction) MarshalJSON() ([]byte, error) { return marshalKeep(&a, a.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (a *SignOnPolicyAssignment) UnmarshalJSON(data []byte) error {
	return unmarshalKeep(data, a, &a.Extra)
}

// MarshalJSON writes Extra back.
func (a SignOnPolicyAssignment) MarshalJSON() ([]byte, error) { return marshalKeep(&a, a.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (p *IdentityProvider) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, p, &p.Extra) }

// MarshalJSON writes Extra back.
func (p IdentityProvider) MarshalJSON() ([]byte, error) { return marshalKeep(&p, p.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (a *IdentityProviderAttribute) UnmarshalJSON(data []byte) error {
	return unmarshalKeep(data, a, &a.Extra)
}

// MarshalJSON writes Extra back.
func (a IdentityProviderAttribute) MarshalJSON() ([]byte, error) { return marshalKeep(&a, a.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (p *DeviceAuthenticationPolicy) UnmarshalJSON(data []byte) error {
	return unmarshalKeep(data, p, &p.Extra)
}

// MarshalJSON writes Extra back.
func (p DeviceAuthenticationPolicy) MarshalJSON() ([]byte, error) { return marshalKeep(&p, p.Extra) }
func (o *Organization) UnmarshalJSON(data []byte) error           { return unmarshalKeep(data, o, &o.Extra) }

// MarshalJSON writes Extra back.
func (o Organization) MarshalJSON() ([]byte, error) { return marshalKeep(&o, o.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (l *License) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, l, &l.Extra) }

// MarshalJSON writes Extra back.
func (l License) MarshalJSON() ([]byte, error)         { return marshalKeep(&l, l.Extra) }
func (r *APIResource) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, r, &r.Extra) }

// MarshalJSON writes Extra back.
func (r APIResource) MarshalJSON() ([]byte, error) { return marshalKeep(&r, r.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (s *ResourceScope) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, s, &s.Extra) }

// MarshalJSON writes Extra back.
func (s ResourceScope) MarshalJSON() ([]byte, error) { return marshalKeep(&s, s.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (g *ApplicationGrant) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, g, &g.Extra) }

// MarshalJSON writes Extra back.
func (g ApplicationGrant) MarshalJSON() ([]byte, error) { return marshalKeep(&g, g.Extra) }

// UnmarshalJSON keeps unknown members in Extra.
func (m *AttributeMapping) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, m, &m.Extra) }

// MarshalJSON writes Extra back.
func (m AttributeMapping) MarshalJSON() ([]byte, error) { return marshalKeep(&m, m.Extra) }

// MarshalJSON writes Extra back, and a null for each of NullFields.
func (u User) MarshalJSON() ([]byte, error) {
	data, err := marshalKeep(&u, u.Extra)
	if err != nil || len(u.NullFields) == 0 {
		return data, err
	}
	return setNulls(data, u.NullFields)
}

// Meta holds the members PingOne sets on every object it stores: the
// object's id, its environment, when it was created and last changed, and
// its HAL links. Models embed it, so these members read as the model's own
// (user.ID, group.Links). PingOne ignores them on a write.
//
// Meta has no methods: the models' JSON methods build method-free copies of
// their types with reflect.StructOf, which cannot embed a type with methods.
type Meta struct {
	ID          string     `json:"id,omitempty"`
	Environment *ObjectRef `json:"environment,omitempty"`
	CreatedAt   *time.Time `json:"createdAt,omitempty"`
	UpdatedAt   *time.Time `json:"updatedAt,omitempty"`
	Links       Links      `json:"_links,omitempty"`
}
