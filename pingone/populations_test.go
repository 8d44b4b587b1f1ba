package pingone_test

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const populationJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/populations/pop-1"}},
 "id":"pop-1","environment":{"id":"env-1"},"name":"Employees","description":"Staff accounts","default":false,
 "passwordPolicy":{"id":"pp-1"},"userCount":42,"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z",
 "theme":{"id":"th-1"},"alternativeIdentifiers":["staff"],"preferredLanguage":"en","defaultIdentityProvider":{"id":"idp-1"}}`

func TestPopulationsAPI(t *testing.T) {
	t.Parallel()
	checkPop := func(t *testing.T, out any) {
		p := out.(*pingone.Population)
		assert.Equal(t, "pop-1", p.ID)
		assert.Equal(t, "Employees", p.Name)
		assert.Equal(t, pingone.Ptr(false), p.Default)
		assert.Equal(t, "pp-1", p.PasswordPolicy.ID)
		assert.Equal(t, pingone.Ptr(42), p.UserCount)
		assert.Equal(t, []string{"staff"}, p.AlternativeIdentifiers)
		assert.Contains(t, p.Extra, "defaultIdentityProvider")
	}
	runAPICases(t, []apiCase{
		{
			name: "List", method: http.MethodGet, path: "/environments/env-1/populations",
			reply: ok(`{"_embedded":{"populations":[` + populationJSON + `]}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Populations.List(ctx, envID, &pingone.ListOptions{Filter: `name sw "E"`})
			},
			wantQuery: url.Values{"filter": {`name sw "E"`}},
			check:     func(t *testing.T, out any) { checkPop(t, out.(*pingone.Page[*pingone.Population]).Items[0]) },
		},
		{
			name: "Get", method: http.MethodGet, path: "/environments/env-1/populations/pop-1", reply: ok(populationJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Populations.Get(ctx, envID, "pop-1")
			},
			check: checkPop,
		},
		{
			name: "Create", method: http.MethodPost, path: "/environments/env-1/populations", reply: created(populationJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Populations.Create(ctx, envID, &pingone.Population{Name: "Employees", PasswordPolicy: pingone.Ref("pp-1")})
			},
			wantCT: "application/json", wantBody: `{"name":"Employees","passwordPolicy":{"id":"pp-1"}}`,
			check: checkPop,
		},
		{
			name: "Update", method: http.MethodPut, path: "/environments/env-1/populations/pop-1", reply: ok(populationJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Populations.Update(ctx, envID, "pop-1", &pingone.Population{Name: "Staff", Default: pingone.Ptr(true)})
			},
			wantCT: "application/json", wantBody: `{"name":"Staff","default":true}`,
			check: checkPop,
		},
		{
			name: "Delete", method: http.MethodDelete, path: "/environments/env-1/populations/pop-1", reply: noContent(),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.Populations.Delete(ctx, envID, "pop-1")
			},
		},
	})
}

func TestPopulationsPagination(t *testing.T) {
	t.Parallel()
	testPagination(t, "/environments/env-1/populations", "populations",
		func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) (*pingone.Page[*pingone.Population], error) {
			return c.Populations.List(ctx, envID, o)
		},
		func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) iter.Seq2[*pingone.Population, error] {
			return c.Populations.All(ctx, envID, o)
		},
		func(p *pingone.Population) string { return p.ID })
}

func TestPopulationExtraRoundTrip(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodGet, "/environments/env-1/populations/pop-1", ok(populationJSON))
	f.on(http.MethodPut, "/environments/env-1/populations/pop-1", ok(populationJSON))
	p, err := c.Populations.Get(t.Context(), envID, "pop-1")
	require.NoError(t, err)
	p.Description = "All staff"
	_, err = c.Populations.Update(t.Context(), envID, "pop-1", p)
	require.NoError(t, err)
	var sent map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(f.last().Body, &sent))
	assert.JSONEq(t, `{"id":"idp-1"}`, string(sent["defaultIdentityProvider"]))
	assert.JSONEq(t, `"All staff"`, string(sent["description"]))
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
