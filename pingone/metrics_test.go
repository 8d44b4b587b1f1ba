package pingone_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

func TestActiveIdentityCounts(t *testing.T) {
	t.Parallel()
	c, fk := newClient(t)
	fk.on(http.MethodGet, "/environments/env-1/metrics/activeIdentityCounts", reply{status: 200, body: `{"_embedded":{"activeIdentityCounts":[
		{"startDate":"2026-05-01T00:00:00.000Z","endDate":"2026-06-01T00:00:00.000Z","value":12,"samplePeriod":"MONTH","cumulative":40}]}}`})
	since := time.Date(2026, 5, 1, 2, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	got, err := c.Environments.ActiveIdentityCounts(t.Context(), envID, pingone.ActiveIdentityCountsOptions{
		Since: since, SamplePeriod: pingone.SamplePeriodMonth, Limit: 12, Newest: true})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, 12, got[0].Value)
	assert.Equal(t, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), *got[0].EndDate)
	assert.Contains(t, got[0].Extra, "cumulative")
	q := fk.last().URL.Query()
	assert.Equal(t, `startDate ge "2026-05-01T00:00:00Z"`, q.Get("filter"))
	assert.Equal(t, "MONTH", q.Get("samplePeriod"))
	assert.Equal(t, "12", q.Get("limit"))
	assert.Equal(t, "-startDate", q.Get("order"))

	_, err = c.Environments.ActiveIdentityCounts(t.Context(), envID, pingone.ActiveIdentityCountsOptions{})
	assert.ErrorContains(t, err, "Since is required")
	_, err = c.Environments.ActiveIdentityCounts(t.Context(), "", pingone.ActiveIdentityCountsOptions{Since: since})
	assert.ErrorContains(t, err, "environmentID is empty")
}
