package mcp_test

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/internal/badinput"
	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// serveRaw runs mcp.Run on a StdioTransport over pipes and returns a raw
// session to it; the channel gets Run's result once the input is closed.
func serveRaw(t *testing.T, maxFrame int) (*badinput.RawSession, io.Closer, <-chan error) {
	t.Helper()
	return serveRawWith(t, maxFrame, tools.Config{FrontEnd: "mcp"}, "")
}

// serveRawWith is serveRaw with a toolkit configuration; when capabilities
// (the client's, as JSON) is not empty, the session is initialized with
// them on the current protocol version.
func serveRawWith(t *testing.T, maxFrame int, cfg tools.Config, capabilities string) (*badinput.RawSession, io.Closer, <-chan error) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), cfg)
	require.NoError(t, err)
	s, in, done := serveToolkit(t, tk, maxFrame)
	if capabilities != "" {
		r, _, err := s.Request("initialize", json.RawMessage(`{"protocolVersion":"2026-07-28","capabilities":`+capabilities+
			`,"clientInfo":{"name":"raw","version":"v0"}}`))
		require.NoError(t, err)
		require.Nil(t, r.Error, "%s", r.Raw)
		require.NoError(t, s.Send([]byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)))
	}
	return s, in, done
}

// serveToolkit runs mcp.Run for tk on a StdioTransport over pipes.
func serveToolkit(t *testing.T, tk *tools.Toolkit, maxFrame int) (*badinput.RawSession, io.Closer, <-chan error) {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- mcp.Run(context.WithoutCancel(t.Context()), tk, &mcp.Options{
			Transport: &mcp.StdioTransport{Reader: inR, Writer: outW, MaxFrameBytes: maxFrame},
		})
		_ = outW.Close()
	}()
	t.Cleanup(func() { _ = inW.Close(); _ = outR.Close() })
	return badinput.NewRawSession(inW, outR), inW, done
}

func TestStdioSurvivesMalformedFrames(t *testing.T) {
	t.Parallel()
	s, in, done := serveRaw(t, 64<<10)
	st := badinput.RunFrames(t, s, 64<<10)
	t.Logf("%d malformed frames, %d answered with an error, %d valid requests answered; largest answer %d bytes",
		st.Frames, st.Answered, st.Valid, st.LargestAnswer)
	// The end of input is a clean end of the session.
	require.NoError(t, in.Close())
	assert.NoError(t, <-done)
}
