package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// An identity provider's attribute mappings through the tools: an update
// keeps what it does not name, a delete confirms with the provider's name,
// and PingOne's refusals (the CORE mapping, a taken attribute) reach the
// caller with what to fix.
func TestIdentityProviderAttributeTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	at := map[string]any{"environmentId": d.SandboxEnvironmentID, "identityProviderId": d.SandboxOIDCIdPID}
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for k, v := range at {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}

	out, terr := call(t, tk, "list_identity_provider_attributes", at)
	require.Nil(t, terr)
	rows := out["attributes"].([]any)
	require.Len(t, rows, 2)
	assert.Equal(t, "CORE", rows[0].(map[string]any)["mappingType"])

	out, terr = call(t, tk, "create_identity_provider_attribute", with("name", "title", "value", "${providerAttributes.job_title}", "update", "ALWAYS"))
	require.Nil(t, terr)
	made := out["attribute"].(map[string]any)
	assert.Equal(t, "CUSTOM", made["mappingType"])
	id := made["id"].(string)

	out, terr = call(t, tk, "update_identity_provider_attribute", with("attributeId", id, "update", "EMPTY_ONLY"))
	require.Nil(t, terr)
	assert.Equal(t, "${providerAttributes.job_title}", out["attribute"].(map[string]any)["value"], "the value is kept")
	assert.Equal(t, "EMPTY_ONLY", out["attribute"].(map[string]any)["update"])

	_, terr = call(t, tk, "create_identity_provider_attribute", with("name", "title", "value", "${providerAttributes.title}", "update", "ALWAYS"))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "title")

	_, terr = call(t, tk, "delete_identity_provider_attribute", with("attributeId", id))
	require.NotNil(t, terr)
	require.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	assert.Contains(t, terr.Message, "Corporate IdP")
	_, terr = call(t, tk, "delete_identity_provider_attribute", with("attributeId", id, "confirm", "Corporate IdP"))
	require.Nil(t, terr)

	_, terr = call(t, tk, "delete_identity_provider_attribute", with("attributeId", d.SandboxOIDCIdPUsernameMappingID, "confirm", "Corporate IdP"))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "CORE")
	_, terr = call(t, tk, "update_identity_provider_attribute", with("attributeId", d.SandboxOIDCIdPUsernameMappingID, "name", "nickname"))
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "cannot change")
}

// A population's default identity provider through the tools: named, set
// only with confirmation, refused for a provider that does not exist, and
// reset to PingOne's directory.
func TestPopulationDefaultIdentityProviderTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	d := pingonetest.Demo()
	at := map[string]any{"environmentId": d.SandboxEnvironmentID, "populationId": d.SandboxContractorsPopulationID}

	out, terr := call(t, tk, "get_population_default_identity_provider", at)
	require.Nil(t, terr)
	assert.Equal(t, map[string]any{"type": "PING_ONE"}, out["defaultIdentityProvider"])

	set := map[string]any{"identityProviderId": d.SandboxGoogleIdPID}
	for k, v := range at {
		set[k] = v
	}
	_, terr = call(t, tk, "set_population_default_identity_provider", set)
	require.NotNil(t, terr)
	require.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	assert.Contains(t, terr.Message, "Contractors")
	set["confirm"] = "Contractors"
	out, terr = call(t, tk, "set_population_default_identity_provider", set)
	require.Nil(t, terr)
	assert.Equal(t, map[string]any{"id": d.SandboxGoogleIdPID, "type": "GOOGLE", "name": "Google"}, out["defaultIdentityProvider"])

	set["identityProviderId"] = d.ProductionFacebookIdPID
	_, terr = call(t, tk, "set_population_default_identity_provider", set)
	require.NotNil(t, terr)
	assert.Contains(t, terr.Message, "does not exist in this environment")

	delete(set, "identityProviderId")
	out, terr = call(t, tk, "set_population_default_identity_provider", set)
	require.Nil(t, terr)
	assert.Equal(t, map[string]any{"type": "PING_ONE"}, out["defaultIdentityProvider"])
}
