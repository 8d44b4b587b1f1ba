package pingone_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const activityJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/activities/a-1"}},
 "id":"a-1","recordedAt":"2026-03-04T05:06:07.000Z","createdAt":"2026-03-04T05:06:07.010Z","correlationId":"tx-1",
 "actors":{"client":{"id":"app-1","name":"p1kit Worker","type":"CLIENT","environment":{"id":"admin"}},
   "user":{"id":"u-1","name":"jdoe","type":"USER","environment":{"id":"env-1"},"population":{"id":"pop-1"}}},
 "action":{"type":"USER.UPDATED","description":"User Updated"},
 "resources":[{"type":"USER","id":"u-1","name":"jdoe","environment":{"id":"env-1"},"population":{"id":"pop-1"}}],
 "result":{"status":"SUCCESS"},"tags":["adminIdentityEvent"]}`

func checkActivity(t *testing.T, a *pingone.Activity) {
	t.Helper()
	assert.Equal(t, "USER.UPDATED", a.Action.Type)
	assert.Equal(t, "tx-1", a.CorrelationID)
	assert.Equal(t, "app-1", a.Actors.Client.ID)
	assert.Equal(t, "pop-1", a.Actors.User.Population.ID)
	assert.Equal(t, "jdoe", a.Resources[0].Name)
	assert.Equal(t, "SUCCESS", a.Result.Status)
	assert.Equal(t, time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), *a.RecordedAt)
	assert.Contains(t, a.Extra, "tags")
}

func TestActivityFilter(t *testing.T) {
	t.Parallel()
	since := time.Date(2026, 3, 3, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	until := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	f, err := pingone.ActivityFilter{Since: since, Until: until, ActionTypes: []string{"PASSWORD.CHECK_FAILED"}, ActorUserID: `u"1`}.String()
	require.NoError(t, err)
	assert.Equal(t, `recordedAt gt "2026-03-02T23:00:00.000Z" and recordedAt lt "2026-03-04T12:00:00.000Z" and action.type eq "PASSWORD.CHECK_FAILED" and actors.user.id eq "u\"1"`, f)

	f, err = pingone.ActivityFilter{Since: since, Until: until, ActionTypes: []string{"USER.CREATED", "USER.DELETED"}, ResourceID: "u-1", CorrelationID: "tx"}.String()
	require.NoError(t, err)
	assert.Equal(t, `recordedAt gt "2026-03-02T23:00:00.000Z" and recordedAt lt "2026-03-04T12:00:00.000Z" and (action.type eq "USER.CREATED" or action.type eq "USER.DELETED") and resources.id eq "u-1" and correlationId eq "tx"`, f)

	_, err = pingone.ActivityFilter{Until: until}.String()
	assert.ErrorContains(t, err, "needs both Since and Until")
	_, err = pingone.ActivityFilter{Since: until, Until: since}.String()
	assert.ErrorContains(t, err, "must be before its Until")
}

// TestActivitiesListForms: a short filter goes in the query; a long one in
// a POST body, with limit and cursor still in the query.
func TestActivitiesListForms(t *testing.T) {
	t.Parallel()
	c, fk := newClient(t)
	page := `{"_embedded":{"activities":[` + activityJSON + `]},"_links":{"next":{"href":"https://api.pingone.com/v1/environments/env-1/activities?cursor=c2&limit=1"}}}`
	fk.on(http.MethodGet, "/environments/env-1/activities", reply{status: 200, body: page})
	fk.on(http.MethodPost, "/environments/env-1/activities", reply{status: 200, body: page})

	short := `recordedAt gt "2026-03-01T00:00:00.000Z" and recordedAt lt "2026-03-05T00:00:00.000Z"`
	got, err := c.Activities.List(t.Context(), envID, &pingone.ListOptions{Filter: short, Limit: 1})
	require.NoError(t, err)
	require.Len(t, got.Items, 1)
	checkActivity(t, got.Items[0])
	assert.Equal(t, "c2", got.NextCursor)
	req := fk.last()
	assert.Equal(t, http.MethodGet, req.Method)
	assert.Equal(t, short, req.URL.Query().Get("filter"))

	long := short + strings.Repeat(` and action.type eq "USER.CREATED"`, 40)
	require.Greater(t, len(long), pingone.MaxQueryFilterLength)
	_, err = c.Activities.List(t.Context(), envID, &pingone.ListOptions{Filter: long, Limit: 5, Cursor: "c2"})
	require.NoError(t, err)
	req = fk.last()
	assert.Equal(t, http.MethodPost, req.Method)
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"filter":`+jsonString(long)+`,"limit":5,"cursor":"c2"}`, string(req.Body))
	assert.Empty(t, req.URL.RawQuery, "the spec gives the POST no query parameters")

	_, err = c.Activities.List(t.Context(), envID, nil)
	assert.ErrorContains(t, err, "a filter with a recordedAt range is required")
	_, err = c.Activities.List(t.Context(), "", &pingone.ListOptions{Filter: long})
	assert.ErrorContains(t, err, "environmentID is empty")
}

func TestActivitiesGetAndAll(t *testing.T) {
	t.Parallel()
	c, fk := newClient(t)
	fk.on(http.MethodGet, "/environments/env-1/activities/a-1", reply{status: 200, body: activityJSON})
	a, err := c.Activities.Get(t.Context(), envID, "a-1")
	require.NoError(t, err)
	assert.Equal(t, "a-1", a.ID)
	_, err = c.Activities.Get(t.Context(), envID, "")
	assert.ErrorContains(t, err, "activityID is empty")

	first := `{"_embedded":{"activities":[` + activityJSON + `]},"_links":{"next":{"href":"https://api.pingone.com/v1/environments/env-1/activities?cursor=c2"}}}`
	last := `{"_embedded":{"activities":[` + strings.Replace(activityJSON, `"id":"a-1"`, `"id":"a-2"`, 1) + `]}}`
	fk.on(http.MethodPost, "/environments/env-1/activities", reply{status: 200, body: first}, reply{status: 200, body: last})
	long := strings.Repeat(`action.type eq "USER.CREATED" or `, 40) + `recordedAt gt "2026-03-01T00:00:00.000Z"`
	var seen []string
	for act, err := range c.Activities.All(t.Context(), envID, &pingone.ListOptions{Filter: long}) {
		require.NoError(t, err)
		seen = append(seen, act.ID)
	}
	assert.Equal(t, []string{"a-1", "a-2"}, seen)
	assert.JSONEq(t, `{"filter":`+jsonString(long)+`,"cursor":"c2"}`, string(fk.last().Body), "the second page posts the filter again with the cursor")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
