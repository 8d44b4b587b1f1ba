package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// terminal is a stdin that says it is an interactive terminal.
type terminal struct{ io.Reader }

func (terminal) IsTerminal() bool { return true }

func signedIn(srv *pingonetest.Server, extra ...string) []string {
	return append([]string{
		"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
		"--environment-id", pingonetest.Demo().AdminEnvironmentID,
		"--client-id", pingonetest.Demo().WorkerClientID, "--client-secret", pingonetest.Demo().WorkerClientSecret,
	}, extra...)
}

func p1With(t *testing.T, stdin io.Reader, args ...string) runResult {
	t.Helper()
	var out, errOut strings.Builder
	code := run(t.Context(), append([]string{"p1"}, args...), stdin, &out, &errOut)
	return runResult{out.String(), errOut.String(), code}
}

func writesTo(srv *pingonetest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method != http.MethodGet && strings.HasPrefix(r.Path, "/v1/") {
			n++
		}
	}
	return n
}

func TestConfirmationPromptOnATerminal(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	args := func(srv *pingonetest.Server) []string {
		return signedIn(srv, "tool", "call", "delete_group", "--disable-read-only",
			"--arg", "environmentId="+d.SandboxEnvironmentID, "--arg", "groupId="+d.SandboxEmptyGroupID)
	}

	srv := pingonetest.NewTestServer(t)
	r := p1With(t, terminal{strings.NewReader("Auditors\n")}, args(srv)...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, `Delete group — group "Auditors" (id `+d.SandboxEmptyGroupID+`) in environment "Sandbox"?`)
	assert.Contains(t, r.stderr, "Type the group's name or id to confirm")
	assert.Contains(t, r.stdout, `"deleted": true`)
	assert.Equal(t, 1, writesTo(srv))

	srv = pingonetest.NewTestServer(t)
	r = p1With(t, terminal{strings.NewReader("Auditor\n")}, args(srv)...)
	assert.Equal(t, exitDenied, r.code)
	assert.Contains(t, r.stderr, "not confirmed")
	assert.Zero(t, writesTo(srv))

	// No answer (end of input) is neither a yes nor a no: the call fails closed.
	r = p1With(t, terminal{strings.NewReader("")}, args(srv)...)
	assert.Equal(t, exitDenied, r.code)
	assert.Contains(t, r.stderr, "needs confirmation")
	assert.Zero(t, writesTo(srv))
}

func TestDevNullIsNotATerminal(t *testing.T) {
	t.Parallel()
	f, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f))
	assert.False(t, isTerminal(strings.NewReader("")))
	assert.True(t, isTerminal(terminal{}))
}

func TestConfirmationWithoutATerminal(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	srv := pingonetest.NewTestServer(t)
	base := signedIn(srv, "tool", "call", "delete_user", "--disable-read-only",
		"--arg", "environmentId="+d.SandboxEnvironmentID, "--arg", "userId="+d.SandboxUserID)
	r := p1(t, "jdoe\n", base...)
	assert.Equal(t, exitDenied, r.code, "fails closed: stdin is not a terminal")
	assert.Contains(t, r.stderr, "pass --yes")
	assert.Contains(t, r.stderr, `confirm: "jdoe"`)
	assert.Zero(t, writesTo(srv))

	r = p1(t, "", append(base, "--yes")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 1, writesTo(srv))
}

func TestDryRunFlag(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	srv := pingonetest.NewTestServer(t)
	r := p1(t, "", signedIn(srv, "--dry-run", "tool", "call", "delete_user", "--disable-read-only",
		"--arg", "environmentId="+d.SandboxEnvironmentID, "--arg", "userId="+d.SandboxUserID)...)
	require.Equal(t, 0, r.code, r.stderr)
	var out map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out))
	assert.Equal(t, true, out["dryRun"])
	assert.Equal(t, "DELETE", out["request"].(map[string]any)["method"])
	assert.Zero(t, writesTo(srv))
}

func TestToolListWhy(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "tool", "list", "--why", "--disable-read-only", "--exclude-tools", "delete_*,*_password", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "HIDDEN TOOL")
	assert.Regexp(t, `delete_user\s+excluded by --exclude-tools "delete_\*"`, r.stdout)
	assert.Regexp(t, `set_user_password\s+excluded by --exclude-tools "\*_password"`, r.stdout)
	assert.NotContains(t, r.stdout, "list_users")

	r = p1(t, "", "tool", "list", "--why", "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var hidden []toolInfo
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &hidden))
	require.NotEmpty(t, hidden)
	for _, h := range hidden {
		assert.Contains(t, h.Hidden, "read-only mode is on", h.Name)
	}

	r = p1(t, "", "tool", "list", "--exclude-tools", "drop_*")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `tool pattern "drop_*" matches no tool`)
}

func TestPolicyFileAndFlagsOverIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(file, []byte("filter:\n  readOnly: false\n  excludeTools: [\"delete_*\"]\n"), 0o600))

	r := p1(t, "", "--policy", file, "tool", "list", "--why", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `delete_user\s+excluded by exclude-tools "delete_\*" in policy file `+regexpQuote(file), r.stdout)
	assert.NotContains(t, r.stdout, "create_user", "the file turned read-only mode off")

	// A flag replaces the file's list.
	r = p1(t, "", "--policy", file, "tool", "list", "--why", "--exclude-tools", "create_*", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `create_user\s+excluded by --exclude-tools "create_\*"`, r.stdout)
	assert.NotContains(t, r.stdout, "delete_user")

	r = p1(t, "", "--policy", filepath.Join(dir, "missing.yaml"), "tool", "list")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "missing.yaml")

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("filter:\n  readonly: false\n"), 0o600))
	r = p1(t, "", "--policy", bad, "tool", "list")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, bad+`:2:3: unknown key "readonly" in filter; did you mean "readOnly"?`)
}

func regexpQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `.`, `\.`, `+`, `\+`, `(`, `\(`, `)`, `\)`).Replace(s)
}

func TestPolicyCheck(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "policy", "check", filepath.Join("..", "..", "testdata", "policy", "example.yaml"))
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "example.yaml: OK")
	assert.Regexp(t, `environment "Sandbox"\s+writes allowed`, r.stdout)
	assert.Regexp(t, `page size\s+at most 100 \(larger limits are clamped\)`, r.stdout)
	assert.Regexp(t, `secrets in results\s+redacted\n`, r.stdout)
	assert.Regexp(t, `result size budget\s+65536 bytes \(the default\)`, r.stdout)

	revealing := filepath.Join(t.TempDir(), "reveal.yaml")
	require.NoError(t, os.WriteFile(revealing, []byte("output:\n  revealSecrets: true\n  maxResultBytes: -1\n"), 0o600))
	r = p1(t, "", "policy", "check", revealing)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `secrets in results\s+SHOWN in results`, r.stdout)
	assert.Regexp(t, `result size budget\s+none`, r.stdout)

	r = p1(t, "", "policy", "check", filepath.Join("..", "..", "testdata", "policy", "broken", "wrong-type.yaml"))
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stdout, `wrong-type.yaml:2:21: guard.productionWrites must be true or false, not "yes please"`)
	assert.Contains(t, r.stdout, `wrong-type.yaml:4:16: rules.maxPageSize must be a whole number, not "ten"`)
	assert.Contains(t, r.stderr, "2 problem(s)")

	r = p1(t, "", "policy", "check")
	assert.Equal(t, exitUsage, r.code)
}

func TestAuditLogFlag(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	srv := pingonetest.NewTestServer(t)
	file := filepath.Join(t.TempDir(), "audit.jsonl")
	const secret = "Audit-Never-Sees-Th1s!"
	r := p1(t, "", signedIn(srv, "--audit-log", file, "--yes", "tool", "call", "set_user_password", "--disable-read-only",
		"--arg", "environmentId="+d.SandboxEnvironmentID, "--arg", "userId="+d.SandboxUserID, "--arg", "password="+secret)...)
	require.Equal(t, 0, r.code, r.stderr)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	st, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 2, "the unconfirmed call and the confirmed one")
	assert.Contains(t, lines[0], `"decision":"confirm-required"`)
	assert.Contains(t, lines[1], `"decision":"allow"`)
	assert.Contains(t, lines[1], `"frontEnd":"cli"`)
	assert.NotContains(t, string(data), secret)
	assert.NotContains(t, r.stdout+r.stderr, secret)
}

// TestProcessMCPPolicyAndElicitation serves `p1 --sandbox --policy FILE mcp
// run` as a process and calls it over stdio: the policy file governs the
// MCP front end too, and a client that can elicit confirms a delete.
func TestProcessMCPPolicyAndElicitation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	policy := filepath.Join(dir, "p.yaml")
	audit := filepath.Join(dir, "audit.jsonl")
	require.NoError(t, os.WriteFile(policy, []byte("filter:\n  readOnly: false\nguard:\n  denyEnvironments: [Staging]\naudit:\n  log: "+audit+"\n"), 0o600))
	cmd := exec.Command(binary(t), "--sandbox", "--policy", policy, "mcp", "run")
	cmd.Env = cleanEnv()
	cmd.Stderr = io.Discard
	var mu sync.Mutex
	var prompts []string
	client := sdk.NewClient(&sdk.Implementation{Name: "p1-e2e", Version: "v0"}, &sdk.ClientOptions{
		ElicitationHandler: func(_ context.Context, req *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
			mu.Lock()
			defer mu.Unlock()
			prompts = append(prompts, req.Params.Message)
			return &sdk.ElicitResult{Action: "accept", Content: map[string]any{"confirm": true}}, nil
		},
	})
	cs, err := client.Connect(t.Context(), &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close() })
	d := pingonetest.Demo()

	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_groups", Arguments: map[string]any{"environmentId": d.StagingEnvironmentID}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, "is on the deny list")

	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "delete_group",
		Arguments: map[string]any{"environmentId": d.SandboxEnvironmentID, "groupId": d.SandboxEmptyGroupID}})
	require.NoError(t, err)
	require.False(t, res.IsError, "%v", res.Content)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, prompts, 1)
	assert.Contains(t, prompts[0], `group "Auditors"`)
	require.NoError(t, cs.Close())

	data, err := os.ReadFile(audit)
	require.NoError(t, err)
	var decisions []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec struct{ Decision, FrontEnd string }
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		assert.Equal(t, "mcp", rec.FrontEnd)
		decisions = append(decisions, rec.Decision)
	}
	assert.Equal(t, []string{"deny", "confirm-required", "allow"}, decisions)
}

func TestProcessPolicyFromTheEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "p.yaml")
	require.NoError(t, os.WriteFile(file, []byte("filter:\n  excludeTools: [\"get_*\"]\n"), 0o600))
	r := runBinary(t, cleanEnv("P1_POLICY="+file), "tool", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "list_users")
	assert.NotContains(t, r.stdout, "get_user")

	require.NoError(t, os.WriteFile(file, []byte("filter:\n  excludeTool: [\"get_*\"]\n"), 0o600))
	r = runBinary(t, cleanEnv("P1_POLICY="+file), "tool", "list")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, file+`:2:3: unknown key "excludeTool" in filter; did you mean "excludeTools"?`)
}

// The selected profile's policy file applies when --policy is not given,
// and audit records name the profile.
func TestProfilePolicyAndAuditProfile(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "lab.yaml")
	audit := filepath.Join(dir, "audit.jsonl")
	require.NoError(t, os.WriteFile(policy, []byte("filter:\n  excludeTools: [\"get_*\"]\naudit:\n  log: "+audit+"\n"), 0o600))
	writeConfig(t, `{"default_profile": "lab", "profiles": {"lab": {"policy": "`+filepath.ToSlash(policy)+`"}}}`)

	r := p1(t, "", "tool", "list", "--why", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `get_user\s+excluded by exclude-tools "get_\*" in policy file `+regexpQuote(filepath.ToSlash(policy)), r.stdout)

	r = p1(t, "", "tool", "call", "get_user", "--arg", "environmentId="+pingonetest.Demo().SandboxEnvironmentID, "--arg", "userId="+pingonetest.Demo().SandboxUserID)
	assert.Equal(t, exitDenied, r.code)
	data, err := os.ReadFile(audit)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"profile":"lab"`)
	assert.Contains(t, string(data), `"decision":"deny"`)

	// --policy wins over the profile's file.
	other := filepath.Join(dir, "other.yaml")
	require.NoError(t, os.WriteFile(other, []byte("{}"), 0o600))
	r = p1(t, "", "--policy", other, "tool", "list")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "get_user")
}

// TestProcessPolicyFileTooLarge: an endless policy file is a usage error
// in one line, not an out-of-memory crash with a goroutine dump.
func TestProcessPolicyFileTooLarge(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	for _, args := range [][]string{
		{"--sandbox", "--policy", "/dev/zero", "tool", "call", "list_environments"},
		{"--sandbox", "--policy", "/dev/zero", "mcp", "run"},
		{"policy", "check", "/dev/zero"},
	} {
		r := runBinary(t, cleanEnv(), args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		assert.Equal(t, "p1: policy file /dev/zero is larger than 1 MiB, the limit for a policy file\n", r.stderr, args)
		assert.Empty(t, r.stdout)
	}
}
