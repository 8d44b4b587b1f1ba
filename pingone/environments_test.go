package pingone_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const environmentJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1"}},"_embedded":{},
 "id":"env-1","name":"Dev","description":"Developer sandbox","type":"SANDBOX","region":"NA","status":"ACTIVE",
 "license":{"id":"lic-1"},"organization":{"id":"org-1"},"icon":"https://x/icon.png","subtype":"DEV",
 "billOfMaterials":{"products":[{"type":"PING_ONE_BASE"},{"type":"PING_ONE_MFA","description":"MFA"}],"solutionType":"CUSTOMER",
  "createdAt":"2025-01-10T09:00:00Z","updatedAt":"2025-01-10T09:00:00Z","_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/billOfMaterials"}}},
 "createdAt":"2025-01-10T09:00:00.000Z","updatedAt":"2025-01-11T09:00:00.000Z",
 "environmentCapabilities":{"canAddResources":true},"hardDeleteAllowedAt":"2025-02-01T00:00:00Z","softDeletedAt":"2025-01-12T00:00:00Z"}`

const bomJSON = `{
 "products":[
  {"id":"p-1","type":"PING_ONE_BASE","description":"Base","console":{"href":"https://console.pingone.com"},
   "bookmarks":[{"name":"Docs","href":"https://docs.pingidentity.com"}],"deployment":{"id":"d-1"}},
  {"type":"PING_ONE_MFA"}],
 "solutionType":"WORKFORCE","createdAt":"2025-01-10T09:00:00Z","updatedAt":"2025-01-12T09:00:00Z","futureMember":{"kept":true},
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/billOfMaterials"}},"_embedded":{}}`

func checkEnvironment(t *testing.T, e *pingone.Environment) {
	t.Helper()
	assert.Equal(t, "env-1", e.ID)
	assert.Equal(t, "Dev", e.Name)
	assert.Equal(t, "Developer sandbox", e.Description)
	assert.Equal(t, pingone.EnvironmentTypeSandbox, e.Type)
	assert.Equal(t, "NA", e.Region)
	assert.Equal(t, pingone.EnvironmentStatusActive, e.Status)
	assert.Equal(t, &pingone.ObjectRef{ID: "lic-1"}, e.License)
	assert.Equal(t, "org-1", e.Organization.ID)
	assert.Equal(t, "DEV", e.Subtype)
	assert.Equal(t, "https://x/icon.png", e.Icon)
	require.NotNil(t, e.BillOfMaterials)
	require.Len(t, e.BillOfMaterials.Products, 2)
	assert.Equal(t, pingone.ProductPingOneMFA, e.BillOfMaterials.Products[1].Type)
	assert.Equal(t, pingone.SolutionTypeCustomer, e.BillOfMaterials.SolutionType)
	assert.Equal(t, time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC), *e.CreatedAt)
	assert.Equal(t, "https://api.pingone.com/v1/environments/env-1", e.Links["self"].Href)
	assert.Contains(t, e.Extra, "environmentCapabilities")
	assert.Contains(t, e.Extra, "hardDeleteAllowedAt")
}

func checkBOM(t *testing.T, b *pingone.BillOfMaterials) {
	t.Helper()
	require.Len(t, b.Products, 2)
	p := b.Products[0]
	assert.Equal(t, "p-1", p.ID)
	assert.Equal(t, pingone.ProductPingOneBase, p.Type)
	assert.Equal(t, "Base", p.Description)
	assert.Equal(t, "https://console.pingone.com", p.Console.Href)
	assert.Equal(t, []pingone.BillOfMaterialsBookmark{{Name: "Docs", Href: "https://docs.pingidentity.com"}}, p.Bookmarks)
	assert.JSONEq(t, `{"id":"d-1"}`, string(p.Extra["deployment"]))
	assert.Equal(t, pingone.SolutionTypeWorkforce, b.SolutionType)
	assert.Equal(t, time.Date(2025, 1, 12, 9, 0, 0, 0, time.UTC), *b.UpdatedAt)
	assert.Contains(t, b.Extra, "futureMember")
}

// TestEnvironmentsAPI covers the service's own verbs: the bill of materials
// through its wrapper, and the daily identity totals.
func TestEnvironmentsAPI(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 5, 1, 19, 0, 0, 0, time.UTC)
	end := time.Date(2025, 5, 31, 19, 0, 0, 0, time.FixedZone("x", -4*3600))
	runAPICases(t, []apiCase{
		{
			name: "GetBillOfMaterials", method: http.MethodGet, path: "/environments/env-1/billOfMaterials", reply: ok(bomJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Environments.GetBillOfMaterials(ctx, "env-1")
			},
			check: func(t *testing.T, out any) { checkBOM(t, out.(*pingone.BillOfMaterials)) },
		},
		{
			name: "TotalIdentities", method: http.MethodGet, path: "/environments/env-1/totalIdentities",
			reply: ok(`{"_embedded":{"totalIdentities":[{"date":1746144000,"totalIdentities":42},{"date":1746230400,"totalIdentities":43}]},"count":2,"size":2}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Environments.TotalIdentities(ctx, "env-1", start, end)
			},
			wantQuery: url.Values{"filter": {`startDate eq "2025-05-01T19:00:00Z" and endDate eq "2025-05-31T19:00:00-04:00"`}},
			check: func(t *testing.T, out any) {
				assert.Equal(t, []*pingone.TotalIdentity{{Date: 1746144000, TotalIdentities: 42}, {Date: 1746230400, TotalIdentities: 43}},
					out.([]*pingone.TotalIdentity))
			},
		},
		{
			name: "TotalIdentities without end", method: http.MethodGet, path: "/environments/env-1/totalIdentities",
			reply: ok(`{"_embedded":{"totalIdentities":[]}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Environments.TotalIdentities(ctx, "env-1", start, time.Time{})
			},
			wantQuery: url.Values{"filter": {`startDate eq "2025-05-01T19:00:00Z"`}},
			check:     func(t *testing.T, out any) { assert.Empty(t, out.([]*pingone.TotalIdentity)) },
		},
	})
}

func TestEnvironmentsTotalIdentitiesFollowsPages(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.onFunc(http.MethodGet, "/environments/env-1/totalIdentities", func(req *http.Request) reply {
		assert.Contains(t, req.URL.Query().Get("filter"), "startDate eq")
		if req.URL.Query().Get("cursor") == "" {
			return ok(`{"_embedded":{"totalIdentities":[{"date":1,"totalIdentities":1}]},
				"_links":{"next":{"href":"` + apiBase + `/environments/env-1/totalIdentities?cursor=2"}}}`)
		}
		return ok(`{"_embedded":{"totalIdentities":[{"date":2,"totalIdentities":2}]}}`)
	})
	got, err := c.Environments.TotalIdentities(t.Context(), "env-1", time.Unix(0, 0), time.Unix(86400, 0))
	require.NoError(t, err)
	assert.Len(t, got, 2)
	assert.Equal(t, 2, f.count())
}

func TestBillOfMaterialsExtraRoundTrip(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodGet, "/environments/env-1/billOfMaterials", ok(bomJSON))
	f.on(http.MethodPut, "/environments/env-1/billOfMaterials", ok(bomJSON))
	b, err := c.Environments.GetBillOfMaterials(t.Context(), "env-1")
	require.NoError(t, err)
	b.Products = append(b.Products, &pingone.BillOfMaterialsProduct{Type: pingone.ProductPingOneDaVinci})
	_, err = c.Environments.UpdateBillOfMaterials(t.Context(), "env-1", b)
	require.NoError(t, err)
	var sent struct {
		Products []map[string]json.RawMessage `json:"products"`
	}
	require.NoError(t, json.Unmarshal(f.last().Body, &sent))
	require.Len(t, sent.Products, 3)
	assert.JSONEq(t, `{"id":"d-1"}`, string(sent.Products[0]["deployment"]), "a product's unknown member survives")
	assert.JSONEq(t, `"PING_ONE_DAVINCI"`, string(sent.Products[2]["type"]))
	assert.NotContains(t, string(f.last().Body), `"createdAt"`, "read-only members are not sent back")
}
