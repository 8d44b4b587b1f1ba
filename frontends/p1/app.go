package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/tools"
)

// Exit codes; documented in the root help (exitCodesHelp) and the package doc.
const (
	exitOK       = 0
	exitError    = 1 // PingOne/API or internal error
	exitUsage    = 2 // bad flags, unknown tool, invalid arguments, malformed JSON
	exitDenied   = 3 // refused by policy (also a known tool the filter hides)
	exitAuth     = 4 // authentication failed or no credentials
	exitNotFound = 5 // PingOne answered 404
	exitNetwork  = 6 // PingOne (the API or the auth host) could not be reached
	exitUnknown  = 7 // a write's answer was lost: it may have been applied

	exitInterrupted = 130 // stopped by SIGINT/SIGTERM, as shells report it
)

const exitCodesHelp = `EXIT CODES:
   0  success
   1  PingOne refused the request (API error) or an internal error
   2  usage error: bad flags, unknown tool, invalid arguments, malformed JSON
   3  refused by policy: the guard, a rule, a destructive call not confirmed, or a tool hidden by the filter
   4  sign-in needed or refused: no credentials, or no session and stdin not a terminal (see --wait-for-sign-in)
   5  not found
   6  network error: PingOne (the API or the auth host) could not be reached
   7  outcome unknown: a write reached PingOne but its answer was lost and no read could tell whether it
      was applied; it may have been. The message names the read to run: repeat the call only once it shows the write was not applied
   130 interrupted (SIGINT or SIGTERM) before the command finished`

// exitError carries an exit code with an error.
type codedError struct {
	code int
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }
func (e *codedError) Unwrap() error { return e.err }

func withCode(code int, err error) error {
	if err == nil {
		return nil
	}
	return &codedError{code: code, err: err}
}

// usageErrorf is a usage error (exit 2).
func usageErrorf(format string, a ...any) error {
	return withCode(exitUsage, fmt.Errorf(format, a...))
}

// authErrorf is a sign-in configuration error (exit 4).
func authErrorf(format string, a ...any) error {
	return withCode(exitAuth, fmt.Errorf(format, a...))
}

// exitCode maps an error to the exit code scripts branch on.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	// The auth host gave no answer: the network, whatever else wraps it.
	var ue *auth.UnreachableError
	if errors.As(err, &ue) {
		return exitNetwork
	}
	var ce *codedError
	if errors.As(err, &ce) {
		return ce.code
	}
	var te *tools.Error
	if errors.As(err, &te) {
		return kindCode(te.Kind)
	}
	return exitError
}

func kindCode(k tools.Kind) int {
	switch k {
	case tools.KindUnknownTool, tools.KindInvalidArguments:
		return exitUsage
	case tools.KindDenied, tools.KindNeedsConfirmation:
		return exitDenied
	case tools.KindAuth:
		return exitAuth
	case tools.KindNotFound:
		return exitNotFound
	case tools.KindNetwork:
		return exitNetwork
	case tools.KindOutcomeUnknown:
		return exitUnknown
	}
	return exitError
}

// run runs p1 with args (args[0] is the program name) and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr, registry: buildRegistry()}
	defer g.close()
	err := newApp(g).Run(ctx, args)
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil {
		// Interrupted (SIGINT/SIGTERM) before the command finished. The
		// long-running commands (mcp run, sandbox) return nil when stopped.
		fmt.Fprintln(stderr, "p1: interrupted")
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "p1: %s\n", oneLine(err.Error()))
	return exitCode(err)
}

// buildRegistry starts building the registry of every tool (157 of them,
// a millisecond or two) at once, for the command to take when it needs
// it: on two cores it is built while the command line is parsed, which is
// that much sooner that p1 mcp run answers a client.
func buildRegistry() func() *tools.Registry {
	built := make(chan *tools.Registry, 1)
	go func() { built <- tools.NewRegistry(tools.All()...) }()
	return sync.OnceValue(func() *tools.Registry { return <-built })
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// newApp builds the command tree. It is built afresh per run so that flag
// values never leak between runs (tests run many in one process).
func newApp(g *globals) *cli.Command {
	root := &cli.Command{
		Name:    "p1",
		Usage:   "review and manage PingOne tenants with p1kit's tools",
		Version: buildVersion(),
		Description: "p1 runs p1kit's PingOne tools one call at a time (p1 tool …), serves them to an MCP client\n" +
			"(p1 mcp run), or serves a local PingOne emulator (p1 sandbox). Tools are read-only by default.\n\n" +
			"Sign in as an administrator with `p1 auth login` (browser or device code; sessions per --profile), with a\n" +
			"worker application (PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET and PINGONE_MCP_ENVIRONMENT_ID, the environment\n" +
			"holding the app), or with a token in PINGONE_ACCESS_TOKEN. --sandbox needs no credentials.\n\n" +
			exitCodesHelp,
		Reader:    g.stdin,
		Writer:    g.stdout,
		ErrWriter: g.stderr,
		// run maps errors to exit codes; the default handler would call os.Exit.
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
		Flags:          g.flags(),
		Commands: []*cli.Command{
			toolCommand(g),
			mcpCommand(g),
			sandboxCommand(g),
			policyCommand(g),
			authCommand(g),
			doctorCommand(g),
			completionCommand(g),
			versionCommand(g),
			completeCommand(g),
		},
	}
	_ = root.Walk(func(c *cli.Command) error {
		c.OnUsageError = onUsageError
		if c.Action == nil && len(c.Commands) > 0 {
			c.Action = groupAction
		}
		return nil
	})
	return root
}

// onUsageError turns a flag parsing error into a one-line usage error,
// with the flag an unknown one most likely meant.
func onUsageError(_ context.Context, cmd *cli.Command, err error, _ bool) error {
	if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
		name = strings.TrimLeft(name, "-")
		if hint := tools.DidYouMean(dashed(tools.Suggest(name, flagNames(cmd)))); hint != "" {
			return usageErrorf("unknown flag --%s; %s (see '%s --help')", name, hint, cmd.FullName())
		}
		return usageErrorf("unknown flag --%s (see '%s --help')", name, cmd.FullName())
	}
	return usageErrorf("%v (see '%s --help')", err, cmd.FullName())
}

// flagNames are the long names of the flags a command takes: its own and
// its ancestors'.
func flagNames(cmd *cli.Command) []string {
	var out []string
	for _, c := range cmd.Lineage() {
		for _, f := range c.Flags {
			for _, n := range f.Names() {
				if len(n) > 1 {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

func dashed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "--" + n
	}
	return out
}

// groupAction runs for a command that only groups others: help without
// arguments, a usage error for an unknown subcommand (with the one it most
// likely meant).
func groupAction(ctx context.Context, cmd *cli.Command) error {
	if cmd.Args().Present() {
		name := cmd.Args().First()
		var names []string
		for _, c := range cmd.VisibleCommands() {
			names = append(names, c.Names()...)
		}
		hint := tools.DidYouMean(tools.Suggest(name, names))
		if hint != "" {
			hint += " "
		}
		return usageErrorf("unknown command %q for '%s'; %s(see '%s --help')", name, cmd.FullName(), hint, cmd.FullName())
	}
	return cli.ShowSubcommandHelp(cmd)
}

func versionCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(ctx context.Context, cmd *cli.Command) error {
			printVersion(cmd)
			return nil
		},
	}
}
