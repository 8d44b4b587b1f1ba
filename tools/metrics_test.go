package tools_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func TestActiveIdentityCountsTool(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{})
	env := pingonetest.Demo().SandboxEnvironmentID
	require.NoError(t, srv.SignOn(env, "jdoe", "Demo-Passw0rd!"))

	out, te := call(t, tk, "get_active_identity_counts", map[string]any{"environmentId": env, "since": "72h", "newestFirst": true, "limit": 2})
	require.Nil(t, te, "%v", te)
	days := out["activeIdentityCounts"].([]any)
	require.Len(t, days, 2)
	today := days[0].(map[string]any)
	assert.Equal(t, float64(1), today["value"], "jdoe signed on today")
	assert.Regexp(t, `T00:00:00Z$`, today["startDate"], "an age counts whole days")
	assert.Equal(t, "DAY", today["samplePeriod"])

	out, te = call(t, tk, "get_active_identity_counts", map[string]any{"environmentId": env})
	require.Nil(t, te, "%v", te)
	assert.Len(t, out["activeIdentityCounts"], 30, "30 days by default")
	out, te = call(t, tk, "get_active_identity_counts", map[string]any{"environmentId": env, "samplePeriod": "MONTH"})
	require.Nil(t, te, "%v", te)
	assert.Len(t, out["activeIdentityCounts"], 12, "12 months by default")

	for args, want := range map[string]string{
		`{"since":"tomorrow"}`:    `argument "since" must be`,
		`{"since":"2099-01-01"}`:  "must be in the past",
		`{"samplePeriod":"WEEK"}`: "samplePeriod",
		`{"limit":500}`:           "limit",
	} {
		var extra map[string]any
		require.NoError(t, json.Unmarshal([]byte(args), &extra))
		extra["environmentId"] = env
		_, te := call(t, tk, "get_active_identity_counts", extra)
		require.NotNil(t, te, args)
		assert.Equal(t, tools.KindInvalidArguments, te.Kind, args)
		assert.Contains(t, te.Message, want, args)
	}
}
