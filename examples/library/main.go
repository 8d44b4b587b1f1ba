// Command library shows p1kit used as a Go library: a PingOne client signed
// in the way p1 signs in (auth.Resolve, here with a worker application's
// client credentials), and the toolkit that every p1kit front end uses, run
// here against the embedded sandbox tenant.
//
//	go run ./examples/library
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "library example:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	// A local PingOne with the demo tenant; against a real tenant, drop this
	// and use pingone.WithRootDomain instead of the base URLs.
	srv := pingonetest.NewServer()
	defer srv.Close()

	// Sign in the way p1 does: auth.Resolve reads the PINGONE_* variables
	// (and a profile, if given one) and chooses the grant. Here the
	// variables are the sandbox worker's, from a map; against a real tenant,
	// leave Getenv out to read the process environment.
	d := pingonetest.Demo()
	vars := map[string]string{
		auth.EnvAPIURL: srv.APIURL(), auth.EnvAuthURL: srv.AuthURL(), auth.EnvMCPEnvironmentID: d.AdminEnvironmentID,
		auth.EnvClientID: d.WorkerClientID, auth.EnvClientSecret: d.WorkerClientSecret,
	}
	signIn := auth.Resolve(auth.SignInOptions{Getenv: func(k string) string { return vars[k] }})
	ts, err := signIn.TokenSource(ctx, auth.TokenSourceOptions{Prompt: os.Stderr})
	if err != nil {
		return err // e.g. "client credentials sign-in needs PINGONE_CLIENT_SECRET"
	}
	client, err := pingone.NewClient(append(signIn.ClientOptions(), pingone.WithTokenSource(ts))...)
	if err != nil {
		return err
	}

	// The client directly: every disabled user of the sandbox environment,
	// page after page, through the iterator.
	env := d.SandboxEnvironmentID
	disabled := 0
	for u, err := range client.Users.All(ctx, env, &pingone.ListOptions{Filter: `enabled eq false`}) {
		if err != nil {
			return err
		}
		disabled++
		fmt.Fprintf(w, "disabled: %s\n", u.Username)
	}
	fmt.Fprintf(w, "%d disabled users\n", disabled)

	// The same tenant through the toolkit, as an agent would call it.
	tk, err := tools.Open(client, tools.WithFrontEnd("example"))
	if err != nil {
		return err
	}
	args, _ := json.Marshal(map[string]any{"environmentId": env})
	res, err := tk.Call(ctx, "list_populations", args)
	if err != nil {
		return err
	}
	var out struct {
		Populations []tools.PopulationSummary `json:"populations"`
	}
	if err := json.Unmarshal(res.Data, &out); err != nil {
		return err
	}
	for _, p := range out.Populations {
		fmt.Fprintf(w, "population: %s\n", p.Name)
	}
	return nil
}
