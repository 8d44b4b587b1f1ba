package main

import (
	"cmp"
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
	"sync"
	"sync/atomic"
	"time"

	"github.com/urfave/cli/v3"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// Sign-in variables that p1 names in its messages; auth reads them (a
// token has no flag: it would show in ps).
const (
	envAccessToken      = auth.EnvAccessToken
	envAuthCodeClientID = auth.EnvAuthorizationCodeClientID
	envDeviceClientID   = auth.EnvDeviceCodeClientID
)

// flagVariables are the sign-in variables p1 reads through its flags, so
// that --help names them and a flag given on the command line wins even
// when empty; auth does not read them a second time.
var flagVariables = map[string]bool{
	auth.EnvRootDomain: true, auth.EnvAPIURL: true, auth.EnvAuthURL: true,
	auth.EnvMCPEnvironmentID: true, auth.EnvEnvironmentID: true,
	auth.EnvClientID: true, auth.EnvClientSecret: true,
}

// signInEnv is the environment auth.Resolve sees: the process's, less the
// variables the flags have read already.
func signInEnv(name string) string {
	if flagVariables[name] {
		return ""
	}
	return os.Getenv(name)
}

// globals holds the streams of one run and what it started (the embedded
// emulator), so that everything is closed when the run ends.
type globals struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	closers []func()
	policy  *policyState
	// registry is every tool p1kit ships, built while the command line is
	// parsed (run starts it); read it through allTools.
	registry func() *tools.Registry
	// targetEnv is the default target environment of tool calls (--env,
	// P1_ENV, the profile's), once the toolkit is built.
	targetEnv string
	// overridesNoted: the note on variables overriding the profile is shown.
	overridesNoted bool
	// keyringNoted: the notice that sessions go to encrypted files is shown
	// (doctor opens the store more than once; the notice is said once).
	keyringNoted atomic.Bool
}

// allTools is the registry of every tool p1kit ships, the same one for
// the whole run (a call builds an offline toolkit and then a signed-in
// one); built here when run did not start it.
func (g *globals) allTools() *tools.Registry {
	if g.registry == nil {
		g.registry = sync.OnceValue(func() *tools.Registry { return tools.NewRegistry(tools.All()...) })
	}
	return g.registry()
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
	return append(append(policyFlags(), signInFlags()...), []cli.Flag{
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
			Sources: cli.EnvVars(auth.EnvRootDomain),
		},
		&cli.StringFlag{
			Name:    "api-url",
			Usage:   "PingOne API base URL, e.g. http://127.0.0.1:8080/v1 (a proxy or p1 sandbox); overrides --root-domain",
			Sources: cli.EnvVars(auth.EnvAPIURL),
		},
		&cli.StringFlag{
			Name:    "auth-url",
			Usage:   "PingOne auth base URL; token URLs are <auth-url>/<environment-id>/as/token",
			Sources: cli.EnvVars(auth.EnvAuthURL),
		},
		&cli.StringFlag{
			Name:    "environment-id",
			Usage:   "ID of the environment holding the sign-in application (where p1 signs in; --env is where tools act)",
			Sources: cli.EnvVars(auth.EnvMCPEnvironmentID, auth.EnvEnvironmentID),
		},
		&cli.StringFlag{
			Name:    "env",
			Usage:   "target environment of tool calls, by name or id: fills environmentId when a tool takes one and it is not given (default: the profile's \"environment\")",
			Sources: cli.EnvVars(envTarget),
		},
		&cli.StringFlag{
			Name:    "profile",
			Usage:   "sign-in profile of the config file (" + envConfigDir + " or the user config directory, p1kit/config.json)",
			Sources: cli.EnvVars(envProfile),
		},
		&cli.StringFlag{
			Name:    "client-id",
			Usage:   "client ID of the application to sign in with: a worker (with PINGONE_CLIENT_SECRET) or the native app of p1 auth login",
			Sources: cli.EnvVars(auth.EnvClientID),
		},
		&cli.StringFlag{
			Name:    "client-secret",
			Usage:   "client secret of the worker application; prefer the environment variable (flags show in ps)",
			Sources: cli.EnvVars(auth.EnvClientSecret),
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

// settings are the selected profile and the sign-in auth.Resolve chose
// from it, the flags and the environment variables.
type settings struct {
	profileName     string
	profileExplicit bool // named by --profile or P1_PROFILE
	profile         *auth.Profile
	config          *auth.ProfileFile
	configPath      string

	signIn *auth.SignIn
}

// resolve reads the profile file, selects the profile and lets auth choose
// the sign-in from it and the flags. It fails only for an unreadable
// profile file or a bad profile name: what a sign-in lacks is reported
// when it is used.
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
	opts := auth.SignInOptions{
		Grant:         auth.GrantType(si.grantType),
		ClientID:      cmd.String("client-id"),
		ClientSecret:  cmd.String("client-secret"),
		EnvironmentID: cmd.String("environment-id"),
		RootDomain:    cmd.String("root-domain"),
		APIURL:        cmd.String("api-url"),
		AuthURL:       cmd.String("auth-url"),
		Scopes:        splitList(cmd.StringSlice("scopes")),
		LoginHint:     cmd.String("login-hint"),
		NoBrowser:     cmd.Bool("no-browser"),
		ProfileName:   name,
		Profile:       p,
		Getenv:        signInEnv,
	}
	if cmd.IsSet("store-type") {
		// Given empty, it still overrides the profile: the default store.
		opts.StoreType = cmp.Or(cmd.String("store-type"), "keychain")
	}
	if cmd.IsSet("callback-port") {
		opts.CallbackAddr = fmt.Sprintf("127.0.0.1:%d", cmd.Int("callback-port"))
	}
	st.signIn = auth.Resolve(opts)
	g.noteOverrides(st)
	return st, nil
}

// overridingVariables are the sign-in variables that win over a profile.
var overridingVariables = []string{
	auth.EnvClientID, auth.EnvClientSecret, auth.EnvAccessToken, auth.EnvMCPEnvironmentID, auth.EnvEnvironmentID,
	auth.EnvAuthorizationCodeClientID, auth.EnvDeviceCodeClientID, auth.EnvRootDomain, auth.EnvAPIURL, auth.EnvAuthURL,
}

// noteOverrides says on stderr, once a run, when variables of the
// environment change the sign-in a profile of the config file describes:
// an exported worker secret silently winning over --profile is a puzzle.
func (g *globals) noteOverrides(st *settings) {
	p := st.config.Profiles[st.profileName]
	if g.overridesNoted || p == nil {
		return
	}
	var set []string
	for _, v := range overridingVariables {
		if os.Getenv(v) != "" {
			set = append(set, v)
		}
	}
	if len(set) == 0 {
		return
	}
	si := st.signIn
	var what []string
	if p.GrantType != "" && string(si.Grant) != p.GrantType {
		what = append(what, fmt.Sprintf("grant %s instead of the profile's %s", cmp.Or(string(si.Grant), "none"), p.GrantType))
	}
	if p.ClientID != "" && si.ClientID != p.ClientID {
		what = append(what, "client "+si.ClientID)
	}
	if p.EnvironmentID != "" && si.EnvironmentID != p.EnvironmentID {
		what = append(what, "environment "+si.EnvironmentID)
	}
	for _, h := range []struct{ name, profile, used string }{{"root domain", p.RootDomain, si.RootDomain}, {"API URL", p.APIURL, si.APIURL}, {"auth URL", p.AuthURL, si.AuthURL}} {
		if h.profile != "" && h.used != h.profile {
			what = append(what, h.name+" "+h.used)
		}
	}
	if len(what) == 0 {
		return
	}
	g.overridesNoted = true
	fmt.Fprintf(g.stderr, "p1: note: %s in the environment override profile %s: %s (unset them to use the profile)\n",
		strings.Join(set, ", "), st.profileName, strings.Join(what, ", "))
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
	st, err := g.settingsFor(ctx, cmd, si)
	if err != nil {
		return nil, err
	}
	sign := st.signIn
	if err := checkPlaceholders(sign); err != nil {
		return nil, err
	}
	var ts oauth2.TokenSource
	switch sign.Grant {
	case "":
		return nil, noCredentials()
	case auth.GrantStatic, auth.GrantClientCredentials:
		if err := sign.Check(); err != nil {
			return nil, signInError(err)
		}
		if _, err := pingone.NewClient(append(base, sign.ClientOptions()...)...); err != nil {
			return nil, withCode(exitUsage, err)
		}
		if ts, err = sign.TokenSource(ctx, auth.TokenSourceOptions{Logger: log}); err != nil {
			return nil, authErrorf("%v", err)
		}
	case auth.GrantAuthorizationCode, auth.GrantDeviceCode:
		s, err := g.session(cmd, st, si)
		if err != nil {
			return nil, err
		}
		ts = s
	default:
		return nil, usageErrorf("unknown grant type %q in profile %s (want authorization_code, device_code or client_credentials)", sign.Grant, st.profileName)
	}
	c, err := pingone.NewClient(append(append(base, sign.ClientOptions()...), pingone.WithTokenSource(ts))...)
	return c, withCode(exitUsage, err)
}

// settingsFor is the sign-in of a run: the embedded emulator's demo
// worker with --sandbox, otherwise what the profile, flags and variables say.
func (g *globals) settingsFor(ctx context.Context, cmd *cli.Command, si signIn) (*settings, error) {
	st, err := g.resolve(cmd, si)
	if err != nil || !cmd.Bool("sandbox") {
		return st, err
	}
	url, err := g.startSandbox(ctx)
	if err != nil {
		return nil, err
	}
	g.logger(cmd).Debug("sandbox: embedded PingOne emulator started", "url", url)
	d := pingonetest.Demo()
	// The profile still gives the target environment and the policy file.
	st.signIn = auth.Resolve(auth.SignInOptions{
		Grant: auth.GrantClientCredentials, APIURL: url + "/v1", AuthURL: url,
		EnvironmentID: d.AdminEnvironmentID, ClientID: d.WorkerClientID, ClientSecret: d.WorkerClientSecret,
		Getenv: func(string) string { return "" }, // the demo worker, whatever the environment says
	})
	return st, nil
}

// session builds the user sign-in of st. The token store is opened here;
// an unavailable keychain falls back to encrypted files, never an error.
func (g *globals) session(cmd *cli.Command, st *settings, si signIn) (*auth.Session, error) {
	sign := st.signIn
	if err := checkPlaceholders(sign); err != nil {
		return nil, err
	}
	if err := sign.Check(); err != nil {
		return nil, signInError(err)
	}
	if _, err := pingone.NewClient(sign.ClientOptions()...); err != nil {
		return nil, withCode(exitUsage, err)
	}
	dir, err := auth.ConfigDir(os.Getenv)
	if err != nil {
		return nil, authErrorf("%v", err)
	}
	store, err := auth.OpenKeyring(auth.KeyringOptions{Type: sign.StoreType, FileDir: filepath.Join(dir, "keyring"), Notice: g.keyringNotice()})
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	signInCmd := "p1 auth login"
	if st.profileName != "default" {
		signInCmd += " --profile " + st.profileName
	}
	opts := auth.TokenSourceOptions{
		Store: store, Logger: g.logger(cmd), Prompt: g.stderr,
		Background: si.background, SignInCommand: signInCmd,
	}
	opts.NoLogin, opts.NoLoginReason = g.noLogin(cmd, si)
	s, err := sign.Session(opts)
	if err != nil {
		return nil, authErrorf("%v", err)
	}
	g.closers = append(g.closers, s.Close)
	return s, nil
}

// flagHints name the flag that gives a sign-in variable's value.
var flagHints = map[string]string{
	auth.EnvMCPEnvironmentID:          "--environment-id",
	auth.EnvClientID:                  "--client-id",
	auth.EnvAuthorizationCodeClientID: "--client-id",
	auth.EnvDeviceCodeClientID:        "--client-id",
}

// signInError is auth's complaint about a sign-in, exit 4; a missing
// value is named with the flag that gives it too.
func signInError(err error) error {
	var me *auth.MissingError
	if !errors.As(err, &me) {
		return authErrorf("%v", err)
	}
	hinted := &auth.MissingError{Grant: me.Grant}
	for _, v := range me.Variables {
		if f := flagHints[v]; f != "" {
			v += " (or " + f + ")"
		}
		hinted.Variables = append(hinted.Variables, v)
	}
	msg := hinted.Error()
	if me.Grant == auth.GrantAuthorizationCode || me.Grant == auth.GrantDeviceCode {
		msg += " (or a profile holding them: p1 auth login --profile NAME …)"
	}
	return authErrorf("%s", msg)
}

// noCredentials explains which variables to set.
func noCredentials() error {
	const how = "sign in as an administrator with `p1 auth login` (a profile, or " + envAuthCodeClientID + " / " + envDeviceClientID +
		" and " + auth.EnvMCPEnvironmentID + "), or set " + auth.EnvClientID + ", " + auth.EnvClientSecret + " and " + auth.EnvMCPEnvironmentID + " (a worker application), " +
		"or " + envAccessToken + ", or use --sandbox to try p1 against the embedded emulator"
	return authErrorf("no PingOne credentials: %s", how)
}

// startSandbox serves the emulator with its demo tenant on a loopback port
// for the rest of the run and returns its URL.
func (g *globals) startSandbox(ctx context.Context) (string, error) {
	srv, url, err := serveEmulator(ctx, "127.0.0.1:0", 0)
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
func serveEmulator(ctx context.Context, addr string, users int) (*http.Server, string, error) {
	emu := pingonetest.New()
	if users > 0 {
		// Generated users in the Sandbox's Contractors, to try workflows and
		// paging at a real tenant's scale.
		d := emu.Demo()
		if err := emu.AddUsers(d.SandboxEnvironmentID, d.SandboxContractorsPopulationID, users); err != nil {
			return nil, "", fmt.Errorf("sandbox: %w", err)
		}
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("sandbox: %w", err)
	}
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

// keyringNotice is where the key store's notice goes: stderr the first
// time a run opens the store, nowhere after.
func (g *globals) keyringNotice() io.Writer {
	if !g.keyringNoted.CompareAndSwap(false, true) {
		return io.Discard
	}
	return g.stderr
}
