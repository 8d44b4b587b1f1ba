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
	"path/filepath"
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
			Name:    "profile",
			Usage:   "sign-in profile of the config file (" + envConfigDir + " or the user config directory, p1kit/config.json)",
			Sources: cli.EnvVars(envProfile),
		},
		&cli.StringFlag{
			Name:    "client-id",
			Usage:   "client ID of the application to sign in with: a worker (with PINGONE_CLIENT_SECRET) or the native app of p1 auth login",
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
// and `p1 auth login` ("" elsewhere).
type signIn struct {
	grantType string
	// background: a device-code sign-in answers at once with the code
	// (MCP) instead of blocking the call.
	background bool
}

// Official variable names of the interactive grants.
const (
	envAuthCodeClientID = "PINGONE_AUTHORIZATION_CODE_CLIENT_ID"
	envAuthCodeScopes   = "PINGONE_AUTHORIZATION_CODE_SCOPES"
	envAuthCodePort     = "PINGONE_AUTHORIZATION_CODE_REDIRECT_URI_PORT"
	envAuthCodePath     = "PINGONE_AUTHORIZATION_CODE_REDIRECT_URI_PATH"
	envDeviceClientID   = "PINGONE_DEVICE_CODE_CLIENT_ID"
	envDeviceScopes     = "PINGONE_DEVICE_CODE_SCOPES"
)

// settings is how to reach and sign in to PingOne, after the profile,
// the flags and the environment variables (which win) are combined.
type settings struct {
	profileName     string
	profileExplicit bool // named by --profile or P1_PROFILE
	profile         *auth.Profile
	config          *auth.ProfileFile
	configPath      string

	rootDomain, apiURL, authURL string
	envID, clientID, secret     string
	grant                       string // authorization_code, device_code, client_credentials, static, or ""
	scopes                      []string
	storeType                   string
	staticToken                 string
}

// resolve combines the profile with flags and environment variables.
func (g *globals) resolve(cmd *cli.Command, si signIn) (*settings, error) {
	path, err := auth.ProfileFilePath(os.Getenv)
	if err != nil {
		return nil, usageErrorf("config file: %v", err)
	}
	cfg, err := auth.ReadProfileFile(path)
	if err != nil {
		return nil, usageErrorf("config file: %v", err)
	}
	st := &settings{config: cfg, configPath: path}
	st.profileExplicit = strings.TrimSpace(cmd.String("profile")) != ""
	name, p, err := cfg.Select(cmd.String("profile"))
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	st.profileName, st.profile = name, p
	pick := func(flag, fromProfile string) string {
		if v := strings.TrimSpace(cmd.String(flag)); v != "" {
			return v
		}
		return fromProfile
	}
	st.rootDomain = pick("root-domain", p.RootDomain)
	st.apiURL = pick("api-url", p.APIURL)
	st.authURL = pick("auth-url", p.AuthURL)
	st.envID = pick("environment-id", p.EnvironmentID)
	st.secret = cmd.String("client-secret")
	st.storeType = p.StoreType
	if cmd.IsSet("store-type") {
		st.storeType = cmd.String("store-type")
	}
	st.staticToken = strings.TrimSpace(os.Getenv(envAccessToken))
	workerID := strings.TrimSpace(cmd.String("client-id"))
	acID, devID := strings.TrimSpace(os.Getenv(envAuthCodeClientID)), strings.TrimSpace(os.Getenv(envDeviceClientID))

	st.grant = strings.TrimSpace(si.grantType)
	if st.grant == "" {
		switch {
		case workerID != "" || st.secret != "":
			st.grant = "client_credentials"
		case st.staticToken != "":
			st.grant = "static"
		case acID != "":
			st.grant = "authorization_code"
		case devID != "":
			st.grant = "device_code"
		case p.GrantType != "":
			st.grant = p.GrantType
		case p.ClientID != "":
			st.grant = "authorization_code"
		}
	}
	switch st.grant {
	case "client_credentials":
		st.clientID = firstOf(workerID, p.ClientID)
	case "authorization_code":
		st.clientID = firstOf(acID, workerID, p.ClientID)
		st.scopes = firstList(splitScopes(os.Getenv(envAuthCodeScopes)), p.Scopes)
	case "device_code":
		st.clientID = firstOf(devID, workerID, p.ClientID)
		st.scopes = firstList(splitScopes(os.Getenv(envDeviceScopes)), p.Scopes)
	}
	return st, nil
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstList(ls ...[]string) []string {
	for _, l := range ls {
		if len(l) > 0 {
			return l
		}
	}
	return nil
}

func splitScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
}

// profilePolicy is the default policy file of the selected profile, "" if
// none: the value --policy takes when it is not given.
func (g *globals) profilePolicy(cmd *cli.Command) (string, error) {
	st, err := g.resolve(cmd, signIn{})
	if err != nil {
		return "", err
	}
	return st.profile.Policy, nil
}

// baseOptions are the client options for the hosts of st.
func (st *settings) baseOptions() []pingone.Option {
	var base []pingone.Option
	if st.rootDomain != "" {
		base = append(base, pingone.WithRootDomain(st.rootDomain))
	}
	if st.apiURL != "" {
		base = append(base, pingone.WithBaseURL(st.apiURL))
	}
	if st.authURL != "" {
		base = append(base, pingone.WithAuthBaseURL(st.authURL))
	}
	return base
}

// offlineClient is a client for commands that never call PingOne (tool
// list, tool describe): it needs no credentials.
func offlineClient() (*pingone.Client, error) {
	return pingone.NewClient()
}

// client builds the PingOne client from the global flags: the embedded
// emulator with --sandbox, otherwise the configured hosts and credentials.
// Nothing signs in here: the first call does.
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
		return withClientCredentials(ctx, base, pingonetest.Demo().AdminEnvironmentID,
			pingonetest.Demo().WorkerClientID, pingonetest.Demo().WorkerClientSecret)
	}
	st, err := g.resolve(cmd, si)
	if err != nil {
		return nil, err
	}
	base = append(base, st.baseOptions()...)
	switch st.grant {
	case "static":
		log.Debug("sign-in: static access token from " + envAccessToken)
		ts, err := auth.StaticToken(st.staticToken)
		if err != nil {
			return nil, authErrorf("%v", err)
		}
		c, err := pingone.NewClient(append(base, pingone.WithTokenSource(ts))...)
		return c, withCode(exitUsage, err)
	case "client_credentials":
		var missing []string
		if st.envID == "" {
			missing = append(missing, "PINGONE_MCP_ENVIRONMENT_ID (or --environment-id)")
		}
		if st.clientID == "" {
			missing = append(missing, "PINGONE_CLIENT_ID (or --client-id)")
		}
		if st.secret == "" {
			missing = append(missing, "PINGONE_CLIENT_SECRET")
		}
		if len(missing) > 0 {
			return nil, authErrorf("client credentials sign-in needs %s", strings.Join(missing, " and "))
		}
		log.Debug("sign-in: client credentials", "environment", st.envID, "client", st.clientID)
		return withClientCredentials(ctx, base, st.envID, st.clientID, st.secret)
	case "authorization_code", "device_code":
		s, err := g.session(cmd, st, si, base)
		if err != nil {
			return nil, err
		}
		c, err := pingone.NewClient(append(base, pingone.WithTokenSource(s))...)
		return c, withCode(exitUsage, err)
	case "":
		return nil, noCredentials()
	}
	return nil, usageErrorf("unknown grant type %q in profile %s (want authorization_code, device_code or client_credentials)", st.grant, st.profileName)
}

// session builds the user sign-in of st. The token store is opened here;
// an unavailable keychain falls back to encrypted files, never an error.
func (g *globals) session(cmd *cli.Command, st *settings, si signIn, base []pingone.Option) (*auth.Session, error) {
	var missing []string
	if st.envID == "" {
		missing = append(missing, "PINGONE_MCP_ENVIRONMENT_ID (or --environment-id)")
	}
	if st.clientID == "" {
		if st.grant == "device_code" {
			missing = append(missing, envDeviceClientID+" (or --client-id)")
		} else {
			missing = append(missing, envAuthCodeClientID+" (or --client-id)")
		}
	}
	if len(missing) > 0 {
		return nil, authErrorf("%s sign-in needs %s (or a profile holding them: p1 auth login --profile NAME …)", st.grant, strings.Join(missing, " and "))
	}
	probe, err := pingone.NewClient(base...)
	if err != nil {
		return nil, withCode(exitUsage, err)
	}
	authBase := strings.TrimSuffix(probe.TokenURL(st.envID), "/"+st.envID+"/as/token")
	dir, err := auth.ConfigDir(os.Getenv)
	if err != nil {
		return nil, authErrorf("%v", err)
	}
	store, err := auth.OpenKeyring(auth.KeyringOptions{Type: st.storeType, FileDir: filepath.Join(dir, "keyring"), Notice: g.stderr})
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	signInCmd := "p1 auth login"
	if st.profileName != "default" {
		signInCmd += " --profile " + st.profileName
	}
	cfg := auth.Config{
		Profile: st.profileName, AuthBaseURL: authBase, EnvironmentID: st.envID, ClientID: st.clientID,
		Grant: auth.GrantType(st.grant), Scopes: st.scopes, Store: store, Logger: g.logger(cmd), Prompt: g.stderr,
		Background: si.background && st.grant == "device_code", SignInCommand: signInCmd,
	}
	if p := strings.TrimSpace(os.Getenv(envAuthCodePort)); p != "" {
		cfg.CallbackAddr = "127.0.0.1:" + p
	}
	cfg.CallbackPath = strings.TrimSpace(os.Getenv(envAuthCodePath))
	if cmd.IsSet("callback-port") {
		cfg.CallbackAddr = fmt.Sprintf("127.0.0.1:%d", cmd.Int("callback-port"))
	}
	if cmd.IsSet("login-hint") {
		cfg.LoginHint = cmd.String("login-hint")
	}
	if cmd.IsSet("no-browser") {
		cfg.NoBrowser = cmd.Bool("no-browser")
	}
	s, err := auth.NewSession(cfg)
	if err != nil {
		return nil, authErrorf("%v", err)
	}
	g.closers = append(g.closers, s.Close)
	return s, nil
}

// noCredentials explains which variables to set.
func noCredentials() error {
	const how = "sign in as an administrator with `p1 auth login` (a profile, or " + envAuthCodeClientID + " / " + envDeviceClientID +
		" and PINGONE_MCP_ENVIRONMENT_ID), or set PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET and PINGONE_MCP_ENVIRONMENT_ID (a worker application), " +
		"or PINGONE_ACCESS_TOKEN, or use --sandbox to try p1 against the embedded emulator"
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
	emu := pingonetest.New()
	emu.SetDevicePollInterval(time.Second) // a sandbox answers device sign-ins quickly
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
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
		&cli.StringSliceFlag{Name: "include-tools", Usage: "only these tools (comma-separated names or glob patterns such as get_*); exclusion wins"},
		&cli.StringSliceFlag{Name: "exclude-tools", Usage: "leave out these tools (comma-separated names or glob patterns such as delete_*)"},
		&cli.StringSliceFlag{Name: "include-tool-collections", Usage: "only the tools of these collections (names or glob patterns, e.g. environments,users,mfa)"},
		&cli.StringSliceFlag{Name: "exclude-tool-collections", Usage: "leave out the tools of these collections (names or glob patterns)"},
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
