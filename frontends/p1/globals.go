package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// Environment variables read directly (not through a flag).
const (
	envAccessToken = "PINGONE_ACCESS_TOKEN" // env only: a flag would show in ps
)

// globals holds the streams of one run and what it started (the embedded
// emulator), so that everything is closed when the run ends.
type globals struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	closers []func()
	policy  *policyState
}

func (g *globals) close() {
	for i := len(g.closers) - 1; i >= 0; i-- {
		g.closers[i]()
	}
	g.closers = nil
}

// flags are the root flags; urfave/cli makes them available to every
// subcommand, before or after its name.
func (g *globals) flags() []cli.Flag {
	return append(policyFlags(), []cli.Flag{
		&cli.BoolFlag{
			Name:  "sandbox",
			Usage: "run against an embedded PingOne emulator with a demo tenant (no credentials needed)",
		},
		&cli.BoolFlag{
			Name:    "debug",
			Usage:   "log debug records to stderr (never tokens or secrets)",
			Sources: cli.EnvVars("PINGONE_MCP_DEBUG"),
		},
		&cli.StringFlag{
			Name:    "root-domain",
			Usage:   "PingOne root domain: " + strings.Join(pingone.RootDomains(), ", "),
			Sources: cli.EnvVars("PINGONE_ROOT_DOMAIN"),
		},
		&cli.StringFlag{
			Name:    "api-url",
			Usage:   "PingOne API base URL, e.g. http://127.0.0.1:8080/v1 (a proxy or p1 sandbox); overrides --root-domain",
			Sources: cli.EnvVars("PINGONE_API_URL"),
		},
		&cli.StringFlag{
			Name:    "auth-url",
			Usage:   "PingOne auth base URL; token URLs are <auth-url>/<environment-id>/as/token",
			Sources: cli.EnvVars("PINGONE_AUTH_URL"),
		},
		&cli.StringFlag{
			Name:    "environment-id",
			Usage:   "ID of the environment holding the sign-in (worker) application",
			Sources: cli.EnvVars("PINGONE_MCP_ENVIRONMENT_ID", "PINGONE_ENVIRONMENT_ID"),
		},
		&cli.StringFlag{
			Name:    "client-id",
			Usage:   "client ID of a worker application (client credentials sign-in)",
			Sources: cli.EnvVars("PINGONE_CLIENT_ID"),
		},
		&cli.StringFlag{
			Name:    "client-secret",
			Usage:   "client secret of the worker application; prefer the environment variable (flags show in ps)",
			Sources: cli.EnvVars("PINGONE_CLIENT_SECRET"),
		},
	}...)
}

// logger returns the debug logger (stderr) or one that discards.
func (g *globals) logger(cmd *cli.Command) *slog.Logger {
	if !cmd.Bool("debug") {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// signIn says how to sign in; grantType is --grant-type of `p1 mcp run`
// ("" elsewhere).
type signIn struct {
	grantType string
}

// offlineClient is a client for commands that never call PingOne (tool
// list, tool describe): it needs no credentials.
func offlineClient() (*pingone.Client, error) {
	return pingone.NewClient()
}

// client builds the PingOne client from the global flags: the embedded
// emulator with --sandbox, otherwise the configured hosts and credentials.
func (g *globals) client(ctx context.Context, cmd *cli.Command, si signIn, userAgent string) (*pingone.Client, error) {
	log := g.logger(cmd)
	base := []pingone.Option{pingone.WithLogger(log), pingone.WithUserAgent(userAgent)}
	if cmd.Bool("sandbox") {
		url, err := g.startSandbox(ctx)
		if err != nil {
			return nil, err
		}
		log.Debug("sandbox: embedded PingOne emulator started", "url", url)
		base = append(base, pingone.WithBaseURL(url+"/v1"), pingone.WithAuthBaseURL(url))
		return withClientCredentials(ctx, base, pingonetest.Demo.AdminEnvironmentID,
			pingonetest.Demo.WorkerClientID, pingonetest.Demo.WorkerClientSecret)
	}
	if d := cmd.String("root-domain"); d != "" {
		base = append(base, pingone.WithRootDomain(d))
	}
	if u := cmd.String("api-url"); u != "" {
		base = append(base, pingone.WithBaseURL(u))
	}
	if u := cmd.String("auth-url"); u != "" {
		base = append(base, pingone.WithAuthBaseURL(u))
	}
	envID, clientID, secret := cmd.String("environment-id"), cmd.String("client-id"), cmd.String("client-secret")
	// Explicit client credentials win over a token in the environment.
	if clientID == "" && secret == "" {
		if tok := strings.TrimSpace(os.Getenv(envAccessToken)); tok != "" {
			log.Debug("sign-in: static access token from " + envAccessToken)
			ts, err := auth.StaticToken(tok)
			if err != nil {
				return nil, authErrorf("%v", err)
			}
			c, err := pingone.NewClient(append(base, pingone.WithTokenSource(ts))...)
			return c, withCode(exitUsage, err)
		}
		return nil, noCredentials(si.grantType)
	}
	var missing []string
	if envID == "" {
		missing = append(missing, "PINGONE_MCP_ENVIRONMENT_ID (or --environment-id)")
	}
	if clientID == "" {
		missing = append(missing, "PINGONE_CLIENT_ID (or --client-id)")
	}
	if secret == "" {
		missing = append(missing, "PINGONE_CLIENT_SECRET")
	}
	if len(missing) > 0 {
		return nil, authErrorf("client credentials sign-in needs %s", strings.Join(missing, " and "))
	}
	log.Debug("sign-in: client credentials", "environment", envID, "client", clientID)
	return withClientCredentials(ctx, base, envID, clientID, secret)
}

// noCredentials explains which variables to set.
func noCredentials(grantType string) error {
	const how = "set PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET and PINGONE_MCP_ENVIRONMENT_ID (a worker application and the environment holding it), " +
		"or PINGONE_ACCESS_TOKEN, or use --sandbox to try p1 against the embedded emulator"
	switch grantType {
	case "authorization_code", "device_code":
		return authErrorf("sign-in with --grant-type %s is not available in this build yet; %s", grantType, how)
	}
	if os.Getenv("PINGONE_AUTHORIZATION_CODE_CLIENT_ID") != "" || os.Getenv("PINGONE_DEVICE_CODE_CLIENT_ID") != "" {
		return authErrorf("interactive sign-in (PINGONE_AUTHORIZATION_CODE_CLIENT_ID, PINGONE_DEVICE_CODE_CLIENT_ID) is not available in this build yet; %s", how)
	}
	return authErrorf("no PingOne credentials: %s", how)
}

// withClientCredentials builds a client that signs in with a worker app.
func withClientCredentials(ctx context.Context, base []pingone.Option, envID, clientID, secret string) (*pingone.Client, error) {
	probe, err := pingone.NewClient(base...)
	if err != nil {
		return nil, withCode(exitUsage, err)
	}
	ts, err := auth.ClientCredentials(ctx, probe.TokenURL(envID), clientID, secret)
	if err != nil {
		return nil, authErrorf("%v", err)
	}
	c, err := pingone.NewClient(append(base, pingone.WithTokenSource(ts))...)
	return c, withCode(exitUsage, err)
}

// startSandbox serves the emulator with its demo tenant on a loopback port
// for the rest of the run and returns its URL.
func (g *globals) startSandbox(ctx context.Context) (string, error) {
	srv, url, err := serveEmulator(ctx, "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	g.closers = append(g.closers, func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	})
	return url, nil
}

// serveEmulator starts an HTTP server for a fresh emulator on addr.
func serveEmulator(ctx context.Context, addr string) (*http.Server, string, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("sandbox: %w", err)
	}
	srv := &http.Server{Handler: pingonetest.New(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "p1: sandbox server:", err)
		}
	}()
	return srv, "http://" + ln.Addr().String(), nil
}

// filterFlags are the official server's tool selection flags.
func filterFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "disable-read-only", Usage: "include the tools that change the tenant (read-only by default)"},
		&cli.StringSliceFlag{Name: "include-tools", Usage: "only these tools (comma-separated names); exclusion wins"},
		&cli.StringSliceFlag{Name: "exclude-tools", Usage: "leave out these tools (comma-separated names)"},
		&cli.StringSliceFlag{Name: "include-tool-collections", Usage: "only the tools of these collections (e.g. environments,applications,populations,directory)"},
		&cli.StringSliceFlag{Name: "exclude-tool-collections", Usage: "leave out the tools of these collections"},
		&cli.BoolFlag{Name: "allow-production-writes", Usage: "let write tools act on PRODUCTION environments (refused by default)"},
	}
}

// filterOf reads the filter flags.
func filterOf(cmd *cli.Command) tools.Filter {
	return tools.Filter{
		AllowWrites:        cmd.Bool("disable-read-only"),
		IncludeTools:       splitList(cmd.StringSlice("include-tools")),
		ExcludeTools:       splitList(cmd.StringSlice("exclude-tools")),
		IncludeCollections: splitList(cmd.StringSlice("include-tool-collections")),
		ExcludeCollections: splitList(cmd.StringSlice("exclude-tool-collections")),
	}
}

// splitList splits comma-separated values and drops empty ones, so both
// --include-tools a,b and repeated flags work.
func splitList(in []string) []string {
	var out []string
	for _, v := range in {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// toolkit builds the toolkit over every tool p1kit ships.
func (g *globals) toolkit(cmd *cli.Command, client *pingone.Client, frontEnd string) (*tools.Toolkit, error) {
	return g.policyToolkit(cmd, client, frontEnd)
}
