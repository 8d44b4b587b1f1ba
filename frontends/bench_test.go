// Package frontends_test holds the end-to-end benchmarks of the built p1
// binary: what a desktop client sees of p1kit's speed.
package frontends_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// p1Binary builds the p1 binary once per test process.
func p1Binary(b *testing.B) string {
	b.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "p1bench")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "p1")
		out, err := exec.Command("go", "build", "-o", binPath, "./p1").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return binPath
}

func connect(ctx context.Context, b *testing.B, bin string) *sdk.ClientSession {
	b.Helper()
	client := sdk.NewClient(&sdk.Implementation{Name: "bench", Version: "1"}, nil)
	cmd := exec.Command(bin, "--sandbox", "mcp", "run")
	cmd.Stderr = io.Discard
	cs, err := client.Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return cs
}

// BenchmarkMCPStartToToolsList measures a desktop client's wait: from
// starting `p1 --sandbox mcp run` to the tools/list answer over stdio
// (the sandbox start, with its seeded tenant, is included).
func BenchmarkMCPStartToToolsList(b *testing.B) {
	bin := p1Binary(b)
	ctx := b.Context()
	for b.Loop() {
		cs := connect(ctx, b, bin)
		res, err := cs.ListTools(ctx, nil)
		if err != nil || len(res.Tools) == 0 {
			b.Fatalf("tools/list: %v (%d tools)", err, len(res.Tools))
		}
		_ = cs.Close()
	}
}

// BenchmarkReadToolCallMCPStdio is one get_environment call through MCP
// stdio, the toolkit pipeline and the client, to the emulator.
func BenchmarkReadToolCallMCPStdio(b *testing.B) {
	bin := p1Binary(b)
	ctx := b.Context()
	cs := connect(ctx, b, bin)
	defer cs.Close()
	args := map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID}
	b.ReportAllocs()
	for b.Loop() {
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "get_environment", Arguments: args})
		if err != nil || res.IsError {
			b.Fatalf("call: %v %+v", err, res)
		}
	}
}

// BenchmarkReadDirectHTTP is the same GET sent straight to the emulator over
// loopback HTTP: the floor the MCP path is compared with.
func BenchmarkReadDirectHTTP(b *testing.B) {
	srv := pingonetest.NewServer()
	defer srv.Close()
	token := srv.IssueToken(time.Hour)
	url := srv.APIURL() + "/environments/" + pingonetest.Demo().SandboxEnvironmentID
	client := &http.Client{}
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
