package pingone_test

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

// The verbs PingOne serves for a resource; the table runs only those.
const (
	vList = 1 << iota
	vGet
	vCreate
	vUpdate
	vDelete
	vAll = vList | vGet | vCreate | vUpdate | vDelete
)

const (
	parentID = "u-1" // the parent of the child collections
	itemID   = "x-1"
)

// verbs are one collection's calls with the ids above it bound (envID,
// parentID); empty lists every call with one of its ids left empty.
type verbs[T any] struct {
	resource func() pingone.Resource
	list     func(ctx context.Context, o *pingone.ListOptions) (*pingone.Page[*T], error)
	all      func(ctx context.Context, o *pingone.ListOptions) iter.Seq2[*T, error]
	get      func(ctx context.Context, id string) (*T, error)
	create   func(ctx context.Context, v *T) (*T, error)
	update   func(ctx context.Context, id string, v *T) (*T, error)
	del      func(ctx context.Context, id string) error
	empty    []func(ctx context.Context) error
}

func errOf[V any](_ V, err error) error { return err }

// firstErr is the error an iterator yields first, if any.
func firstErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		return err
	}
	return nil
}

func envVerbs[T any](col *pingone.EnvCollection[T]) verbs[T] {
	v := new(T)
	return verbs[T]{
		resource: col.Resource,
		list: func(ctx context.Context, o *pingone.ListOptions) (*pingone.Page[*T], error) {
			return col.List(ctx, envID, o)
		},
		all:    func(ctx context.Context, o *pingone.ListOptions) iter.Seq2[*T, error] { return col.All(ctx, envID, o) },
		get:    func(ctx context.Context, id string) (*T, error) { return col.Get(ctx, envID, id) },
		create: func(ctx context.Context, v *T) (*T, error) { return col.Create(ctx, envID, v) },
		update: func(ctx context.Context, id string, v *T) (*T, error) { return col.Update(ctx, envID, id, v) },
		del:    func(ctx context.Context, id string) error { return col.Delete(ctx, envID, id) },
		empty: []func(ctx context.Context) error{
			func(ctx context.Context) error { return errOf(col.List(ctx, "", nil)) },
			func(ctx context.Context) error { return firstErr(col.All(ctx, "", nil)) },
			func(ctx context.Context) error { return errOf(col.Get(ctx, "", itemID)) },
			func(ctx context.Context) error { return errOf(col.Get(ctx, envID, "")) },
			func(ctx context.Context) error { return errOf(col.Create(ctx, "", v)) },
			func(ctx context.Context) error { return errOf(col.Update(ctx, "", itemID, v)) },
			func(ctx context.Context) error { return errOf(col.Update(ctx, envID, "", v)) },
			func(ctx context.Context) error { return col.Delete(ctx, "", itemID) },
			func(ctx context.Context) error { return col.Delete(ctx, envID, "") },
		},
	}
}

func childVerbs[T any](col *pingone.ChildCollection[T]) verbs[T] {
	v := new(T)
	return verbs[T]{
		resource: col.Resource,
		list: func(ctx context.Context, o *pingone.ListOptions) (*pingone.Page[*T], error) {
			return col.List(ctx, envID, parentID, o)
		},
		all: func(ctx context.Context, o *pingone.ListOptions) iter.Seq2[*T, error] {
			return col.All(ctx, envID, parentID, o)
		},
		get:    func(ctx context.Context, id string) (*T, error) { return col.Get(ctx, envID, parentID, id) },
		create: func(ctx context.Context, v *T) (*T, error) { return col.Create(ctx, envID, parentID, v) },
		update: func(ctx context.Context, id string, v *T) (*T, error) { return col.Update(ctx, envID, parentID, id, v) },
		del:    func(ctx context.Context, id string) error { return col.Delete(ctx, envID, parentID, id) },
		empty: []func(ctx context.Context) error{
			func(ctx context.Context) error { return errOf(col.List(ctx, "", parentID, nil)) },
			func(ctx context.Context) error { return errOf(col.List(ctx, envID, "", nil)) },
			func(ctx context.Context) error { return firstErr(col.All(ctx, envID, "", nil)) },
			func(ctx context.Context) error { return errOf(col.Get(ctx, envID, "", itemID)) },
			func(ctx context.Context) error { return errOf(col.Get(ctx, envID, parentID, "")) },
			func(ctx context.Context) error { return errOf(col.Create(ctx, envID, "", v)) },
			func(ctx context.Context) error { return errOf(col.Update(ctx, envID, parentID, "", v)) },
			func(ctx context.Context) error { return col.Delete(ctx, "", parentID, itemID) },
			func(ctx context.Context) error { return col.Delete(ctx, envID, parentID, "") },
		},
	}
}

func orgVerbs[T any](col *pingone.OrgCollection[T]) verbs[T] {
	return verbs[T]{
		resource: col.Resource,
		list:     col.List,
		all:      col.All,
		get:      col.Get,
		create:   col.Create,
		update:   col.Update,
		del:      col.Delete,
		empty: []func(ctx context.Context) error{
			func(ctx context.Context) error { return errOf(col.Get(ctx, "")) },
			func(ctx context.Context) error { return errOf(col.Update(ctx, "", new(T))) },
			func(ctx context.Context) error { return col.Delete(ctx, "") },
		},
	}
}

// singletonVerbs ignore the item id: the object is the environment's.
func singletonVerbs[T any](col *pingone.Singleton[T]) verbs[T] {
	return verbs[T]{
		resource: col.Resource,
		get:      func(ctx context.Context, _ string) (*T, error) { return col.Get(ctx, envID) },
		update:   func(ctx context.Context, _ string, v *T) (*T, error) { return col.Update(ctx, envID, v) },
		empty: []func(ctx context.Context) error{
			func(ctx context.Context) error { return errOf(col.Get(ctx, "")) },
			func(ctx context.Context) error { return errOf(col.Update(ctx, "", new(T))) },
		},
	}
}

// family is one declared resource of the conformance table.
type family[T any] struct {
	key    string // the declaration's Key
	serves int    // the verbs PingOne serves
	verbs  func(c *pingone.Client) verbs[T]
	path   string // the collection below the API base
	item   string // one item (itemID) below the API base; a singleton's is path
	// fixture is an item as PingOne answers, holding every declared
	// read-only member and the unknown one.
	fixture string
	unknown string // a member the model does not name
	check   func(t *testing.T, v *T)
}

type conformer interface {
	resourceKey() string
	run(t *testing.T)
}

func (f family[T]) resourceKey() string { return f.key }

func families() []conformer {
	return []conformer{
		family[pingone.SignOnPolicyAction]{
			key: "actions", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.SignOnPolicyAction] {
				return childVerbs(&c.SignOnPolicyActions.ChildCollection)
			},
			path: "/environments/env-1/signOnPolicies/u-1/actions", item: "/environments/env-1/signOnPolicies/u-1/actions/x-1",
			fixture: signOnPolicyActionJSON, unknown: "registration", check: checkSignOnPolicyAction,
		},
		family[pingone.Application]{
			key: "applications", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.Application] { return envVerbs(&c.Applications.EnvCollection) },
			path: "/environments/env-1/applications", item: "/environments/env-1/applications/x-1",
			fixture: oidcAppJSON, unknown: "mobile", check: checkOIDCApp,
		},
		family[pingone.AttributeMapping]{
			key: "attributes", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.AttributeMapping] {
				return childVerbs(&c.ApplicationAttributes.ChildCollection)
			},
			path: "/environments/env-1/applications/u-1/attributes", item: "/environments/env-1/applications/u-1/attributes/x-1",
			fixture: attributeMappingJSON, unknown: "futureMember", check: checkAttributeMapping,
		},
		family[pingone.BillOfMaterials]{
			key: "billOfMaterials", serves: vGet | vUpdate, verbs: func(c *pingone.Client) verbs[pingone.BillOfMaterials] {
				return singletonVerbs(pingone.BillOfMaterialsOf(c))
			},
			path: "/environments/env-1/billOfMaterials", item: "/environments/env-1/billOfMaterials",
			fixture: bomJSON, unknown: "futureMember", check: checkBOM,
		},
		family[pingone.Certificate]{
			key: "certificates", serves: vList | vGet | vDelete, verbs: func(c *pingone.Client) verbs[pingone.Certificate] {
				return envVerbs(pingone.CertificatesOf(c))
			},
			path: "/environments/env-1/certificates", item: "/environments/env-1/certificates/x-1",
			fixture: certificateJSON, unknown: "customCRL", check: checkCertificate,
		},
		family[pingone.MFADevice]{
			key: "devices", serves: vList | vGet | vDelete, verbs: func(c *pingone.Client) verbs[pingone.MFADevice] {
				return childVerbs(pingone.DevicesOf(c))
			},
			path: "/environments/env-1/users/u-1/devices", item: "/environments/env-1/users/u-1/devices/x-1",
			fixture: deviceJSON, unknown: "rememberMe", check: checkDevice,
		},
		family[pingone.Environment]{
			key: "environments", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.Environment] { return orgVerbs(&c.Environments.OrgCollection) },
			path: "/environments", item: "/environments/x-1",
			fixture: environmentJSON, unknown: "environmentCapabilities", check: checkEnvironment,
		},
		family[pingone.ApplicationGrant]{
			key: "grants", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.ApplicationGrant] {
				return childVerbs(&c.ApplicationGrants.ChildCollection)
			},
			path: "/environments/env-1/applications/u-1/grants", item: "/environments/env-1/applications/u-1/grants/x-1",
			fixture: grantJSON, unknown: "futureMember", check: checkGrant,
		},
		family[pingone.Group]{
			key: "groups", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.Group] { return envVerbs(&c.Groups.EnvCollection) },
			path: "/environments/env-1/groups", item: "/environments/env-1/groups/x-1",
			fixture: groupJSON, unknown: "riskLevel", check: checkGroup,
		},
		family[pingone.IdentityProvider]{
			key: "identityProviders", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.IdentityProvider] {
				return envVerbs(&c.IdentityProviders.EnvCollection)
			},
			path: "/environments/env-1/identityProviders", item: "/environments/env-1/identityProviders/x-1",
			fixture: identityProviderJSON, unknown: "registration", check: checkIdentityProvider,
		},
		family[pingone.PasswordPolicy]{
			key: "passwordPolicies", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.PasswordPolicy] {
				return envVerbs(&c.PasswordPolicies.EnvCollection)
			},
			path: "/environments/env-1/passwordPolicies", item: "/environments/env-1/passwordPolicies/x-1",
			fixture: passwordPolicyJSON, unknown: "qwertySequenceRule", check: checkPasswordPolicy,
		},
		family[pingone.Population]{
			key: "populations", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.Population] { return envVerbs(&c.Populations.EnvCollection) },
			path: "/environments/env-1/populations", item: "/environments/env-1/populations/x-1",
			fixture: populationJSON, unknown: "defaultIdentityProvider", check: checkPopulation,
		},
		family[pingone.APIResource]{
			key: "resources", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.APIResource] { return envVerbs(&c.APIResources.EnvCollection) },
			path: "/environments/env-1/resources", item: "/environments/env-1/resources/x-1",
			fixture: apiResourceJSON, unknown: "applicationPermissionsSettings", check: checkAPIResource,
		},
		family[pingone.RoleAssignment]{
			key: "roleAssignments", serves: vList | vGet | vCreate | vDelete, verbs: func(c *pingone.Client) verbs[pingone.RoleAssignment] {
				return childVerbs(pingone.RoleAssignmentsOf(c))
			},
			path: "/environments/env-1/users/u-1/roleAssignments", item: "/environments/env-1/users/u-1/roleAssignments/x-1",
			fixture: assignmentJSON, unknown: "futureMember", check: checkAssignment,
		},
		family[pingone.RoleAssignment]{
			key: "roleAssignments", serves: vList | vGet | vCreate | vDelete, verbs: func(c *pingone.Client) verbs[pingone.RoleAssignment] {
				return childVerbs(pingone.GroupRoleAssignmentsOf(c))
			},
			path: "/environments/env-1/groups/u-1/roleAssignments", item: "/environments/env-1/groups/u-1/roleAssignments/x-1",
			fixture: assignmentJSON, unknown: "futureMember", check: checkAssignment,
		},
		family[pingone.Role]{
			key: "roles", serves: vList | vGet, verbs: func(c *pingone.Client) verbs[pingone.Role] { return orgVerbs(pingone.RolesOf(c)) },
			path: "/roles", item: "/roles/x-1",
			fixture: roleJSON, unknown: "type", check: checkRole,
		},
		family[pingone.ResourceScope]{
			key: "scopes", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.ResourceScope] {
				return childVerbs(&c.ResourceScopes.ChildCollection)
			},
			path: "/environments/env-1/resources/u-1/scopes", item: "/environments/env-1/resources/u-1/scopes/x-1",
			fixture: scopeJSON, unknown: "futureMember", check: checkScope,
		},
		family[pingone.SignOnPolicy]{
			key: "signOnPolicies", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.SignOnPolicy] {
				return envVerbs(&c.SignOnPolicies.EnvCollection)
			},
			path: "/environments/env-1/signOnPolicies", item: "/environments/env-1/signOnPolicies/x-1",
			fixture: signOnPolicyJSON, unknown: "futureMember", check: checkSignOnPolicy,
		},
		family[pingone.SignOnPolicyAssignment]{
			key: "signOnPolicyAssignments", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.SignOnPolicyAssignment] {
				return childVerbs(&c.SignOnPolicyAssignments.ChildCollection)
			},
			path: "/environments/env-1/applications/u-1/signOnPolicyAssignments", item: "/environments/env-1/applications/u-1/signOnPolicyAssignments/x-1",
			fixture: signOnPolicyAssignmentJSON, unknown: "futureMember", check: checkSignOnPolicyAssignment,
		},
		family[pingone.User]{
			key: "users", serves: vAll, verbs: func(c *pingone.Client) verbs[pingone.User] { return envVerbs(&c.Users.EnvCollection) },
			path: "/environments/env-1/users", item: "/environments/env-1/users/x-1",
			fixture: userJSON, unknown: "employeeNumber", check: checkUser,
		},
	}
}

// TestCollections runs every declared resource through its collection: the
// declaration, list (page size, filter, cursor, next links), get and 404,
// create and update without read-only members and with unknown ones, delete,
// and the refusal of empty ids before any request.
func TestCollections(t *testing.T) {
	t.Parallel()
	for _, f := range families() {
		t.Run(f.resourceKey(), func(t *testing.T) {
			t.Parallel()
			f.run(t)
		})
	}
}

// TestEveryResourceHasAFamily keeps the table complete: a declaration
// without a row fails here.
func TestEveryResourceHasAFamily(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	var declared, table []string
	for _, r := range c.Resources() {
		declared = append(declared, r.Key)
	}
	for _, f := range families() {
		table = append(table, f.resourceKey())
	}
	assert.Equal(t, declared, table, "Resources (sorted by Key) and the conformance table")
}

func (f family[T]) run(t *testing.T) {
	t.Run("declaration", func(t *testing.T) {
		t.Parallel()
		c, _ := newClient(t)
		res := f.verbs(c).resource()
		assert.Equal(t, f.key, res.Key)
		assert.Contains(t, c.Resources(), res)
		fixture := decodeObject(t, f.fixture)
		for _, ro := range res.ReadOnly {
			_, found := lookup(fixture, ro)
			assert.True(t, found, "the fixture holds read-only %s, so that dropping it is tested", ro)
		}
		require.Contains(t, fixture, f.unknown)
		assert.NotContains(t, res.ReadOnly, f.unknown)
		res.ReadOnly[0] = "changed"
		assert.NotEqual(t, "changed", f.verbs(c).resource().ReadOnly[0], "Resource returns a copy")
	})
	if f.serves&vList != 0 {
		t.Run("list", func(t *testing.T) {
			t.Parallel()
			testPagination(t, f.path, f.key,
				func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) (*pingone.Page[*T], error) {
					return f.verbs(c).list(ctx, o)
				},
				func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) iter.Seq2[*T, error] {
					return f.verbs(c).all(ctx, o)
				},
				idOf[T])
		})
	}
	if f.serves&vList != 0 {
		t.Run("list decodes items", func(t *testing.T) {
			t.Parallel()
			c, fk := newClient(t)
			fk.on(http.MethodGet, f.path, ok(`{"_embedded":{"`+f.key+`":[`+f.fixture+`]}}`))
			page, err := f.verbs(c).list(t.Context(), nil)
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			f.check(t, page.Items[0])
			assert.Equal(t, -1, page.Count, "no count in the answer")
			assert.Empty(t, page.NextCursor, "no next link")
			assert.Empty(t, fk.last().URL.RawQuery, "nil options send no query")
		})
	}
	if f.serves&vGet != 0 {
		t.Run("get", func(t *testing.T) {
			t.Parallel()
			c, fk := newClient(t)
			fk.on(http.MethodGet, f.item, ok(f.fixture))
			got, err := f.verbs(c).get(t.Context(), itemID)
			require.NoError(t, err)
			f.check(t, got)
			assert.Empty(t, fk.last().Body)
		})
		t.Run("get 404", func(t *testing.T) {
			t.Parallel()
			c, fk := newClient(t)
			fk.on(http.MethodGet, f.item, reply{status: http.StatusNotFound,
				body: `{"id":"e-404","code":"NOT_FOUND","message":"Unable to find the resource"}`})
			got, err := f.verbs(c).get(t.Context(), itemID)
			assert.Nil(t, got)
			var perr *pingone.Error
			require.True(t, errors.As(err, &perr), "want a *pingone.Error, got %v", err)
			assert.Equal(t, http.StatusNotFound, perr.StatusCode)
			assert.Equal(t, "NOT_FOUND", perr.Code)
			assert.True(t, pingone.IsNotFound(err))
		})
	}
	if f.serves&vCreate != 0 {
		t.Run("create sends no read-only member", func(t *testing.T) {
			t.Parallel()
			c, fk := newClient(t)
			fk.on(http.MethodPost, f.path, created(f.fixture))
			v := decodeAs[T](t, f.fixture)
			got, err := f.verbs(c).create(t.Context(), v)
			require.NoError(t, err)
			f.check(t, got)
			f.assertSent(t, c, fk.last(), http.MethodPost, f.path)
		})
	}
	if f.serves&vUpdate != 0 {
		t.Run("update keeps unknown members", func(t *testing.T) {
			t.Parallel()
			c, fk := newClient(t)
			fk.on(http.MethodGet, f.item, ok(f.fixture))
			fk.on(http.MethodPut, f.item, ok(f.fixture))
			v, err := f.verbs(c).get(t.Context(), itemID)
			require.NoError(t, err)
			got, err := f.verbs(c).update(t.Context(), itemID, v)
			require.NoError(t, err)
			f.check(t, got)
			f.assertSent(t, c, fk.last(), http.MethodPut, f.item)
		})
	}
	if f.serves&vDelete != 0 {
		t.Run("delete", func(t *testing.T) {
			t.Parallel()
			c, fk := newClient(t)
			fk.on(http.MethodDelete, f.item, noContent())
			require.NoError(t, f.verbs(c).del(t.Context(), itemID))
			got := fk.last()
			assert.Equal(t, http.MethodDelete, got.Method)
			assert.Equal(t, "/v1"+f.item, got.URL.EscapedPath())
			assert.Empty(t, got.Body)
		})
	}
	t.Run("empty ids refused before any request", func(t *testing.T) {
		t.Parallel()
		c, fk := newClient(t)
		fk.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
			fk.record(req)
			return httpmock.NewStringResponse(http.StatusOK, `{}`), nil
		})
		for i, call := range f.verbs(c).empty {
			err := call(t.Context())
			require.Error(t, err, "call %d", i)
			assert.Regexp(t, `^pingone: (List|All|Get|Create|Update|Delete) `+f.key+`: [a-zA-Z]+ID is empty$`, err.Error(), "call %d names the id", i)
		}
		assert.Zero(t, fk.count())
	})
}

// assertSent checks a write: the body is the fixture less the declared
// read-only members, unknown members included.
func (f family[T]) assertSent(t *testing.T, c *pingone.Client, got call, method, path string) {
	t.Helper()
	assert.Equal(t, method, got.Method)
	assert.Equal(t, "/v1"+path, got.URL.EscapedPath())
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	want := decodeObject(t, f.fixture)
	for _, ro := range f.verbs(c).resource().ReadOnly {
		remove(want, ro)
	}
	wantJSON, err := json.Marshal(want)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(got.Body))
	assert.Contains(t, decodeObject(t, string(got.Body)), f.unknown, "the unknown member is sent back")
}

func idOf[T any](v *T) string {
	b, _ := json.Marshal(v)
	var m struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(b, &m)
	return m.ID
}

func decodeAs[T any](t *testing.T, s string) *T {
	t.Helper()
	v := new(T)
	require.NoError(t, json.Unmarshal([]byte(s), v))
	return v
}

func decodeObject(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &m))
	return m
}

// lookup finds a dotted member in a decoded object.
func lookup(obj map[string]any, dotted string) (any, bool) {
	head, rest, nested := strings.Cut(dotted, ".")
	v, ok := obj[head]
	if !ok || !nested {
		return v, ok
	}
	inner, isObj := v.(map[string]any)
	if !isObj {
		return nil, false
	}
	return lookup(inner, rest)
}

// remove deletes a dotted member from a decoded object.
func remove(obj map[string]any, dotted string) {
	head, rest, nested := strings.Cut(dotted, ".")
	if !nested {
		delete(obj, head)
		return
	}
	if inner, isObj := obj[head].(map[string]any); isObj {
		remove(inner, rest)
	}
}

func TestResourcesAreSortedCopies(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	res := c.Resources()
	require.NotEmpty(t, res)
	assert.True(t, slices.IsSortedFunc(res, func(a, b pingone.Resource) int { return strings.Compare(a.Key, b.Key) }))
	res[0].ReadOnly[0] = "changed"
	assert.NotEqual(t, "changed", c.Resources()[0].ReadOnly[0], "Resources returns copies")
	for _, r := range res {
		assert.NotEmpty(t, r.Path, r.Key)
		assert.NotEmpty(t, r.ReadOnly, r.Key)
	}
}

func TestMalformedResponse(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodGet, "/environments/env-1/populations/pop-1", ok(`{"id":`))
	f.on(http.MethodGet, "/environments/env-1/populations", ok(`{"_embedded":{"populations":{"id":"x"}}}`))
	_, err := c.Populations.Get(t.Context(), envID, "pop-1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "decoding GET /v1/environments/env-1/populations/pop-1 response")
	_, err = c.Populations.List(t.Context(), envID, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "_embedded.populations")
}

func TestWriteOfNothingRefused(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	_, err := c.Populations.Create(t.Context(), envID, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Create populations")
	assert.Zero(t, f.count())
}

func TestZeroCollectionRefused(t *testing.T) {
	t.Parallel()
	var col pingone.EnvCollection[pingone.Population]
	_, err := col.Get(t.Context(), envID, itemID)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Client")
}
