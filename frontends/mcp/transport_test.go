package mcp_test

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
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

// TestStdioToolsListOnTheWire: on Run's StdioTransport the tools/list
// answer is written in place of the placeholder the SDK encoded (raw.go),
// every time it is asked, and a client reads the same tools as from a
// server on any other transport.
func TestStdioToolsListOnTheWire(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), contract.Client(t, srv), tools.Config{Filter: tools.Filter{AllowWrites: true}})
	require.NoError(t, err)
	s, in, done := serveToolkit(t, tk, 0)
	require.NoError(t, s.Initialize("2025-06-18"))
	var lines []string
	for range 2 {
		r, _, err := s.Request("tools/list", nil)
		require.NoError(t, err)
		require.Nil(t, r.Error, "%s", r.Raw)
		assert.NotContains(t, string(r.Raw), "io.p1kit/raw")
		lines = append(lines, string(r.Raw))
	}
	assert.Equal(t, lines[0][strings.Index(lines[0], `"result"`):], lines[1][strings.Index(lines[1], `"result"`):], "the same answer each time")
	var wire struct {
		Result struct {
			Tools []*sdk.Tool `json:"tools"`
		} `json:"result"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &wire))
	require.Len(t, wire.Result.Tools, len(tk.Tools()))

	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "c", Version: "v0"}, nil).Connect(t.Context(), ct, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = cs.Close(); _ = ss.Wait() })
	want, err := cs.ListTools(t.Context(), nil)
	require.NoError(t, err)
	wantJSON, err := json.Marshal(want.Tools)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(wire.Result.Tools)
	require.NoError(t, err)
	assert.JSONEq(t, string(wantJSON), string(gotJSON))
	require.NoError(t, in.Close())
	assert.NoError(t, <-done)
}
