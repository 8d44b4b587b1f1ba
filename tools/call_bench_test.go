package tools_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// BenchmarkCallPipeline measures the pipeline's own cost: get_environment
// through Toolkit.Call (look up, validate, guard, handler, shape, audit)
// against the same GET through the client alone, alternately, against the
// emulator over loopback. call/client is the figure.
func BenchmarkCallPipeline(b *testing.B) {
	srv := pingonetest.NewServer()
	defer srv.Close()
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithHTTPClient(&http.Client{}),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(time.Hour)})))
	if err != nil {
		b.Fatal(err)
	}
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{})
	if err != nil {
		b.Fatal(err)
	}
	env := pingonetest.Demo().SandboxEnvironmentID
	args := json.RawMessage(`{"environmentId":"` + env + `"}`)
	ctx := b.Context()
	if _, err := tk.Call(ctx, "get_environment", args); err != nil { // the environment type is cached from here on
		b.Fatal(err)
	}
	var callTotal, clientTotal time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if _, err := client.Environments.Get(ctx, env); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if _, err := tk.Call(ctx, "get_environment", args); err != nil {
			b.Fatal(err)
		}
		clientTotal += mid.Sub(start)
		callTotal += time.Since(mid)
	}
	b.ReportMetric(float64(callTotal)/float64(clientTotal), "call/client")
}
