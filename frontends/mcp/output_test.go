package mcp_test

import (
	"encoding/json"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/internal/testcorpus"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func callJSON(t *testing.T, cs *sdk.ClientSession, name string, args map[string]any) map[string]any {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: name, Arguments: args})
	require.NoError(t, err)
	text := textOf(t, res)
	require.False(t, res.IsError, "%s: %s", name, text)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(text), &m))
	structured, err := json.Marshal(res.StructuredContent)
	require.NoError(t, err)
	assert.JSONEq(t, text, string(structured), "text and structured content agree")
	return m
}

// TestOutputPolicyOverMCP samples the corpus through the MCP front end: a
// model sees hostile population names neutralised or marked and listed
// under _untrusted, ordinary ones exactly as stored.
func TestOutputPolicyOverMCP(t *testing.T) {
	t.Parallel()
	cs, _, srv := connect(t, tools.Config{})
	client := contract.Client(t, srv)
	instructions := cs.InitializeResult().Instructions
	assert.Contains(t, instructions, "⟦untrusted⟧", "the model is told what the markers mean")
	assert.Contains(t, instructions, "_untrusted")
	assert.Contains(t, instructions, "_truncated")
	sb := pingonetest.Demo().SandboxEnvironmentID

	sample := func(corpus []testcorpus.Entry) []testcorpus.Entry {
		var out []testcorpus.Entry
		for i := 0; i < len(corpus); i += 5 {
			out = append(out, corpus[i])
		}
		return out
	}
	hostile, ordinary := sample(testcorpus.Load(t, "hostile")), sample(testcorpus.Load(t, "ordinary"))
	okH, okO := 0, 0
	for _, e := range append(hostile, ordinary...) {
		p, err := client.Populations.Create(t.Context(), sb, &pingone.Population{Name: e.Text, Description: e.Text})
		require.NoError(t, err)
		out := callJSON(t, cs, "get_population", map[string]any{"environmentId": sb, "populationId": p.ID})
		pop := out["population"].(map[string]any)
		var listed []string
		if u, ok := out["_untrusted"].(map[string]any); ok {
			for _, v := range u["values"].([]any) {
				listed = append(listed, v.(map[string]any)["path"].(string))
			}
		}
		good := true
		for _, field := range []string{"name", "description"} {
			got := pop[field].(string)
			switch {
			case e.Expect == "":
				good = assert.Equal(t, e.Text, got, field) && good
				good = assert.NotContains(t, listed, "population."+field) && good
			default:
				good = assert.Contains(t, listed, "population."+field, "%s: %s", field, e.Why) && good
				if e.Strip() {
					good = assert.Empty(t, testcorpus.HiddenLeft(got), "%s: %q", field, got) && good
				}
				if e.Flag() {
					good = assert.True(t, strings.HasPrefix(got, "⟦untrusted⟧") && strings.HasSuffix(got, "⟦/untrusted⟧"), "%s: %q", field, got) && good
				}
			}
		}
		if good && e.Expect != "" {
			okH++
		} else if good {
			okO++
		}
	}
	t.Logf("over MCP: hostile %d/%d neutralised or flagged, ordinary %d/%d unchanged", okH, len(hostile), okO, len(ordinary))
	assert.Equal(t, len(hostile), okH)
	assert.Equal(t, len(ordinary), okO)
}

// TestSecretAndBudgetOverMCP: the client secret reaches the model as the
// placeholder, and a list cut to the budget pages on with its cursor.
func TestSecretAndBudgetOverMCP(t *testing.T) {
	t.Parallel()
	cs, _, _ := connect(t, tools.Config{Output: tools.OutputPolicy{MaxResultBytes: 1500}})
	d := pingonetest.Demo()
	sec := callJSON(t, cs, "get_application_secret", map[string]any{"environmentId": d.SandboxEnvironmentID, "applicationId": d.SandboxWebAppID})
	assert.Equal(t, tools.RedactedPlaceholder, sec["secret"])

	seen := map[string]int{}
	args := map[string]any{"environmentId": d.SandboxEnvironmentID, "limit": 25}
	cut := 0
	for range 100 {
		out := callJSON(t, cs, "list_users", args)
		for _, u := range out["users"].([]any) {
			seen[u.(map[string]any)["id"].(string)]++
		}
		if _, ok := out["_truncated"]; ok {
			cut++
		}
		next, _ := out["nextCursor"].(string)
		if next == "" {
			break
		}
		args["cursor"] = next
	}
	assert.Len(t, seen, 55, "every demo user")
	for id, n := range seen {
		assert.Equal(t, 1, n, "user %s seen %d times", id, n)
	}
	assert.Positive(t, cut)
}
