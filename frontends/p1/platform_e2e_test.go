package main

import (
	"testing"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// TestProcessMCPPlatformErrors calls the organisation and environment
// deletion tools with arguments that fail, on the built binary: unknown
// ids are PingOne's 404, and a PRODUCTION environment is refused by the
// production guard before any request.
func TestProcessMCPPlatformErrors(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	const unknown = "00000000-0000-4000-8000-000000000000"
	checkMCPErrors(t, []errorCall{
		{"get_organization", map[string]any{"organizationId": unknown}, "NOT_FOUND"},
		{"list_licenses", map[string]any{"organizationId": unknown}, "NOT_FOUND"},
		{"get_license", map[string]any{"organizationId": d.OrganizationID, "licenseId": unknown}, "NOT_FOUND"},
		{"list_organizations", map[string]any{"limit": 0.5}, "limit"},
		{"delete_environment", map[string]any{"environmentId": d.ProductionEnvironmentID, "confirm": d.ProductionEnvironmentID}, "PRODUCTION"},
		{"delete_environment", map[string]any{"environmentId": unknown, "confirm": unknown}, "NOT_FOUND"},
	})
}
