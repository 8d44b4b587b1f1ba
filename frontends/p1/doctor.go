package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

// doctorCheck is one line of `p1 doctor`.
type doctorCheck struct {
	name   string
	state  string // "ok", "FAIL" or "skip"
	detail string
	code   int // the exit code a failure maps to
}

// doctor runs its checks in order; a check that needs an earlier one that
// failed is skipped, saying which.
type doctor struct {
	g      *globals
	cmd    *cli.Command
	checks []doctorCheck
}

func (d *doctor) ok(name, format string, a ...any) {
	d.checks = append(d.checks, doctorCheck{name: name, state: "ok", detail: fmt.Sprintf(format, a...)})
}

func (d *doctor) fail(name string, code int, format string, a ...any) {
	d.checks = append(d.checks, doctorCheck{name: name, state: "FAIL", detail: oneLine(fmt.Sprintf(format, a...)), code: code})
}

func (d *doctor) skip(name, why string) {
	d.checks = append(d.checks, doctorCheck{name: name, state: "skip", detail: why})
}

func doctorCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:  "doctor",
		Usage: "check the profile, token store, PingOne hosts, sign-in, principal, roles and policy file",
		Description: "Runs every check and prints one line for each: ok, FAIL with the reason, or skip when an\n" +
			"earlier check failed. The exit code is the first failure's (2 configuration, 3 a principal without\n" +
			"an administrator role, 4 sign-in, 6 network), 0 when every check passes. The roles are the signed-in\n" +
			"user's or worker application's role assignments, each with its scope. It changes nothing; a user\n" +
			"session is read, not renewed.",
		Action: func(ctx context.Context, cmd *cli.Command) error {
			if cmd.Args().Present() {
				return usageErrorf("doctor takes no arguments (got %q)", cmd.Args().First())
			}
			d := &doctor{g: g, cmd: cmd}
			d.run(ctx)
			return d.report()
		},
	}
}

func (d *doctor) report() error {
	tw := newTable(d.g.stdout)
	fmt.Fprintf(tw, "p1\t%s\n", buildVersion())
	for _, c := range d.checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.state, c.name, c.detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var failed []string
	code := exitOK
	for _, c := range d.checks {
		if c.state == "FAIL" {
			failed = append(failed, c.name)
			if code == exitOK {
				code = c.code
			}
		}
	}
	if len(failed) == 0 {
		_, err := fmt.Fprintf(d.g.stdout, "\nAll %d checks passed.\n", len(d.checks))
		return err
	}
	fmt.Fprintf(d.g.stdout, "\n%d of %d checks failed: %s.\n", len(failed), len(d.checks), strings.Join(failed, ", "))
	return withCode(code, fmt.Errorf("doctor: %s failed", strings.Join(failed, ", ")))
}

func (d *doctor) run(ctx context.Context) {
	cmd := d.cmd
	st, err := d.g.settingsFor(ctx, cmd, signIn{})
	if err != nil {
		d.fail("config", exitCode(err), "%v", err)
		for _, n := range []string{"credentials", "token store", "auth host", "API host", "sign-in", "principal", "roles", "policy"} {
			d.skip(n, "needs config")
		}
		return
	}
	d.config(st)
	sign := st.signIn
	credsOK := d.credentials(sign)
	d.tokenStore(sign)
	probe, perr := pingone.NewClient(sign.ClientOptions()...)
	hostsOK := false
	if perr != nil {
		d.fail("auth host", exitUsage, "%v", perr)
		d.fail("API host", exitUsage, "%v", perr)
	} else {
		authOK := d.reachable(ctx, "auth host", probe.TokenURL(cmp.Or(sign.EnvironmentID, "environment")))
		apiOK := d.reachable(ctx, "API host", probe.BaseURL())
		hostsOK = authOK && apiOK
	}
	switch {
	case !credsOK:
		for _, n := range []string{"sign-in", "principal", "roles"} {
			d.skip(n, "needs credentials")
		}
	case !hostsOK:
		for _, n := range []string{"sign-in", "principal", "roles"} {
			d.skip(n, "needs the PingOne hosts")
		}
	default:
		d.signedIn(ctx, st)
	}
	d.policy(st)
}

func (d *doctor) config(st *settings) {
	if d.cmd.Bool("sandbox") {
		d.ok("config", "--sandbox: the embedded emulator and its demo worker")
		return
	}
	where := "no config file (" + st.configPath + ")"
	if _, err := os.Stat(st.configPath); err == nil {
		where = st.configPath
	}
	prof := "profile " + st.profileName
	if st.config.Profiles[st.profileName] == nil {
		prof += " (not in the file: flags and variables only)"
	}
	if err := checkPlaceholders(st.signIn); err != nil {
		d.fail("config", exitCode(err), "%v", err)
		return
	}
	target := cmp.Or(d.cmd.String("env"), st.profile.Environment)
	if target != "" {
		prof += ", target environment " + target
	}
	d.ok("config", "%s; %s", prof, where)
}

func (d *doctor) credentials(sign *auth.SignIn) bool {
	if sign.Grant == "" {
		err := noCredentials()
		d.fail("credentials", exitCode(err), "%v", err)
		return false
	}
	if err := checkPlaceholders(sign); err != nil {
		d.fail("credentials", exitCode(err), "%v", err)
		return false
	}
	if err := sign.Check(); err != nil {
		err = signInError(err)
		d.fail("credentials", exitCode(err), "%v", err)
		return false
	}
	switch sign.Grant {
	case auth.GrantStatic:
		d.ok("credentials", "a static access token from %s", envAccessToken)
	case auth.GrantClientCredentials:
		d.ok("credentials", "worker application %s in environment %s (client credentials)", sign.ClientID, sign.EnvironmentID)
	default:
		d.ok("credentials", "%s sign-in with client %s in environment %s", strings.ReplaceAll(string(sign.Grant), "_", " "), sign.ClientID, sign.EnvironmentID)
	}
	return true
}

func (d *doctor) tokenStore(sign *auth.SignIn) {
	if sign.Grant != auth.GrantAuthorizationCode && sign.Grant != auth.GrantDeviceCode {
		d.ok("token store", "not needed: %s keeps no session", strings.ReplaceAll(cmp.Or(string(sign.Grant), "no sign-in"), "_", " "))
		return
	}
	dir, err := auth.ConfigDir(os.Getenv)
	if err != nil {
		d.fail("token store", exitAuth, "%v", err)
		return
	}
	store, err := auth.OpenKeyring(auth.KeyringOptions{Type: sign.StoreType, FileDir: filepath.Join(dir, "keyring"), Notice: d.g.keyringNotice()})
	if err != nil {
		d.fail("token store", exitUsage, "%v", err)
		return
	}
	d.ok("token store", "%s", store.Backend())
}

// reachable asks a host for anything: any HTTP answer means it is there.
func (d *doctor) reachable(ctx context.Context, name, raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		d.fail(name, exitUsage, "%s is not a URL", cut(raw))
		return false
	}
	root := u.Scheme + "://" + u.Host + "/"
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, root, nil)
	if err != nil {
		d.fail(name, exitUsage, "%v", err)
		return false
	}
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.fail(name, exitNetwork, "%s cannot be reached: %v", u.Host, errors.Unwrap(err))
		return false
	}
	_ = resp.Body.Close()
	d.ok(name, "%s answers (HTTP %d in %s)", u.Host, resp.StatusCode, time.Since(start).Round(time.Millisecond))
	return true
}

// signedIn checks the session, the principal and its roles.
func (d *doctor) signedIn(ctx context.Context, st *settings) {
	sign := st.signIn
	client, err := d.g.client(ctx, d.cmd, signIn{background: true}, "p1-doctor")
	if err != nil {
		d.fail("sign-in", exitCode(err), "%v", err)
		d.skip("principal", "needs sign-in")
		d.skip("roles", "needs sign-in")
		return
	}
	var subject string
	if sign.Grant == auth.GrantAuthorizationCode || sign.Grant == auth.GrantDeviceCode {
		s, err := d.g.session(d.cmd, st, signIn{background: true})
		if err != nil {
			d.fail("sign-in", exitCode(err), "%v", err)
			return
		}
		status, err := s.Status()
		if err != nil || !status.SignedIn {
			d.fail("sign-in", exitAuth, "not signed in: run `p1 auth login%s`", profileFlag(st.profileName))
			d.skip("principal", "needs sign-in")
			d.skip("roles", "needs sign-in")
			return
		}
		exp := "expired, renewed on the next call"
		switch {
		case time.Until(status.Expiry) > 0:
			exp = "access token valid until " + status.Expiry.Local().Format(time.RFC3339) + " (" + time.Until(status.Expiry).Round(time.Minute).String() + ")"
		case !status.Refreshable:
			d.fail("sign-in", exitAuth, "the session expired and cannot be renewed: run `p1 auth login%s`", profileFlag(st.profileName))
			return
		}
		d.ok("sign-in", "signed in %s; %s", status.SignedInAt.Local().Format(time.RFC3339), exp)
		subject = status.Subject
		d.ok("principal", "user %s", cmp.Or(strings.TrimSpace(status.Username+" "+paren(status.Name)), status.Subject))
	} else {
		// A worker signs in on the first call: make one.
		envs, err := client.Environments.List(ctx, &pingone.ListOptions{Limit: 100})
		if err != nil {
			code := exitCode(withToolCode(err))
			d.fail("sign-in", code, "%v", err)
			d.skip("principal", "needs sign-in")
			d.skip("roles", "needs sign-in")
			return
		}
		d.ok("sign-in", "%s accepted; %d environment(s) readable", strings.ReplaceAll(string(sign.Grant), "_", " "), len(envs.Items))
		if sign.Grant == auth.GrantStatic {
			d.ok("principal", "whoever the token was issued to")
			d.skip("roles", "a static token's roles are not read")
			return
		}
		app, err := client.Applications.Get(ctx, sign.EnvironmentID, sign.ClientID)
		if err != nil {
			d.fail("principal", exitCode(withToolCode(err)), "worker %s: %v", sign.ClientID, err)
			d.skip("roles", "needs the principal")
			return
		}
		d.ok("principal", "worker application %q (%s)", app.Name, app.ID)
		assignments, err := client.Applications.ListRoleAssignments(ctx, sign.EnvironmentID, sign.ClientID)
		d.roles(ctx, client, sign.EnvironmentID, "worker application", assignments, err, envNames(envs.Items))
		return
	}
	var names map[string]string
	if envs, err := client.Environments.List(ctx, &pingone.ListOptions{Limit: 100}); err == nil {
		names = envNames(envs.Items)
	}
	assignments, err := client.Users.ListRoleAssignments(ctx, sign.EnvironmentID, subject)
	d.roles(ctx, client, sign.EnvironmentID, "user", assignments, err, names)
}

// envNames maps environment ids to their names, to name a role's scope.
func envNames(envs []*pingone.Environment) map[string]string {
	names := make(map[string]string, len(envs))
	for _, e := range envs {
		names[e.ID] = e.Name
	}
	return names
}

// roles reports the principal's role assignments (tools.HeldRoles), one
// "role (scope)" each.
func (d *doctor) roles(ctx context.Context, client *pingone.Client, env, who string, assignments []*pingone.RoleAssignment, err error, envs map[string]string) {
	if err != nil {
		d.fail("roles", exitCode(withToolCode(err)), "%v", err)
		return
	}
	out := tools.HeldRoles(ctx, client, env, assignments, envs)
	if len(out) == 0 {
		d.fail("roles", exitDenied, "the %s holds no administrator role: every tool call will be refused by PingOne", who)
		return
	}
	d.ok("roles", "%s", strings.Join(out, ", "))
}

// withToolCode maps a client error to the exit code a tool call would get.
func withToolCode(err error) error {
	var pe *pingone.Error
	var ne *pingone.NetworkError
	var ae *pingone.AuthError
	switch {
	case errors.As(err, &ae):
		return withCode(exitAuth, err)
	case errors.As(err, &ne):
		return withCode(exitNetwork, err)
	case errors.As(err, &pe) && (pe.StatusCode == http.StatusUnauthorized || pe.StatusCode == http.StatusForbidden):
		return withCode(exitAuth, err)
	}
	return err
}

func (d *doctor) policy(st *settings) {
	file := cmp.Or(d.cmd.String("policy"), st.profile.Policy)
	if file == "" {
		d.ok("policy", "no policy file: read-only, writes to PRODUCTION refused (the defaults)")
		return
	}
	if _, err := tools.LoadPolicyFile(file, d.g.allTools()); err != nil {
		d.fail("policy", exitUsage, "%s is not valid (p1 policy check %s shows every problem): %v", file, file, err)
		return
	}
	d.ok("policy", "%s is valid", file)
}
