package main

import (
	"context"
	"fmt"
	"net"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

func sandboxCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:  "sandbox",
		Usage: "serve the PingOne emulator, with its demo tenant, on a loopback port",
		Description: "Serves an in-memory PingOne (management API under /v1 and the token endpoint) until\n" +
			"interrupted, and prints the environment variables that point another p1 at it.\n" +
			"Only loopback addresses are allowed: the emulator has no real security.",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "port", Value: 0, Usage: "TCP port; 0 picks a free one"},
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1", Usage: "loopback address to listen on"},
			&cli.IntFlag{Name: "users", Value: 0, Usage: "add this many generated users (bulk.user.N) to the Sandbox's Contractors population, up to 100000, to try workflows and paging at scale"},
		},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			addr, port := cmd.String("addr"), cmd.Int("port")
			if port < 0 || port > 65535 {
				return usageErrorf("--port %d is not a TCP port", port)
			}
			if !isLoopback(addr) {
				return usageErrorf("--addr %q is not a loopback address: the sandbox serves only this machine (use 127.0.0.1 or ::1)", addr)
			}
			users := cmd.Int("users")
			if users < 0 || users > 100000 {
				return usageErrorf("--users %d is out of range: give 0 to 100000 generated users", users)
			}
			ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			srv, url, err := serveEmulator(ctx, net.JoinHostPort(addr, strconv.Itoa(port)), users)
			if err != nil {
				return err
			}
			d := pingonetest.Demo()
			fmt.Fprintf(g.stderr, "p1 sandbox: PingOne emulator with the demo tenant listening on %s (Ctrl-C to stop)\n", url)
			fmt.Fprintf(g.stderr, "Point another p1 at it (these values work only with this sandbox):\n")
			fmt.Fprintf(g.stderr, "  export PINGONE_API_URL=%s/v1\n", url)
			fmt.Fprintf(g.stderr, "  export PINGONE_AUTH_URL=%s\n", url)
			fmt.Fprintf(g.stderr, "  export PINGONE_ENVIRONMENT_ID=%s\n", d.AdminEnvironmentID)
			fmt.Fprintf(g.stderr, "  export PINGONE_CLIENT_ID=%s\n", d.WorkerClientID)
			fmt.Fprintf(g.stderr, "  export PINGONE_CLIENT_SECRET=%s\n", d.WorkerClientSecret)
			fmt.Fprintf(g.stderr, "Or sign in as its test administrator (%s; no password: the emulator approves it) with a profile:\n", d.AdminUsername)
			fmt.Fprintf(g.stderr, "  p1 --profile sandbox --api-url %s/v1 --auth-url %s --environment-id %s --client-id %s auth login --grant-type device_code\n",
				url, url, d.AdminEnvironmentID, d.CLIClientID)
			fmt.Fprintf(g.stderr, "  (approve the code: curl -d user_code=CODE -d username=%s -d action=approve %s/%s/as/device)\n", d.AdminUsername, url, d.AdminEnvironmentID)
			<-ctx.Done()
			fmt.Fprintln(g.stderr, "p1 sandbox: shutting down")
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			return srv.Shutdown(sctx)
		},
	}
}

// isLoopback accepts loopback IPs and "localhost".
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
