package langchaingo_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/frontends/langchaingo"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// Each tool takes the agent's one input string; failures come back as text.
func Example() {
	ctx := context.Background()
	srv := pingonetest.NewServer()
	defer srv.Close()
	d := pingonetest.Demo()
	ts, _ := auth.ClientCredentials(ctx, srv.TokenURL(d.AdminEnvironmentID), d.WorkerClientID, d.WorkerClientSecret)
	client, _ := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(ts))
	tk, _ := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{FrontEnd: "langchaingo"})

	for _, tool := range langchaingo.Tools(tk) { // agents.NewOneShotAgent(llm, langchaingo.Tools(tk))
		if tool.Name() != "get_environment" {
			continue
		}
		fmt.Println(strings.Contains(tool.Description(), `"environmentId"`))
		out, _ := tool.Call(ctx, `{"__arg1": "`+d.SandboxEnvironmentID+`"}`)
		fmt.Println(strings.Contains(out, `"name":"Sandbox"`))
		out, _ = tool.Call(ctx, `{"environmentId": "not-a-uuid"}`)
		fmt.Println(strings.HasPrefix(out, "get_environment: "))
	}
	// Output:
	// true
	// true
	// true
}
