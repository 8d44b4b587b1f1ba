package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// The target environment comes from --env, P1_ENV or the profile, by name
// or id; id arguments take names in the CLI.
func TestTargetEnvironmentAndNames(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	users := func(r runResult) []any {
		t.Helper()
		m := decode(t, r)
		list, _ := m["users"].([]any)
		return list
	}
	assert.Len(t, users(p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "list_users", "--arg", "limit=2")), 2)
	assert.Len(t, users(p1(t, "", "--sandbox", "--env", d.SandboxEnvironmentID, "tool", "call", "list_users", "--arg", "limit=3")), 3)
	// An environmentId given wins over --env.
	m := decode(t, p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "get_environment", "--arg", "environmentId=Staging"))
	assert.Equal(t, d.StagingEnvironmentID, m["environment"].(map[string]any)["id"])

	m = decode(t, p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "get_population", "--arg", "populationId=Employees"))
	assert.Equal(t, d.SandboxEmployeesPopulationID, m["population"].(map[string]any)["id"])
	m = decode(t, p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "get_user", "--arg", "userId=jdoe"))
	assert.Equal(t, d.SandboxUserID, m["user"].(map[string]any)["id"])
	// A name inside a write: a dry run shows the id it was resolved to.
	r := p1(t, "", "--sandbox", "--env", "Sandbox", "--dry-run", "tool", "call", "--disable-read-only", "move_user_to_population",
		"--arg", "userId=jdoe", "--arg", "populationId=Contractors")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, d.SandboxContractorsPopulationID)

	r = p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "get_population", "--arg", "populationId=Employes")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `no population is named "Employes" in environment `+d.SandboxEnvironmentID)
	assert.Contains(t, r.stderr, `did you mean "Employees"?`)
	r = p1(t, "", "--sandbox", "--env", "Nowhere", "tool", "call", "list_users")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `no environment is named "Nowhere"`)
	assert.Contains(t, r.stderr, `"Sandbox"`, "the names found are listed")
}

func TestTargetEnvironmentFromVariableAndProfile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config.json"),
		[]byte(`{"default_profile":"demo","profiles":{"demo":{"environment":"Staging"}}}`), 0o600))
	envOf := func(r runResult) string {
		t.Helper()
		require.Equal(t, 0, r.code, r.stderr)
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &m), r.stdout)
		return m["environment"].(map[string]any)["name"].(string)
	}
	d := pingonetest.Demo()
	// get_environment takes environmentId: the default fills it.
	assert.Equal(t, "Staging", envOf(runBinary(t, cleanEnv(envConfigDir+"="+dir), "--sandbox", "tool", "call", "get_environment")))
	assert.Equal(t, "Sandbox", envOf(runBinary(t, cleanEnv(envConfigDir+"="+dir, envTarget+"=Sandbox"), "--sandbox", "tool", "call", "get_environment")))
	assert.Equal(t, "Production", envOf(runBinary(t, cleanEnv(envConfigDir+"="+dir, envTarget+"=Sandbox"), "--sandbox", "--env", d.ProductionEnvironmentID, "tool", "call", "get_environment")))
}

// Several objects of one name: the error lists each, and nothing runs.
func TestAmbiguousNameListsCandidates(t *testing.T) {
	t.Parallel()
	url := startSandboxProcess(t)
	d := pingonetest.Demo()
	env := cleanEnv("PINGONE_API_URL="+url+"/v1", "PINGONE_AUTH_URL="+url, "PINGONE_ENVIRONMENT_ID="+d.AdminEnvironmentID,
		"PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret, envTarget+"=Sandbox")
	src := decode(t, runBinary(t, env, "tool", "call", "get_application", "--arg", "applicationId=HR Portal"))
	app := src // get_application answers the application itself, as the official server does
	app["name"] = "Twin App"
	body, err := json.Marshal(map[string]any{"application": app})
	require.NoError(t, err)
	var ids []string
	for range 2 {
		m := decode(t, runBinary(t, env, "tool", "call", "--disable-read-only", "create_oidc_application", "--json", string(body)))
		ids = append(ids, m["application"].(map[string]any)["id"].(string))
	}
	r := runBinary(t, env, "tool", "call", "get_application", "--arg", "applicationId=Twin App")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `2 applications are named "Twin App"`)
	for _, id := range ids {
		assert.Contains(t, r.stderr, id)
	}
}

// MCP keeps ids: a model reads them from results, and a name there is a
// mistake to report, not a lookup to make.
func TestMCPKeepsIDs(t *testing.T) {
	t.Parallel()
	cs := connectBinary(t, "--sandbox", "mcp", "run")
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_users", Arguments: map[string]any{"environmentId": "Sandbox"}})
	require.NoError(t, err)
	assert.True(t, res.IsError)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, "environmentId")
}

func TestMCPResolvesNamesWhenThePolicySaysSo(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "policy.yaml")
	require.NoError(t, os.WriteFile(file, []byte("names:\n  resolve: true\n"), 0o600))
	cs := connectBinary(t, "--sandbox", "--policy", file, "mcp", "run")
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_users", Arguments: map[string]any{"environmentId": "Sandbox", "limit": 1}})
	require.NoError(t, err)
	require.False(t, res.IsError, res.Content[0].(*sdk.TextContent).Text)
	assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, `"users"`)
}

func TestSuggestions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandbox", "tool", "call", "list_user"}, `unknown tool "list_user"; did you mean "list_users"?`},
		{[]string{"tool", "describe", "list_user"}, `did you mean "list_users"?`},
		{[]string{"--sandbox", "tool", "call", "list_users", "--arg", "environmentID=Sandbox"}, `unknown argument "environmentID"; did you mean "environmentId"?`},
		{[]string{"tol", "list"}, `unknown command "tol" for 'p1'; did you mean "tool"?`},
		{[]string{"tool", "lst"}, `did you mean "list"?`},
		{[]string{"--sandbx", "tool", "list"}, `unknown flag --sandbx; did you mean "--sandbox"?`},
		{[]string{"tool", "list", "--al"}, `did you mean "--all"?`},
	} {
		r := p1(t, "", tc.args...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", tc.args, r.stderr)
		assert.Contains(t, r.stderr, tc.want, tc.args)
	}
}
