package main

import (
	"context"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// writeConfig puts a config file in a fresh P1_CONFIG_DIR. The tests that
// call it change the environment, so they do not run in parallel.
func writeConfig(t *testing.T, json string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(envConfigDir, dir)
	for _, k := range []string{envProfile, envAuthCodeClientID, envDeviceClientID, "PINGONE_CLIENT_ID", "PINGONE_CLIENT_SECRET", envAccessToken} {
		t.Setenv(k, "")
	}
	if json != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "config.json"), []byte(json), 0o600))
	}
	return dir
}

const twoProfiles = `{
  "default_profile": "work",
  "profiles": {
    "work": {"api_url": "http://127.0.0.1:9/v1", "auth_url": "http://127.0.0.1:9", "environment_id": "env-work",
             "client_id": "client-work", "grant_type": "device_code", "policy": "/etc/p1/work.yaml"},
    "lab":  {"root_domain": "pingone.eu", "environment_id": "env-lab", "client_id": "client-lab"}
  }
}`

func TestProfileSelection(t *testing.T) {
	writeConfig(t, twoProfiles)
	t.Setenv(auth.BackendsEnv, "none")
	t.Setenv(auth.PasswordEnv, "x")

	// The default profile, not signed in: exit 4 and what to run.
	r := p1(t, "", "auth", "status")
	assert.Equal(t, exitAuth, r.code, r.stderr)
	assert.Contains(t, r.stdout, "work")
	assert.Contains(t, r.stdout, "client-work")
	assert.Contains(t, r.stdout, "http://127.0.0.1:9 (environment env-work)")
	assert.Contains(t, r.stdout, "device_code")
	assert.Contains(t, r.stderr, "p1 auth login --profile work")

	// --profile picks another; its root domain gives the auth host; the
	// grant defaults to authorization_code.
	r = p1(t, "", "--profile", "lab", "auth", "status")
	assert.Equal(t, exitAuth, r.code)
	assert.Contains(t, r.stdout, "https://auth.pingone.eu (environment env-lab)")
	assert.Contains(t, r.stdout, "authorization_code")

	// Environment variables override the profile (official names too).
	t.Setenv(envProfile, "lab")
	t.Setenv(envDeviceClientID, "client-from-env")
	t.Setenv("PINGONE_MCP_ENVIRONMENT_ID", "env-from-env")
	r = p1(t, "", "auth", "status")
	assert.Contains(t, r.stdout, "client-from-env")
	assert.Contains(t, r.stdout, "env-from-env")
	assert.Contains(t, r.stdout, "device_code")

	// An unknown profile names the known ones.
	r = p1(t, "", "--profile", "nope", "auth", "status")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "lab, work")
}

func TestProfilePolicyDefault(t *testing.T) {
	writeConfig(t, twoProfiles)
	g := &globals{}
	var got string
	cmd := &cli.Command{Name: "p1", Flags: g.flags(), Action: func(_ context.Context, cmd *cli.Command) error {
		var err error
		got, err = g.profilePolicy(cmd)
		return err
	}}
	require.NoError(t, cmd.Run(t.Context(), []string{"p1"}))
	assert.Equal(t, "/etc/p1/work.yaml", got)
	require.NoError(t, cmd.Run(t.Context(), []string{"p1", "--profile", "lab"}))
	assert.Empty(t, got)
}

func TestBadConfigFile(t *testing.T) {
	dir := writeConfig(t, `{"profiles": [}`)
	r := p1(t, "", "auth", "status")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, filepath.Join(dir, "config.json"))
	assert.Contains(t, r.stderr, "not valid JSON")

	writeConfig(t, "")
	r = p1(t, "", "--profile", "bad name!", "auth", "status")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "profile name")
}

// TestHelperBrowser is not a test: run as $BROWSER by a p1 process under
// test, it follows the sign-in URL (its last argument) as a browser whose
// user is already signed in would.
func TestHelperBrowser(t *testing.T) {
	if os.Getenv("P1_TEST_BROWSER") != "1" {
		t.Skip("helper process for the authorization-code process test")
	}
	args := flag.Args()
	require.NotEmpty(t, args)
	resp, err := http.Get(args[len(args)-1])
	require.NoError(t, err)
	resp.Body.Close()
}

// TestFlagsWinOverTheirVariables: the flags read their own variables, and
// auth does not read those again, so a flag given empty still wins.
func TestFlagsWinOverTheirVariables(t *testing.T) {
	writeConfig(t, "")
	d := pingonetest.Demo()
	emu := emulatorURL(t)
	t.Setenv("PINGONE_CLIENT_SECRET", d.WorkerClientSecret)
	worker := []string{"--api-url", emu + "/v1", "--auth-url", emu, "--environment-id", d.AdminEnvironmentID, "--client-id", d.WorkerClientID}

	r := p1(t, "", append(worker, "--client-secret", "", "tool", "call", "list_environments")...)
	assert.Equal(t, exitAuth, r.code, r.stderr)
	assert.Contains(t, r.stderr, "client credentials sign-in needs PINGONE_CLIENT_SECRET")
	assert.NotContains(t, r.stderr, d.WorkerClientSecret)

	// Without the flag, the variable gives the secret.
	r = p1(t, "", append(worker, "tool", "call", "list_environments")...)
	assert.Equal(t, exitOK, r.code, r.stderr)
}
