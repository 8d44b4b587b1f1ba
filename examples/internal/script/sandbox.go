package script

import (
	"context"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// SandboxClient is a client of the emulator signed in with the client
// credentials of its worker application, as against a real tenant.
func SandboxClient(ctx context.Context, srv *pingonetest.Server) (*pingone.Client, error) {
	d := pingonetest.Demo()
	ts, err := auth.ClientCredentials(ctx, srv.TokenURL(d.AdminEnvironmentID), d.WorkerClientID, d.WorkerClientSecret)
	if err != nil {
		return nil, err
	}
	return pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(ts))
}
