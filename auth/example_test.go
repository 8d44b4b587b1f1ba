package auth_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// A device-code sign-in that does not block: the first call says which
// code to confirm, polling goes on in the background, and a call after
// the approval works.
func ExampleSession_deviceCode() {
	ctx := context.Background()
	srv := pingonetest.NewServer()
	defer srv.Close()
	srv.SetDevicePollInterval(time.Second)

	s, err := auth.NewSession(auth.Config{
		Profile: "example", AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Background: true,
		Store: auth.NewMemoryStore(),
	})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(s))
	if err != nil {
		panic(err)
	}

	_, err = client.Environments.List(ctx, nil)
	var pending *auth.SignInPendingError
	if errors.As(err, &pending) {
		fmt.Println("asked to confirm a code:", pending.UserCode != "")
		// The administrator opens pending.VerificationURIComplete and approves.
		_ = srv.ApproveDeviceCode(pending.UserCode, pingonetest.Demo().AdminUserID)
	}
	for errors.As(err, &pending) {
		time.Sleep(200 * time.Millisecond)
		_, err = client.Environments.List(ctx, nil)
	}
	st, _ := s.Status()
	fmt.Println("error:", err)
	fmt.Println("signed in as:", st.Username)
	// Output:
	// asked to confirm a code: true
	// error: <nil>
	// signed in as: p1admin
}

// A program signs in the way p1 does: Resolve reads the same variables
// (and, given one, the same profile) and chooses the same grant. Here the
// variables name the emulator's worker application; a real program leaves
// Getenv nil to read its own environment.
func ExampleResolve() {
	ctx := context.Background()
	srv := pingonetest.NewServer()
	defer srv.Close()
	d := pingonetest.Demo()
	env := map[string]string{
		auth.EnvAPIURL:           srv.APIURL(), // or PINGONE_ROOT_DOMAIN=pingone.eu against a real tenant
		auth.EnvAuthURL:          srv.AuthURL(),
		auth.EnvMCPEnvironmentID: d.AdminEnvironmentID,
		auth.EnvClientID:         d.WorkerClientID,
		auth.EnvClientSecret:     d.WorkerClientSecret,
	}

	signIn := auth.Resolve(auth.SignInOptions{Getenv: func(k string) string { return env[k] }})
	fmt.Println("grant:", signIn.Grant)
	fmt.Println("secret shown:", strings.Contains(signIn.String(), d.WorkerClientSecret))
	if err := signIn.Check(); err != nil {
		panic(err) // e.g. "client credentials sign-in needs PINGONE_CLIENT_SECRET"
	}
	ts, err := signIn.TokenSource(ctx, auth.TokenSourceOptions{Prompt: os.Stderr})
	if err != nil {
		panic(err)
	}
	client, err := pingone.NewClient(append(signIn.ClientOptions(), pingone.WithTokenSource(ts))...)
	if err != nil {
		panic(err)
	}
	page, err := client.Environments.List(ctx, &pingone.ListOptions{Filter: `name sw "Sand"`})
	if err != nil {
		panic(err)
	}
	for _, e := range page.Items {
		fmt.Println("environment:", e.Name)
	}
	// Output:
	// grant: client_credentials
	// secret shown: false
	// environment: Sandbox
}
