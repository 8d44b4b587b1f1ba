package pingone

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Resource describes one PingOne collection to the generic collection types:
// where it sits, the key of its items in a HAL page and the members PingOne
// sets itself. Each family file declares its resources; Client.Resources
// lists them.
type Resource struct {
	// Parent is the path segment of the parent resource of a child
	// collection, e.g. "users" for …/users/{userID}/devices; "" otherwise.
	Parent string
	// Path is the collection's path segment below its parent, e.g. "populations".
	Path string
	// Key is the key of the items in a page's _embedded object (usually
	// Path); for a singleton, the key it is embedded under in its parent.
	Key string
	// Organization is true for a collection at organisation level
	// (/environments, /roles); the collection types set it.
	Organization bool
	// ReadOnly names every member PingOne sets itself, nested ones dotted
	// ("account.lockedAt"). The client drops them from request bodies, so a
	// read-modify-write never sends them back.
	ReadOnly []string
	// Unique is the member no two items share (case-insensitively), such
	// as a user's username or a group's name: a create whose answer was
	// lost is looked up by it (outcome.go). "" when there is none.
	Unique string
}

// collection serves one Resource; the generic types differ only in the ids
// that lead to it.
type collection[T any] struct {
	c   *Client
	res Resource
	// segs are the path segments that come before each id: "environments",
	// the parent's segment, then the collection's own.
	segs []string
}

// declare serves r below the segments above, and records r for Resources.
func declare[T any](c *Client, r Resource, above ...string) collection[T] {
	c.resources = append(c.resources, r)
	return serve[T](c, r, above...)
}

// serve serves r without declaring it: for a relation that is no resource
// family of its own, such as a user's group memberships.
func serve[T any](c *Client, r Resource, above ...string) collection[T] {
	return collection[T]{c: c, res: r, segs: append(above, r.Path)}
}

// clone returns a copy of r whose ReadOnly a caller may change.
func (r Resource) clone() Resource {
	r.ReadOnly = slices.Clone(r.ReadOnly)
	return r
}

// path returns the segments of the collection (ids up to it) or of one item
// (one id more), refusing an empty id before any request. Each id is named
// as PingOne's path parameters are: environmentID, userID, deviceID, ….
func (k *collection[T]) path(verb string, ids ...string) ([]string, error) {
	if k.c == nil {
		return nil, errors.New("pingone: a collection works only as part of a Client")
	}
	var p []string
	for i, id := range ids {
		if id == "" {
			return nil, errEmptyID(verb+" "+k.res.Key, singular(k.segs[i])+"ID")
		}
		p = append(p, k.segs[i], id)
	}
	if len(ids) < len(k.segs) {
		p = append(p, k.segs[len(ids)])
	}
	return p, nil
}

// singular is the noun of one item of a collection segment: users → user,
// signOnPolicies → signOnPolicy.
func singular(seg string) string {
	if stem, ok := strings.CutSuffix(seg, "ies"); ok {
		return stem + "y"
	}
	return strings.TrimSuffix(seg, "s")
}

func (k *collection[T]) list(ctx context.Context, opts *ListOptions, ids ...string) (*Page[*T], error) {
	p, err := k.path("List", ids...)
	if err != nil {
		return nil, err
	}
	return listPage[*T](ctx, k.c, p, k.res.Key, nil, opts)
}

func (k *collection[T]) all(ctx context.Context, opts *ListOptions, ids ...string) iter.Seq2[*T, error] {
	p, err := k.path("All", ids...)
	if err != nil {
		return func(yield func(*T, error) bool) { yield(nil, err) }
	}
	return listAll[*T](ctx, k.c, p, k.res.Key, nil, opts)
}

// get reads one item (or the singleton); query carries options such as include.
func (k *collection[T]) get(ctx context.Context, query url.Values, ids ...string) (*T, error) {
	var out T
	if err := k.call(ctx, "Get", ids, request{method: http.MethodGet, query: query}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// send writes v with method (POST, PUT or PATCH) without its read-only
// members, and returns what PingOne answers.
func (k *collection[T]) send(ctx context.Context, method, verb string, v *T, ids ...string) (*T, error) {
	if v == nil {
		return nil, errors.New("pingone: " + verb + " " + k.res.Key + ": nothing to send (nil)")
	}
	var out T
	r := request{method: method, body: v, readOnly: k.res.ReadOnly, outcome: outcomeCheck{resource: k.res.Key}}
	if method == http.MethodPost {
		r.outcome.key = k.res.Unique
	}
	if err := k.call(ctx, verb, ids, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// relate posts {"id": id} to the collection the ids lead to (a user's
// group memberships, a group's nestings), refusing an empty id, and returns
// what PingOne answers.
func (k *collection[T]) relate(ctx context.Context, verb, idName, id string, ids ...string) (*T, error) {
	if id == "" {
		return nil, errEmptyID(verb, idName)
	}
	item, err := k.path(verb, append(slices.Clip(ids), id)...)
	if err != nil {
		return nil, err
	}
	var out T
	r := request{method: http.MethodPost, body: ObjectRef{ID: id}, outcome: outcomeCheck{resource: k.res.Key, item: item}}
	if err := k.call(ctx, verb, ids, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (k *collection[T]) delete(ctx context.Context, ids ...string) error {
	return k.call(ctx, "Delete", ids, request{method: http.MethodDelete, outcome: outcomeCheck{resource: k.res.Key}}, nil)
}

// call sends r to the item the ids name, or below it when r.segs is set
// (…/users/{userID}/password), refusing an empty id before any request.
func (k *collection[T]) call(ctx context.Context, verb string, ids []string, r request, out any) error {
	p, err := k.path(verb, ids...)
	if err != nil {
		return err
	}
	r.segs = append(p, r.segs...)
	if r.outcome.resource == "" {
		r.outcome.resource = k.res.Key
	}
	if len(ids) == len(k.segs) {
		r.outcome.id = ids[len(ids)-1] // the object the request names
	}
	_, err = k.c.do(ctx, r, out)
	return err
}

// EnvCollection is a collection below an environment:
// /environments/{envID}/<Path>. The services of the Client embed one per
// family; the zero value is not usable.
type EnvCollection[T any] struct{ collection[T] }

func envCollection[T any](c *Client, r Resource) EnvCollection[T] {
	return EnvCollection[T]{declare[T](c, r, "environments")}
}

// Resource returns the description the collection is served from.
func (e *EnvCollection[T]) Resource() Resource { return e.res.clone() }

// List returns one page of the collection; opts (nil allowed) sets the
// filter, the page size and the cursor of the page.
func (e *EnvCollection[T]) List(ctx context.Context, envID string, opts *ListOptions) (*Page[*T], error) {
	return e.list(ctx, opts, envID)
}

// All iterates over every item matching opts, fetching the next page only
// when the loop reaches it.
func (e *EnvCollection[T]) All(ctx context.Context, envID string, opts *ListOptions) iter.Seq2[*T, error] {
	return e.all(ctx, opts, envID)
}

// Get returns one item.
func (e *EnvCollection[T]) Get(ctx context.Context, envID, id string) (*T, error) {
	return e.get(ctx, nil, envID, id)
}

// Create creates an item from v, without its read-only members.
func (e *EnvCollection[T]) Create(ctx context.Context, envID string, v *T) (*T, error) {
	return e.send(ctx, http.MethodPost, "Create", v, envID)
}

// Update replaces an item with v (PUT, a full replace: members left empty
// are cleared). Read-only members are not sent; unknown ones kept in the
// model's Extra are.
func (e *EnvCollection[T]) Update(ctx context.Context, envID, id string, v *T) (*T, error) {
	return e.send(ctx, http.MethodPut, "Update", v, envID, id)
}

// Delete deletes an item.
func (e *EnvCollection[T]) Delete(ctx context.Context, envID, id string) error {
	return e.delete(ctx, envID, id)
}

// ChildCollection is a collection below a parent resource of an environment:
// /environments/{envID}/<Parent>/{parentID}/<Path>, e.g. a user's role
// assignments or devices. The zero value is not usable.
type ChildCollection[T any] struct{ collection[T] }

func childCollection[T any](c *Client, r Resource) ChildCollection[T] {
	return ChildCollection[T]{declare[T](c, r, "environments", r.Parent)}
}

// Resource returns the description the collection is served from.
func (h *ChildCollection[T]) Resource() Resource { return h.res.clone() }

// List returns one page of the parent's collection; opts (nil allowed) sets
// the filter, the page size and the cursor of the page.
func (h *ChildCollection[T]) List(ctx context.Context, envID, parentID string, opts *ListOptions) (*Page[*T], error) {
	return h.list(ctx, opts, envID, parentID)
}

// All iterates over every item of the parent's collection matching opts,
// fetching the next page only when the loop reaches it.
func (h *ChildCollection[T]) All(ctx context.Context, envID, parentID string, opts *ListOptions) iter.Seq2[*T, error] {
	return h.all(ctx, opts, envID, parentID)
}

// Get returns one item.
func (h *ChildCollection[T]) Get(ctx context.Context, envID, parentID, id string) (*T, error) {
	return h.get(ctx, nil, envID, parentID, id)
}

// Create creates an item from v below the parent, without its read-only members.
func (h *ChildCollection[T]) Create(ctx context.Context, envID, parentID string, v *T) (*T, error) {
	return h.send(ctx, http.MethodPost, "Create", v, envID, parentID)
}

// Update replaces an item with v (PUT, a full replace). Read-only members
// are not sent; unknown ones kept in the model's Extra are.
func (h *ChildCollection[T]) Update(ctx context.Context, envID, parentID, id string, v *T) (*T, error) {
	return h.send(ctx, http.MethodPut, "Update", v, envID, parentID, id)
}

// Delete deletes an item.
func (h *ChildCollection[T]) Delete(ctx context.Context, envID, parentID, id string) error {
	return h.delete(ctx, envID, parentID, id)
}

// OrgCollection is a collection of the organisation, above every
// environment: /<Path>, e.g. /environments or /roles. The zero value is not
// usable.
type OrgCollection[T any] struct{ collection[T] }

func orgCollection[T any](c *Client, r Resource) OrgCollection[T] {
	r.Organization = true
	return OrgCollection[T]{declare[T](c, r)}
}

// Resource returns the description the collection is served from.
func (o *OrgCollection[T]) Resource() Resource { return o.res.clone() }

// List returns one page of the collection; opts (nil allowed) sets the
// filter, the page size and the cursor of the page.
func (o *OrgCollection[T]) List(ctx context.Context, opts *ListOptions) (*Page[*T], error) {
	return o.list(ctx, opts)
}

// All iterates over every item matching opts, fetching the next page only
// when the loop reaches it.
func (o *OrgCollection[T]) All(ctx context.Context, opts *ListOptions) iter.Seq2[*T, error] {
	return o.all(ctx, opts)
}

// Get returns one item.
func (o *OrgCollection[T]) Get(ctx context.Context, id string) (*T, error) {
	return o.get(ctx, nil, id)
}

// Create creates an item from v, without its read-only members.
func (o *OrgCollection[T]) Create(ctx context.Context, v *T) (*T, error) {
	return o.send(ctx, http.MethodPost, "Create", v)
}

// Update replaces an item with v (PUT, a full replace). Read-only members
// are not sent; unknown ones kept in the model's Extra are.
func (o *OrgCollection[T]) Update(ctx context.Context, id string, v *T) (*T, error) {
	return o.send(ctx, http.MethodPut, "Update", v, id)
}

// Delete deletes an item.
func (o *OrgCollection[T]) Delete(ctx context.Context, id string) error {
	return o.delete(ctx, id)
}

// Singleton is one object at a fixed path below an environment:
// /environments/{envID}/<Path>, e.g. its bill of materials. The zero value
// is not usable.
type Singleton[T any] struct{ collection[T] }

func singleton[T any](c *Client, r Resource) Singleton[T] {
	return Singleton[T]{declare[T](c, r, "environments")}
}

// Resource returns the description the collection is served from.
func (s *Singleton[T]) Resource() Resource { return s.res.clone() }

// Get returns the environment's object.
func (s *Singleton[T]) Get(ctx context.Context, envID string) (*T, error) {
	return s.get(ctx, nil, envID)
}

// Update replaces the environment's object with v (PUT), without its
// read-only members.
func (s *Singleton[T]) Update(ctx context.Context, envID string, v *T) (*T, error) {
	return s.send(ctx, http.MethodPut, "Update", v, envID)
}

// Resources returns every resource the client declares, sorted by Key: what
// a cross-check compares with the emulator's and the tools' declarations and
// with the OpenAPI files' readOnly flags.
func (c *Client) Resources() []Resource {
	out := make([]Resource, len(c.resources))
	for i, r := range c.resources {
		out[i] = r.clone()
	}
	slices.SortFunc(out, func(a, b Resource) int { return strings.Compare(a.Key, b.Key) })
	return out
}
