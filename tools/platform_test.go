package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func TestOrganizationTools(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	demo := pingonetest.Demo()

	out, terr := call(t, tk, "list_organizations", map[string]any{})
	require.Nil(t, terr)
	orgs := out["organizations"].([]any)
	require.Len(t, orgs, 1)
	assert.Equal(t, demo.OrganizationID, orgs[0].(map[string]any)["id"])

	out, terr = call(t, tk, "list_licenses", map[string]any{"organizationId": demo.OrganizationID})
	require.Nil(t, terr)
	lic := out["licenses"].([]any)[0].(map[string]any)
	assert.Equal(t, demo.LicenseID, lic["id"])
	assert.Equal(t, "ACTIVE", lic["status"])
	assert.Positive(t, lic["assignedEnvironmentsCount"], "the demo environments use the license")

	out, terr = call(t, tk, "get_license", map[string]any{"organizationId": demo.OrganizationID, "licenseId": demo.LicenseID})
	require.Nil(t, terr)
	assert.NotNil(t, out["license"].(map[string]any)["environments"], "the limits PingOne returns are kept")

	_, terr = call(t, tk, "get_organization", map[string]any{"organizationId": "00000000-0000-4000-8000-000000000000"})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)
}

func TestDeleteEnvironment(t *testing.T) {
	t.Parallel()
	demo := pingonetest.Demo()
	tk, _ := writeKit(t)

	out, terr := call(t, tk, "create_environment", map[string]any{"name": "Doomed", "region": "NA", "license": map[string]any{"id": demo.LicenseID}})
	require.Nil(t, terr)
	id := out["environment"].(map[string]any)["id"].(string)

	_, terr = call(t, tk, "delete_environment", map[string]any{"environmentId": id})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	out, terr = call(t, tk, "delete_environment", map[string]any{"environmentId": id, "confirm": "Doomed"})
	require.Nil(t, terr)
	assert.Equal(t, true, out["deleted"])
	_, terr = call(t, tk, "get_environment", map[string]any{"environmentId": id})
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)

	// PRODUCTION: the guard refuses, and with production writes allowed
	// PingOne still does until the status is DELETE_PENDING.
	prod := map[string]any{"environmentId": demo.ProductionEnvironmentID, "confirm": demo.ProductionEnvironmentID}
	_, terr = call(t, tk, "delete_environment", prod)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindDenied, terr.Kind)
	assert.Contains(t, terr.Error(), "PRODUCTION")

	open, _ := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}, AllowProductionWrites: true})
	_, terr = call(t, open, "delete_environment", prod)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindAPI, terr.Kind)
	assert.Contains(t, terr.Error(), "DELETE_PENDING")
}
