package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
)

func authCommand(g *globals) *cli.Command {
	grantFlag := &cli.StringFlag{Name: "grant-type", Usage: "authorization_code (browser, PKCE), device_code (a code to confirm on any device) or client_credentials"}
	storeFlag := &cli.StringFlag{Name: "store-type", Usage: "token store: keychain (the OS store, falling back to encrypted files) or file"}
	return &cli.Command{
		Name:  "auth",
		Usage: "sign in to PingOne as an administrator, show or end the session",
		Description: "Sessions are kept per profile (root domain + environment + client) in the OS keychain, or in files\n" +
			"encrypted with " + auth.PasswordEnv + " where there is none. Profiles live in the config file\n" +
			"($" + envConfigDir + "/config.json or the user config directory, p1kit/config.json).",
		Commands: []*cli.Command{
			{
				Name:  "login",
				Usage: "sign in and save the profile (created or updated from the flags; --env becomes its target environment)",
				Flags: []cli.Flag{
					grantFlag, storeFlag,
					&cli.StringSliceFlag{Name: "scopes", Usage: "scopes to request (comma-separated)"},
					&cli.StringFlag{Name: "login-hint", Usage: "username to pre-fill on the sign-in page"},
					&cli.BoolFlag{Name: "no-browser", Usage: "print the sign-in URL instead of opening a browser"},
					&cli.IntFlag{Name: "callback-port", Usage: "loopback port of the authorization-code callback (default 7464; 0 picks a free one)"},
					&cli.BoolFlag{Name: "default", Usage: "make this profile the default one"},
				},
				Action: func(ctx context.Context, cmd *cli.Command) error { return g.authLogin(ctx, cmd) },
			},
			{
				Name:   "status",
				Usage:  "show the profile, tenant, user, grant, expiry and token store (never a token)",
				Flags:  []cli.Flag{storeFlag},
				Action: func(ctx context.Context, cmd *cli.Command) error { return g.authStatus(ctx, cmd) },
			},
			{
				Name:   "logout",
				Usage:  "revoke the session at PingOne (/as/revoke) and delete it locally",
				Flags:  []cli.Flag{storeFlag},
				Action: func(ctx context.Context, cmd *cli.Command) error { return g.authLogout(ctx, cmd) },
			},
		},
	}
}

// envWaitForSignIn is --wait-for-sign-in's variable.
const envWaitForSignIn = "P1_WAIT_FOR_SIGN_IN"

// signInFlags are the root flags of the sign-in a call starts.
func signInFlags() []cli.Flag {
	return []cli.Flag{&cli.BoolFlag{
		Name: "wait-for-sign-in",
		Usage: "without a stored session and with stdin not a terminal, start the sign-in (browser or device code) " +
			"and wait for it, instead of failing at once (exit 4)",
		Sources: cli.EnvVars(envWaitForSignIn),
	}}
}

// noLogin says whether a call must not start a user sign-in, and why: a
// one-shot command with nobody at a terminal (stdin is not one) fails at
// once with how to sign in, rather than wait minutes for a browser or a
// device code nobody sees, unless --wait-for-sign-in. MCP (background
// device codes) and auth login (the explicit sign-in) are never held back.
func (g *globals) noLogin(cmd *cli.Command, si signIn) (bool, string) {
	if si.background || cmd.Bool("wait-for-sign-in") || isTerminal(g.stdin) {
		return false, ""
	}
	return true, "no stored session, and stdin is not a terminal, so p1 does not start a sign-in " +
		"(--wait-for-sign-in or " + envWaitForSignIn + "=1 makes it start one and wait)"
}

func checkGrant(gt string) error {
	switch gt {
	case "", "authorization_code", "device_code", "client_credentials":
		return nil
	}
	return usageErrorf("unknown --grant-type %q (want authorization_code, device_code or client_credentials)", gt)
}

func (g *globals) authLogin(ctx context.Context, cmd *cli.Command) error {
	if cmd.Args().Present() {
		return usageErrorf("auth login takes no arguments (got %q)", cmd.Args().First())
	}
	gt := strings.TrimSpace(cmd.String("grant-type"))
	if err := checkGrant(gt); err != nil {
		return err
	}
	st, err := g.resolve(cmd, signIn{grantType: gt})
	if err != nil {
		return err
	}
	if gt == "" && st.signIn.Grant == auth.GrantClientCredentials && lacksSecret(st.signIn) {
		// auth login signs an administrator in: a client id given without
		// a worker's secret is the native application of a user sign-in,
		// by the profile's grant or else the browser.
		gt = string(auth.GrantAuthorizationCode)
		if st.profile.GrantType == string(auth.GrantDeviceCode) {
			gt = st.profile.GrantType
		}
		if st, err = g.resolve(cmd, signIn{grantType: gt}); err != nil {
			return err
		}
	}
	switch st.signIn.Grant {
	case "", auth.GrantStatic:
		return usageErrorf("nothing to sign in with: give --client-id and --environment-id (and --grant-type), or a profile holding them")
	case auth.GrantClientCredentials:
		// A worker signs in on every run from its secret; nothing is stored.
		c, err := g.client(ctx, cmd, signIn{grantType: gt}, "p1-auth")
		if err != nil {
			return err
		}
		if _, err := c.Environments.List(ctx, &pingone.ListOptions{Limit: 1}); err != nil {
			var ne *pingone.NetworkError
			if errors.As(err, &ne) {
				return withCode(exitNetwork, err)
			}
			return withCode(exitAuth, err)
		}
		fmt.Fprintf(g.stdout, "Client credentials of %s work; nothing is stored (the secret is read from %s on every run).\n", st.signIn.ClientID, auth.EnvClientSecret)
		return g.saveProfile(cmd, st)
	}
	s, err := g.session(cmd, st, signIn{})
	if err != nil {
		return err
	}
	if err := s.Login(ctx); err != nil {
		return withCode(exitAuth, err)
	}
	status, err := s.Status()
	if err != nil {
		return withCode(exitAuth, err)
	}
	who := cmp.Or(status.Username, status.Subject, "an unknown user")
	fmt.Fprintf(g.stdout, "Signed in to PingOne as %s (profile %s, environment %s); session kept in %s.\n", who, st.profileName, st.signIn.EnvironmentID, s.Backend())
	return g.saveProfile(cmd, st)
}

// lacksSecret says whether a client-credentials sign-in has no client
// secret to sign in with.
func lacksSecret(si *auth.SignIn) bool {
	var me *auth.MissingError
	return errors.As(si.Check(), &me) && slices.Contains(me.Variables, auth.EnvClientSecret)
}

// saveProfile writes the resolved, non-secret settings into the profile,
// and the target environment of --env (or P1_ENV) as its "environment".
func (g *globals) saveProfile(cmd *cli.Command, st *settings) error {
	p, si := st.profile, st.signIn
	p.RootDomain, p.APIURL, p.AuthURL = si.RootDomain, si.APIURL, si.AuthURL
	p.EnvironmentID, p.ClientID, p.GrantType, p.Scopes = si.EnvironmentID, si.ClientID, string(si.Grant), si.Scopes
	if env := strings.TrimSpace(cmd.String("env")); env != "" {
		p.Environment = env
	}
	if cmd.IsSet("store-type") {
		p.StoreType = cmd.String("store-type")
	}
	st.config.Profiles[st.profileName] = p
	if cmd.Bool("default") || st.config.DefaultProfile == "" {
		st.config.DefaultProfile = st.profileName
	}
	if err := st.config.Save(st.configPath); err != nil {
		return fmt.Errorf("signed in, but the profile could not be saved in %s: %w", st.configPath, err)
	}
	return nil
}

// userSession is the session of the resolved profile, for status and logout.
func (g *globals) userSession(cmd *cli.Command) (*settings, *auth.Session, error) {
	st, err := g.resolve(cmd, signIn{})
	if err != nil {
		return nil, nil, err
	}
	if st.profileExplicit && st.config.Profiles[st.profileName] == nil {
		return nil, nil, usageErrorf("no profile %q in %s (profiles: %s)", st.profileName, st.configPath, strings.Join(st.config.Names(), ", "))
	}
	switch st.signIn.Grant {
	case auth.GrantAuthorizationCode, auth.GrantDeviceCode:
	case auth.GrantClientCredentials, auth.GrantStatic:
		return st, nil, nil
	default:
		return nil, nil, withCode(exitAuth, fmt.Errorf("not signed in: no profile %q and no sign-in variables; run `p1 auth login --profile %s --environment-id … --client-id …`", st.profileName, st.profileName))
	}
	s, err := g.session(cmd, st, signIn{})
	return st, s, err
}

func (g *globals) authStatus(_ context.Context, cmd *cli.Command) error {
	st, s, err := g.userSession(cmd)
	if err != nil {
		return err
	}
	w := newTable(g.stdout)
	defer w.Flush()
	row := func(k, v string) { fmt.Fprintf(w, "%s:\t%s\n", k, v) }
	row("Profile", st.profileName)
	if s == nil {
		if st.signIn.Grant == auth.GrantStatic {
			row("Grant", "static access token from "+envAccessToken+" (never renewed, nothing stored)")
			return nil
		}
		row("Grant", "client_credentials (worker "+st.signIn.ClientID+"; signs in on every run, nothing stored)")
		row("Environment", st.signIn.EnvironmentID)
		return nil
	}
	status, err := s.Status()
	if err != nil {
		return withCode(exitAuth, err)
	}
	row("Tenant", status.AuthBaseURL+" (environment "+status.EnvironmentID+")")
	row("Client", status.ClientID)
	row("Grant", string(status.Grant))
	row("Token store", status.Backend)
	if !status.SignedIn {
		row("Signed in", "no")
		w.Flush()
		return withCode(exitAuth, fmt.Errorf("not signed in; run `p1 auth login%s`", profileFlag(st.profileName)))
	}
	row("User", cmp.Or(strings.TrimSpace(status.Username+" "+paren(status.Name)), status.Subject))
	row("Signed in", status.SignedInAt.Local().Format(time.RFC3339))
	exp := "expired (renewed on the next call)"
	if time.Until(status.Expiry) > 0 {
		exp = status.Expiry.Local().Format(time.RFC3339) + " (in " + time.Until(status.Expiry).Round(time.Minute).String() + ")"
	}
	row("Access token", exp)
	row("Refresh", yesNo(status.Refreshable))
	return nil
}

func (g *globals) authLogout(ctx context.Context, cmd *cli.Command) error {
	st, s, err := g.userSession(cmd)
	if err != nil {
		return err
	}
	if s == nil {
		fmt.Fprintf(g.stdout, "Profile %s signs in with %s: nothing is stored.\n", st.profileName, strings.ReplaceAll(string(st.signIn.Grant), "_", " "))
		return nil
	}
	// Say what was there: a second logout has nothing to revoke or delete.
	before, statusErr := s.Status()
	if err := s.Logout(ctx); err != nil {
		var sre *auth.SignInRequiredError
		if !errors.As(err, &sre) {
			return withCode(exitAuth, fmt.Errorf("deleted locally, but: %w", err))
		}
	}
	if statusErr == nil && !before.SignedIn {
		fmt.Fprintf(g.stdout, "Profile %s was not signed in: no session was stored in %s, so nothing was revoked or deleted.\n", st.profileName, s.Backend())
		return nil
	}
	fmt.Fprintf(g.stdout, "Signed out of profile %s: the session was revoked at PingOne and deleted from %s.\n", st.profileName, s.Backend())
	return nil
}

func profileFlag(name string) string {
	if name == "default" {
		return ""
	}
	return " --profile " + name
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
