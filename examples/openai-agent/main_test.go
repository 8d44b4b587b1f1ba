package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/examples/internal/script"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// TestAgentReenablesDisabledUsers runs the whole loop — fake model, agent,
// dispatcher, toolkit, client, emulator — and checks the task's effect in
// the emulator and the report.
func TestAgentReenablesDisabledUsers(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	client, err := script.SandboxClient(t.Context(), srv)
	require.NoError(t, err)
	d := pingonetest.Demo()
	env, pop := d.SandboxEnvironmentID, d.SandboxEmployeesPopulationID

	// At least three disabled Employees: disable two more enabled ones.
	employees := byEnabled(t, client, env, fmt.Sprintf("population.id eq %q", pop))
	require.GreaterOrEqual(t, len(employees[true]), 2)
	for _, u := range employees[true][:2] {
		_, err := client.Users.SetEnabled(t.Context(), env, u.ID, false)
		require.NoError(t, err)
	}
	disabledBefore := byEnabled(t, client, env, fmt.Sprintf("population.id eq %q", pop))[false]
	require.GreaterOrEqual(t, len(disabledBefore), 3)
	othersDisabled := byEnabled(t, client, env, fmt.Sprintf("population.id ne %q", pop))[false]
	require.NotEmpty(t, othersDisabled, "the demo tenant has disabled users outside Employees")

	fake := task.NewChatServer()
	t.Cleanup(fake.Close)
	var log strings.Builder
	report, err := run(t.Context(), client, model{baseURL: fake.URL + "/v1", name: "scripted"}, &log)
	require.NoError(t, err, log.String())

	// The effect: every Employees user is enabled; no one else was touched.
	after := byEnabled(t, client, env, fmt.Sprintf("population.id eq %q", pop))
	assert.Empty(t, after[false], "disabled Employees left")
	stillDisabled := byEnabled(t, client, env, fmt.Sprintf("population.id ne %q", pop))[false]
	assert.Len(t, stillDisabled, len(othersDisabled), "users outside Employees are untouched")

	// The report names each user it re-enabled.
	assert.Contains(t, report, fmt.Sprintf("Re-enabled %d disabled users of Employees in Sandbox", len(disabledBefore)))
	for _, u := range disabledBefore {
		assert.Contains(t, report, u.Username)
	}
	assert.NotContains(t, report, "Could not")
	assert.Equal(t, len(disabledBefore), strings.Count(log.String(), "→ set_user_enabled"), log.String())
	assert.NotContains(t, log.String(), "✗")
	assert.Contains(t, log.String(), "→ set_user_enabled(enabled, environmentId, userId)")
	assert.NotContains(t, log.String(), disabledBefore[0].ID, "the log shows argument names, not values")
}

// TestAgentReportsNothingToDo: with no disabled user the agent changes nothing.
func TestAgentReportsNothingToDo(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	client, err := script.SandboxClient(t.Context(), srv)
	require.NoError(t, err)
	d := pingonetest.Demo()
	for _, u := range byEnabled(t, client, d.SandboxEnvironmentID, fmt.Sprintf("population.id eq %q", d.SandboxEmployeesPopulationID))[false] {
		_, err := client.Users.SetEnabled(t.Context(), d.SandboxEnvironmentID, u.ID, true)
		require.NoError(t, err)
	}
	fake := task.NewChatServer()
	t.Cleanup(fake.Close)
	var log strings.Builder
	report, err := run(t.Context(), client, model{baseURL: fake.URL + "/v1", name: "scripted"}, &log)
	require.NoError(t, err)
	assert.Equal(t, "No user of Employees in Sandbox is disabled: nothing to do.", report)
	assert.NotContains(t, log.String(), "set_user_enabled")
}

func byEnabled(t *testing.T, c *pingone.Client, env, filter string) map[bool][]*pingone.User {
	t.Helper()
	out := map[bool][]*pingone.User{}
	for u, err := range c.Users.All(t.Context(), env, &pingone.ListOptions{Filter: filter}) {
		require.NoError(t, err)
		out[u.Enabled != nil && *u.Enabled] = append(out[u.Enabled != nil && *u.Enabled], u)
	}
	return out
}
