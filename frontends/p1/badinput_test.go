package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/p1kit/p1kit/internal/badinput"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// cliBadInput calls tools with `p1 tool call`, in process, signed in with
// the demo worker as a script would: arguments with --json, or on stdin
// when they are too long for a command line.
type cliBadInput struct{ global []string }

func (c cliBadInput) Call(t *testing.T, tool, args string) badinput.Result {
	argv := append(append([]string{}, c.global...), "tool", "call", "--disable-read-only", tool)
	stdin := ""
	if len(args) > 64<<10 {
		argv, stdin = append(argv, "-"), args
	} else {
		argv = append(argv, "--json", args)
	}
	r := p1(t, stdin, argv...)
	if r.code == 0 {
		return badinput.Result{Text: r.stdout}
	}
	assert.Equal(t, exitUsage, r.code, "a bad call is a usage error (exit 2): %.300s", r.stderr)
	assert.Empty(t, r.stdout)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	assert.Len(t, lines, 1, "one line on stderr: %.300s", r.stderr)
	return badinput.Result{Text: strings.TrimPrefix(lines[len(lines)-1], "p1: "), Failed: true}
}

// Allows the calls that are right but for a name where an id goes: the
// CLI looks the name up (names_test.go tests what it says when none is
// found), where the library refuses it unread.
func (cliBadInput) Allows(c badinput.Case) bool {
	var args map[string]any
	if json.Unmarshal([]byte(c.Args), &args) != nil {
		return false
	}
	for _, arg := range tools.NameArguments() {
		if s, ok := args[arg].(string); ok && tools.LooksLikeName(s) {
			return true
		}
	}
	return false
}

func TestBadInputCLI(t *testing.T) {
	t.Parallel()
	badinput.Run(t, "cli", func(t *testing.T, srv *pingonetest.Server) badinput.FrontEnd {
		d := pingonetest.Demo()
		return cliBadInput{global: []string{
			"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(),
			"--environment-id", d.AdminEnvironmentID, "--client-id", d.WorkerClientID, "--client-secret", d.WorkerClientSecret,
		}}
	})
}
