package pingone_test

import (
	"context"
	"net/http"
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

func checkPopulation(t *testing.T, p *pingone.Population) {
	t.Helper()
	assert.Equal(t, "pop-1", p.ID)
	assert.Equal(t, "env-1", p.Environment.ID)
	assert.Equal(t, "Employees", p.Name)
	assert.Equal(t, "Staff accounts", p.Description)
	assert.Equal(t, pingone.Ptr(false), p.Default)
	assert.Equal(t, "pp-1", p.PasswordPolicy.ID)
	assert.Equal(t, "th-1", p.Theme.ID)
	assert.Equal(t, pingone.Ptr(42), p.UserCount)
	assert.Equal(t, []string{"staff"}, p.AlternativeIdentifiers)
	assert.Equal(t, "en", p.PreferredLanguage)
	assert.NotNil(t, p.CreatedAt)
	assert.Contains(t, p.Extra, "defaultIdentityProvider")
}

func TestPopulationDefaultIdentityProvider(t *testing.T) {
	t.Parallel()
	runAPICases(t, []apiCase{
		{
			name: "GetDefaultIdentityProvider", method: http.MethodGet, path: "/environments/env-1/populations/pop-1/defaultIdentityProvider",
			reply: ok(`{"id":"idp-1","type":"OPENID_CONNECT","_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/populations/pop-1/defaultIdentityProvider"}}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Populations.GetDefaultIdentityProvider(ctx, envID, "pop-1")
			},
			check: func(t *testing.T, out any) {
				p := out.(*pingone.PopulationIdentityProvider)
				assert.Equal(t, "idp-1", p.ID)
				assert.Equal(t, pingone.IdPOpenIDConnect, p.Type)
			},
		},
		{
			name: "SetDefaultIdentityProvider", method: http.MethodPut, path: "/environments/env-1/populations/pop-1/defaultIdentityProvider",
			reply: ok(`{"id":"idp-1","type":"SAML"}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Populations.SetDefaultIdentityProvider(ctx, envID, "pop-1", "idp-1")
			},
			wantCT: "application/json", wantBody: `{"id":"idp-1"}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, &pingone.PopulationIdentityProvider{ID: "idp-1", Type: "SAML"}, out)
			},
		},
		{
			name: "SetDefaultIdentityProvider back to PingOne sends no id", method: http.MethodPut, path: "/environments/env-1/populations/pop-1/defaultIdentityProvider",
			reply: ok(`{"type":"PING_ONE"}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Populations.SetDefaultIdentityProvider(ctx, envID, "pop-1", "")
			},
			wantCT: "application/json", wantBody: `{}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, &pingone.PopulationIdentityProvider{Type: pingone.IdentityProviderPingOne}, out)
			},
		},
	})
	c, f := newClient(t)
	_, err := c.Populations.GetDefaultIdentityProvider(t.Context(), envID, "")
	require.Error(t, err)
	_, err = c.Populations.SetDefaultIdentityProvider(t.Context(), "", "pop-1", "idp-1")
	require.Error(t, err)
	assert.Zero(t, f.count(), "an empty id is refused before any request")
}
