// Command bareserver is the reference the MCP benchmarks compare p1 with:
// a bare go-sdk stdio server with two tools, one of which does a GET
// against the PingOne API at $PINGONE_API_URL with $PINGONE_ACCESS_TOKEN
// and returns the body. It holds no policy, no shaping and no catalogue.
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

type getIn struct {
	EnvironmentID string `json:"environmentId"`
}

type echoIn struct {
	Text string `json:"text"`
}

func main() {
	base, token := os.Getenv("PINGONE_API_URL"), os.Getenv("PINGONE_ACCESS_TOKEN")
	server := mcp.NewServer(&mcp.Implementation{Name: "bare", Version: "v0"}, nil)
	mcp.AddTool(server, &mcp.Tool{Name: "echo", Description: "Echoes its text."},
		func(_ context.Context, _ *mcp.CallToolRequest, in echoIn) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text}}}, nil, nil
		})
	mcp.AddTool(server, &mcp.Tool{Name: "get_environment", Description: "Gets an environment."},
		func(ctx context.Context, _ *mcp.CallToolRequest, in getIn) (*mcp.CallToolResult, any, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/environments/"+in.EnvironmentID, nil)
			if err != nil {
				return nil, nil, err
			}
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return nil, nil, err
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				return nil, nil, err
			}
			if resp.StatusCode != http.StatusOK {
				return nil, nil, fmt.Errorf("status %d", resp.StatusCode)
			}
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(body)}}}, nil, nil
		})
	if err := server.Run(context.Background(), &mcp.StdioTransport{}); err != nil {
		fmt.Fprintln(os.Stderr, "bareserver:", err)
		os.Exit(1)
	}
}
