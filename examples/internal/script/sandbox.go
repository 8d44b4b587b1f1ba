package script

import (
	"context"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// SandboxClient is a client of the emulator signed in as its worker
// application, through the same auth.Resolve as p1 and a real tenant: the
// values are those p1 sandbox prints as PINGONE_* variables.
func SandboxClient(ctx context.Context, srv *pingonetest.Server) (*pingone.Client, error) {
	d := pingonetest.Demo()
	env := map[string]string{
		auth.EnvAPIURL: srv.APIURL(), auth.EnvAuthURL: srv.AuthURL(), auth.EnvEnvironmentID: d.AdminEnvironmentID,
		auth.EnvClientID: d.WorkerClientID, auth.EnvClientSecret: d.WorkerClientSecret,
	}
	signIn := auth.Resolve(auth.SignInOptions{Getenv: func(k string) string { return env[k] }})
	ts, err := signIn.TokenSource(ctx, auth.TokenSourceOptions{})
	if err != nil {
		return nil, err
	}
	return pingone.NewClient(append(signIn.ClientOptions(), pingone.WithTokenSource(ts))...)
}
