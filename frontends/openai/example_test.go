package openai_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// The tools go into a Chat Completions request; the tool_calls of the reply
// go through the dispatcher, whose messages go back into the conversation.
func Example() {
	ctx := context.Background()
	srv := pingonetest.NewServer() // a real tenant: pingone.WithRootDomain
	defer srv.Close()
	d := pingonetest.Demo()
	ts, _ := auth.ClientCredentials(ctx, srv.TokenURL(d.AdminEnvironmentID), d.WorkerClientID, d.WorkerClientSecret)
	client, _ := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(ts))
	tk, _ := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{FrontEnd: "openai"})

	defs := openai.Tools(tk) // request["tools"]
	fmt.Println(defs[0].Type, defs[0].Function.Strict)

	// The tool_calls of an assistant message, as a strict-mode model writes
	// them: every argument present, null for the unused ones.
	calls := []openai.ToolCall{
		{ID: "call_1", Type: "function", Function: openai.FunctionCall{Name: "list_populations",
			Arguments: `{"environmentId":"` + d.SandboxEnvironmentID + `","filter":"name eq \"Employees\"","limit":null,"cursor":null}`}},
		{ID: "call_2", Type: "function", Function: openai.FunctionCall{Name: "set_user_enabled",
			Arguments: `{"environmentId":"` + d.SandboxEnvironmentID + `","userId":"` + d.SandboxDisabledUserID + `","enabled":true}`}},
	}
	for _, m := range openai.NewDispatcher(tk).Dispatch(ctx, calls) {
		if m.IsError {
			fmt.Println(m.ToolCallID, "error:", m.Content)
			continue
		}
		var out struct {
			Populations []struct{ Name string } `json:"populations"`
		}
		_ = json.Unmarshal([]byte(m.Content), &out)
		fmt.Println(m.ToolCallID, m.Role, out.Populations[0].Name)
	}
	// Output:
	// function true
	// call_1 tool Employees
	// call_2 error: set_user_enabled: tool "set_user_enabled" is not available: it changes the tenant and read-only mode is on (--disable-read-only turns it off)
}
