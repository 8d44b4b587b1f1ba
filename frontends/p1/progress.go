package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// progressLine draws a workflow's progress on one terminal line of w
// (stderr), redrawn in place: "[#####.....] 120/480 remove from group …".
// It ends the line when the work is done, so the result starts on a fresh
// one. Without a total it counts.
func progressLine(w io.Writer) func(done, total int, message string) {
	var mu sync.Mutex
	return func(done, total int, message string) {
		mu.Lock()
		defer mu.Unlock()
		const width = 24
		if len(message) > 48 {
			message = message[:47] + "…"
		}
		if total <= 0 {
			fmt.Fprintf(w, "\r\033[K%d %s", done, message)
			return
		}
		filled := min(width, done*width/total)
		fmt.Fprintf(w, "\r\033[K[%s%s] %d/%d %s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, message)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}

// isTerminalWriter reports whether w is an interactive terminal (stderr,
// for progress); a writer with an IsTerminal method answers for itself.
func isTerminalWriter(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := w.(*os.File)
	return ok && isTerminal(f)
}
