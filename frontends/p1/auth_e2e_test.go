package main

import (
	"bufio"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/99designs/keyring"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

const testKeyringPassword = "sandbox keyring password"

// headlessEnv is a machine without a keychain or a D-Bus session: the
// token store must fall back to encrypted files in configDir.
func headlessEnv(configDir string, extra ...string) []string {
	var env []string
	for _, kv := range cleanEnv() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "BROWSER=") {
			env = append(env, kv)
		}
	}
	return append(env, append([]string{
		envConfigDir + "=" + configDir, auth.BackendsEnv + "=none", auth.PasswordEnv + "=" + testKeyringPassword,
	}, extra...)...)
}

// startSandboxProcess runs `p1 sandbox` (with extra flags) and returns its
// base URL.
func startSandboxProcess(t *testing.T, extra ...string) string {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"sandbox", "--port", "0"}, extra...)...)
	cmd.Env = cleanEnv()
	errPipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	urls := make(chan string, 1)
	waited := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(errPipe)
		re := regexp.MustCompile(`listening on (http://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, errPipe)
		_ = cmd.Wait()
		close(waited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		<-waited
	})
	select {
	case u := <-urls:
		return u
	case <-time.After(20 * time.Second):
		t.Fatal("p1 sandbox printed no URL")
		return ""
	}
}

// storedTokens decrypts the session files the way p1 wrote them and returns
// the token values they hold.
func storedTokens(t *testing.T, configDir string) []string {
	t.Helper()
	kr, err := keyring.Open(keyring.Config{
		AllowedBackends: []keyring.BackendType{keyring.FileBackend}, FileDir: filepath.Join(configDir, "keyring"),
		FilePasswordFunc: keyring.FixedStringPrompt(testKeyringPassword),
	})
	require.NoError(t, err)
	keys, err := kr.Keys()
	require.NoError(t, err)
	var out []string
	for _, k := range keys {
		it, err := kr.Get(k)
		require.NoError(t, err)
		var rec struct {
			Access  string `json:"access_token"`
			Refresh string `json:"refresh_token"`
		}
		require.NoError(t, json.Unmarshal(it.Data, &rec))
		out = append(out, rec.Access, rec.Refresh)
	}
	return out
}

// assertNoneInFiles scans every file under dir for the values.
func assertNoneInFiles(t *testing.T, dir string, values []string) int {
	t.Helper()
	n := 0
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		n++
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		for _, v := range values {
			assert.NotContains(t, string(data), v, "%s holds a token in clear", p)
		}
		return nil
	}))
	return n
}

// TestProcessAuthLoginStatusLogout signs in to `p1 sandbox` with a device
// code approved through the emulator's verification page, as a user in
// another window would, then checks status, a tool call as that user, and
// logout — all as processes, on a machine without a keychain.
func TestProcessAuthLoginStatusLogout(t *testing.T) {
	t.Parallel()
	base := startSandboxProcess(t)
	d := pingonetest.Demo()
	dir := t.TempDir()
	env := headlessEnv(dir)
	profileArgs := []string{"--profile", "sb", "--api-url", base + "/v1", "--auth-url", base,
		"--environment-id", d.AdminEnvironmentID, "--client-id", d.CLIClientID}

	login := exec.CommandContext(t.Context(), binary(t), append(profileArgs, "auth", "login", "--grant-type", "device_code")...)
	login.Env = env
	var stdout strings.Builder
	login.Stdout = &stdout
	errPipe, err := login.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, login.Start())
	var stderr strings.Builder
	sc := bufio.NewScanner(errPipe)
	re := regexp.MustCompile(`open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})`)
	approved := false
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
		if m := re.FindStringSubmatch(sc.Text()); m != nil && !approved {
			resp, err := http.PostForm(m[1], url.Values{"user_code": {m[2]}, "username": {d.AdminUsername}, "action": {"approve"}})
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)
			approved = true
		}
	}
	require.NoError(t, login.Wait(), "stderr: %s", stderr.String())
	require.True(t, approved, stderr.String())
	assert.Contains(t, stdout.String(), "Signed in to PingOne as "+d.AdminUsername)
	assert.Contains(t, stderr.String(), "no OS keychain available", "the fallback is announced")
	assert.Contains(t, stderr.String(), "encrypted files")

	tokens := storedTokens(t, dir)
	require.Len(t, tokens, 2)
	secrets := append(tokens, d.WorkerClientSecret)

	// status: profile, tenant, user, grant, expiry, store; never a token.
	r := runBinary(t, env, "--profile", "sb", "auth", "status")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{"sb", base, d.AdminEnvironmentID, d.AdminUsername, "device_code", "file", "Access token"} {
		assert.Contains(t, r.stdout, want)
	}
	for _, s := range secrets {
		assert.NotContains(t, r.stdout+r.stderr, s)
	}

	// The saved profile is enough for a tool call as the administrator;
	// its debug log holds no token either.
	r = runBinary(t, env, "--profile", "sb", "--debug", "tool", "call", "list_environments")
	m := decode(t, r)
	assert.Len(t, m["environments"], 4)
	for _, s := range secrets {
		assert.NotContains(t, r.stdout+r.stderr, s)
	}
	assert.Positive(t, assertNoneInFiles(t, dir, secrets), "config and session files were written")

	r = runBinary(t, env, "--profile", "sb", "auth", "logout")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "revoked")
	r = runBinary(t, env, "--profile", "sb", "auth", "status")
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stderr, "p1 auth login --profile sb")

	// The revoked token is refused by the sandbox.
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/environments", nil)
	req.Header.Set("Authorization", "Bearer "+tokens[0])
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	// An unknown profile is a usage error naming the known ones.
	r = runBinary(t, env, "--profile", "nope", "auth", "status")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "sb")
}

// TestProcessMCPHeadlessSignIn: without D-Bus or a keychain, `p1 mcp run`
// starts and lists its tools; the first call answers with the device code
// (this client has no URL elicitation); once approved, calls work and the
// session lands in the encrypted file store, which p1 announces.
func TestProcessMCPHeadlessSignIn(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	srv.SetDevicePollInterval(time.Second)
	d := pingonetest.Demo()
	dir := t.TempDir()
	// --debug says on stderr when the background sign-in has saved the session.
	cmd := exec.Command(binary(t), "--debug", "mcp", "run", "--grant-type", "device_code")
	cmd.Env = headlessEnv(dir, "PINGONE_API_URL="+srv.APIURL(), "PINGONE_AUTH_URL="+srv.AuthURL(),
		"PINGONE_MCP_ENVIRONMENT_ID="+d.AdminEnvironmentID, "PINGONE_DEVICE_CODE_CLIENT_ID="+d.CLIClientID)
	stderr := newEventBuffer()
	cmd.Stderr = stderr
	client := sdk.NewClient(&sdk.Implementation{Name: "p1-e2e", Version: "v0"}, nil)
	cs, err := client.Connect(t.Context(), &sdk.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close() })

	assert.Contains(t, listedTools(t, cs), "list_environments")
	assert.Contains(t, stderr.String(), "no OS keychain available")

	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	text := res.Content[0].(*sdk.TextContent).Text
	m := regexp.MustCompile(`confirm the code ([A-Z]{4}-[A-Z]{4})`).FindStringSubmatch(text)
	require.NotNil(t, m, text)
	assert.Contains(t, text, srv.AuthURL()+"/"+d.AdminEnvironmentID+"/as/device")
	require.NoError(t, srv.ApproveDeviceCode(m[1], d.AdminUserID))
	// The background polling picks the approval up at its next poll; the
	// model's next call after that works.
	stderr.waitFor(t, `msg="auth: session saved"`)
	res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.False(t, res.IsError, res.Content[0].(*sdk.TextContent).Text)
	// The session was saved before the token was handed out.
	tokens := storedTokens(t, dir)
	require.Len(t, tokens, 2, "the session is saved in the encrypted files")
	assertNoneInFiles(t, dir, tokens)
}

// TestProcessNeverLaunchesDBus: with no session bus announced, nothing in
// p1 (the keyring's D-Bus probe included) runs dbus-launch.
func TestProcessNeverLaunchesDBus(t *testing.T) {
	t.Parallel()
	bin := t.TempDir()
	marker := filepath.Join(bin, "launched")
	script := "#!/bin/sh\necho launched >> '" + marker + "'\nexit 1\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "dbus-launch"), []byte(script), 0o755))
	var env []string
	for _, kv := range headlessEnv(t.TempDir()) {
		if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "XDG_RUNTIME_DIR=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	r := runBinary(t, env, "version")
	require.Equal(t, 0, r.code, r.stderr)
	r = runBinary(t, env, "--sandbox", "tool", "call", "list_environments")
	require.Equal(t, 0, r.code, r.stderr)
	_, err := os.Stat(marker)
	assert.ErrorIs(t, err, fs.ErrNotExist, "dbus-launch was run")
}

// TestProcessAuthLoginBrowser signs in with the authorization code grant as
// a process: $BROWSER is this test binary, which follows the sign-in URL to
// p1's loopback callback as a browser would.
func TestProcessAuthLoginBrowser(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	dir := t.TempDir()
	env := headlessEnv(dir, "BROWSER="+os.Args[0]+" -test.run=^TestHelperBrowser$", "P1_TEST_BROWSER=1")
	r := runBinary(t, env, "--profile", "desk", "--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
		"--environment-id", d.AdminEnvironmentID, "--client-id", d.CLIClientID,
		"auth", "login", "--grant-type", "authorization_code", "--callback-port", "0", "--login-hint", d.AdminUsername)
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "Signed in to PingOne as "+d.AdminUsername)
	assert.Contains(t, r.stderr, srv.AuthURL()+"/"+d.AdminEnvironmentID+"/as/authorize?", "the URL is printed as well as opened")
	assert.Contains(t, r.stderr, "code_challenge_method=S256")

	r = runBinary(t, env, "--profile", "desk", "tool", "call", "list_environments")
	m := decode(t, r)
	assert.Len(t, m["environments"], 4)
	assertNoneInFiles(t, dir, storedTokens(t, dir))
}

// TestProcessAuthLoginNativeAppAndEnv: auth login with a client id and no
// --grant-type nor worker secret signs the administrator in through the
// browser (the README's first sign-in command), and --env is saved as the
// profile's target environment, which later calls use.
func TestProcessAuthLoginNativeAppAndEnv(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	dir := t.TempDir()
	env := headlessEnv(dir, "BROWSER="+os.Args[0]+" -test.run=^TestHelperBrowser$", "P1_TEST_BROWSER=1",
		auth.EnvAuthorizationCodeRedirectURIPort+"=0")
	r := runBinary(t, env, "--profile", "work", "--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
		"--environment-id", d.AdminEnvironmentID, "--client-id", d.CLIClientID, "--env", "Sandbox", "auth", "login")
	require.Equal(t, 0, r.code, "stdout: %s\nstderr: %s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, "Signed in to PingOne as "+d.AdminUsername)
	assert.Contains(t, r.stderr, "/as/authorize?", "a browser sign-in, not a worker's")

	var cfg auth.ProfileFile
	data, err := os.ReadFile(filepath.Join(dir, "config.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &cfg))
	p := cfg.Profiles["work"]
	require.NotNil(t, p, string(data))
	assert.Equal(t, "authorization_code", p.GrantType)
	assert.Equal(t, "Sandbox", p.Environment)
	assert.Equal(t, "work", cfg.DefaultProfile)

	// The saved target fills environmentId: the Sandbox's users are listed.
	r = runBinary(t, env, "tool", "call", "list_users", "--arg", "limit=1", "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	byTarget := decode(t, r)
	r = runBinary(t, env, "tool", "call", "list_users", "--arg", "limit=1", "--arg", "environmentId="+d.SandboxEnvironmentID, "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, decode(t, r), byTarget)
	r = runBinary(t, env, "tool", "call", "list_users", "--arg", "limit=1", "--arg", "environmentId="+d.ProductionEnvironmentID, "-o", "json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotEqual(t, decode(t, r), byTarget, "the Production users differ, so the comparison above shows the target")

	// A second login without --env keeps it.
	r = runBinary(t, env, "--profile", "work", "auth", "login")
	require.Equal(t, 0, r.code, r.stderr)
	data, err = os.ReadFile(filepath.Join(dir, "config.json"))
	require.NoError(t, err)
	assert.Contains(t, string(data), `"environment": "Sandbox"`)

	// A worker's secret still makes a client id a worker's: no browser.
	r = runBinary(t, append(env, "PINGONE_CLIENT_SECRET=not-the-secret"), "--profile", "ci", "--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
		"--environment-id", d.AdminEnvironmentID, "--client-id", d.WorkerClientID, "auth", "login")
	assert.Equal(t, exitAuth, r.code, r.stdout)
	assert.NotContains(t, r.stderr, "/as/authorize?")
}
