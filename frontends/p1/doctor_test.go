package main

import (
	"bufio"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// doctorLines maps each check of `p1 doctor` output to its state.
func doctorLines(out string) map[string]string {
	states := map[string]string{}
	re := regexp.MustCompile(`^(ok|FAIL|skip)\s+(\S+(?: host| store)?)\s`)
	for _, l := range strings.Split(out, "\n") {
		if m := re.FindStringSubmatch(l); m != nil {
			states[m[2]] = m[1]
		}
	}
	return states
}

var doctorChecks = []string{"config", "credentials", "token store", "auth host", "API host", "sign-in", "principal", "roles", "policy"}

func TestDoctorAgainstSandbox(t *testing.T) {
	t.Parallel()
	base := startSandboxProcess(t)
	d := pingonetest.Demo()
	worker := cleanEnv("PINGONE_API_URL="+base+"/v1", "PINGONE_AUTH_URL="+base, "PINGONE_ENVIRONMENT_ID="+d.AdminEnvironmentID,
		"PINGONE_CLIENT_ID="+d.WorkerClientID)

	r := runBinary(t, append(worker, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret), "doctor")
	require.Equal(t, 0, r.code, "%s\n%s", r.stdout, r.stderr)
	states := doctorLines(r.stdout)
	for _, c := range doctorChecks {
		assert.Equal(t, "ok", states[c], "%s: %s", c, r.stdout)
	}
	assert.Contains(t, r.stdout, `worker application "p1kit Worker"`)
	assert.Regexp(t, `ok\s+roles\s+Environment Admin \(ORGANIZATION\)\n`, r.stdout)
	assert.Contains(t, r.stdout, "All 9 checks passed.")
	assert.NotContains(t, r.stdout+r.stderr, d.WorkerClientSecret)

	// A wrong secret: the sign-in check fails with PingOne's reason, exit 4.
	r = runBinary(t, append(worker, "PINGONE_CLIENT_SECRET=not-the-secret"), "doctor")
	assert.Equal(t, exitAuth, r.code, r.stdout)
	assert.Equal(t, "FAIL", doctorLines(r.stdout)["sign-in"], r.stdout)
	assert.Regexp(t, `FAIL\s+sign-in\s+.*invalid_client`, r.stdout)
	assert.Equal(t, "skip", doctorLines(r.stdout)["principal"])
	assert.NotContains(t, r.stdout+r.stderr, "not-the-secret")

	// Signed in as the sandbox's administrator: every check passes, the
	// roles too.
	dir := t.TempDir()
	env := headlessEnv(dir)
	profile := []string{"--profile", "sb", "--api-url", base + "/v1", "--auth-url", base, "--environment-id", d.AdminEnvironmentID, "--client-id", d.CLIClientID}
	deviceLogin(t, env, d.AdminUsername, append(profile, "auth", "login", "--grant-type", "device_code")...)
	r = runBinary(t, env, "--profile", "sb", "doctor")
	require.Equal(t, 0, r.code, "%s\n%s", r.stdout, r.stderr)
	states = doctorLines(r.stdout)
	for _, c := range doctorChecks {
		assert.Equal(t, "ok", states[c], "%s: %s", c, r.stdout)
	}
	assert.Contains(t, r.stdout, "Organization Admin (ORGANIZATION)")
	assert.Contains(t, r.stdout, "user "+d.AdminUsername)
	assert.Contains(t, r.stdout, "All 9 checks passed.")
	assert.Equal(t, 1, strings.Count(r.stderr, "no OS keychain available"), "the key store's notice, once: %s", r.stderr)

	// A policy file with a mistake fails its check, exit 2.
	r = runBinary(t, env, "--profile", "sb", "--policy", "testdata/no-such-policy.yaml", "doctor")
	assert.Equal(t, exitUsage, r.code)
	assert.Equal(t, "FAIL", doctorLines(r.stdout)["policy"], r.stdout)

	// Worker variables exported over a named profile win, and say so.
	r = runBinary(t, append(env, "PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret),
		"--profile", "sb", "tool", "call", "list_environments")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "p1: note: PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET in the environment override profile sb: grant client_credentials instead of the profile's device_code")

	// auth logout says what it removed: the session, then nothing.
	r = runBinary(t, env, "--profile", "sb", "auth", "logout")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "the session was revoked at PingOne and deleted")
	r = runBinary(t, env, "--profile", "sb", "auth", "logout")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "was not signed in")
	assert.NotContains(t, r.stdout, "revoked at")

}

func TestDoctorWithoutCredentials(t *testing.T) {
	t.Parallel()
	r := runBinary(t, cleanEnv("PINGONE_API_URL=http://127.0.0.1:1/v1", "PINGONE_AUTH_URL=http://127.0.0.1:1"), "doctor")
	assert.Equal(t, exitAuth, r.code)
	states := doctorLines(r.stdout)
	assert.Equal(t, "FAIL", states["credentials"], r.stdout)
	assert.Equal(t, "FAIL", states["auth host"], r.stdout)
	assert.Equal(t, "skip", states["sign-in"], r.stdout)
	assert.Contains(t, r.stdout, "checks failed")
}

// deviceLogin runs `p1 auth login` with the device code grant and
// approves the code at the sandbox as username.
func deviceLogin(t *testing.T, env []string, username string, args ...string) {
	t.Helper()
	login := exec.CommandContext(t.Context(), binary(t), args...)
	login.Env = env
	errPipe, err := login.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, login.Start())
	re := regexp.MustCompile(`open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})`)
	var stderr strings.Builder
	sc := bufio.NewScanner(errPipe)
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			resp, err := http.PostForm(m[1], url.Values{"user_code": {m[2]}, "username": {username}, "action": {"approve"}})
			require.NoError(t, err)
			resp.Body.Close()
		}
	}
	require.NoError(t, login.Wait(), stderr.String())
}

// A worker's roles are read from its role assignments: a role at
// ENVIRONMENT scope names the environment, and a worker left without any
// role fails the roles check instead of passing it.
func TestDoctorWorkerRoles(t *testing.T) {
	t.Parallel()
	base := startSandboxProcess(t)
	d := pingonetest.Demo()
	sync := cleanEnv("PINGONE_API_URL="+base+"/v1", "PINGONE_AUTH_URL="+base, "PINGONE_ENVIRONMENT_ID="+d.SandboxEnvironmentID,
		"PINGONE_CLIENT_ID="+d.SandboxWorkerAppID, "PINGONE_CLIENT_SECRET="+d.SandboxWorkerClientSecret)

	r := runBinary(t, sync, "doctor")
	require.Equal(t, 0, r.code, "%s\n%s", r.stdout, r.stderr)
	assert.Contains(t, r.stdout, `worker application "Directory Sync"`)
	assert.Regexp(t, `ok\s+roles\s+Identity Data Admin \(ENVIRONMENT Sandbox\)\n`, r.stdout)

	admin := cleanEnv("PINGONE_API_URL="+base+"/v1", "PINGONE_AUTH_URL="+base, "PINGONE_ENVIRONMENT_ID="+d.AdminEnvironmentID,
		"PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret)
	r = runBinary(t, admin, "tool", "call", "--disable-read-only", "--yes", "remove_application_role_assignment",
		"--arg", "environmentId="+d.SandboxEnvironmentID, "--arg", "applicationId="+d.SandboxWorkerAppID,
		"--arg", "roleAssignmentId="+d.SandboxWorkerAppRoleAssignmentID)
	require.Equal(t, 0, r.code, "%s\n%s", r.stdout, r.stderr)

	r = runBinary(t, sync, "doctor")
	assert.Equal(t, "FAIL", doctorLines(r.stdout)["roles"], r.stdout)
	assert.Equal(t, exitDenied, r.code, r.stdout)
	assert.Contains(t, r.stdout, "the worker application holds no administrator role")
}
