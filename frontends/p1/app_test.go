package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

type runResult struct {
	stdout, stderr string
	code           int
}

// p1 runs the command in process with stdin as its standard input.
func p1(t *testing.T, stdin string, args ...string) runResult {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(t.Context(), append([]string{"p1"}, args...), strings.NewReader(stdin), &out, &errOut)
	return runResult{out.String(), errOut.String(), code}
}

func decode(t *testing.T, r runResult) map[string]any {
	t.Helper()
	require.Equal(t, 0, r.code, "stderr: %s", r.stderr)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &m), r.stdout)
	return m
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "version")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "p1 ")
	r = p1(t, "", "--version")
	assert.Equal(t, 0, r.code)
}

func TestHelpDocumentsExitCodes(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"tool", "call", "--help"}} {
		r := p1(t, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "EXIT CODES")
		assert.Contains(t, r.stdout, "refused by policy")
	}
	r := p1(t, "")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "sandbox")
}

func TestToolList(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "tool", "list", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `(?m)^NAME\s+COLLECTION\s+ACCESS\s+TITLE$`, r.stdout)
	assert.Regexp(t, `(?m)^list_environments\s+environments\s+read-only\s+List environments$`, r.stdout)
	assert.NotContains(t, r.stdout, "create_population")
	assert.NotContains(t, r.stdout, "write")

	r = p1(t, "", "tool", "list", "--disable-read-only", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `(?m)^create_population\s+populations\s+write\s+`, r.stdout)

	r = p1(t, "", "tool", "list", "-o", "json", "--include-tool-collections", "populations,environments", "--exclude-tools", "get_environment")
	require.Equal(t, 0, r.code, r.stderr)
	var list []toolInfo
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list))
	var names []string
	for _, ti := range list {
		names = append(names, ti.Name)
		assert.Contains(t, []string{"populations", "environments"}, ti.Collection)
		assert.True(t, ti.ReadOnly)
		assert.True(t, ti.Available)
	}
	assert.Contains(t, names, "list_populations")
	assert.NotContains(t, names, "get_environment")
}

func TestToolListAllAndWarnings(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "tool", "list", "--all", "-o", "table", "--include-tools", "get_population,create_population")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `(?m)^create_population\s+populations\s+write\s+no\s+`, r.stdout)
	assert.Regexp(t, `(?m)^get_population\s+populations\s+read-only\s+yes\s+`, r.stdout)
	// The official server's behaviour: an included write tool dropped by
	// read-only mode is reported, with the flag to use.
	assert.Contains(t, r.stderr, "create_population")
	assert.Contains(t, r.stderr, "--disable-read-only")
}

func TestToolDescribe(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "tool", "describe", "get_population")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "get_population — Get population")
	assert.Contains(t, r.stdout, "readOnly=true destructive=false")
	assert.Regexp(t, `(?m)^populationId\s+string\s+yes\s+`, r.stdout)

	r = p1(t, "", "tool", "describe", "update_population", "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var info toolInfo
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &info))
	assert.Equal(t, "update_population", info.Name)
	assert.False(t, info.Available, "write tools are hidden in read-only mode")
	assert.Contains(t, info.Hidden, "--disable-read-only")
	require.NotNil(t, info.Annotations)
	assert.True(t, info.Annotations.Destructive)
	require.NotNil(t, info.InputSchema)
	assert.Contains(t, info.InputSchema.Required, "populationId")
	assert.NotEmpty(t, info.Description)
}

func TestToolCallSources(t *testing.T) {
	t.Parallel()
	sb := pingonetest.Demo().SandboxEnvironmentID
	cases := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"arg", "", []string{"--arg", "environmentId=" + sb}},
		{"short arg", "", []string{"-a", "environmentId=" + sb}},
		{"json", "", []string{"--json", `{"environmentId":"` + sb + `"}`}},
		{"stdin dash", `{"environmentId":"` + sb + `"}`, []string{"-"}},
		{"json then arg", "", []string{"--json", `{"environmentId":"bogus"}`, "--arg", "environmentId=" + sb}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := []string{"--sandbox", "tool", "call", "get_environment"}
			if len(tc.args) > 0 && tc.args[0] == "-" {
				args = append(args, "-")
			} else {
				args = append(args, tc.args...)
			}
			m := decode(t, p1(t, tc.stdin, args...))
			env, ok := m["environment"].(map[string]any)
			require.True(t, ok, "%v", m)
			assert.Equal(t, sb, env["id"])
			assert.Equal(t, "Sandbox", env["name"])
		})
	}
}

func TestToolCallTypedArgs(t *testing.T) {
	t.Parallel()
	sb := pingonetest.Demo().SandboxEnvironmentID
	// limit=2 is a number; the cursor comes back for the next page.
	m := decode(t, p1(t, "", "--sandbox", "tool", "call", "list_users", "--arg", "environmentId="+sb, "--arg", "limit=2"))
	users, ok := m["users"].([]any)
	require.True(t, ok, "%v", m)
	assert.Len(t, users, 2)
	cursor, _ := m["nextCursor"].(string)
	require.NotEmpty(t, cursor)
	m = decode(t, p1(t, "", "--sandbox", "tool", "call", "list_users", "--arg", "environmentId="+sb, "--arg", "limit=2", "--arg", "cursor="+cursor))
	next, _ := m["users"].([]any)
	require.NotEmpty(t, next)
	assert.NotEqual(t, users[0], next[0])

	// A dotted key builds the nested object; booleans are JSON.
	r := p1(t, "", "--sandbox", "tool", "call", "create_oidc_application", "--disable-read-only",
		"--arg", "environmentId="+sb,
		"--arg", "application.name=CLI app",
		"--arg", "application.enabled=true",
		"--arg", "application.protocol=OPENID_CONNECT",
		"--arg", "application.type=WORKER",
		"--arg", "application.tokenEndpointAuthMethod=CLIENT_SECRET_BASIC",
		"--arg", `application.grantTypes=["CLIENT_CREDENTIALS"]`)
	m = decode(t, r)
	app, ok := m["application"].(map[string]any)
	require.True(t, ok, "%v", m)
	assert.Equal(t, "CLI app", app["name"])
	assert.Equal(t, true, app["enabled"])
}

func TestToolCallTable(t *testing.T) {
	t.Parallel()
	sb := pingonetest.Demo().SandboxEnvironmentID
	r := p1(t, "", "--sandbox", "tool", "call", "list_environments", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 5, r.stdout) // header + 4 demo environments
	assert.Regexp(t, `^ID\s+NAME\s+TYPE\s+`, lines[0])
	assert.Regexp(t, `(?m)^`+sb+`\s+Sandbox\s+SANDBOX\s+`, r.stdout)
	// Columns are aligned: the NAME column starts at the same offset everywhere.
	col := strings.Index(lines[0], "NAME")
	for _, l := range lines[1:] {
		assert.NotEqual(t, ' ', rune(l[col]), "misaligned: %q", l)
		assert.Equal(t, ' ', rune(l[col-1]), "misaligned: %q", l)
	}

	r = p1(t, "", "--sandbox", "tool", "call", "list_users", "--arg", "environmentId="+sb, "--arg", "limit=1", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "--arg cursor=")

	r = p1(t, "", "--sandbox", "tool", "call", "get_environment", "--arg", "environmentId="+sb, "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `(?m)^id\s+`+sb+`$`, r.stdout)
	assert.Regexp(t, `(?m)^name\s+Sandbox$`, r.stdout)
	assert.Regexp(t, `(?m)^type\s+SANDBOX$`, r.stdout)
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return "http://" + addr
}

// emulatorURL serves a fresh emulator for the test.
func emulatorURL(t *testing.T) string {
	t.Helper()
	srv, url, err := serveEmulator(t.Context(), "127.0.0.1:0", 0)
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return url
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	sb, prod := d.SandboxEnvironmentID, d.ProductionEnvironmentID
	const unknownID = "0b8b7a3e-49f6-4d7e-9a51-5f0c4c1a9d11"
	emu := emulatorURL(t)
	creds := func(api, auth, secret string) []string {
		return []string{"--api-url", api + "/v1", "--auth-url", auth, "--environment-id", d.AdminEnvironmentID,
			"--client-id", d.WorkerClientID, "--client-secret", secret}
	}
	cases := []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  string
	}{
		{"ok", []string{"--sandbox", "tool", "call", "list_environments"}, "", exitOK, ""},
		{"ok with client credentials", append(creds(emu, emu, d.WorkerClientSecret), "tool", "call", "list_environments"), "", exitOK, ""},
		{"api error", []string{"--sandbox", "tool", "call", "list_environments", "--arg", `filter=nickname eq "x"`}, "", exitError, "filter"},
		{"unknown flag", []string{"tool", "call", "--bogus", "list_environments"}, "", exitUsage, "bogus"},
		{"unknown command", []string{"frobnicate"}, "", exitUsage, "frobnicate"},
		{"bad output format", []string{"--sandbox", "tool", "call", "list_environments", "-o", "xml"}, "", exitUsage, "xml"},
		{"no tool name", []string{"--sandbox", "tool", "call"}, "", exitUsage, "tool name"},
		{"unknown tool", []string{"--sandbox", "tool", "call", "no_such_tool"}, "", exitUsage, "no_such_tool"},
		{"unknown tool in filter", []string{"tool", "list", "--include-tools", "no_such_tool"}, "", exitUsage, "no_such_tool"},
		{"missing argument", []string{"--sandbox", "tool", "call", "get_environment"}, "", exitUsage, "environmentId"},
		{"wrong type", []string{"--sandbox", "tool", "call", "list_users", "--arg", "environmentId=" + sb, "--arg", "limit=many"}, "", exitUsage, "limit"},
		{"malformed json", []string{"--sandbox", "tool", "call", "get_environment", "--json", `{"environmentId":`}, "", exitUsage, "not valid JSON"},
		{"malformed stdin", []string{"--sandbox", "tool", "call", "get_environment", "-"}, `{nope`, exitUsage, "stdin"},
		{"stdin not read without -", []string{"--sandbox", "tool", "call", "get_environment"}, `{"environmentId":"` + sb + `"}`, exitUsage, "missing required argument"},
		{"json not an object", []string{"--sandbox", "tool", "call", "get_environment", "--json", `[1]`}, "", exitUsage, "JSON object"},
		{"bad --arg", []string{"--sandbox", "tool", "call", "get_environment", "--arg", "environmentId"}, "", exitUsage, "key=value"},
		{"write in read-only mode", []string{"--sandbox", "tool", "call", "create_population", "--arg", "environmentId=" + sb, "--arg", "name=x"}, "", exitDenied, "--disable-read-only"},
		{"production guard", []string{"--sandbox", "tool", "call", "create_population", "--disable-read-only", "--arg", "environmentId=" + prod, "--arg", "name=x"}, "", exitDenied, "PRODUCTION"},
		{"bad secret", append(creds(emu, emu, "wrong-secret"), "tool", "call", "list_environments"), "", exitAuth, "sign-in"},
		{"missing secret", []string{"--environment-id", d.AdminEnvironmentID, "--client-id", d.WorkerClientID, "--client-secret", "", "tool", "call", "list_environments"}, "", exitAuth, "PINGONE_CLIENT_SECRET"},
		{"not found", []string{"--sandbox", "tool", "call", "get_environment", "--arg", "environmentId=" + unknownID}, "", exitNotFound, unknownID},
		{"network", append(creds(closedPort(t), emu, d.WorkerClientSecret), "tool", "call", "list_environments"), "", exitNetwork, "unreachable"},
		{"sandbox refuses a public address", []string{"sandbox", "--addr", "0.0.0.0"}, "", exitUsage, "loopback"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := p1(t, tc.stdin, tc.args...)
			require.Equal(t, tc.code, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
			if tc.code == exitOK {
				assert.Empty(t, r.stderr)
				return
			}
			assert.Empty(t, r.stdout, "errors go to stderr")
			lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
			last := lines[len(lines)-1]
			assert.True(t, strings.HasPrefix(last, "p1: "), "stderr: %q", r.stderr)
			assert.Contains(t, last, tc.want)
			assert.NotContains(t, r.stderr, d.WorkerClientSecret, "a secret was printed")
		})
	}
}

func TestDebugNeverLogsSecrets(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	emu := emulatorURL(t)
	r := p1(t, "", "--debug", "--api-url", emu+"/v1", "--auth-url", emu, "--environment-id", d.AdminEnvironmentID,
		"--client-id", d.WorkerClientID, "--client-secret", d.WorkerClientSecret, "tool", "call", "list_environments")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "level=DEBUG")
	assert.NotContains(t, r.stderr, d.WorkerClientSecret)
	assert.NotContains(t, strings.ToLower(r.stderr), "bearer ")
}

func TestMCPRunInProcess(t *testing.T) {
	t.Parallel()
	stdinR, stdinW := io.Pipe()
	out := newEventBuffer()
	var errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(t.Context(), []string{"p1", "--sandbox", "mcp", "run", "--store-type", "file"}, stdinR, out, &errOut)
	}()
	send := func(msg string) {
		_, err := io.WriteString(stdinW, msg+"\n")
		require.NoError(t, err)
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"0"}}}`)
	out.waitFor(t, `"id":1`)
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/list"}`)
	out.waitFor(t, `"id":2`)
	require.NoError(t, stdinW.Close()) // the client hangs up: a clean end
	select {
	case code := <-done:
		require.Equal(t, 0, code, errOut.String())
	case <-time.After(notBlocking):
		t.Fatal("p1 mcp run did not stop at EOF")
	}
	assert.Empty(t, errOut.String(), "the sandbox signs in with its worker: no store is opened")
	// stdout holds only JSON-RPC messages.
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var msg map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &msg), "not JSON-RPC on stdout: %q", line)
		assert.Equal(t, "2.0", msg["jsonrpc"])
	}
	assert.Contains(t, out.String(), `"p1kit"`)
	assert.Contains(t, out.String(), `"list_environments"`)
	assert.NotContains(t, out.String(), `"create_population"`)
}

func TestMCPRunUsageErrors(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "--sandbox", "mcp", "run", "--grant-type", "password")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--grant-type")
	r = p1(t, "", "--sandbox", "mcp", "run", "--exclude-tool-collections", "nope")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "nope")
}

func TestSandboxCommandInProcess(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	var out syncBuffer
	errOut := newEventBuffer()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"p1", "sandbox", "--port", "0"}, strings.NewReader(""), &out, errOut)
	}()
	errOut.waitFor(t, "PINGONE_CLIENT_SECRET=")
	vars := exportedVars(errOut.String())
	r := p1(t, "", "--api-url", vars["PINGONE_API_URL"], "--auth-url", vars["PINGONE_AUTH_URL"],
		"--environment-id", vars["PINGONE_ENVIRONMENT_ID"], "--client-id", vars["PINGONE_CLIENT_ID"],
		"--client-secret", vars["PINGONE_CLIENT_SECRET"], "tool", "call", "list_environments")
	m := decode(t, r)
	assert.Len(t, m["environments"], 4)
	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, errOut.String())
	case <-time.After(notBlocking):
		t.Fatal("p1 sandbox did not stop")
	}
	assert.Empty(t, out.String())
}
