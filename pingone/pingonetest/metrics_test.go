package pingonetest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestActiveIdentityCounts(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	c := newClient(t, WithClock(func() time.Time { return now }))
	sb := Demo().SandboxEnvironmentID
	path := env(sb, "metrics", "activeIdentityCounts")

	// jdoe's seeded sign-on was 6 hours ago; one more now counts her once.
	require.NoError(t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"))
	r := c.get(path + "?filter=" + q(`startDate ge "2026-06-08T12:00:00Z"`))
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	days := r.items("activeIdentityCounts")
	require.Len(t, days, 2)
	assert.Equal(t, "2026-06-08T12:00:00.000Z", str(days[0], "startDate"))
	assert.Equal(t, "2026-06-09T12:00:00.000Z", str(days[0], "endDate"))
	assert.Equal(t, float64(0), days[0]["value"])
	assert.Equal(t, "2026-06-10T12:00:00.000Z", str(days[1], "endDate"), "the last period ends now")
	assert.Equal(t, float64(1), days[1]["value"])

	r = c.get(path + "?samplePeriod=MONTH&order=-startDate&limit=2&filter=" + q(`startDate ge "2025-01-01T00:00:00Z"`))
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	months := r.items("activeIdentityCounts")
	require.Len(t, months, 2, "limit")
	assert.Equal(t, "2026-06-01T00:00:00.000Z", str(months[0], "startDate"), "newest first")
	assert.Equal(t, "MONTH", str(months[0], "samplePeriod"))
	feb := c.get(path + "?samplePeriod=MONTH&limit=3&filter=" + q(`startDate ge "2025-01-01T00:00:00Z"`)).items("activeIdentityCounts")
	assert.Positive(t, feb[1]["value"], "the seeded users' last sign-ons fall in February 2025")

	for name, bad := range map[string]string{
		"no filter":      path,
		"wrong operator": path + "?filter=" + q(`startDate gt "2026-06-01T00:00:00Z"`),
		"future":         path + "?filter=" + q(`startDate ge "2027-01-01T00:00:00Z"`),
		"period":         path + "?samplePeriod=WEEK&filter=" + q(`startDate ge "2026-06-01T00:00:00Z"`),
		"order":          path + "?order=value&filter=" + q(`startDate ge "2026-06-01T00:00:00Z"`),
		"limit":          path + "?limit=101&filter=" + q(`startDate ge "2026-06-01T00:00:00Z"`),
		"cursor":         path + "?cursor=x&filter=" + q(`startDate ge "2026-06-01T00:00:00Z"`),
		"too long":       path + "?filter=" + q(`startDate ge "2020-01-01T00:00:00Z"`),
	} {
		assert.Equal(t, http.StatusBadRequest, c.get(bad).Status, name)
	}
	assert.Equal(t, http.StatusNotFound, c.get(env(unknownID, "metrics", "activeIdentityCounts")+"?filter="+q(`startDate ge "2026-06-01T00:00:00Z"`)).Status)
	assert.Equal(t, http.StatusMethodNotAllowed, c.do(http.MethodPost, path, map[string]any{}).Status)
}
