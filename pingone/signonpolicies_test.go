package pingone_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const signOnPolicyJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/signOnPolicies/sop-1"}},
 "id":"sop-1","environment":{"id":"env-1"},"name":"Single_Factor","description":"Username and password","default":true,
 "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z","futureMember":{"kept":true}}`

func checkSignOnPolicy(t *testing.T, p *pingone.SignOnPolicy) {
	t.Helper()
	assert.Equal(t, "sop-1", p.ID)
	assert.Equal(t, "env-1", p.Environment.ID)
	assert.Equal(t, "Single_Factor", p.Name)
	assert.Equal(t, "Username and password", p.Description)
	assert.Equal(t, pingone.Ptr(true), p.Default)
	assert.NotNil(t, p.CreatedAt)
	assert.NotNil(t, p.UpdatedAt)
}

const signOnPolicyActionJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/signOnPolicies/u-1/actions/act-1"}},
 "id":"act-1","environment":{"id":"env-1"},"signOnPolicy":{"id":"u-1"},"type":"PROGRESSIVE_PROFILING","priority":2,
 "condition":{"secondsSince":"${session.lastSignOn.withAuthenticator.pwd.at}","greater":3600},
 "attributes":[{"name":"address.postalCode","required":true}],"preventMultiplePromptsPerFlow":true,
 "promptIntervalSeconds":86400,"promptText":"Tell us more","registration":{"enabled":false}}`

func checkSignOnPolicyAction(t *testing.T, a *pingone.SignOnPolicyAction) {
	t.Helper()
	assert.Equal(t, "act-1", a.ID)
	assert.Equal(t, "u-1", a.SignOnPolicy.ID)
	assert.Equal(t, pingone.ActionTypeProgressiveProfiling, a.Type)
	assert.Equal(t, 2, a.Priority)
	assert.JSONEq(t, `3600`, string(a.Condition["greater"]))
	assert.Equal(t, []pingone.ProfilingAttribute{{Name: "address.postalCode", Required: true}}, a.Attributes)
	assert.Equal(t, pingone.Ptr(true), a.PreventMultiplePromptsPerFlow)
	assert.Equal(t, pingone.Ptr(86400), a.PromptIntervalSeconds)
	assert.Equal(t, "Tell us more", a.PromptText)
}

const signOnPolicyAssignmentJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/applications/u-1/signOnPolicyAssignments/as-1"}},
 "id":"as-1","environment":{"id":"env-1"},"application":{"id":"u-1"},"signOnPolicy":{"id":"sop-1"},"priority":1,
 "futureMember":"kept"}`

func checkSignOnPolicyAssignment(t *testing.T, a *pingone.SignOnPolicyAssignment) {
	t.Helper()
	assert.Equal(t, "as-1", a.ID)
	assert.Equal(t, "u-1", a.Application.ID)
	assert.Equal(t, "sop-1", a.SignOnPolicy.ID)
	assert.Equal(t, 1, a.Priority)
}

// An action of another type keeps the members of its type through a
// read-modify-write, and the required ones of IDENTITY_PROVIDER are named.
func TestSignOnPolicyActionKeepsItsType(t *testing.T) {
	t.Parallel()
	in := `{"type":"IDENTITY_PROVIDER","priority":1,"identityProvider":{"id":"idp-1"},"acrValues":"Multi_Factor","passUserContext":true}`
	var a pingone.SignOnPolicyAction
	require.NoError(t, json.Unmarshal([]byte(in), &a))
	assert.Equal(t, "idp-1", a.IdentityProvider.ID)
	out, err := json.Marshal(a)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
	assert.Contains(t, pingone.SignOnPolicyActionTypes(), a.Type)
}
