package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// notBlocking bounds a command that must not wait for anything: generous,
// so a slow machine never fails it; a command that waits for a sign-in
// would wait minutes.
const notBlocking = 60 * time.Second

// closedURL is a loopback URL nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return "http://" + addr
}

// authRequests counts the requests that reached the emulator's auth host.
func authRequests(srv *pingonetest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, "/as/") {
			n++
		}
	}
	return n
}

// TestProcessNoSessionNoTerminalFailsAtOnce: a script (stdin not a
// terminal) calling a tool with a user sign-in configured but no session
// stored gets exit 4 at once, with the command that signs in; no browser
// is opened, no device code is asked for.
func TestProcessNoSessionNoTerminalFailsAtOnce(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	for _, grant := range []string{"device_code", "authorization_code"} {
		t.Run(grant, func(t *testing.T) {
			t.Parallel()
			marker := filepath.Join(t.TempDir(), "browser-opened")
			env := headlessEnv(t.TempDir(), "BROWSER=touch "+marker,
				"PINGONE_API_URL="+srv.APIURL(), "PINGONE_AUTH_URL="+srv.AuthURL(), "PINGONE_MCP_ENVIRONMENT_ID="+d.AdminEnvironmentID,
				"PINGONE_"+strings.ToUpper(grant)+"_CLIENT_ID="+d.CLIClientID)
			before := authRequests(srv)
			ctx, cancel := context.WithTimeout(t.Context(), notBlocking)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary(t), "tool", "call", "list_environments")
			cmd.Env = env // stdin is /dev/null: no terminal
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			err := cmd.Run()
			elapsed := time.Since(start)
			t.Logf("%s: exit after %s", grant, elapsed)
			require.NoError(t, ctx.Err(), "p1 blocked waiting for a sign-in")
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, exitAuth, ee.ExitCode(), stderr.String())
			assert.Contains(t, stderr.String(), "not signed in to PingOne (profile default): no stored session, and stdin is not a terminal")
			assert.Contains(t, stderr.String(), "sign in with `p1 auth login`")
			assert.Contains(t, stderr.String(), "--wait-for-sign-in")
			assert.Empty(t, stdout.String())
			assert.Equal(t, before, authRequests(srv), "nothing was sent to the auth host")
			_, err = os.Stat(marker)
			assert.True(t, os.IsNotExist(err), "no browser was opened")
		})
	}
}

// TestProcessWaitForSignIn: told to wait, the same script starts the device
// code sign-in and finishes once the code is approved elsewhere.
func TestProcessWaitForSignIn(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	srv.SetDevicePollInterval(time.Second)
	d := pingonetest.Demo()
	cmd := exec.CommandContext(t.Context(), binary(t), "tool", "call", "list_environments")
	cmd.Env = headlessEnv(t.TempDir(), "P1_WAIT_FOR_SIGN_IN=1",
		"PINGONE_API_URL="+srv.APIURL(), "PINGONE_AUTH_URL="+srv.AuthURL(), "PINGONE_MCP_ENVIRONMENT_ID="+d.AdminEnvironmentID,
		"PINGONE_DEVICE_CODE_CLIENT_ID="+d.CLIClientID)
	var stdout strings.Builder
	cmd.Stdout = &stdout
	errPipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	re := regexp.MustCompile(`enter the code ([A-Z]{4}-[A-Z]{4})`)
	sc := bufio.NewScanner(errPipe)
	var stderr strings.Builder
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			require.NoError(t, srv.ApproveDeviceCode(m[1], d.AdminUserID))
		}
	}
	require.NoError(t, cmd.Wait(), stderr.String())
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout.String()), &out), stdout.String())
	assert.Len(t, out["environments"], 4)
}

// TestProcessAuthHostUnreachable: an auth host that does not answer is a
// network error (exit 6), for a worker's token request and a user sign-in.
func TestProcessAuthHostUnreachable(t *testing.T) {
	t.Parallel()
	down := closedURL(t)
	d := pingonetest.Demo()
	for name, args := range map[string][]string{
		"client credentials": {"--auth-url", down, "--api-url", down + "/v1", "--environment-id", d.AdminEnvironmentID,
			"tool", "call", "list_environments"},
		"device code login": {"--auth-url", down, "--api-url", down + "/v1", "--environment-id", d.AdminEnvironmentID,
			"--client-id", d.CLIClientID, "auth", "login", "--grant-type", "device_code"},
	} {
		env := headlessEnv(t.TempDir())
		if name == "client credentials" {
			env = append(env, "PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret)
		}
		ctx, cancel := context.WithTimeout(t.Context(), notBlocking)
		cmd := exec.CommandContext(ctx, binary(t), args...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		require.NoError(t, ctx.Err(), name)
		cancel()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee, name)
		assert.Equal(t, exitNetwork, ee.ExitCode(), "%s: %s", name, stderr.String())
		assert.Contains(t, stderr.String(), "the PingOne auth host "+down, name)
		assert.Contains(t, stderr.String(), "could not be reached", name)
		assert.NotContains(t, stderr.String(), d.WorkerClientSecret, name)
	}
}

// TestProcessMCPWithoutCredentials: with nothing to sign in with, `p1 mcp
// run` starts, initialises and lists its tools, as Ping's server does, and
// each call answers how to sign in — a tool result, not a crash.
func TestProcessMCPWithoutCredentials(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary(t), "mcp", "run")
	cmd.Env = headlessEnv(t.TempDir())
	var stderr syncBuffer
	cmd.Stderr = &stderr
	client := sdk.NewClient(&sdk.Implementation{Name: "p1-e2e", Version: "v0"}, nil)
	cs, err := client.Connect(t.Context(), &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err, "initialize: %s", stderr.String())
	t.Cleanup(func() { _ = cs.Close() })
	assert.Equal(t, "p1kit", cs.InitializeResult().ServerInfo.Name)

	tools := listedTools(t, cs)
	assert.Contains(t, tools, "list_environments")
	assert.Contains(t, tools, "get_user")
	assert.Contains(t, stderr.String(), "p1: warning: no PingOne credentials")

	env := map[string]any{"environmentId": pingonetest.Demo().SandboxEnvironmentID}
	for _, call := range []struct {
		name string
		args map[string]any
	}{{"list_environments", map[string]any{}}, {"list_environments", map[string]any{}}, {"get_environment", env}, {"list_users", env}} {
		name := call.name
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: name, Arguments: call.args})
		require.NoError(t, err, name)
		require.True(t, res.IsError, name)
		text := res.Content[0].(*sdk.TextContent).Text
		assert.Contains(t, text, name+": PingOne sign-in failed: no PingOne credentials")
		assert.Contains(t, text, "p1 auth login")
		assert.Contains(t, text, "PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET and PINGONE_MCP_ENVIRONMENT_ID")
	}
	require.NoError(t, cs.Ping(t.Context(), nil), "the server is still serving")

	// Half configured: the call names what is missing.
	cmd = exec.Command(binary(t), "mcp", "run")
	cmd.Env = headlessEnv(t.TempDir(), "PINGONE_DEVICE_CODE_CLIENT_ID="+pingonetest.Demo().CLIClientID)
	cmd.Stderr = io.Discard
	cs2, err := client.Connect(t.Context(), &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs2.Close() })
	res, err := cs2.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, "device_code sign-in needs PINGONE_MCP_ENVIRONMENT_ID")
}
