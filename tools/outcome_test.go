package tools_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/faults"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// newFaultKit builds a write-enabled toolkit over an emulator that faults
// are injected into, with its audit records in a buffer. (No contract
// check: a fault's answer is no answer the spec describes.)
func newFaultKit(t *testing.T) (*tools.Toolkit, *pingonetest.Server, *bytes.Buffer) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	client, err := faults.Client(srv)
	require.NoError(t, err)
	var audit bytes.Buffer
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client,
		tools.Config{Filter: tools.Filter{AllowWrites: true}, Audit: tools.JSONLinesAudit(&audit)})
	require.NoError(t, err)
	return tk, srv, &audit
}

func lastAudit(t *testing.T, buf *bytes.Buffer) tools.AuditRecord {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var rec tools.AuditRecord
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &rec))
	return rec
}

func TestUnknownCreateNamesTheListToRun(t *testing.T) {
	t.Parallel()
	tk, srv, audit := newFaultKit(t)
	env := srv.Demo().SandboxEnvironmentID
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, Status: http.StatusBadGateway, Times: 1})
	srv.InjectFault(pingonetest.Fault{Method: http.MethodGet, PathPrefix: "/v1/environments/" + env + "/users", Status: 503})
	_, te := call(t, tk, "create_user", map[string]any{"environmentId": env, "username": "unsure", "email": "unsure@example.com",
		"populationId": srv.Demo().SandboxDefaultPopulationID})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindOutcomeUnknown, te.Kind)
	assert.Contains(t, te.Message, "may have been applied")
	assert.Contains(t, te.Message, `check with list_users (filter username eq "unsure")`)
	assert.Contains(t, te.Message, "Do not repeat the call yet")
	assert.NotContains(t, te.Message, "check with GET", "the read is named as a tool")

	rec := lastAudit(t, audit)
	assert.Equal(t, "outcome_unknown", rec.Outcome)
	assert.Equal(t, tools.DecisionAllow, rec.Decision)
	assert.Contains(t, rec.Error, "may have been applied")
}

func TestUnknownActionNamesTheGetToRun(t *testing.T) {
	t.Parallel()
	tk, srv, audit := newFaultKit(t)
	d := srv.Demo()
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, DropConnection: true, Times: 1})
	_, te := call(t, tk, "lock_user", map[string]any{"environmentId": d.SandboxEnvironmentID, "userId": d.SandboxUserID, "confirm": d.SandboxUserID})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindOutcomeUnknown, te.Kind, "%v", te)
	assert.Contains(t, te.Message, `check with get_user (userId "`+d.SandboxUserID+`")`)
	assert.Equal(t, "outcome_unknown", lastAudit(t, audit).Outcome)
}

func TestLostAnswerResolvedAsDoneIsASuccess(t *testing.T) {
	t.Parallel()
	tk, srv, audit := newFaultKit(t)
	env := srv.Demo().SandboxEnvironmentID
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, DropConnection: true, Times: 1})
	out, te := call(t, tk, "create_group", map[string]any{"environmentId": env, "name": "Found Again"})
	require.Nil(t, te, "%v", te)
	group := out["group"].(map[string]any)
	assert.Equal(t, "Found Again", group["name"])
	assert.Equal(t, "ok", lastAudit(t, audit).Outcome)

	srv.InjectFault(pingonetest.Fault{Method: http.MethodDelete, ApplyFirst: true, Status: http.StatusGatewayTimeout, Times: 1})
	_, te = call(t, tk, "delete_group", map[string]any{"environmentId": env, "groupId": group["id"], "confirm": group["id"]})
	require.Nil(t, te, "the first attempt deleted it: the retry's 404 is a success (%v)", te)
	assert.Equal(t, "ok", lastAudit(t, audit).Outcome)
}

func TestNotAppliedSaysARetryIsSafe(t *testing.T) {
	t.Parallel()
	tk, srv, audit := newFaultKit(t)
	env := srv.Demo().SandboxEnvironmentID
	srv.InjectFault(pingonetest.Fault{Method: http.MethodPost, Status: http.StatusInternalServerError})
	_, te := call(t, tk, "create_group", map[string]any{"environmentId": env, "name": "Not Made"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindAPI, te.Kind)
	assert.Contains(t, te.Message, "was not applied, so trying again is safe")
	assert.Equal(t, "api_error", lastAudit(t, audit).Outcome)
}
