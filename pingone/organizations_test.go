package pingone_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const organizationJSON = `{"_links":{"self":{"href":"https://api.pingone.com/v1/organizations/o-1"}},
 "id":"o-1","name":"Acme","type":"PAID","createdAt":"2025-01-01T00:00:00Z","billingConnections":[{"id":"b-1"}]}`

const licenseJSON = `{"id":"l-1","name":"Acme License","package":"PREMIUM","status":"ACTIVE","organization":{"id":"o-1"},
 "beginsAt":"2025-01-01T00:00:00Z","expiresAt":"2030-01-01T00:00:00Z","assignedEnvironmentsCount":3,"users":{"max":100}}`

func TestOrganizationsAPI(t *testing.T) {
	t.Parallel()
	checkLicense := func(t *testing.T, l *pingone.License) {
		assert.Equal(t, "l-1", l.ID)
		assert.Equal(t, "ACTIVE", l.Status)
		assert.Equal(t, "o-1", l.Organization.ID)
		require.NotNil(t, l.AssignedEnvironmentsCount)
		assert.Equal(t, 3, *l.AssignedEnvironmentsCount)
		assert.JSONEq(t, `{"max":100}`, string(l.Extra["users"]))
	}
	runAPICases(t, []apiCase{
		{
			name: "List", method: http.MethodGet, path: "/organizations", wantQuery: url.Values{"limit": {"5"}},
			reply: ok(`{"_embedded":{"organizations":[` + organizationJSON + `]},"count":1,"size":1}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Organizations.List(ctx, &pingone.ListOptions{Limit: 5})
			},
			check: func(t *testing.T, out any) {
				page := out.(*pingone.Page[*pingone.Organization])
				require.Len(t, page.Items, 1)
				assert.Equal(t, "PAID", page.Items[0].Type)
				assert.JSONEq(t, `[{"id":"b-1"}]`, string(page.Items[0].Extra["billingConnections"]))
			},
		},
		{
			name: "Get", method: http.MethodGet, path: "/organizations/o-1", reply: ok(organizationJSON),
			do:    func(ctx context.Context, c *pingone.Client) (any, error) { return c.Organizations.Get(ctx, "o-1") },
			check: func(t *testing.T, out any) { assert.Equal(t, "Acme", out.(*pingone.Organization).Name) },
		},
		{
			name: "ListLicenses", method: http.MethodGet, path: "/organizations/o-1/licenses",
			reply: ok(`{"_embedded":{"licenses":[` + licenseJSON + `]}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Organizations.ListLicenses(ctx, "o-1", nil)
			},
			check: func(t *testing.T, out any) {
				page := out.(*pingone.Page[*pingone.License])
				require.Len(t, page.Items, 1)
				checkLicense(t, page.Items[0])
			},
		},
		{
			name: "GetLicense", method: http.MethodGet, path: "/organizations/o-1/licenses/l-1", reply: ok(licenseJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Organizations.GetLicense(ctx, "o-1", "l-1")
			},
			check: func(t *testing.T, out any) { checkLicense(t, out.(*pingone.License)) },
		},
	})
}

func TestOrganizationsRefuseEmptyIDs(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	_, err := c.Organizations.Get(t.Context(), "")
	assert.ErrorContains(t, err, "organizationID")
	_, err = c.Organizations.GetLicense(t.Context(), "o-1", "")
	assert.ErrorContains(t, err, "licenseID")
}
