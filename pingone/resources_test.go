package pingone_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/p1kit/p1kit/pingone"
)

const apiResourceJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/resources/res-1"}},
 "id":"res-1","environment":{"id":"env-1"},"name":"Payroll API","description":"Payroll","type":"CUSTOM",
 "audience":"https://payroll.example.com","accessTokenValiditySeconds":3600,"introspectEndpointAuthMethod":"CLIENT_SECRET_BASIC",
 "clientSecret":"s3cr3t-s3cr3t","resource":{"id":"res-0"},"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z",
 "applicationPermissionsSettings":{"claimEnabled":true}}`

func checkAPIResource(t *testing.T, r *pingone.APIResource) {
	t.Helper()
	assert.Equal(t, "res-1", r.ID)
	assert.Equal(t, "env-1", r.Environment.ID)
	assert.Equal(t, "Payroll API", r.Name)
	assert.Equal(t, "Payroll", r.Description)
	assert.Equal(t, pingone.ResourceTypeCustom, r.Type)
	assert.Equal(t, "https://payroll.example.com", r.Audience)
	assert.Equal(t, pingone.Ptr(3600), r.AccessTokenValiditySeconds)
	assert.Equal(t, "CLIENT_SECRET_BASIC", r.IntrospectEndpointAuthMethod)
	assert.NotNil(t, r.CreatedAt)
	assert.Contains(t, r.Extra, "applicationPermissionsSettings")
}
