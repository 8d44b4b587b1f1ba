package tools

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// The audit log: what PingOne recorded of the changes and sign-ons in an
// environment. Each p1kit call sends its transaction id (the audit
// record's transactionId) as X-Ping-External-Transaction-ID, and the
// activities it caused carry it as their correlationId, so that an agent
// can find what it did.

// ActivitySummary is one row of list_activities.
type ActivitySummary struct {
	ID         string     `json:"id"`
	RecordedAt *time.Time `json:"recordedAt,omitempty"`
	// Action is the type, such as USER.CREATED or PASSWORD.CHECK_FAILED.
	Action string `json:"action"`
	// Result is SUCCESS or FAILED; Reason says why it failed.
	Result        string            `json:"result,omitempty"`
	Reason        string            `json:"reason,omitempty"`
	CorrelationID string            `json:"correlationId,omitempty"`
	User          *ActivityPartRow  `json:"user,omitempty"`
	Client        *ActivityPartRow  `json:"client,omitempty"`
	Resources     []ActivityPartRow `json:"resources,omitempty"`
}

// ActivityPartRow is an actor or a resource of an activity.
type ActivityPartRow struct {
	Type string `json:"type,omitempty"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

func activityPart(r *pingone.ActivityRef) *ActivityPartRow {
	if r == nil {
		return nil
	}
	return &ActivityPartRow{Type: r.Type, ID: r.ID, Name: r.Name}
}

func activityRow(a *pingone.Activity) ActivitySummary {
	row := ActivitySummary{ID: a.ID, RecordedAt: a.RecordedAt, Action: a.Action.Type, Result: a.Result.Status,
		Reason: a.Result.Description, CorrelationID: a.CorrelationID, User: activityPart(a.Actors.User), Client: activityPart(a.Actors.Client)}
	for i := range a.Resources {
		row.Resources = append(row.Resources, *activityPart(&a.Resources[i]))
	}
	return row
}

// activityWindowIn is the time range and the narrowing every activity
// query takes.
type activityWindowIn struct {
	Since string `json:"since,omitempty" jsonschema:"Start of the period: an RFC 3339 time (2026-01-31T00:00:00Z), a date (2026-01-31, midnight UTC), or how long ago: 90m, 36h, 7d. Default 24h (the last day)."`
	Until string `json:"until,omitempty" jsonschema:"End of the period, in the same forms as since (an age counts back from now). Default: now."`
	// ActionTypes match any of them.
	ActionTypes  []string `json:"actionTypes,omitempty" jsonschema:"Only activities of these types (any of them), such as USER.CREATED, USER.UPDATED, USER.DELETED, GROUP.CREATED, PASSWORD.CHECK_FAILED (a failed sign-on), PASSWORD.CHECK_SUCCEEDED."`
	ResultStatus string   `json:"resultStatus,omitempty" jsonschema:"Only SUCCESS or only FAILED activities. PingOne's filter has no result attribute: p1kit drops the others from each page it returns, so a page may hold fewer than limit; follow nextCursor for more."`
	pageIn
}

func (activityWindowIn) tuneSchema(s *jsonschema.Schema) {
	pageSchema(s, 1000)
	enum(s, "resultStatus", "SUCCESS", "FAILED")
}

type listActivitiesIn struct {
	envIn
	activityWindowIn
	ActorUserID   string `json:"actorUserId,omitempty" jsonschema:"Only activities performed by this user (ID, UUID): an administrator, or a user signing on."`
	ActorClientID string `json:"actorClientId,omitempty" jsonschema:"Only activities performed through this application (its ID, the client id), such as a worker application."`
	ResourceID    string `json:"resourceId,omitempty" jsonschema:"Only activities about this object (ID of a user, group, application, population…)."`
	ResourceType  string `json:"resourceType,omitempty" jsonschema:"Only activities about objects of this type: USER, GROUP, APPLICATION, POPULATION, …"`
	PopulationID  string `json:"populationId,omitempty" jsonschema:"Only activities about objects in this population (ID)."`
	CorrelationID string `json:"correlationId,omitempty" jsonschema:"Only the activities of one request: the transactionId of a p1kit call (its audit record, or a result's transactionId) or PingOne's correlation id."`
}

func (in listActivitiesIn) tuneSchema(s *jsonschema.Schema) { in.activityWindowIn.tuneSchema(s) }

type userActivitiesIn struct {
	userIn
	activityWindowIn
	As string `json:"as,omitempty" jsonschema:"subject (default): what happened to the user, their sign-ons, profile, password, devices and memberships; actor: what the user did as an administrator or in their own session."`
}

func (in userActivitiesIn) tuneSchema(s *jsonschema.Schema) {
	in.activityWindowIn.tuneSchema(s)
	enum(s, "as", "subject", "actor")
}

type activityIn struct {
	envIn
	ActivityID string `json:"activityId" jsonschema:"ID (UUID) of the activity, from list_activities."`
}

type listActivitiesOut struct {
	Since      time.Time         `json:"since"`
	Until      time.Time         `json:"until"`
	Activities []ActivitySummary `json:"activities"`
	NextCursor string            `json:"nextCursor,omitempty"`
}

type activityOut struct {
	Activity *pingone.Activity `json:"activity"`
}

// activitiesServed: the audit activities of an environment.
var activitiesServed = handWritten("activities", "audit", "activity", "list_activities", "list_user_activities", "get_activity")

func activityTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_activities", Title: "List audit activities", Collection: "audit", Effect: Read, PersonalData: true,
			Description: "Searches an environment's audit log: what PingOne recorded of each change (USER.CREATED, GROUP.DELETED, " +
				"APPLICATION.UPDATED…) and each sign-on (PASSWORD.CHECK_FAILED, PASSWORD.CHECK_SUCCEEDED) over a period, oldest first. " +
				"Each row says when, what, the result (SUCCESS/FAILED and why), who (the user and the application) and to what. " +
				"Narrow by action types, actor, object, population or correlationId (a p1kit call's transactionId finds what it did). " +
				"Failed sign-ons since yesterday: actionTypes " +
				"[\"PASSWORD.CHECK_FAILED\"], since \"24h\".",
		}, func(ctx context.Context, d Deps, in listActivitiesIn) (listActivitiesOut, error) {
			return queryActivities(ctx, d, in.EnvironmentID, in.activityWindowIn, pingone.ActivityFilter{
				ActorUserID: in.ActorUserID, ActorClientID: in.ActorClientID, ResourceID: in.ResourceID,
				ResourceType: in.ResourceType, PopulationID: in.PopulationID, CorrelationID: in.CorrelationID,
			})
		}),
		New(Meta{
			Name: "list_user_activities", Title: "List a user's audit activities", Collection: "audit", Effect: Read, PersonalData: true,
			Target: users.Target(),
			Description: "Lists what the audit log holds about one user over a period, oldest first: " +
				"their sign-ons (failed ones are PASSWORD.CHECK_FAILED) and every change to them, their password, devices or " +
				"memberships; or, with as \"actor\", what the user did.",
		}, func(ctx context.Context, d Deps, in userActivitiesIn) (listActivitiesOut, error) {
			f := pingone.ActivityFilter{ResourceID: in.UserID}
			if in.As == "actor" {
				f = pingone.ActivityFilter{ActorUserID: in.UserID}
			}
			return queryActivities(ctx, d, in.EnvironmentID, in.activityWindowIn, f)
		}),
		New(Meta{
			Name: "get_activity", Title: "Get audit activity", Collection: "audit", Effect: Read, PersonalData: true,
			Description: "Returns one audit activity in full, as PingOne recorded it: action, actors, resources with their " +
				"populations, result, correlationId and tags.",
		}, func(ctx context.Context, d Deps, in activityIn) (activityOut, error) {
			a, err := d.Client.Activities.Get(ctx, in.EnvironmentID, in.ActivityID)
			return activityOut{Activity: a}, err
		}),
	}
}

// queryActivities runs one page of an audit query: the period and action
// types of in, added to f, and in's result status applied to the page.
func queryActivities(ctx context.Context, d Deps, envID string, in activityWindowIn, f pingone.ActivityFilter) (listActivitiesOut, error) {
	now := time.Now().UTC().Truncate(time.Millisecond) // the precision of PingOne's filter
	since, err := activityTime("since", in.Since, now.Add(-24*time.Hour), now)
	if err != nil {
		return listActivitiesOut{}, err
	}
	// Until now by default, the current millisecond included (the filter's lt excludes its bound).
	until, err := activityTime("until", in.Until, now.Add(time.Millisecond), now)
	if err != nil {
		return listActivitiesOut{}, err
	}
	if !since.Before(until) {
		return listActivitiesOut{}, invalidArgs("argument \"since\" (%s) must be before until (%s)", since.Format(time.RFC3339), until.Format(time.RFC3339))
	}
	for i, t := range in.ActionTypes {
		if strings.TrimSpace(t) == "" {
			return listActivitiesOut{}, invalidArgs("argument \"actionTypes\"[%d] is empty: give a type such as USER.CREATED", i)
		}
	}
	f.Since, f.Until, f.ActionTypes = since, until, in.ActionTypes
	filter, err := f.String()
	if err != nil {
		return listActivitiesOut{}, invalidArgs("%s", strings.TrimPrefix(err.Error(), "pingone: "))
	}
	page, err := d.Client.Activities.List(ctx, envID, in.options(filter))
	if err != nil {
		return listActivitiesOut{}, err
	}
	items := page.Items
	if in.ResultStatus != "" {
		items = slices.DeleteFunc(items, func(a *pingone.Activity) bool { return a.Result.Status != in.ResultStatus })
	}
	return listActivitiesOut{Since: since, Until: until, Activities: rows(items, activityRow), NextCursor: page.NextCursor}, nil
}

// activityTime reads since or until: an RFC 3339 time, a date, or an age
// (90m, 36h, 7d) counted back from now; empty is def.
func activityTime(arg, v string, def, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(v, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, invalidArgs("argument %q must be an RFC 3339 time (2026-01-31T00:00:00Z), a date (2026-01-31) or an age such as 90m, 36h or 7d (got %s)", arg, echo(v))
}
