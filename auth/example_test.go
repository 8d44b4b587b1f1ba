package auth_test

import (
	"context"
	"errors"
	"fmt"
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
