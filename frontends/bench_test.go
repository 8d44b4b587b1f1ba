// Package frontends_test holds the end-to-end benchmarks of the built p1
// binary: what a desktop client sees of p1kit's speed and size. Every
// figure is reported as a ratio against a reference measured side by side
// in the same run (alternately, so that the machine's load falls on both):
// a bare go-sdk stdio server (frontends/internal/bareserver) with two
// tools, one of which does the same GET. No test asserts a time.
package frontends_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// binaries builds p1 and the bare reference server once per test process.
func binaries(b *testing.B) (p1, bare string) {
	b.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "p1bench")
		if buildErr != nil {
			return
		}
		for pkg, name := range map[string]string{"./p1": "p1", "./internal/bareserver": "bare"} {
			// Built as `make build` builds the commands (see LDFLAGS there).
			out, err := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(binDir, name), pkg).CombinedOutput()
			if err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return filepath.Join(binDir, "p1"), filepath.Join(binDir, "bare")
}

// emulator is a PingOne emulator both servers talk to, and the
// environment that points a process at it.
func emulator(b *testing.B) (env []string, envID string) {
	b.Helper()
	srv := pingonetest.NewServer()
	b.Cleanup(srv.Close)
	return []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + b.TempDir(), "P1_CONFIG_DIR=" + b.TempDir(),
		"PINGONE_API_URL=" + srv.APIURL(), "PINGONE_ACCESS_TOKEN=" + srv.IssueToken(time.Hour),
	}, pingonetest.Demo().SandboxEnvironmentID
}

func connect(ctx context.Context, b *testing.B, env []string, bin string, args ...string) *sdk.ClientSession {
	b.Helper()
	client := sdk.NewClient(&sdk.Implementation{Name: "bench", Version: "1"}, nil)
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = io.Discard
	cs, err := client.Connect(ctx, &sdk.CommandTransport{Command: cmd}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return cs
}

// fullCatalogue are the flags that list every tool p1kit ships.
var fullCatalogue = []string{"mcp", "run", "--disable-read-only", "--toolsets", "all"}

// startToList starts a server, waits for its tools/list answer through a
// go-sdk client (which then decodes every tool and checks its schema's
// header annotations: client work that grows with the catalogue), stops it.
func startToList(ctx context.Context, b *testing.B, env []string, bin string, args ...string) time.Duration {
	settle()
	start := time.Now()
	cs := connect(ctx, b, env, bin, args...)
	res, err := cs.ListTools(ctx, nil)
	if err != nil || len(res.Tools) == 0 {
		b.Fatalf("tools/list: %v", err)
	}
	d := time.Since(start)
	_ = cs.Close()
	return d
}

// settle collects the benchmark's own garbage before a server is started
// and timed, so that collecting what the last run left (p1's 140 KB
// answer, the SDK client's decoded tools) does not land in the next
// measurement, on one of the two cores. Without it the order mattered: run
// bare, p1, p1, bare, the ratio was 1.61-1.71 for the first pair and
// 1.30-1.43 for the second; with it, each binary times the same (within
// 4%) in either place.
func settle() { runtime.GC() }

// The frames a client writes from start to tools/list.
const (
	initializeFrame  = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}` + "\n"
	initializedFrame = `{"jsonrpc":"2.0","method":"notifications/initialized"}` + "\n"
	listFrame        = `{"jsonrpc":"2.0","id":2,"method":"tools/list"}` + "\n"
)

// startToAnswer starts a server and writes the frames a client writes,
// each when the one before is answered, as any client does: the time is
// until the last byte of the tools/list answer has arrived, the server's
// part of a desktop client's wait, read by the same code for both servers.
func startToAnswer(b *testing.B, env []string, bin string, args ...string) time.Duration {
	settle()
	start := time.Now()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = io.Discard
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	r := bufio.NewReaderSize(out, 1<<20)
	answer := func(frame, want string) {
		if _, err := io.WriteString(in, frame); err != nil {
			b.Fatal(err)
		}
		line, err := r.ReadString('\n')
		if err != nil || !strings.Contains(line, want) {
			b.Fatalf("%s answered %.200q: %v", strings.TrimSpace(frame), line, err)
		}
	}
	answer(initializeFrame, `"protocolVersion"`)
	if _, err := io.WriteString(in, initializedFrame); err != nil {
		b.Fatal(err)
	}
	answer(listFrame, `"tools":[{`)
	d := time.Since(start)
	_ = in.Close()
	_ = cmd.Wait()
	return d
}

// BenchmarkMCPStartToToolsList: a desktop client's wait from starting
// `p1 mcp run` with the full catalogue listed to its tools/list answer,
// against the bare server with two tools, alternately. The metric
// p1/bare is the acceptance figure (≤ 1.5): until the answer has arrived,
// read by the same plain reader for both. sdk-p1/bare is the same wait
// through a go-sdk client, which also decodes the answer (157 tools for
// p1, 2 for bare) before it returns.
func BenchmarkMCPStartToToolsList(b *testing.B) {
	p1, bare := binaries(b)
	env, _ := emulator(b)
	ctx := b.Context()
	var p1Total, bareTotal, p1SDK, bareSDK time.Duration
	n := 0
	for b.Loop() {
		bareTotal += startToAnswer(b, env, bare)
		p1Total += startToAnswer(b, env, p1, fullCatalogue...)
		bareSDK += startToList(ctx, b, env, bare)
		p1SDK += startToList(ctx, b, env, p1, fullCatalogue...)
		n++
	}
	b.ReportMetric(float64(p1Total.Microseconds())/float64(n)/1000, "p1-ms")
	b.ReportMetric(float64(bareTotal.Microseconds())/float64(n)/1000, "bare-ms")
	b.ReportMetric(float64(p1Total)/float64(bareTotal), "p1/bare")
	b.ReportMetric(float64(p1SDK.Microseconds())/float64(n)/1000, "sdk-p1-ms")
	b.ReportMetric(float64(bareSDK.Microseconds())/float64(n)/1000, "sdk-bare-ms")
	b.ReportMetric(float64(p1SDK)/float64(bareSDK), "sdk-p1/bare")
}

// BenchmarkReadToolCallMCPStdio: one get_environment call through MCP
// stdio, the toolkit pipeline and the client, to the emulator, against the
// bare server whose tool does the same GET and returns the body,
// alternately. p1/bare is the acceptance figure (≤ 1.3).
func BenchmarkReadToolCallMCPStdio(b *testing.B) {
	p1, bare := binaries(b)
	env, envID := emulator(b)
	ctx := b.Context()
	p1cs := connect(ctx, b, env, p1, "mcp", "run")
	defer p1cs.Close()
	barecs := connect(ctx, b, env, bare)
	defer barecs.Close()
	args := map[string]any{"environmentId": envID}
	call := func(cs *sdk.ClientSession) time.Duration {
		start := time.Now()
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "get_environment", Arguments: args})
		if err != nil || res.IsError {
			b.Fatalf("call: %v %+v", err, res)
		}
		return time.Since(start)
	}
	call(p1cs) // sign-in and first-use work are not the per-call cost
	call(barecs)
	var p1Total, bareTotal time.Duration
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		bareTotal += call(barecs)
		p1Total += call(p1cs)
		n++
	}
	b.ReportMetric(float64(p1Total.Microseconds())/float64(n), "p1-µs")
	b.ReportMetric(float64(bareTotal.Microseconds())/float64(n), "bare-µs")
	b.ReportMetric(float64(p1Total)/float64(bareTotal), "p1/bare")
}

// listBytes is the size of a tools/list answer's tools as the server sent
// them (the raw JSON of result.tools, compacted), not as the client decodes
// and re-encodes them: what a client hands a model is what came on the wire.
func listBytes(ctx context.Context, b *testing.B, env []string, bin string, args ...string) (int, int) {
	client := sdk.NewClient(&sdk.Implementation{Name: "bench", Version: "1"}, nil)
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = io.Discard
	var wire bytes.Buffer
	cs, err := client.Connect(ctx, &sdk.LoggingTransport{Transport: &sdk.CommandTransport{Command: cmd}, Writer: &wire}, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer cs.Close()
	res, err := cs.ListTools(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for line := range strings.Lines(wire.String()) {
		msg, ok := strings.CutPrefix(line, "read: ")
		if !ok {
			continue
		}
		var answer struct {
			Result struct {
				Tools json.RawMessage `json:"tools"`
			} `json:"result"`
		}
		if json.Unmarshal([]byte(msg), &answer) != nil || answer.Result.Tools == nil {
			continue
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, answer.Result.Tools); err != nil {
			b.Fatal(err)
		}
		return compact.Len(), len(res.Tools)
	}
	b.Fatal("no tools/list answer on the wire")
	return 0, 0
}

// BenchmarkToolsListSize reports what tools/list puts in a model's
// context (sizes, not times; one run is enough): bytes a tool with the
// full catalogue listed (≤ 700), the default set of a fresh `p1 mcp run`
// in KB (≤ 25) and discovery mode in KB (≤ 3), each as a ratio of its
// target too.
func BenchmarkToolsListSize(b *testing.B) {
	p1, _ := binaries(b)
	env, _ := emulator(b)
	ctx := b.Context()
	var full, count, def, disc int
	for b.Loop() {
		full, count = listBytes(ctx, b, env, p1, fullCatalogue...)
		def, _ = listBytes(ctx, b, env, p1, "mcp", "run")
		disc, _ = listBytes(ctx, b, env, p1, "mcp", "run", "--tool-mode", "discover", "--disable-read-only")
	}
	b.ReportMetric(float64(count), "tools")
	b.ReportMetric(float64(full)/float64(count), "B/tool")
	b.ReportMetric(float64(full)/float64(count)/700, "B/tool/700")
	b.ReportMetric(float64(def)/1024, "default-KB")
	b.ReportMetric(float64(def)/1024/25, "default-KB/25")
	b.ReportMetric(float64(disc)/1024, "discover-KB")
	b.ReportMetric(float64(disc)/1024/3, "discover-KB/3")
}

// BenchmarkBinarySize reports p1 as `make build` builds it, in MB, and as
// a ratio of the 20 MB target.
func BenchmarkBinarySize(b *testing.B) {
	p1, _ := binaries(b)
	var size int64
	for b.Loop() {
		st, err := os.Stat(p1)
		if err != nil {
			b.Fatal(err)
		}
		size = st.Size()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
	b.ReportMetric(float64(size)/20e6, "MB/20")
}

// BenchmarkReadDirectHTTP is the same GET sent straight to the emulator
// over loopback HTTP: the floor of both servers' read calls.
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
