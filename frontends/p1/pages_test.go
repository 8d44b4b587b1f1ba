package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// ttyWriter is a stdout that says it is a terminal.
type ttyWriter struct{ bytes.Buffer }

func (*ttyWriter) IsTerminal() bool { return true }

func TestOutputTableOnTerminalJSONWhenPiped(t *testing.T) {
	t.Parallel()
	args := []string{"p1", "--sandbox", "--env", "Sandbox", "tool", "call", "list_groups"}
	var tty ttyWriter
	var errOut bytes.Buffer
	require.Equal(t, 0, run(t.Context(), args, strings.NewReader(""), &tty, &errOut), errOut.String())
	assert.Regexp(t, `(?m)^ID\s+NAME\s+`, tty.String(), "a table on a terminal")

	r := p1(t, "", args[1:]...)
	assert.True(t, json.Valid([]byte(r.stdout)), "JSON when piped: %s", r.stdout)

	tty.Reset()
	require.Equal(t, 0, run(t.Context(), append(args, "-o", "json"), strings.NewReader(""), &tty, &errOut))
	assert.True(t, json.Valid(tty.Bytes()), "-o wins")
}

func TestPaginateAndJQ(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	// Every page, each as it comes, each its own JSON document.
	r := p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "list_users", "--arg", "limit=10", "--paginate")
	require.Equal(t, 0, r.code, r.stderr)
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	users, pages := 0, 0
	for dec.More() {
		var page struct {
			Users []map[string]any `json:"users"`
		}
		require.NoError(t, dec.Decode(&page))
		users += len(page.Users)
		pages++
	}
	assert.Equal(t, d.SandboxUserCount, users)
	assert.Equal(t, (d.SandboxUserCount+9)/10, pages)

	r = p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "list_users", "--arg", "limit=7", "--paginate", "--jq", ".users[].username")
	require.Equal(t, 0, r.code, r.stderr)
	names := strings.Fields(r.stdout)
	assert.Len(t, names, d.SandboxUserCount)
	assert.Contains(t, names, "jdoe")

	// A table joins the pages.
	r = p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "list_users", "--arg", "limit=20", "--paginate", "-o", "table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Len(t, strings.Split(strings.TrimSpace(r.stdout), "\n"), d.SandboxUserCount+1)
	assert.NotContains(t, r.stderr, "add --arg cursor")

	r = p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "list_users", "--jq", ".users[")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--jq")
	r = p1(t, "", "--sandbox", "--env", "Sandbox", "tool", "call", "list_users", "--jq", ".", "-o", "yaml")
	assert.Equal(t, exitUsage, r.code)
}
