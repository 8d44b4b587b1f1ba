//go:build linux || darwin

package main

import (
	"bytes"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// runOnTerminal runs the built p1 with a terminal, answers its prompt with
// answer once the prompt is shown, and returns the stdout, what the
// terminal showed and the exit code.
func runOnTerminal(t *testing.T, answer string, args ...string) (stdout, shown string, code int) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	require.NoError(t, err)
	defer func() { _ = ptmx.Close() }()
	cmd := exec.CommandContext(t.Context(), binary(t), args...)
	cmd.Env = cleanEnv()
	var out bytes.Buffer
	cmd.Stdin, cmd.Stderr, cmd.Stdout = tty, tty, &out
	require.NoError(t, cmd.Start())
	_ = tty.Close()       // the child holds it
	term := &syncBuffer{} // what a person sees of the process on the terminal
	copied := make(chan struct{})
	go func() {
		// Ends when the child has exited and its output is read: the
		// terminal then has no other end open, and ptmx reads fail.
		_, _ = io.Copy(term, ptmx)
		close(copied)
	}()
	require.Eventually(t, func() bool { return strings.Contains(term.String(), "to confirm (anything else cancels): ") },
		20*time.Second, 10*time.Millisecond, "the prompt: %s", term.String())
	_, err = ptmx.Write([]byte(answer + "\n"))
	require.NoError(t, err)
	err = cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	select {
	case <-copied:
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal's output was never all read")
	}
	return out.String(), term.String(), code
}

// TestWorkflowPromptOnATerminal offboards a user through the built p1 with
// a terminal: the one prompt names the user and the plan; "n" writes
// nothing (the emulator's state is unchanged) and exits 3 saying it was
// declined; the user's name carries the plan out, with a progress line.
func TestWorkflowPromptOnATerminal(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	env, user := d.SandboxEnvironmentID, d.SandboxMFAUserID
	c := plainTestClient(t, srv)
	args := []string{"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(), "--environment-id", d.AdminEnvironmentID,
		"--client-id", d.WorkerClientID, "--client-secret", d.WorkerClientSecret,
		"tool", "call", "offboard_user", "--disable-read-only", "-o", "json",
		"--arg", "environmentId=" + env, "--arg", "userId=" + user}
	devices := func() int {
		devs, err := c.MFADevices.List(t.Context(), env, user)
		require.NoError(t, err)
		return len(devs)
	}
	before := devices()
	require.Positive(t, before)
	writes := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Method != "GET" && strings.HasPrefix(r.Path, "/v1/") {
				n++
			}
		}
		return n
	}

	stdout, shown, code := runOnTerminal(t, "n", args...)
	assert.Equal(t, exitDenied, code, shown)
	assert.Empty(t, stdout)
	assert.Contains(t, shown, `user "maria.garcia"`)
	assert.Contains(t, shown, "delete MFA device ×")
	assert.Contains(t, shown, "was declined when asked. Nothing was sent to PingOne.")
	assert.Zero(t, writes(), "declined: nothing written")
	u, err := c.Users.Get(t.Context(), env, user, nil)
	require.NoError(t, err)
	assert.True(t, u.Enabled == nil || *u.Enabled, "still enabled")
	assert.Equal(t, before, devices(), "every device kept")

	stdout, shown, code = runOnTerminal(t, "maria.garcia", args...)
	require.Equal(t, exitOK, code, shown)
	assert.Contains(t, stdout, `"complete": true`)
	assert.Regexp(t, `\] [0-9]+/[0-9]+ `, shown, "a progress line on the terminal")
	u, err = c.Users.Get(t.Context(), env, user, nil)
	require.NoError(t, err)
	assert.False(t, *u.Enabled, "disabled")
	assert.Zero(t, devices(), "every device removed")
}

func plainTestClient(t *testing.T, srv *pingonetest.Server) *pingone.Client {
	t.Helper()
	c, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(time.Hour), TokenType: "Bearer"})))
	require.NoError(t, err)
	return c
}
