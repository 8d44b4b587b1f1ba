package mcp

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/badinput"
)

// TestRawAnswersAreTakenOnce: each tools/list puts one rendered answer
// for the transport and the transport takes it, so a long session keeps
// none of them.
func TestRawAnswersAreTakenOnce(t *testing.T) {
	t.Parallel()
	tk, _ := toolkit(t)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	t.Cleanup(func() { _ = inW.Close(); _ = outR.Close() })
	raw := &rawResults{}
	done := make(chan error, 1)
	go func() {
		done <- NewServer(tk, &Options{raw: raw}).Run(context.WithoutCancel(t.Context()), &StdioTransport{Reader: inR, Writer: outW, raw: raw})
		_ = outW.Close()
	}()
	s := badinput.NewRawSession(inW, outR)
	require.NoError(t, s.Initialize("2025-06-18"))
	for range 3 {
		r, _, err := s.Request("tools/list", nil)
		require.NoError(t, err)
		require.Nil(t, r.Error, "%s", r.Raw)
		assert.NotContains(t, string(r.Raw), rawKey)
	}
	raw.mu.Lock()
	assert.Equal(t, 3, raw.next, "one answer put per tools/list")
	assert.Empty(t, raw.answers, "every answer taken")
	raw.mu.Unlock()
	require.NoError(t, inW.Close())
	assert.NoError(t, <-done)
}
