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

// TestAgentReenablesDisabledUsers runs the ReAct agent through the adapter
// and the toolkit against the emulator, and checks the effect and report.
func TestAgentReenablesDisabledUsers(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	client, err := script.SandboxClient(t.Context(), srv)
	require.NoError(t, err)
	d := pingonetest.Demo()
	env, employees := d.SandboxEnvironmentID, fmt.Sprintf("population.id eq %q", d.SandboxEmployeesPopulationID)
	others := fmt.Sprintf("population.id ne %q", d.SandboxEmployeesPopulationID)

	// Disable two more Employees so that the agent has several to fix.
	enabled := byEnabled(t, client, env, employees)[true]
	require.GreaterOrEqual(t, len(enabled), 2)
	for _, u := range enabled[:2] {
		_, err := client.Users.SetEnabled(t.Context(), env, u.ID, false)
		require.NoError(t, err)
	}
	before := byEnabled(t, client, env, employees)[false]
	require.GreaterOrEqual(t, len(before), 3)
	othersBefore := byEnabled(t, client, env, others)[false]
	require.NotEmpty(t, othersBefore)

	llm := newScriptedLLM(task)
	report, err := run(t.Context(), client, llm, nil)
	require.NoError(t, err)

	assert.Empty(t, byEnabled(t, client, env, employees)[false], "disabled Employees left")
	assert.Len(t, byEnabled(t, client, env, others)[false], len(othersBefore), "users outside Employees are untouched")
	assert.Contains(t, report, fmt.Sprintf("Re-enabled %d disabled users of Employees in Sandbox", len(before)))
	for _, u := range before {
		assert.Contains(t, report, u.Username)
	}
	assert.NotContains(t, report, "Could not")
}

func TestObservationsReadTheScratchpad(t *testing.T) {
	t.Parallel()
	prompt := "Use the following format:\nAction: the action to take\nObservation: the result of the action\n\nBegin!\n\nQuestion: q\n" +
		"Thought: x\nAction: list_environments\nAction Input: {}\nObservation: {\"environments\":[]}\n" +
		"Thought: y\nAction: get_user\nAction Input: {\"userId\":\"u\"}\nObservation: get_user: not found\n"
	obs := observations(prompt)
	require.Len(t, obs, 2)
	assert.Equal(t, "list_environments", obs[0].Tool)
	assert.Equal(t, `{"environments":[]}`, obs[0].Content)
	assert.Equal(t, "get_user: not found", obs[1].Content)
	assert.True(t, strings.HasPrefix(obs[1].Tool, "get_user"))
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
