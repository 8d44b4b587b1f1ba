package tools_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestActivitiesFindWhatACallDid: each change made through the tools is
// found in the audit log by the transaction id of its audit record.
func TestActivitiesFindWhatACallDid(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var recs []tools.AuditRecord
	tk, _ := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}, Audit: func(_ context.Context, r tools.AuditRecord) {
		mu.Lock()
		defer mu.Unlock()
		recs = append(recs, r)
	}})
	dm := pingonetest.Demo()
	env := dm.SandboxEnvironmentID
	lastTx := func() string {
		mu.Lock()
		defer mu.Unlock()
		return recs[len(recs)-1].TransactionID
	}

	created, te := call(t, tk, "create_group", map[string]any{"environmentId": env, "name": "Incident Response"})
	require.Nil(t, te, "%v", te)
	groupID := created["group"].(map[string]any)["id"].(string)
	createTx := lastTx()
	_, te = call(t, tk, "update_group", map[string]any{"environmentId": env, "groupId": groupID, "description": "On call"})
	require.Nil(t, te, "%v", te)
	updateTx := lastTx()
	_, te = call(t, tk, "delete_group", map[string]any{"environmentId": env, "groupId": groupID, "confirm": "Incident Response"})
	require.Nil(t, te, "%v", te)
	deleteTx := lastTx()

	for tx, want := range map[string]string{createTx: "GROUP.CREATED", updateTx: "GROUP.UPDATED", deleteTx: "GROUP.DELETED"} {
		out, te := call(t, tk, "list_activities", map[string]any{"environmentId": env, "correlationId": tx})
		require.Nil(t, te, "%v", te)
		acts := out["activities"].([]any)
		require.Len(t, acts, 1, "the call %s made one change", tx)
		a := acts[0].(map[string]any)
		assert.Equal(t, want, a["action"])
		assert.Equal(t, "SUCCESS", a["result"])
		assert.Equal(t, tx, a["correlationId"])
		assert.Equal(t, dm.WorkerClientID, a["client"].(map[string]any)["id"])
		res := a["resources"].([]any)[0].(map[string]any)
		assert.Equal(t, groupID, res["id"])
		assert.Equal(t, "Incident Response", res["name"])

		one, te := call(t, tk, "get_activity", map[string]any{"environmentId": env, "activityId": a["id"]})
		require.Nil(t, te, "%v", te)
		assert.Equal(t, tx, one["activity"].(map[string]any)["correlationId"])
	}
	// A read records nothing.
	_, te = call(t, tk, "list_groups", map[string]any{"environmentId": env})
	require.Nil(t, te, "%v", te)
	out, te := call(t, tk, "list_activities", map[string]any{"environmentId": env, "correlationId": lastTx()})
	require.Nil(t, te, "%v", te)
	assert.Empty(t, out["activities"])
}

func TestFailedSignOnsSinceYesterday(t *testing.T) {
	t.Parallel()
	tk, srv := newKit(t, tools.Config{})
	dm := pingonetest.Demo()
	env := dm.SandboxEnvironmentID
	require.ErrorIs(t, srv.SignOn(env, "jdoe", "not-her-password"), pingonetest.ErrSignOnFailed)

	out, te := call(t, tk, "list_activities", map[string]any{"environmentId": env, "actionTypes": []string{"PASSWORD.CHECK_FAILED"}, "since": "24h"})
	require.Nil(t, te, "%v", te)
	acts := out["activities"].([]any)
	require.Len(t, acts, 4, "three seeded within the day, and this one")
	for _, a := range acts {
		assert.Equal(t, "FAILED", a.(map[string]any)["result"])
	}
	last := acts[3].(map[string]any)
	assert.Equal(t, "jdoe", last["user"].(map[string]any)["name"])
	assert.Equal(t, "the username or password is incorrect", last["reason"])

	// The same by result: every failure of the day, sign-ons or not.
	out, te = call(t, tk, "list_activities", map[string]any{"environmentId": env, "resultStatus": "FAILED", "since": "1d"})
	require.Nil(t, te, "%v", te)
	assert.Len(t, out["activities"], 4)
	// Over two days, the one of 30 hours ago too.
	out, te = call(t, tk, "list_activities", map[string]any{"environmentId": env, "actionTypes": []string{"PASSWORD.CHECK_FAILED"}, "since": "48h"})
	require.Nil(t, te, "%v", te)
	assert.Len(t, out["activities"], 5)

	// One user's: jdoe's failures and her success.
	out, te = call(t, tk, "list_user_activities", map[string]any{"environmentId": env, "userId": dm.SandboxUserID, "since": "1d"})
	require.Nil(t, te, "%v", te)
	var types []string
	for _, a := range out["activities"].([]any) {
		types = append(types, a.(map[string]any)["action"].(string))
	}
	assert.Equal(t, []string{"PASSWORD.CHECK_FAILED", "PASSWORD.CHECK_FAILED", "PASSWORD.CHECK_SUCCEEDED", "PASSWORD.CHECK_FAILED"}, types)
}

func TestActivityArguments(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	env := pingonetest.Demo().SandboxEnvironmentID
	for _, tc := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"environmentId": env, "since": "last week"}, `argument "since" must be an RFC 3339 time`},
		{map[string]any{"environmentId": env, "until": "-3h"}, `argument "until" must be`},
		{map[string]any{"environmentId": env, "since": "1h", "until": "2h"}, `argument "since"`},
		{map[string]any{"environmentId": env, "actionTypes": []string{" "}}, `"actionTypes"[0] is empty`},
		{map[string]any{"environmentId": env, "resultStatus": "OK"}, "resultStatus"},
	} {
		_, te := call(t, tk, "list_activities", tc.args)
		require.NotNil(t, te, "%v", tc.args)
		assert.Equal(t, tools.KindInvalidArguments, te.Kind, "%v: %s", tc.args, te.Message)
		assert.Contains(t, te.Message, tc.want)
	}
	_, te := call(t, tk, "list_user_activities", map[string]any{"environmentId": env, "userId": "", "as": "actor"})
	require.NotNil(t, te)
	assert.Contains(t, te.Message, "userId")
	_, te = call(t, tk, "get_activity", map[string]any{"environmentId": env, "activityId": "00000000-0000-4000-8000-000000000000"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNotFound, te.Kind)
}
