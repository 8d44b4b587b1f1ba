package auth_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// savedStore is a MemoryStore that says when a session is saved.
type savedStore struct {
	auth.Store
	saved chan struct{}
}

func (s savedStore) Set(key string, data []byte) error {
	err := s.Store.Set(key, data)
	s.saved <- struct{}{}
	return err
}

// A device-code sign-in that does not block: the first call says which
// code to confirm, polling goes on in the background, and a call after
// the approval works. Here the emulator and the session share a test
// clock, so nothing waits for real; a program leaves Now and After unset.
func ExampleSession_deviceCode() {
	ctx := context.Background()
	clock := clockwork.NewFakeClock()
	srv := pingonetest.NewServer(pingonetest.WithClock(clock.Now))
	defer srv.Close()
	store := savedStore{Store: auth.NewMemoryStore(), saved: make(chan struct{}, 1)}

	s, err := auth.NewSession(auth.Config{
		Profile: "example", AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Background: true,
		Store: store, Now: clock.Now, After: clock.After,
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
	// The next poll, at the interval PingOne asked for, gets the tokens.
	_ = clock.BlockUntilContext(ctx, 1)
	clock.Advance(5 * time.Second)
	<-store.saved
	_, err = client.Environments.List(ctx, nil)
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
