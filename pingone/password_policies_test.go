package pingone_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const passwordPolicyJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/passwordPolicies/pp-1"}},
 "id":"pp-1","environment":{"id":"env-1"},"name":"Standard","description":"A standard policy","default":true,
 "excludesCommonlyUsed":true,"excludesProfileData":true,"notSimilarToCurrent":true,
 "history":{"count":6,"retentionDays":365},"length":{"min":8,"max":255},
 "lockout":{"failureCount":5,"durationSeconds":900},
 "minCharacters":{"ABCDEFGHIJKLMNOPQRSTUVWXYZ":1,"abcdefghijklmnopqrstuvwxyz":1,"0123456789":1,"~!@#$%^&*()-_=+[]{}|;:,.<>/?":1},
 "maxAgeDays":182,"minAgeDays":1,"maxRepeatedCharacters":2,"minUniqueCharacters":5,"populationCount":2,
 "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z","qwertySequenceRule":{"maxLength":3}}`

func checkPasswordPolicy(t *testing.T, p *pingone.PasswordPolicy) {
	t.Helper()
	assert.Equal(t, "pp-1", p.ID)
	assert.Equal(t, "env-1", p.Environment.ID)
	assert.Equal(t, "Standard", p.Name)
	assert.Equal(t, pingone.Ptr(true), p.Default)
	assert.True(t, p.ExcludesCommonlyUsed && p.ExcludesProfileData && p.NotSimilarToCurrent)
	require.NotNil(t, p.History)
	assert.Equal(t, pingone.Ptr(6), p.History.Count)
	require.NotNil(t, p.Length)
	assert.Equal(t, pingone.Ptr(8), p.Length.Min)
	require.NotNil(t, p.Lockout)
	assert.Equal(t, pingone.Ptr(5), p.Lockout.FailureCount)
	assert.Equal(t, pingone.Ptr(900), p.Lockout.DurationSeconds)
	assert.Equal(t, 1, p.MinCharacters[pingone.PasswordClassSpecial])
	assert.Equal(t, pingone.Ptr(2), p.PopulationCount)
	assert.NotNil(t, p.CreatedAt)
	assert.Contains(t, p.Extra, "qwertySequenceRule")
}

// TestPasswordPolicyRequiredFlagsAreSent: PingOne requires the three
// booleans, so a false one is sent rather than dropped.
func TestPasswordPolicyRequiredFlagsAreSent(t *testing.T) {
	t.Parallel()
	c, fk := newClient(t)
	fk.on("POST", "/environments/env-1/passwordPolicies", ok(passwordPolicyJSON))
	_, err := c.PasswordPolicies.Create(t.Context(), "env-1", &pingone.PasswordPolicy{Name: "Loose"})
	require.NoError(t, err)
	body := decodeObject(t, string(fk.last().Body))
	assert.Equal(t, false, body["excludesCommonlyUsed"])
	assert.Equal(t, false, body["excludesProfileData"])
	assert.Equal(t, false, body["notSimilarToCurrent"])
	assert.NotContains(t, body, "populationCount")
}

// TestPolicyRefusalSaysWhatFailed: the error a model reads names each
// requirement the password failed.
func TestPolicyRefusalSaysWhatFailed(t *testing.T) {
	t.Parallel()
	c, fk := newClient(t)
	fk.on("PUT", "/environments/env-1/users/u-1/password", reply{status: 400, body: `{"code":"INVALID_DATA","message":"m",
		"details":[{"code":"INVALID_VALUE","target":"value","message":"User password did not satisfy password policy requirements",
		"innerError":{"minCharacters":"needs 1 of 0123456789","length":"too short"}}]}`})
	err := c.Users.SetPassword(t.Context(), "env-1", "u-1", "weak", false)
	assert.ErrorContains(t, err, "(length: too short) (minCharacters: needs 1 of 0123456789)]")
}
