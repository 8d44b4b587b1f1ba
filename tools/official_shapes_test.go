package tools_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestOfficialOutputShapes: the official server's tools answer in its
// shapes (P1-TOOLS.md), so its users' prompts and scripts keep working.
func TestOfficialOutputShapes(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	env := pingonetest.Demo().SandboxEnvironmentID

	// {services}: the bill of materials object, not its products flattened.
	out, te := call(t, tk, "get_environment_services", map[string]any{"environmentId": env})
	require.Nil(t, te)
	services, ok := out["services"].(map[string]any)
	require.True(t, ok, "services is the bill of materials object: %v", out)
	products, ok := services["products"].([]any)
	require.True(t, ok)
	assert.NotEmpty(t, products)
	assert.Contains(t, products[0], "type")

	// {totalIdentitiesReport: [{date, totalIdentities}]}, date a string.
	start := time.Now().UTC().AddDate(0, 0, -3).Truncate(24 * time.Hour)
	out, te = call(t, tk, "get_total_identities_by_environment", map[string]any{
		"environmentId": env, "startDate": start.Format(time.RFC3339)})
	require.Nil(t, te)
	report := out["totalIdentitiesReport"].([]any)
	require.NotEmpty(t, report)
	for _, r := range report {
		day := r.(map[string]any)
		date, ok := day["date"].(string)
		require.True(t, ok, "date is a string: %v", day)
		at, err := time.Parse(time.RFC3339, date)
		require.NoError(t, err)
		assert.False(t, at.Before(start), "%s is in the period asked", date)
		assert.IsType(t, float64(0), day["totalIdentities"])
	}
}
