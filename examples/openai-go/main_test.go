package main

import (
	"encoding/json"
	"fmt"
	"testing"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/examples/internal/script"
	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestSDKSendsTheExportUnchanged: what the SDK serialises for each tool is
// the p1kit export, byte for byte in meaning.
func TestSDKSendsTheExportUnchanged(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	client, err := script.SandboxClient(t.Context(), srv)
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	got, err := json.Marshal(sdkTools(tk))
	require.NoError(t, err)
	want, err := json.Marshal(openai.Tools(tk))
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
}

// TestSDKAgentReenablesDisabledUsers runs the task through the SDK.
func TestSDKAgentReenablesDisabledUsers(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	client, err := script.SandboxClient(t.Context(), srv)
	require.NoError(t, err)
	d := pingonetest.Demo()
	env, employees := d.SandboxEnvironmentID, fmt.Sprintf("population.id eq %q", d.SandboxEmployeesPopulationID)
	enabled := byEnabled(t, client, env, employees)[true]
	require.GreaterOrEqual(t, len(enabled), 2)
	for _, u := range enabled[:2] {
		_, err := client.Users.SetEnabled(t.Context(), env, u.ID, false)
		require.NoError(t, err)
	}
	before := byEnabled(t, client, env, employees)[false]
	require.GreaterOrEqual(t, len(before), 3)

	model := task.NewChatServer()
	t.Cleanup(model.Close)
	report, err := run(t.Context(), client, sdk.NewClient(option.WithBaseURL(model.URL+"/v1/"), option.WithAPIKey("offline"), option.WithMaxRetries(0)))
	require.NoError(t, err)
	assert.Empty(t, byEnabled(t, client, env, employees)[false])
	assert.Contains(t, report, fmt.Sprintf("Re-enabled %d disabled users", len(before)))
	for _, u := range before {
		assert.Contains(t, report, u.Username)
	}
}

func byEnabled(t *testing.T, c *pingone.Client, env, filter string) map[bool][]*pingone.User {
	t.Helper()
	out := map[bool][]*pingone.User{}
	for u, err := range c.Users.All(t.Context(), env, &pingone.ListOptions{Filter: filter}) {
		require.NoError(t, err)
		on := u.Enabled != nil && *u.Enabled
		out[on] = append(out[on], u)
	}
	return out
}
