package pingone_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/p1kit/p1kit/pingone"
)

const identityProviderJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/identityProviders/idp-1"}},
 "id":"idp-1","environment":{"id":"env-1"},"name":"Corporate OIDC","enabled":true,"type":"OPENID_CONNECT",
 "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z",
 "clientId":"cid","clientSecret":"s3cr3t","issuer":"https://idp.example.com","authorizationEndpoint":"https://idp.example.com/authorize",
 "tokenEndpoint":"https://idp.example.com/token","jwksEndpoint":"https://idp.example.com/jwks","scopes":["openid","email"],
 "tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC","registration":{"population":{"id":"pop-1"}}}`

func checkIdentityProvider(t *testing.T, p *pingone.IdentityProvider) {
	t.Helper()
	assert.Equal(t, "idp-1", p.ID)
	assert.Equal(t, "env-1", p.Environment.ID)
	assert.Equal(t, "Corporate OIDC", p.Name)
	assert.True(t, p.Enabled)
	assert.Equal(t, pingone.IdPOpenIDConnect, p.Type)
	assert.Equal(t, "cid", p.ClientID)
	assert.Equal(t, "s3cr3t", p.ClientSecret)
	assert.Equal(t, []string{"openid", "email"}, p.Scopes)
	assert.Equal(t, "CLIENT_SECRET_BASIC", p.TokenEndpointAuthMethod)
	assert.Contains(t, pingone.IdentityProviderTypes(), p.Type)
}

const identityProviderAttributeJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/identityProviders/u-1/attributes/x-1"}},
 "id":"x-1","environment":{"id":"env-1"},"identityProvider":{"id":"u-1"},"name":"email","value":"${providerAttributes.email}",
 "update":"ALWAYS","mappingType":"CUSTOM","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z","futureMember":{"a":1}}`

func checkIdentityProviderAttribute(t *testing.T, a *pingone.IdentityProviderAttribute) {
	t.Helper()
	assert.Equal(t, "x-1", a.ID)
	assert.Equal(t, "u-1", a.IdentityProvider.ID)
	assert.Equal(t, "email", a.Name)
	assert.Equal(t, "${providerAttributes.email}", a.Value)
	assert.Equal(t, pingone.AttributeUpdateAlways, a.Update)
	assert.Equal(t, pingone.AttributeMappingCustom, a.MappingType)
}
