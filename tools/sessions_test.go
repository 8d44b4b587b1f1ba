package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestSessionTools lists a user's sessions, ends one (with confirmation)
// and finds only the other open; a sign-on's new session is listed too.
func TestSessionTools(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	user := map[string]any{"environmentId": sb, "userId": demo.SandboxMFAUserID}

	out, terr := call(t, tk, "list_user_sessions", user)
	require.Nil(t, terr)
	assert.Equal(t, demo.SandboxMFAUserID, out["userId"])
	sessions := out["sessions"].([]any)
	require.Len(t, sessions, 2)
	first := sessions[0].(map[string]any)
	assert.Equal(t, demo.SandboxSessionIDs[0], first["id"])
	assert.Equal(t, "203.0.113.24", first["remoteIp"])
	assert.NotEmpty(t, first["lastSignOnAt"])
	assert.NotEmpty(t, first["expiresAt"])

	end := map[string]any{"environmentId": sb, "userId": demo.SandboxMFAUserID, "sessionId": demo.SandboxSessionIDs[0]}
	_, terr = call(t, tk, "delete_user_session", end)
	require.NotNil(t, terr, "ending a session is confirmed, naming the user")
	assert.Equal(t, tools.KindNeedsConfirmation, terr.Kind)
	end["confirm"] = demo.SandboxMFAUserID
	out, terr = call(t, tk, "delete_user_session", end)
	require.Nil(t, terr)
	assert.Equal(t, map[string]any{"deleted": true, "id": demo.SandboxSessionIDs[0]}, out)
	_, terr = call(t, tk, "delete_user_session", end)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind, "a session already ended is not found")

	out, terr = call(t, tk, "list_user_sessions", user)
	require.Nil(t, terr)
	sessions = out["sessions"].([]any)
	require.Len(t, sessions, 1)
	assert.Equal(t, demo.SandboxSessionIDs[1], sessions[0].(map[string]any)["id"], "the other session stays open")

	// A sign-on opens a session, listed with where it came from.
	require.NoError(t, srv.SignOn(sb, "jdoe", "Demo-Passw0rd!"))
	out, terr = call(t, tk, "list_user_sessions", map[string]any{"environmentId": sb, "userId": demo.SandboxUserID})
	require.Nil(t, terr)
	sessions = out["sessions"].([]any)
	require.Len(t, sessions, 1)
	assert.Equal(t, "127.0.0.1", sessions[0].(map[string]any)["remoteIp"])
}
