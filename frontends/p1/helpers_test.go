package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// exportedVars parses the "export NAME=value" lines p1 sandbox prints.
func exportedVars(s string) map[string]string {
	vars := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "export "); ok {
			if k, v, ok := strings.Cut(rest, "="); ok {
				vars[k] = v
			}
		}
	}
	return vars
}

// eventBuffer is a syncBuffer that says when something was written, so a
// test waits for output instead of polling for it.
type eventBuffer struct {
	syncBuffer
	wrote chan struct{}
}

func newEventBuffer() *eventBuffer { return &eventBuffer{wrote: make(chan struct{}, 1)} }

func (b *eventBuffer) Write(p []byte) (int, error) {
	n, err := b.syncBuffer.Write(p)
	select {
	case b.wrote <- struct{}{}:
	default:
	}
	return n, err
}

// waitFor waits until what was written holds want; the test's deadline
// bounds the wait.
func (b *eventBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	for !strings.Contains(b.String(), want) {
		select {
		case <-b.wrote:
		case <-t.Context().Done():
			t.Fatalf("never written: %s; got: %s", want, b.String())
		}
	}
}
