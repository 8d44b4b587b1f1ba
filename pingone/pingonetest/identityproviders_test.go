package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each provider type is refused without the members its variant requires,
// and keeps its type.
func TestIdentityProviderTypes(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	coll := env(dm.SandboxEnvironmentID, "identityProviders")
	for typ, want := range map[string][]string{
		"FACEBOOK":       {"appId", "appSecret"},
		"GOOGLE":         {"clientId", "clientSecret"},
		"GITHUB":         {"clientId", "clientSecret"},
		"MICROSOFT":      {"clientId", "clientSecret"},
		"APPLE":          {"clientId", "clientSecretSigningKey", "keyId", "teamId"},
		"PAYPAL":         {"clientId", "clientSecret", "clientEnvironment"},
		"OPENID_CONNECT": {"authorizationEndpoint", "clientId", "clientSecret", "issuer", "jwksEndpoint", "tokenEndpoint", "tokenEndpointAuthMethod", "scopes"},
		"SAML":           {"idpEntityId", "spEntityId", "ssoBinding", "ssoEndpoint", "idpVerification"},
	} {
		r := c.do(http.MethodPost, coll, map[string]any{"name": "Bare " + typ, "enabled": true, "type": typ})
		require.Equal(t, http.StatusBadRequest, r.Status, typ)
		var pairs []string
		for _, m := range want {
			pairs = append(pairs, detailRequired+" "+m)
		}
		assert.ElementsMatch(t, pairs, detailPairs(r), typ)
	}
	saml := c.do(http.MethodPost, coll, map[string]any{"name": "Partner", "enabled": true, "type": "SAML", "idpEntityId": "urn:idp", "spEntityId": "urn:sp",
		"ssoBinding": "HTTP_POST", "ssoEndpoint": "https://idp.example.com/sso", "idpVerification": map[string]any{"certificates": []any{map[string]any{"id": unknownID}}}})
	require.Equal(t, http.StatusCreated, saml.Status, string(saml.Raw))
	bad := c.do(http.MethodPost, coll, map[string]any{"name": "Pal", "enabled": true, "type": "PAYPAL", "clientId": "c", "clientSecret": "s", "clientEnvironment": "prod"})
	assert.Equal(t, []string{detailInvalidValue + " clientEnvironment"}, detailPairs(bad))

	retype := c.do(http.MethodPut, coll+"/"+dm.SandboxGoogleIdPID, map[string]any{"name": "Google", "enabled": true, "type": "GITHUB", "clientId": "c", "clientSecret": "s"})
	require.Equal(t, http.StatusBadRequest, retype.Status)
	assert.Equal(t, []string{detailInvalidValue + " type"}, detailPairs(retype))
	assert.Equal(t, "GOOGLE", c.get(coll+"/"+dm.SandboxGoogleIdPID).str("type"))
}

// A provider's attribute mappings: the CORE username mapping every provider
// gets, the user attributes a mapping may write, the placeholders its type
// allows, the rules of CORE mappings, one mapping per attribute, and the
// cascade when the provider goes.
func TestIdentityProviderAttributes(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	mappings := env(sb, "identityProviders", dm.SandboxOIDCIdPID, "attributes")

	seeded := c.get(mappings)
	require.Equal(t, http.StatusOK, seeded.Status, string(seeded.Raw))
	assert.Equal(t, []string{dm.SandboxOIDCIdPUsernameMappingID, dm.SandboxOIDCIdPEmailMappingID}, ids(seeded.items("attributes")))
	core := c.get(mappings + "/" + dm.SandboxOIDCIdPUsernameMappingID)
	assert.Equal(t, "CORE", core.str("mappingType"))
	assert.Equal(t, "${providerAttributes.sub}", core.str("value"))
	assert.Equal(t, dm.SandboxOIDCIdPID, core.str("identityProvider.id"))
	assert.Equal(t, c.s.APIURL()+env(sb, "identityProviders", dm.SandboxOIDCIdPID), core.str("_links.identityProvider.href"))

	// A new provider gets its CORE username mapping, of its type.
	saml := c.mk(env(sb, "identityProviders"), map[string]any{"name": "Partner", "enabled": true, "type": "SAML", "idpEntityId": "urn:idp",
		"spEntityId": "urn:sp", "ssoBinding": "HTTP_POST", "ssoEndpoint": "https://idp.example.com/sso",
		"idpVerification": map[string]any{"certificates": []any{map[string]any{"id": dm.SandboxSigningCertificateID}}}})
	samlMappings := env(sb, "identityProviders", saml, "attributes")
	made := c.get(samlMappings).items("attributes")
	require.Len(t, made, 1)
	assert.Equal(t, map[string]any{"name": "username", "value": "${samlAssertion.subject}", "update": "EMPTY_ONLY", "mappingType": "CORE"},
		map[string]any{"name": made[0]["name"], "value": made[0]["value"], "update": made[0]["update"], "mappingType": made[0]["mappingType"]})

	for _, tc := range []struct {
		coll string
		body map[string]any
		want []string
	}{
		{mappings, map[string]any{"name": "title", "value": "${providerAttributes.jobTitle}"}, []string{detailRequired + " update"}},
		{mappings, map[string]any{"name": "title", "value": "${providerAttributes.jobTitle}", "update": "SOMETIMES"}, []string{detailInvalidValue + " update"}},
		{mappings, map[string]any{"name": "enabled", "value": "${providerAttributes.active}", "update": "ALWAYS"}, []string{detailInvalidValue + " name"}},
		{mappings, map[string]any{"name": "name", "value": "${providerAttributes.name}", "update": "ALWAYS"}, []string{detailInvalidValue + " name"}},
		{mappings, map[string]any{"name": "name.nick", "value": "${providerAttributes.name}", "update": "ALWAYS"}, []string{detailInvalidValue + " name"}},
		{mappings, map[string]any{"name": "title", "value": "jobTitle", "update": "ALWAYS"}, []string{detailInvalidValue + " value"}},
		{mappings, map[string]any{"name": "title", "value": "${providerAttributes.job title}", "update": "ALWAYS"}, []string{detailInvalidValue + " value"}},
		{mappings, map[string]any{"name": "title", "value": "${samlAssertion.title}", "update": "ALWAYS"}, []string{detailInvalidValue + " value"}},
		{mappings, map[string]any{"name": "title", "value": "${providerAttributes.title}", "update": "ALWAYS", "mappingType": "CORE"}, []string{detailInvalidValue + " mappingType"}},
		{mappings, map[string]any{"name": "email", "value": "${providerAttributes.mail}", "update": "ALWAYS"}, []string{detailUniqueness + " name"}},
	} {
		r := c.do(http.MethodPost, tc.coll, tc.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%v: %s", tc.body, r.Raw)
		assert.Equal(t, tc.want, detailPairs(r), "%v", tc.body)
	}
	// The same attribute may be mapped by another provider; SAML takes assertion placeholders.
	title := c.mk(samlMappings, map[string]any{"name": "title", "value": "${samlAssertion.title}", "update": "ALWAYS"})
	assert.Equal(t, "CUSTOM", c.get(samlMappings+"/"+title).str("mappingType"))
	custom := c.mk(samlMappings, map[string]any{"name": "employeeNumber", "value": "Staff ${samlAssertion.employeeId}", "update": "EMPTY_ONLY"})

	// CORE: the value changes, the name and update rule do not, and it stays.
	coreItem := samlMappings + "/" + made[0]["id"].(string)
	ok := c.do(http.MethodPut, coreItem, map[string]any{"name": "username", "value": "${samlAssertion.uid}", "update": "EMPTY_ONLY"})
	require.Equal(t, http.StatusOK, ok.Status, string(ok.Raw))
	assert.Equal(t, "CORE", ok.str("mappingType"))
	for _, body := range []map[string]any{
		{"name": "email", "value": "${samlAssertion.uid}", "update": "EMPTY_ONLY"},
		{"name": "username", "value": "${samlAssertion.uid}", "update": "ALWAYS"},
		{"name": "username", "value": "${samlAssertion.uid}", "update": "EMPTY_ONLY", "mappingType": "CUSTOM"},
	} {
		r := c.do(http.MethodPut, coreItem, body)
		assert.Equal(t, http.StatusBadRequest, r.Status, "%v: %s", body, r.Raw)
	}
	del := c.do(http.MethodDelete, coreItem, nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Equal(t, []string{detailConstraint}, del.detailCodes())

	// The mappings go with their provider.
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "identityProviders", saml), nil).Status)
	for _, id := range []string{made[0]["id"].(string), title, custom} {
		assert.False(t, c.stored(keyIdentityProviderAttributes, saml, id), id)
	}
	assert.Equal(t, http.StatusNotFound, c.get(samlMappings).Status)
}
