package pingonetest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

// Active identity counts: GET /environments/{envID}/metrics/activeIdentityCounts
// ?filter=startDate ge "…"&samplePeriod=DAY|MONTH&limit=…&order=startDate|-startDate.
// PingOne counts, per period from startDate to now, the identities that
// were active in it; the emulator counts the users whose last sign-on, or
// a successful sign-on among the environment's activities, falls in the
// period. The spec gives the list a limit and no cursor: one answer holds
// at most limit periods.

// activeIdentityFilter: startDate with ge, alone (PingOne: "You must apply
// the SCIM filter ge to this parameter").
var activeIdentityFilter = &filterSpec{attrs: []attrSpec{{"startDate", kTime, []filter.CompareOperator{filter.GE}}}, logical: andOnly}

// maxActiveIdentityLimit is the largest limit: 1 to 100.
const maxActiveIdentityLimit = 100

func serveActiveIdentityCounts(e *Emulator, c *rctx, _ place, envID string) result {
	return dispatch(c.r.Method, handlers{http.MethodGet: func() result { return e.activeIdentityCounts(c, envID) }})
}

func (e *Emulator) activeIdentityCounts(c *rctx, envID string) result {
	if c.query.Has("cursor") {
		return errResult(invalidField(detailInvalidValue, "cursor", "Active identity counts take no cursor: move startDate forward for later periods."))
	}
	lp, aerr := c.listParams(activeIdentityFilter, maxActiveIdentityLimit)
	if aerr != nil {
		return errResult(aerr)
	}
	if lp.filter == nil {
		return errResult(activeIdentityFilter.filterError(`A filter is required: startDate ge "<RFC 3339 date-time>".`))
	}
	start := filterStart(lp.rawFilter)
	period := c.query.Get("samplePeriod")
	if period == "" {
		period = "DAY"
	}
	if period != "DAY" && period != "MONTH" {
		return errResult(invalidData(errDetail{Code: detailInvalidValue, Target: "samplePeriod",
			Message: fmt.Sprintf("samplePeriod must be DAY or MONTH, got %q.", period), InnerError: map[string]any{"allowedValues": []any{"DAY", "MONTH"}}}))
	}
	order := c.query.Get("order")
	if order != "" && order != "startDate" && order != "-startDate" {
		return errResult(invalidField(detailInvalidValue, "order", fmt.Sprintf("order must be startDate or -startDate, got %q.", order)))
	}
	now := e.now().UTC()
	if !start.Before(now) {
		return errResult(invalidField(detailInvalidValue, "filter", "startDate must be in the past; counts run from it to now."))
	}
	step := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	if period == "MONTH" {
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	}
	var periods [][2]time.Time
	for from := start; from.Before(now); from = step(from) {
		to := step(from)
		if to.After(now) {
			to = now // the last period ends now
		}
		periods = append(periods, [2]time.Time{from, to})
		if len(periods) > maxTotalIdentityDays {
			return errResult(invalidData(errDetail{Code: detailOutOfRange, Target: "filter",
				Message:    fmt.Sprintf("The counts may span at most %d periods from startDate.", maxTotalIdentityDays),
				InnerError: map[string]any{"maximumValue": maxTotalIdentityDays}}))
		}
	}
	if order == "-startDate" {
		slices.Reverse(periods)
	}
	periods = periods[:min(len(periods), lp.limit)]
	return e.inEnv(envID, false, func(d *envData) result {
		active := d.signOns()
		items := make([]any, len(periods))
		for i, p := range periods {
			n := 0
			for _, times := range active {
				if slices.ContainsFunc(times, func(t time.Time) bool { return !t.Before(p[0]) && t.Before(p[1]) }) {
					n++
				}
			}
			items[i] = doc{"startDate": ts(p[0]), "endDate": ts(p[1]), "value": n, "samplePeriod": period}
		}
		return okJSON(doc{
			"_links":    doc{"self": doc{"href": c.base + c.r.URL.RequestURI()}},
			"_embedded": doc{"activeIdentityCounts": items},
			"count":     len(items), "size": len(items),
		})
	})
}

// filterStart is the startDate of a compiled active identity filter.
func filterStart(raw string) time.Time {
	expr, _ := parseFilter(raw)
	var start time.Time
	var walk func(x filter.Expression)
	walk = func(x filter.Expression) {
		switch n := x.(type) {
		case *filter.LogicalExpression:
			walk(n.Left)
			walk(n.Right)
		case *filter.AttributeExpression:
			if s, ok := n.CompareValue.(string); ok && strings.EqualFold(n.AttributePath.AttributeName, "startDate") {
				start, _ = parseFilterTime(s)
			}
		}
	}
	walk(expr)
	return start.UTC()
}

// signOns are the times each user of an environment signed on: the last
// sign-on, and every successful one among the activities.
func (d *envData) signOns() map[string][]time.Time {
	out := map[string][]time.Time{}
	for _, u := range d.coll(keyUsers).all() {
		if t, ok := asTime(lookupOr(u, "lastSignOn.at")); ok {
			out[str(u, "id")] = append(out[str(u, "id")], t)
		}
	}
	for _, a := range d.coll(keyActivities).all() {
		if str(a, "action.type") != "PASSWORD.CHECK_SUCCEEDED" {
			continue
		}
		if t, ok := asTime(lookupOr(a, "recordedAt")); ok && str(a, "actors.user.id") != "" {
			id := str(a, "actors.user.id")
			out[id] = append(out[id], t)
		}
	}
	return out
}

func lookupOr(d doc, path string) any { v, _ := lookup(d, path); return v }
