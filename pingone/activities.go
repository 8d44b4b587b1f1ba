package pingone

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
)

// ActivitiesService reads an environment's audit activities:
// /environments/{envID}/activities. PingOne records one for each change
// and each sign-on; nothing creates, changes or deletes them through the
// API. A query needs a filter with a time range on recordedAt (build one
// with ActivityFilter); a filter longer than MaxQueryFilterLength is sent
// in the body of a POST to the same path, as PingOne takes long filters,
// with the page size and cursor beside it.
type ActivitiesService struct{ acts EnvCollection[Activity] }

var activitiesResource = Resource{Path: "activities", Key: "activities",
	ReadOnly: []string{"_links", "action", "actors", "correlationId", "createdAt", "id", "recordedAt", "resources", "result"}}

// MaxQueryFilterLength is the longest filter ActivitiesService.List sends
// in the query string; a longer one goes in a POST body.
const MaxQueryFilterLength = 1024

// Activity is one audit event: what happened (Action), who did it
// (Actors), to what (Resources), how it ended (Result) and when
// (RecordedAt). CorrelationID ties it to the request that caused it: the
// X-Ping-External-Transaction-ID the caller sent (WithTransactionID).
type Activity struct {
	Meta
	RecordedAt    *time.Time     `json:"recordedAt,omitempty"`
	CorrelationID string         `json:"correlationId,omitempty"`
	Action        ActivityAction `json:"action"`
	Actors        ActivityActors `json:"actors"`
	Resources     []ActivityRef  `json:"resources,omitempty"`
	Result        ActivityResult `json:"result"`
	// Extra keeps members this type does not name (tags, _embedded, …).
	Extra Extra `json:"-"`
}

// ActivityAction is what an activity records: Type such as USER.CREATED,
// GROUP.DELETED or PASSWORD.CHECK_FAILED.
type ActivityAction struct {
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
}

// ActivityActors are who acted: the client (application) and, for a
// user's own session or an administrator, the user.
type ActivityActors struct {
	Client *ActivityRef `json:"client,omitempty"`
	User   *ActivityRef `json:"user,omitempty"`
}

// ActivityRef is one actor (Type CLIENT or USER) or one object an activity
// concerns (Type USER, GROUP, APPLICATION, …).
type ActivityRef struct {
	ID          string     `json:"id,omitempty"`
	Name        string     `json:"name,omitempty"`
	Type        string     `json:"type,omitempty"`
	Environment *ObjectRef `json:"environment,omitempty"`
	Population  *ObjectRef `json:"population,omitempty"`
	Href        string     `json:"href,omitempty"`
}

// ActivityResult is how an activity ended: Status SUCCESS or FAILED, with
// a description of why it failed.
type ActivityResult struct {
	Status      string `json:"status,omitempty"`
	Description string `json:"description,omitempty"`
}

// Resource returns the description the collection is served from.
func (s *ActivitiesService) Resource() Resource { return s.acts.Resource() }

// List returns one page of the activities opts.Filter selects (a filter
// is required; see ActivityFilter). A filter longer than
// MaxQueryFilterLength is posted as {"filter", "limit", "cursor"}; the
// page's NextCursor continues either form.
func (s *ActivitiesService) List(ctx context.Context, envID string, opts *ListOptions) (*Page[*Activity], error) {
	if opts == nil || opts.Filter == "" {
		return nil, errors.New("pingone: List activities: a filter with a recordedAt range is required (see ActivityFilter)")
	}
	if len(opts.Filter) <= MaxQueryFilterLength || isAbsolute(opts.Cursor) {
		return s.acts.List(ctx, envID, opts)
	}
	p, err := s.acts.path("List", envID)
	if err != nil {
		return nil, err
	}
	// The spec gives the POST no query parameters: paging goes in the body.
	body := activityQuery{Filter: opts.Filter, Limit: opts.Limit, Cursor: opts.Cursor}
	return fetchPage[*Activity](ctx, s.acts.c, request{method: http.MethodPost, segs: p, body: body}, s.acts.res.Key)
}

// activityQuery is the body of a long-filter query.
type activityQuery struct {
	Filter string `json:"filter"`
	Limit  int    `json:"limit,omitempty"`
	Cursor string `json:"cursor,omitempty"`
}

// All iterates over every activity opts.Filter selects, a page at a time.
func (s *ActivitiesService) All(ctx context.Context, envID string, opts *ListOptions) iter.Seq2[*Activity, error] {
	return iterate(opts, func(o *ListOptions, each func(*Activity) bool) (string, error) {
		page, err := s.List(ctx, envID, o)
		if err != nil {
			return "", err
		}
		for _, a := range page.Items {
			if !each(a) {
				return "", nil
			}
		}
		return page.NextCursor, nil
	})
}

// Get returns one activity.
func (s *ActivitiesService) Get(ctx context.Context, envID, activityID string) (*Activity, error) {
	return s.acts.Get(ctx, envID, activityID)
}

// ActivityFilter builds the SCIM filter of an audit query: the time range
// PingOne requires, and optionally one or more action types (any of them)
// and the actor, resource, population or correlation id to match.
type ActivityFilter struct {
	// Since and Until bound recordedAt (Since < recordedAt < Until); both
	// are required.
	Since, Until time.Time
	// ActionTypes match any of the types (USER.CREATED, PASSWORD.CHECK_FAILED, …).
	ActionTypes []string
	// ActorUserID and ActorClientID match who acted; ResourceID and
	// ResourceType what it was done to; PopulationID the population of a
	// resource; CorrelationID the request (the transaction id a caller sent).
	ActorUserID, ActorClientID, ResourceID, ResourceType, PopulationID, CorrelationID string
}

// activityTime is the date-time form of PingOne's audit filters.
const activityTime = "2006-01-02T15:04:05.000Z"

// String returns the filter, or an error naming what is missing.
func (f ActivityFilter) String() (string, error) {
	if f.Since.IsZero() || f.Until.IsZero() {
		return "", errors.New("pingone: an activity filter needs both Since and Until")
	}
	if !f.Since.Before(f.Until) {
		return "", fmt.Errorf("pingone: an activity filter's Since (%s) must be before its Until (%s)", f.Since.UTC().Format(activityTime), f.Until.UTC().Format(activityTime))
	}
	parts := []string{
		`recordedAt gt "` + f.Since.UTC().Format(activityTime) + `"`,
		`recordedAt lt "` + f.Until.UTC().Format(activityTime) + `"`,
	}
	eq := func(attr, v string) string { return attr + ` eq "` + scimEscape(v) + `"` }
	if len(f.ActionTypes) > 0 {
		var any []string
		for _, t := range f.ActionTypes {
			any = append(any, eq("action.type", t))
		}
		if len(any) == 1 {
			parts = append(parts, any[0])
		} else {
			parts = append(parts, "("+strings.Join(any, " or ")+")")
		}
	}
	for _, m := range []struct{ attr, v string }{
		{"actors.user.id", f.ActorUserID}, {"actors.client.id", f.ActorClientID}, {"resources.id", f.ResourceID},
		{"resources.type", f.ResourceType}, {"resources.population.id", f.PopulationID}, {"correlationId", f.CorrelationID},
	} {
		if m.v != "" {
			parts = append(parts, eq(m.attr, m.v))
		}
	}
	return strings.Join(parts, " and "), nil
}

// scimEscape escapes a value for a quoted SCIM filter string.
func scimEscape(v string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v)
}

// UnmarshalJSON keeps unknown members in Extra.
func (a *Activity) UnmarshalJSON(data []byte) error { return unmarshalKeep(data, a, &a.Extra) }

// MarshalJSON writes Extra back.
func (a Activity) MarshalJSON() ([]byte, error) { return marshalKeep(&a, a.Extra) }
