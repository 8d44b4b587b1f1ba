package mcp_test

import (
	"context"
	"fmt"
	"log"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// A toolkit over the emulator's demo tenant, served to an in-memory client.
func ExampleNewServer() {
	ctx := context.Background()
	emu := pingonetest.NewServer()
	defer emu.Close()
	client, err := pingone.NewClient(
		pingone.WithBaseURL(emu.APIURL()),
		pingone.WithAuthBaseURL(emu.AuthURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: emu.IssueToken(time.Hour)})),
	)
	if err != nil {
		log.Fatal(err)
	}
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{FrontEnd: "mcp"})
	if err != nil {
		log.Fatal(err)
	}

	serverT, clientT := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(ctx, serverT, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ss.Close()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "example", Version: "v0"}, nil).Connect(ctx, clientT, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer cs.Close()

	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range res.StructuredContent.(map[string]any)["environments"].([]any) {
		env := e.(map[string]any)
		fmt.Println(env["name"], env["type"])
	}

	// A refusal is a result the model reads, not a protocol error.
	res, err = cs.CallTool(ctx, &sdk.CallToolParams{Name: "get_environment", Arguments: map[string]any{}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.IsError)
	// Output:
	// Administrators SANDBOX
	// Production PRODUCTION
	// Sandbox SANDBOX
	// Staging SANDBOX
	// true
}
