package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// auditRecords reads the audit log a p1 run wrote.
func auditRecords(t *testing.T, path string) []tools.AuditRecord {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []tools.AuditRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r tools.AuditRecord
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), sc.Text())
		out = append(out, r)
	}
	require.NoError(t, sc.Err())
	return out
}

// TestProcessMCPFindsItsOwnChanges: an agent makes changes through MCP on
// the built binary, then finds each of them in the audit log by the
// transaction id p1's audit log gave the call.
func TestProcessMCPFindsItsOwnChanges(t *testing.T) {
	t.Parallel()
	log := filepath.Join(t.TempDir(), "audit.jsonl")
	cs := connectBinary(t, "--sandbox", "--audit-log", log, "mcp", "run", "--disable-read-only", "--toolsets", "all")
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	callOK := func(name string, args map[string]any) map[string]any {
		t.Helper()
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: name, Arguments: args})
		require.NoError(t, err, name)
		text := res.Content[0].(*sdk.TextContent).Text
		require.False(t, res.IsError, "%s: %s", name, text)
		var out map[string]any
		require.NoError(t, json.Unmarshal([]byte(text), &out))
		return out
	}
	pop := callOK("create_population", map[string]any{"environmentId": sb, "name": "Audited population"})
	popID := pop["population"].(map[string]any)["id"].(string)
	callOK("update_population", map[string]any{"environmentId": sb, "populationId": popID, "description": "changed"})
	callOK("add_user_to_group", map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "groupId": d.SandboxEmptyGroupID})
	callOK("delete_population", map[string]any{"environmentId": sb, "populationId": popID, "confirm": popID})

	want := map[string]struct{ action, resource string }{
		"create_population": {"POPULATION.CREATED", popID},
		"update_population": {"POPULATION.UPDATED", popID},
		"add_user_to_group": {"GROUP_MEMBERSHIP.CREATED", d.SandboxEmptyGroupID},
		"delete_population": {"POPULATION.DELETED", popID},
	}
	found := 0
	for _, rec := range auditRecords(t, log) {
		w, isChange := want[rec.Tool]
		if !isChange || rec.Outcome != "ok" {
			continue
		}
		require.NotEmpty(t, rec.TransactionID, rec.Tool)
		out := callOK("list_activities", map[string]any{"environmentId": sb, "correlationId": rec.TransactionID})
		acts := out["activities"].([]any)
		require.Len(t, acts, 1, "%s (%s)", rec.Tool, rec.TransactionID)
		a := acts[0].(map[string]any)
		assert.Equal(t, w.action, a["action"], rec.Tool)
		assert.Equal(t, "SUCCESS", a["result"], rec.Tool)
		assert.Equal(t, rec.TransactionID, a["correlationId"])
		var ids []string
		for _, r := range a["resources"].([]any) {
			ids = append(ids, r.(map[string]any)["id"].(string))
		}
		assert.Contains(t, ids, w.resource, rec.Tool)
		found++
	}
	assert.Equal(t, len(want), found, "every change was audited and found")
}

// TestCLIFailedSignOnsSinceYesterday: "failed sign-ons in the Sandbox
// since yesterday" through `p1 --sandbox tool call`.
func TestCLIFailedSignOnsSinceYesterday(t *testing.T) {
	t.Parallel()
	args := `{"environmentId":"` + pingonetest.Demo().SandboxEnvironmentID + `","actionTypes":["PASSWORD.CHECK_FAILED"],"since":"24h"}`
	r := p1(t, "", "--sandbox", "tool", "call", "list_activities", "--json", args)
	require.Equal(t, 0, r.code, r.stderr)
	var out struct {
		Activities []struct {
			Action, Result, Reason string
			User                   struct{ Name string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
	require.Len(t, out.Activities, 3, "the seeded failures of the last day (a fourth is 30 hours old)")
	for _, a := range out.Activities {
		assert.Equal(t, "PASSWORD.CHECK_FAILED", a.Action)
		assert.Equal(t, "FAILED", a.Result)
		assert.NotEmpty(t, a.User.Name)
		assert.NotEmpty(t, a.Reason)
	}
}
