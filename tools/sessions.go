package tools

import (
	"context"
	"time"
)

// A user's sign-on sessions: one per browser or app the user signed on
// with, open until it expires or is ended. offboard_user ends them all.

// sessionsServed: a user's sign-on sessions.
var sessionsServed = handWritten("sessions", "users", "session", "list_user_sessions", "delete_user_session", "offboard_user")

// SessionSummary is one open session of a user.
type SessionSummary struct {
	ID string `json:"id"`
	// LastSignOnAt and RemoteIP say when and from where the session last
	// signed on.
	LastSignOnAt *time.Time `json:"lastSignOnAt,omitempty"`
	RemoteIP     string     `json:"remoteIp,omitempty"`
	CreatedAt    *time.Time `json:"createdAt,omitempty"`
	ExpiresAt    *time.Time `json:"expiresAt,omitempty"`
}

type listSessionsOut struct {
	UserID   string           `json:"userId"`
	Sessions []SessionSummary `json:"sessions"`
}

type sessionIn struct {
	userIn
	SessionID string `json:"sessionId" jsonschema:"ID (UUID) of the session, from list_user_sessions."`
}

func sessionTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_user_sessions", Title: "List a user's sessions", Collection: "users", Effect: Read, PersonalData: true, Target: users.Target(),
			Description: "Lists a user's open sign-on sessions, one per browser or app the user signed on with: id, when and from " +
				"which IP address it last signed on, and when it expires. Useful after a suspicious sign-on or a lost device.",
		}, func(ctx context.Context, d Deps, in userIn) (listSessionsOut, error) {
			out := listSessionsOut{UserID: in.UserID, Sessions: []SessionSummary{}}
			for s, err := range d.Client.Users.AllSessions(ctx, in.EnvironmentID, in.UserID, nil) {
				if err != nil {
					return listSessionsOut{}, err
				}
				row := SessionSummary{ID: s.ID, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt}
				if s.LastSignOn != nil {
					row.LastSignOnAt, row.RemoteIP = s.LastSignOn.At, s.LastSignOn.RemoteIP
				}
				out.Sessions = append(out.Sessions, row)
			}
			return out, nil
		}),
		New(Meta{
			Name: "delete_user_session", Title: "End a user's session", Collection: "users", Effect: Delete, EnvironmentArg: "environmentId",
			Target: users.Target(), // the person signed out
			Description: "Ends one sign-on session of a user (the id from list_user_sessions): the browser or app holding it must " +
				"sign on again; the user's other sessions stay open. To end every session and disable the user, use offboard_user.",
		}, func(ctx context.Context, d Deps, in sessionIn) (deleted, error) {
			err := d.Client.Users.DeleteSession(ctx, in.EnvironmentID, in.UserID, in.SessionID)
			return deleted{Deleted: err == nil, ID: in.SessionID}, err
		}),
	}
}
