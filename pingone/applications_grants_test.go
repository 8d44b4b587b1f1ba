package pingone_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/p1kit/p1kit/pingone"
)

const scopeJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/resources/u-1/scopes/sc-1"}},
 "id":"sc-1","environment":{"id":"env-1"},"resource":{"id":"u-1"},"name":"p1:read:user:hr","description":"HR fields",
 "schemaAttributes":["name.given","email"],"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z",
 "futureMember":"kept"}`

func checkScope(t *testing.T, s *pingone.ResourceScope) {
	t.Helper()
	assert.Equal(t, "sc-1", s.ID)
	assert.Equal(t, "u-1", s.Resource.ID)
	assert.Equal(t, "p1:read:user:hr", s.Name)
	assert.Equal(t, "HR fields", s.Description)
	assert.Equal(t, []string{"name.given", "email"}, s.SchemaAttributes)
	assert.NotNil(t, s.UpdatedAt)
}

const grantJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/applications/u-1/grants/g-1"}},
 "id":"g-1","application":{"id":"u-1"},"resource":{"id":"res-1"},"scopes":[{"id":"sc-1"},{"id":"sc-2"}],
 "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z","futureMember":"kept"}`

func checkGrant(t *testing.T, g *pingone.ApplicationGrant) {
	t.Helper()
	assert.Equal(t, "g-1", g.ID)
	assert.Equal(t, "u-1", g.Application.ID)
	assert.Equal(t, "res-1", g.Resource.ID)
	assert.Equal(t, []pingone.ObjectRef{{ID: "sc-1"}, {ID: "sc-2"}}, g.Scopes)
}

const attributeMappingJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/applications/u-1/attributes/m-1"}},
 "id":"m-1","application":{"id":"u-1"},"name":"email","value":"${user.email}","required":false,"mappingType":"CUSTOM",
 "idToken":true,"userInfo":false,"oidcScopes":["sc-1"],"createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z",
 "futureMember":"kept"}`

func checkAttributeMapping(t *testing.T, m *pingone.AttributeMapping) {
	t.Helper()
	assert.Equal(t, "m-1", m.ID)
	assert.Equal(t, "u-1", m.Application.ID)
	assert.Equal(t, "email", m.Name)
	assert.Equal(t, "${user.email}", m.Value)
	assert.False(t, m.Required)
	assert.Equal(t, pingone.MappingTypeCustom, m.MappingType)
	assert.Equal(t, pingone.Ptr(true), m.IDToken)
	assert.Equal(t, pingone.Ptr(false), m.UserInfo)
	assert.Equal(t, []string{"sc-1"}, m.OIDCScopes)
}
