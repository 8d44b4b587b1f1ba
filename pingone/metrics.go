package pingone

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ActiveIdentityCount is the number of identities active in an environment
// over one sample period, from StartDate to EndDate (the last period ends
// now).
type ActiveIdentityCount struct {
	StartDate *time.Time `json:"startDate,omitempty"`
	EndDate   *time.Time `json:"endDate,omitempty"`
	// Value is the count of active identities in the period.
	Value int `json:"value"`
	// SamplePeriod is DAY or MONTH.
	SamplePeriod string `json:"samplePeriod,omitempty"`
	// Extra keeps members this type does not name (cumulative, …).
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (a *ActiveIdentityCount) UnmarshalJSON(data []byte) error {
	return unmarshalKeep(data, a, &a.Extra)
}

// MarshalJSON writes Extra back.
func (a ActiveIdentityCount) MarshalJSON() ([]byte, error) { return marshalKeep(&a, a.Extra) }

// The sample periods of ActiveIdentityCounts.
const (
	SamplePeriodDay   = "DAY"
	SamplePeriodMonth = "MONTH"
)

// ActiveIdentityCountsOptions says which periods ActiveIdentityCounts returns.
type ActiveIdentityCountsOptions struct {
	// Since is where the first period starts (required); they run to now.
	Since time.Time
	// SamplePeriod is SamplePeriodDay (PingOne's default when empty) or SamplePeriodMonth.
	SamplePeriod string
	// Limit is how many periods one answer holds (1 to 100); 0 leaves PingOne's default.
	Limit int
	// Newest first instead of oldest first.
	Newest bool
}

// ActiveIdentityCounts returns the counts of identities active in an
// environment per day or month from opts.Since to now:
// GET /environments/{envID}/metrics/activeIdentityCounts. The operation
// takes a limit and no cursor: for later periods, move Since forward (or
// ask for the newest first).
func (s *EnvironmentsService) ActiveIdentityCounts(ctx context.Context, envID string, opts ActiveIdentityCountsOptions) ([]*ActiveIdentityCount, error) {
	if opts.Since.IsZero() {
		return nil, errors.New("pingone: ActiveIdentityCounts: Since is required")
	}
	p, err := s.path("ActiveIdentityCounts", envID)
	if err != nil {
		return nil, err
	}
	q := url.Values{"filter": {`startDate ge "` + opts.Since.UTC().Format(time.RFC3339) + `"`}}
	if opts.SamplePeriod != "" {
		q.Set("samplePeriod", opts.SamplePeriod)
	}
	if opts.Limit > 0 {
		q.Set("limit", strconv.Itoa(opts.Limit))
	}
	if opts.Newest {
		q.Set("order", "-startDate")
	}
	page, err := fetchPage[*ActiveIdentityCount](ctx, s.c, request{method: http.MethodGet, segs: append(p, "metrics", "activeIdentityCounts"), query: q}, "activeIdentityCounts")
	if err != nil {
		return nil, err
	}
	return page.Items, nil
}
