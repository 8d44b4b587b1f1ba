package tools

import (
	"context"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// Platform metrics beside the total identities of environments.go: how
// many identities were active, per day or month.

type activeIdentityCountsIn struct {
	envIn
	Since        string `json:"since,omitempty" jsonschema:"Where the first period starts: an RFC 3339 time, a date (2026-01-31) or an age such as 7d or 36h, counted from the start of that day (month); periods run from it to now. Default: the last 30 calendar days (UTC), or the last 12 months, the current one included."`
	SamplePeriod string `json:"samplePeriod,omitempty" jsonschema:"DAY (default) or MONTH: the length of each period."`
	Limit        int    `json:"limit,omitempty" jsonschema:"How many periods to return (1 to 100; default PingOne's). PingOne pages this list no further: for later periods move since forward, or ask for the newest first."`
	NewestFirst  bool   `json:"newestFirst,omitempty" jsonschema:"Return the newest periods first (order -startDate)."`
}

func (activeIdentityCountsIn) tuneSchema(s *jsonschema.Schema) {
	bounds(s, "limit", 1, 100)
	enum(s, "samplePeriod", pingone.SamplePeriodDay, pingone.SamplePeriodMonth)
}

type activeIdentityCountsOut struct {
	Since                time.Time                      `json:"since"`
	ActiveIdentityCounts []*pingone.ActiveIdentityCount `json:"activeIdentityCounts"`
}

func metricsTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "get_active_identity_counts", Title: "Active identity counts", Collection: "directory", Effect: Read,
			Description: "Reports how many identities were active in an environment (signed on) per day or per month, from since " +
				"to now: each period's startDate, endDate and value. For how many " +
				"identities exist, use get_total_identities_by_environment.",
		}, func(ctx context.Context, d Deps, in activeIdentityCountsIn) (activeIdentityCountsOut, error) {
			now := time.Now().UTC()
			// By default whole calendar days (months) in UTC, today's (this
			// month's) last: 30 days, or 12 months.
			def := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -29)
			if in.SamplePeriod == pingone.SamplePeriodMonth {
				def = time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -11, 0)
			}
			since, err := activityTime("since", in.Since, def, now)
			if err != nil {
				return activeIdentityCountsOut{}, err
			}
			if isAge(in.Since) { // 7d: from the start of that day (month), so that no period is cut short but today's
				since = periodStart(since, in.SamplePeriod)
			}
			if !since.Before(now) {
				return activeIdentityCountsOut{}, invalidArgs("argument \"since\" (%s) must be in the past: the periods run from it to now", since.Format(time.RFC3339))
			}
			counts, err := d.Client.Environments.ActiveIdentityCounts(ctx, in.EnvironmentID, pingone.ActiveIdentityCountsOptions{
				Since: since, SamplePeriod: in.SamplePeriod, Limit: in.Limit, Newest: in.NewestFirst})
			if err != nil {
				return activeIdentityCountsOut{}, err
			}
			return activeIdentityCountsOut{Since: since, ActiveIdentityCounts: orEmpty(counts)}, nil
		}),
	}
}

// isAge reports whether a since argument is an age (7d, 36h) rather than a
// time or a date.
func isAge(v string) bool {
	if v == "" {
		return false
	}
	_, errTime := time.Parse(time.RFC3339, v)
	_, errDate := time.Parse(time.DateOnly, v)
	return errTime != nil && errDate != nil
}

// periodStart is the start of the UTC day (or month) holding t.
func periodStart(t time.Time, period string) time.Time {
	if period == pingone.SamplePeriodMonth {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
