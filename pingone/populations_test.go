package pingone_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

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
