package smoke_test

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// target is where the smoke suite runs: p1's environment and the
// environment the calls address.
type target struct {
	bin   string
	env   []string
	envID string // "" on a live tenant without P1KIT_SMOKE_ENVIRONMENT_ID
	live  bool
}

func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the p1 binary")
	}
	tg := newTarget(t)
	t.Logf("smoke: live tenant %v", tg.live)

	// The environments, and the one the rest of the suite uses.
	var envs struct {
		Environments []struct{ ID, Name, Type string } `json:"environments"`
	}
	tg.call(t, &envs, "list_environments", map[string]any{"limit": 100})
	require.NotEmpty(t, envs.Environments, "list_environments returned no environment")
	envID := tg.envID
	if envID == "" {
		envID = envs.Environments[0].ID
	}
	t.Logf("smoke: environment %s", envID)

	env := map[string]any{"environmentId": envID}
	var got map[string]any
	tg.call(t, &got, "get_environment", env)
	require.Equal(t, envID, field(got, "id"), "get_environment answered for another environment")
	for _, name := range []string{"get_environment_services", "list_populations", "list_groups", "list_applications"} {
		tg.call(t, nil, name, env)
	}
	var users struct {
		Users []struct{ ID string } `json:"users"`
	}
	tg.call(t, &users, "list_users", map[string]any{"environmentId": envID, "limit": 5})
	require.LessOrEqual(t, len(users.Users), 5, "list_users ignored its limit")
	if len(users.Users) > 0 {
		tg.call(t, nil, "get_user", map[string]any{"environmentId": envID, "userId": users.Users[0].ID})
	}

	if tg.envID == "" {
		t.Log("smoke: P1KIT_SMOKE_ENVIRONMENT_ID is not set: skipping the create/delete pair")
		return
	}
	// One write pair: a uniquely named, empty population, created and deleted.
	name := "p1kit-smoke-" + randomHex(t)
	var pop map[string]any
	tg.call(t, &pop, "create_population", map[string]any{"environmentId": envID, "name": name, "description": "p1kit smoke test; safe to delete"}, "--disable-read-only")
	require.Equal(t, name, field(pop, "name"))
	popID := field(pop, "id")
	require.NotEmpty(t, popID)
	del := map[string]any{"environmentId": envID, "populationId": popID}
	if tg.hasArgument(t, "delete_population", "confirm") {
		del["confirm"] = popID
	}
	delFlags := []string{"--disable-read-only"}
	if tg.hasFlag(t, "yes") {
		delFlags = append(delFlags, "--yes") // confirmation when stdin is not a terminal
	}
	tg.call(t, nil, "delete_population", del, delFlags...)
	code, out := tg.run(t, "tool", "call", "get_population", "--json", mustJSON(map[string]any{"environmentId": envID, "populationId": popID}))
	require.Equal(t, 5, code, "get_population after delete_population should exit 5 (not found): %s", out)
}

// call runs `p1 tool call name` and decodes its JSON output into out.
func (tg *target) call(t *testing.T, out any, name string, args map[string]any, flags ...string) {
	t.Helper()
	argv := append([]string{"tool", "call", name}, flags...)
	argv = append(argv, "--json", mustJSON(args), "-o", "json")
	code, stdout := tg.run(t, argv...)
	require.Equal(t, 0, code, "p1 tool call %s exited %d: %s", name, code, stdout)
	var v any = &map[string]any{}
	if out != nil {
		v = out
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), v), "p1 tool call %s printed something that is not JSON: %s", name, stdout)
	t.Logf("smoke: %s ok", name)
}

// hasArgument reports whether a tool's schema lists an argument.
func (tg *target) hasArgument(t *testing.T, tool, arg string) bool {
	t.Helper()
	code, out := tg.run(t, "tool", "describe", tool, "-o", "json")
	require.Equal(t, 0, code, out)
	var d struct {
		InputSchema struct {
			Properties map[string]any `json:"properties"`
		} `json:"inputSchema"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	_, ok := d.InputSchema.Properties[arg]
	return ok
}

// hasFlag reports whether `p1 tool call` takes --name.
func (tg *target) hasFlag(t *testing.T, name string) bool {
	t.Helper()
	code, out := tg.run(t, "tool", "call", "--help")
	require.Equal(t, 0, code, out)
	return regexp.MustCompile(`(?m)^\s+--` + regexp.QuoteMeta(name) + `\b`).MatchString(out)
}

// run runs p1 and returns its exit code and stdout (stderr appended on failure).
func (tg *target) run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), tg.bin, args...)
	cmd.Env = tg.env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, stdout.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), stdout.String() + stderr.String()
	}
	t.Fatalf("running p1: %v", err)
	return -1, ""
}

// newTarget picks the live tenant or starts `p1 sandbox`.
func newTarget(t *testing.T) *target {
	t.Helper()
	tg := &target{bin: p1Binary(t)}
	// A worker application is configured when p1 could sign in with it.
	if auth.Resolve(auth.SignInOptions{Grant: auth.GrantClientCredentials}).Check() == nil {
		tg.live = true
		tg.env = os.Environ()
		tg.envID = os.Getenv("P1KIT_SMOKE_ENVIRONMENT_ID")
		return tg
	}
	tg.env = append(withoutPingOneVars(), startSandbox(t, tg.bin)...)
	tg.envID = pingonetest.Demo().SandboxEnvironmentID
	return tg
}

// startSandbox runs `p1 sandbox` until the test ends and returns the
// variables it prints to point p1 at it.
func startSandbox(t *testing.T, bin string) []string {
	t.Helper()
	cmd := exec.Command(bin, "sandbox", "--port", "0")
	cmd.Env = withoutPingOneVars()
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	var vars []string
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if kv, ok := strings.CutPrefix(line, "export "); ok {
			vars = append(vars, kv)
			if strings.HasPrefix(kv, "PINGONE_CLIENT_SECRET=") {
				break
			}
		}
	}
	require.Len(t, vars, 5, "p1 sandbox did not print its variables (%v)", sc.Err())
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	return vars
}

// p1Binary is P1_BIN, or p1 built for this test.
func p1Binary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("P1_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(t.TempDir(), "p1")
	out, err := exec.Command("go", "build", "-o", bin, "../../frontends/p1").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

func withoutPingOneVars() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PINGONE_") {
			env = append(env, kv)
		}
	}
	return env
}

// field finds a string field in a tool result: at the top, or in the one
// object the result wraps ({"population": {…}}).
func field(m map[string]any, key string) string {
	if s, ok := m[key].(string); ok {
		return s
	}
	for _, v := range m {
		if inner, ok := v.(map[string]any); ok {
			if s, ok := inner[key].(string); ok {
				return s
			}
		}
	}
	return ""
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprint("smoke: ", err))
	}
	return string(b)
}

func randomHex(t *testing.T) string {
	t.Helper()
	b := make([]byte, 4)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

// TestWorkflowPassesWhatSmokeReads checks the users' workflow: it runs
// `make smoke` and passes each variable the suite reads, from the secret
// of the same name.
func TestWorkflowPassesWhatSmokeReads(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "p1kit-smoke.yml"))
	require.NoError(t, err)
	wf := string(raw)
	require.Contains(t, wf, "run: make smoke")
	for _, name := range []string{"PINGONE_CLIENT_ID", "PINGONE_CLIENT_SECRET", "PINGONE_MCP_ENVIRONMENT_ID", "PINGONE_ROOT_DOMAIN", "P1KIT_SMOKE_ENVIRONMENT_ID"} {
		require.Contains(t, wf, fmt.Sprintf("%s: ${{ secrets.%s }}", name, name), "the workflow does not pass %s", name)
	}
}
