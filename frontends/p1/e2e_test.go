package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// The process-level tests run the p1 binary, built once on first use.
var (
	binDir   string
	buildBin = sync.OnceValues(func() (string, error) {
		bin := filepath.Join(binDir, "p1")
		out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("go build: %v\n%s", err, out)
		}
		return bin, nil
	})
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "p1-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	// In-process runs read the environment too: no developer profile.
	_ = os.Setenv(envConfigDir, filepath.Join(dir, "no-config"))
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// binary returns the built p1, skipping in -short mode.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the p1 binary")
	}
	bin, err := buildBin()
	require.NoError(t, err)
	return bin
}

// cleanEnv is the test process's environment without any PINGONE_ or P1_
// variable, with an empty config directory, so that a developer's own
// credentials and profiles never reach these tests.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PINGONE_") && !strings.HasPrefix(kv, "P1_") {
			env = append(env, kv)
		}
	}
	return append(append(env, envConfigDir+"="+filepath.Join(binDir, "no-config")), extra...)
}

// runBinary runs p1 as a process and returns its outputs and exit code.
func runBinary(t *testing.T, env []string, args ...string) runResult {
	t.Helper()
	return runBinaryAt(t, binary(t), env, args...)
}

// runBinaryAt runs the p1 built at bin.
func runBinaryAt(t *testing.T, bin string, env []string, args ...string) runResult {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), bin, args...)
	cmd.Env = env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return runResult{out.String(), errOut.String(), code}
}

func TestProcessToolCall(t *testing.T) {
	t.Parallel()
	r := runBinary(t, cleanEnv(), "--sandbox", "tool", "call", "list_environments")
	m := decode(t, r)
	envs, ok := m["environments"].([]any)
	require.True(t, ok, r.stdout)
	assert.Len(t, envs, 4)
	assert.Empty(t, r.stderr)
}

func TestProcessExitCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		env  []string
		args []string
		code int
		want []string
	}{
		{"no credentials", nil, []string{"tool", "call", "list_environments"}, exitAuth,
			[]string{"PINGONE_CLIENT_ID", "PINGONE_CLIENT_SECRET", "PINGONE_MCP_ENVIRONMENT_ID", "--sandbox"}},
		// mcp run serves anyway (its stdin ends at once here: a clean end),
		// saying on stderr what is missing; each call answers it too.
		{"device code without a client", nil, []string{"mcp", "run", "--grant-type", "device_code"}, exitOK,
			[]string{"device_code", "PINGONE_DEVICE_CODE_CLIENT_ID", "PINGONE_MCP_ENVIRONMENT_ID", "serving the tools anyway"}},
		{"official variables without an environment", []string{"PINGONE_AUTHORIZATION_CODE_CLIENT_ID=0b8b7a3e-49f6-4d7e-9a51-5f0c4c1a9d11"},
			[]string{"mcp", "run"}, exitOK, []string{"authorization_code", "PINGONE_MCP_ENVIRONMENT_ID", "serving the tools anyway"}},
		{"network", []string{"PINGONE_ACCESS_TOKEN=not-a-real-token", "PINGONE_API_URL=" + closedPort(t) + "/v1"},
			[]string{"tool", "call", "list_environments"}, exitNetwork, []string{"unreachable"}},
		{"bad static token", []string{"PINGONE_ACCESS_TOKEN=not-a-real-token", "PINGONE_API_URL=" + emulatorURL(t) + "/v1"},
			[]string{"tool", "call", "list_environments"}, exitAuth, []string{"401"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runBinary(t, cleanEnv(tc.env...), tc.args...)
			require.Equal(t, tc.code, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
			assert.Empty(t, r.stdout)
			assert.True(t, strings.HasPrefix(r.stderr, "p1: "), r.stderr)
			for _, w := range tc.want {
				assert.Contains(t, r.stderr, w)
			}
			assert.NotContains(t, r.stderr, "not-a-real-token")
		})
	}
}

// connectBinary starts `p1 <args>` as an MCP server and connects a client.
func connectBinary(t *testing.T, args ...string) *sdk.ClientSession {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = cleanEnv()
	cmd.Stderr = io.Discard
	client := sdk.NewClient(&sdk.Implementation{Name: "p1-e2e", Version: "v0"}, nil)
	cs, err := client.Connect(t.Context(), &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}

func listedTools(t *testing.T, cs *sdk.ClientSession) []string {
	t.Helper()
	var names []string
	for tool, err := range cs.Tools(t.Context(), nil) {
		require.NoError(t, err)
		names = append(names, tool.Name)
	}
	return names
}

// callEvery calls every listed tool, in phase order, with the arguments
// of toolCalls, and requires each to succeed.
func callEvery(t *testing.T, cs *sdk.ClientSession, names []string) {
	t.Helper()
	for _, name := range names {
		_, ok := toolCalls[name]
		require.True(t, ok, "listed tool %s has no entry in toolCalls (alltools_test.go)", name)
	}
	state := &callState{created: map[string]string{}}
	for _, name := range callOrder(names) {
		tc := toolCalls[name]
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: name, Arguments: tc.args(state)})
		require.NoError(t, err, name)
		require.Len(t, res.Content, 1, name)
		text := res.Content[0].(*sdk.TextContent).Text
		require.False(t, res.IsError, "%s failed: %s", name, text)
		require.True(t, json.Valid([]byte(text)), "%s: %s", name, text)
		state.remember(t, name, []byte(text))
		if tc.fails != nil {
			res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: name, Arguments: tc.fails(state)})
			require.NoError(t, err, name)
			require.True(t, res.IsError, "%s should fail", name)
			assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, tc.failsWith, name)
		}
	}
}

func TestProcessMCPReadOnly(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run", "--toolsets", "all")
	assert.Equal(t, "p1kit", cs.InitializeResult().ServerInfo.Name)
	names := listedTools(t, cs)
	var reads []string
	for _, tool := range tools.All() {
		if !tool.IsWrite() {
			reads = append(reads, tool.Name)
		}
	}
	assert.ElementsMatch(t, reads, names, "read-only by default")
	callEvery(t, cs, names)
}

func TestProcessMCPEveryTool(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run", "--disable-read-only", "--toolsets", "all")
	names := listedTools(t, cs)
	require.Len(t, names, len(tools.All()))
	callEvery(t, cs, names)

	// The production guard answers as a tool result the model can read.
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "create_population",
		Arguments: map[string]any{"environmentId": pingonetest.Demo().ProductionEnvironmentID, "name": "Nope"}})
	require.NoError(t, err)
	assert.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, "PRODUCTION")
}

func TestProcessMCPOfficialFlags(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run", "--disable-read-only",
		"--include-tool-collections", "populations,environments", "--exclude-tools", "update_environment,create_environment")
	names := listedTools(t, cs)
	assert.Contains(t, names, "create_population")
	assert.Contains(t, names, "list_environments")
	assert.NotContains(t, names, "update_environment")
	assert.NotContains(t, names, "list_users")
}

func TestProcessSandbox(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary(t), "sandbox", "--port", "0")
	cmd.Env = cleanEnv()
	errPipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	waited := make(chan error, 1)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			_ = cmd.Process.Kill()
			<-waited
		}
	})

	// Read the banner up to the last variable it prints.
	var banner strings.Builder
	sc := bufio.NewScanner(errPipe)
	read := make(chan error, 2)
	go func() {
		for sc.Scan() {
			banner.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "PINGONE_CLIENT_SECRET=") {
				read <- nil
				break
			}
		}
		read <- sc.Err()
		_, _ = io.Copy(io.Discard, errPipe)
		waited <- cmd.Wait() // after the pipe is drained, as Wait requires
	}()
	select {
	case err := <-read:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("p1 sandbox printed no variables")
	}
	vars := exportedVars(banner.String())
	for _, k := range []string{"PINGONE_API_URL", "PINGONE_AUTH_URL", "PINGONE_ENVIRONMENT_ID", "PINGONE_CLIENT_ID", "PINGONE_CLIENT_SECRET"} {
		require.NotEmpty(t, vars[k], "%s missing from:\n%s", k, banner.String())
	}
	assert.Contains(t, banner.String(), strings.TrimSuffix(vars["PINGONE_API_URL"], "/v1"))

	// Another p1 pointed at it with the printed variables (and the URLs as flags).
	var env []string
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	r := runBinary(t, cleanEnv(env...), "--api-url", vars["PINGONE_API_URL"], "--auth-url", vars["PINGONE_AUTH_URL"],
		"tool", "call", "list_environments")
	m := decode(t, r)
	assert.Len(t, m["environments"], 4)

	// SIGINT stops it cleanly.
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	select {
	case err := <-waited:
		stopped = true
		assert.NoError(t, err, "exit status after SIGINT")
	case <-time.After(10 * time.Second):
		t.Fatal("p1 sandbox did not stop on SIGINT")
	}
}
