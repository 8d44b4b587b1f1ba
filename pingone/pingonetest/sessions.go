package pingonetest

import "time"

// sessionLifetime is how long a session the emulator opens lasts.
const sessionLifetime = 8 * time.Hour

// sessions: a user's sign-on sessions, at users/{id}/sessions. PingOne's
// OpenAPI file gives them no schema (the answers are plain JSON); the
// emulator opens one at each successful SignOn and serves list, get and
// delete (204), as the API's paths do. They live below the user and go
// with it.
var sessions *resource

func declareSessions() *resource {
	return &resource{
		key: keySessions, kind: "session", parent: keyUsers,
		verbs:    vList | vGet | vDelete,
		readOnly: withCommon("user", "lastSignOn", "expiresAt"),
	}
}

// openSession opens a session for user u, signed on now. Call with e.mu
// held for writing.
func (e *Emulator) openSession(envID string, d *envData, u doc) {
	now := e.now()
	d.below(keySessions, str(u, "id"), true).add(doc{
		"id": e.st.ids.uuid(), "environment": ref(envID), "user": ref(str(u, "id")),
		"createdAt": ts(now), "updatedAt": ts(now), "expiresAt": ts(now.Add(sessionLifetime)),
		"lastSignOn": doc{"at": ts(now), "remoteIp": "127.0.0.1"},
	})
}
