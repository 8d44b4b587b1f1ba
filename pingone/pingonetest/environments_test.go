package pingonetest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListEnvironmentsFilter(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	tests := []struct {
		filter string
		want   []string
		detail string
	}{
		{`name sw "S"`, []string{"Sandbox", "Staging"}, ""},
		{`name eq "production"`, []string{"Production"}, ""},
		{`type eq "PRODUCTION"`, []string{"Production"}, ""},
		{`type eq "SANDBOX" and name sw "A"`, []string{"Administrators"}, ""},
		{`id eq "` + Demo().StagingEnvironmentID + `"`, []string{"Staging"}, ""},
		{`organization.id eq "` + Demo().OrganizationID + `"`, []string{"Administrators", "Production", "Sandbox", "Staging"}, ""},
		{`license.id eq "` + Demo().LicenseID + `" and status eq "ACTIVE"`, []string{"Administrators", "Production", "Sandbox", "Staging"}, ""},
		{`name sw "S" or name sw "P"`, nil, "INVALID_FILTER"},
		{`name co "a"`, nil, "INVALID_FILTER"},
		{`region eq "NA"`, nil, "INVALID_FILTER"},
		{`name eq`, nil, "INVALID_FILTER"},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			t.Parallel()
			c := c.with(t)
			r := c.get("/environments?filter=" + q(tt.filter))
			if tt.detail != "" {
				require.Equal(t, http.StatusBadRequest, r.Status)
				assert.Equal(t, "INVALID_DATA", r.str("code"))
				assert.Equal(t, []string{tt.detail}, r.detailCodes())
				inner := r.Body["details"].([]any)[0].(map[string]any)["innerError"].(map[string]any)
				assert.Contains(t, inner["supportedAttributes"], "name")
				assert.Contains(t, inner["supportedOperators"], "sw")
				return
			}
			require.Equal(t, http.StatusOK, r.Status)
			var names []string
			for _, e := range r.items("environments") {
				names = append(names, str(e, "name"))
			}
			assert.Equal(t, tt.want, names)
			assert.Equal(t, float64(len(tt.want)), r.Body["count"])
		})
	}
}

func TestEnvironmentPaginationAndExpand(t *testing.T) {
	t.Parallel()
	c := newClient(t, WithPageSizeDefault(3))
	all, pages := c.walk("/environments", "environments")
	assert.Len(t, all, 4)
	assert.Equal(t, 2, pages, "the default page size")
	all, pages = c.walk("/environments?limit=1&filter="+q(`name sw "S"`), "environments")
	assert.Len(t, all, 2)
	assert.Equal(t, 2, pages)

	r := c.get("/environments/" + Demo().SandboxEnvironmentID + "?expand=billOfMaterials")
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "WORKFORCE", r.str("billOfMaterials.solutionType"))
	assert.Nil(t, c.get("/environments/" + Demo().SandboxEnvironmentID).Body["billOfMaterials"])

	assert.Equal(t, http.StatusBadRequest, c.get("/environments?limit=0").Status)
	assert.Equal(t, http.StatusBadRequest, c.get("/environments?limit=5001").Status)
	assert.Equal(t, http.StatusBadRequest, c.get("/environments?limit=ten").Status)
	assert.Equal(t, http.StatusBadRequest, c.get("/environments?cursor=garbage").Status)
}

func TestCreateEnvironment(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	lic := map[string]any{"id": Demo().LicenseID}
	tests := []struct {
		name   string
		body   map[string]any
		status int
		detail string
		target string
	}{
		{"ok", map[string]any{"name": "QA", "region": "EU", "type": "SANDBOX", "license": lic, "description": "qa", "subtype": "QA"}, 201, "", ""},
		{"ok with BOM", map[string]any{"name": "Dev2", "region": "AP", "type": "PRODUCTION", "license": lic, "billOfMaterials": map[string]any{"products": []any{map[string]any{"type": "PING_ONE_MFA"}}, "solutionType": "CUSTOMER"}}, 201, "", ""},
		{"missing name", map[string]any{"region": "EU", "type": "SANDBOX", "license": lic}, 400, "REQUIRED_VALUE", "name"},
		{"missing license", map[string]any{"name": "x", "region": "EU", "type": "SANDBOX"}, 400, "REQUIRED_VALUE", "license"},
		{"bad region", map[string]any{"name": "x", "region": "MARS", "type": "SANDBOX", "license": lic}, 400, "INVALID_VALUE", "region"},
		{"bad type", map[string]any{"name": "x", "region": "EU", "type": "TEST", "license": lic}, 400, "INVALID_VALUE", "type"},
		{"bad product", map[string]any{"name": "x", "region": "EU", "type": "SANDBOX", "license": lic, "billOfMaterials": map[string]any{"products": []any{map[string]any{"type": "PING_ONE_TOASTER"}}}}, 400, "INVALID_VALUE", "billOfMaterials.products[0].type"},
		{"unknown license", map[string]any{"name": "x", "region": "EU", "type": "SANDBOX", "license": map[string]any{"id": "00000000-0000-4000-8000-000000000000"}}, 400, "INVALID_VALUE", "license.id"},
		{"duplicate name", map[string]any{"name": "sandbox", "region": "NA", "type": "SANDBOX", "license": lic}, 400, "UNIQUENESS_VIOLATION", "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := c.with(t)
			r := c.do("POST", "/environments", tt.body)
			require.Equal(t, tt.status, r.Status, string(r.Raw))
			if tt.detail != "" {
				assert.Equal(t, "INVALID_DATA", r.str("code"))
				d := r.Body["details"].([]any)[0].(map[string]any)
				assert.Equal(t, tt.detail, d["code"])
				assert.Equal(t, tt.target, d["target"])
				return
			}
			id := r.str("id")
			assert.Regexp(t, reUUID, id)
			assert.Equal(t, c.s.APIURL()+"/environments/"+id, r.Header.Get("Location"))
			assert.Equal(t, "ACTIVE", r.str("status"))
			assert.Equal(t, Demo().OrganizationID, r.str("organization.id"))
			pops := c.get(env(id, "populations")).items("populations")
			require.Len(t, pops, 1, "a new environment has a default population")
			assert.Equal(t, true, pops[0]["default"])
			assert.NotEmpty(t, c.get(env(id, "billOfMaterials")).Body["products"])
		})
	}
}

func TestReplaceAndDeleteEnvironment(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := "/environments/" + Demo().SandboxEnvironmentID

	r := c.do("PUT", sb, map[string]any{"name": "Sandbox 2", "region": "NA", "type": "SANDBOX"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "Sandbox 2", r.str("name"))
	assert.Nil(t, r.Body["description"], "PUT is a full replace")
	assert.Equal(t, Demo().LicenseID, r.str("license.id"), "license kept when omitted")

	r = c.do("PUT", sb, map[string]any{"name": "Sandbox 2", "region": "EU", "type": "SANDBOX"})
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, r.Body["details"].([]any)[0].(map[string]any)["message"], "immutable")

	r = c.do("PUT", sb, map[string]any{"name": "Production", "region": "NA", "type": "SANDBOX"})
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION"}, r.detailCodes())
	r = c.do("PUT", sb, map[string]any{"region": "NA", "type": "SANDBOX"})
	assert.Equal(t, []string{"REQUIRED_VALUE"}, r.detailCodes())
	r = c.do("PUT", "/environments/"+Demo().ProductionEnvironmentID, map[string]any{"name": "Production", "region": "NA", "type": "SANDBOX"})
	assert.Equal(t, http.StatusBadRequest, r.Status)

	// delete: SANDBOX directly; PRODUCTION only after DELETE_PENDING
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", "/environments/"+Demo().StagingEnvironmentID, nil).Status)
	assert.Equal(t, http.StatusNotFound, c.get("/environments/"+Demo().StagingEnvironmentID).Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(Demo().StagingEnvironmentID, "users")).Status)

	prod := "/environments/" + Demo().ProductionEnvironmentID
	r = c.do("DELETE", prod, nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, r.Body["details"].([]any)[0].(map[string]any)["message"], "DELETE_PENDING")
	r = c.do("PUT", prod, map[string]any{"name": "Production", "region": "NA", "type": "PRODUCTION", "status": "DELETE_PENDING"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.NotEmpty(t, r.str("softDeletedAt"))
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", prod, nil).Status)
}

func TestBillOfMaterials(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	path := env(Demo().StagingEnvironmentID, "billOfMaterials")
	r := c.get(path)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, "CUSTOMER", r.str("solutionType"))
	assert.NotEmpty(t, r.str("createdAt"))

	r = c.do("PUT", path, map[string]any{"products": []any{map[string]any{"type": "PING_ONE_BASE"}, map[string]any{"type": "PING_ONE_RISK", "console": map[string]any{"href": "https://console.example.com"}}}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	products := r.Body["products"].([]any)
	require.Len(t, products, 2)
	assert.Equal(t, "PING_ONE_RISK", products[1].(map[string]any)["type"])
	assert.Regexp(t, reUUID, products[1].(map[string]any)["id"])
	assert.Equal(t, "https://console.example.com", str(products[1].(map[string]any), "console.href"))

	for name, body := range map[string]any{
		"no products":       map[string]any{},
		"bad type":          map[string]any{"products": []any{map[string]any{"type": "NOPE"}}},
		"missing type":      map[string]any{"products": []any{map[string]any{}}},
		"bad solution":      map[string]any{"products": []any{}, "solutionType": "HOME"},
		"solution changed":  map[string]any{"products": []any{}, "solutionType": "WORKFORCE"},
		"products not list": map[string]any{"products": "PING_ONE_BASE"},
	} {
		r := c.do("PUT", path, body)
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, "INVALID_DATA", r.str("code"), name)
	}
	assert.Equal(t, http.StatusNotFound, c.get(env("00000000-0000-4000-8000-000000000000", "billOfMaterials")).Status)
}

func TestTotalIdentities(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 1, 15, 0, 0, 0, time.UTC)
	c := newClient(t, WithClock(func() time.Time { return now }))
	path := env(Demo().SandboxEnvironmentID, "totalIdentities") + "?filter="

	r := c.get(path + q(`startDate eq "2025-02-20T00:00:00Z" and endDate eq "2025-02-27T00:00:00Z"`))
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	items := r.items("totalIdentities")
	require.Len(t, items, 7)
	assert.Equal(t, float64(time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC).UnixMilli()), items[0]["date"])
	for _, it := range items {
		n := it["totalIdentities"].(float64)
		assert.Greater(t, n, float64(0))
		assert.LessOrEqual(t, n, float64(Demo().SandboxUserCount))
	}
	again := c.get(path + q(`startDate eq "2025-02-20T00:00:00Z" and endDate eq "2025-02-27T00:00:00Z"`))
	assert.Equal(t, string(r.Raw), string(again.Raw), "deterministic")

	// endDate omitted: up to today, today = current count
	r = c.get(path + q(`startDate eq "2025-02-27T00:00:00Z"`))
	require.Equal(t, http.StatusOK, r.Status)
	items = r.items("totalIdentities")
	require.Len(t, items, 3)
	assert.Equal(t, float64(Demo().SandboxUserCount), items[2]["totalIdentities"])

	// before the environment existed: zero
	r = c.get(path + q(`startDate eq "2024-12-01T00:00:00Z" and endDate eq "2024-12-03T00:00:00Z"`))
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, float64(0), r.items("totalIdentities")[0]["totalIdentities"])

	for _, bad := range []string{"", `startDate gt "2025-02-01T00:00:00Z"`, `endDate eq "2025-02-01T00:00:00Z"`,
		`startDate eq "yesterday"`, `startDate eq "2025-02-01T00:00:00Z" or endDate eq "2025-02-02T00:00:00Z"`,
		`startDate eq "2025-02-01T00:00:00Z" and foo eq "x"`, `startDate eq "2025-02-03T00:00:00Z" and endDate eq "2025-02-01T00:00:00Z"`,
		`startDate eq "2019-01-01T00:00:00Z"`, `(((`} {
		r := c.get(path + q(bad))
		assert.Equal(t, http.StatusBadRequest, r.Status, bad)
		assert.Equal(t, "INVALID_DATA", r.str("code"), bad)
	}
	r = c.get(path + q(`startDate gt "2025-02-01T00:00:00Z"`))
	assert.Equal(t, []string{"INVALID_FILTER"}, r.detailCodes())
}

func TestOrganizations(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	r := c.get("/organizations")
	require.Equal(t, http.StatusOK, r.Status)
	orgs := r.items("organizations")
	require.Len(t, orgs, 1)
	assert.Equal(t, "Demo Organization", orgs[0]["name"])
	assert.Equal(t, "PAID", orgs[0]["type"])
	assert.Equal(t, http.StatusOK, c.get("/organizations/"+Demo().OrganizationID).Status)
	assert.Equal(t, http.StatusNotFound, c.get("/organizations/"+Demo().LicenseID).Status)
	lic := c.get("/organizations/" + Demo().OrganizationID + "/licenses").items("licenses")
	require.Len(t, lic, 1)
	assert.Equal(t, float64(4), lic[0]["assignedEnvironmentsCount"])
	assert.Equal(t, http.StatusNotFound, c.get("/organizations/"+Demo().OrganizationID+"/licenses/"+Demo().OrganizationID).Status)
	assert.Equal(t, http.StatusMethodNotAllowed, c.do("POST", "/organizations", map[string]any{}).Status)
}
