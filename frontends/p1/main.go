// Command p1 runs p1kit's PingOne tools from a shell, a script or an MCP client.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	go cancelOnSignal(cancel)
	os.Exit(run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// cancelOnSignal cancels the run at the first SIGINT or SIGTERM; later ones
// are caught and dropped, so that a command can finish stopping. It runs
// beside the command: signal.Notify waits for the runtime to start its
// signal thread (half a millisecond or more on a small VM), which p1 mcp
// run's client would otherwise wait for too.
func cancelOnSignal(cancel context.CancelFunc) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	<-sigs
	cancel()
}
