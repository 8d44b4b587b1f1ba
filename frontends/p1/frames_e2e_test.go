package main

import (
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/badinput"
)

// TestProcessMCPSurvivesMalformedFrames feeds the built `p1 mcp run` every
// kind of malformed frame, each between valid requests, before and after
// the handshake: every valid request is answered, every malformed frame
// gets its JSON-RPC error (or, for a blank line, nothing), and the process
// is alive at the end and exits cleanly when its input ends.
func TestProcessMCPSurvivesMalformedFrames(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary(t), "--sandbox", "mcp", "run")
	cmd.Env = cleanEnv()
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr syncBuffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
	})

	st := badinput.RunFrames(t, badinput.NewRawSession(stdin, stdout), mcp.DefaultMaxFrameBytes)
	t.Logf("%d malformed frames, %d answered with an error, %d valid requests answered; largest answer %d bytes",
		st.Frames, st.Answered, st.Valid, st.LargestAnswer)

	require.NoError(t, cmd.Process.Signal(syscall.Signal(0)), "the process is alive")
	require.NoError(t, stdin.Close())
	select {
	case err := <-waited:
		assert.NoError(t, err, "a clean exit at the end of input; stderr:\n%s", stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("p1 mcp run did not end with its input")
	}
	assert.NotContains(t, stderr.String(), "goroutine ")
	assert.NotContains(t, stderr.String(), "panic")
}
