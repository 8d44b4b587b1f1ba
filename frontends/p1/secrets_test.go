package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A password comes from stdin or a prompt, never from the command line.
func TestPasswordFromStdinNeverInArgv(t *testing.T) {
	t.Parallel()
	const password = "Tr0ub4dor-&-3-horses"
	argv := []string{"--sandbox", "--env", "Sandbox", "--yes", "tool", "call", "--disable-read-only", "set_user_password", "--arg", "userId=jdoe"}
	for _, a := range argv {
		require.NotContains(t, a, password)
	}
	run := func(stdin string) runResult {
		cmd := exec.CommandContext(t.Context(), binary(t), argv...)
		cmd.Env = cleanEnv()
		in, err := cmd.StdinPipe()
		require.NoError(t, err)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		require.NoError(t, cmd.Start())
		// While p1 waits for the password, its command line as the system
		// shows it (ps reads /proc/PID/cmdline) holds no password.
		if cmdline := procCmdline(t, cmd.Process.Pid); cmdline != nil {
			assert.Equal(t, argv, cmdline[1:])
			assert.NotContains(t, strings.Join(cmdline, " "), password)
		}
		_, _ = io.WriteString(in, stdin)
		require.NoError(t, in.Close())
		err = cmd.Wait()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return runResult{out.String(), errOut.String(), code}
	}
	r := run(password + "\n")
	m := decode(t, r)
	assert.Equal(t, true, m["passwordSet"])
	assert.NotContains(t, r.stdout+r.stderr, password)
	assert.NotContains(t, r.stderr, "warning")

	// The value read is the one PingOne judged: too weak, it is refused
	// by the password policy (and not quoted back).
	r = run("weak\n")
	assert.Equal(t, exitError, r.code, r.stderr)
	assert.Contains(t, r.stderr, "password policy")
	assert.NotContains(t, r.stderr, "weak\n")

	r = run("")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "set_user_password needs password")
}

func TestPasswordPromptOnTerminal(t *testing.T) {
	t.Parallel()
	const password = "C0rrect-horse-battery"
	args := []string{"--sandbox", "--env", "Sandbox", "--yes", "tool", "call", "--disable-read-only", "set_user_password", "--arg", "userId=jdoe"}
	r := p1tty(t, password+"\n"+password+"\n", args...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "password for set_user_password: ")
	assert.Contains(t, r.stderr, "password again: ")
	assert.NotContains(t, r.stdout+r.stderr, password)

	r = p1tty(t, password+"\nsomething else\n", args...)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "the two passwords typed differ")

	// Given on the command line it still works, with a warning.
	r = p1(t, "", slices.Concat(args, []string{"--arg", "password=" + password})...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "warning: password on the command line")
}

// p1tty runs p1 in process with stdin a terminal.
func p1tty(t *testing.T, stdin string, args ...string) runResult {
	t.Helper()
	var out, errOut strings.Builder
	code := run(t.Context(), append([]string{"p1"}, args...), terminal{strings.NewReader(stdin)}, &out, &errOut)
	return runResult{out.String(), errOut.String(), code}
}

// procCmdline reads a process's command line from /proc once it runs the
// p1 binary (nil where there is no /proc).
func procCmdline(t *testing.T, pid int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil {
			return nil
		}
		args := strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
		if len(args) > 0 && args[0] == binary(t) {
			return args
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the p1 process never showed its command line")
	return nil
}
