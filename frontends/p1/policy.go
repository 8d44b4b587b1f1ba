package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

// policyFlags are the root flags of the policy engine.
func policyFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name:    "policy",
			Usage:   "policy file (JSON or YAML) for the filter, guard, confirmation, rules, output and audit; flags override it (see 'p1 policy check')",
			Sources: cli.EnvVars("P1_POLICY"),
		},
		&cli.StringFlag{Name: "audit-log", Usage: "append one JSON line per tool call to this file (created 0600), or - for stderr; " +
			"replaces the policy file's audit.log, and cannot be empty when the policy asks for one"},
		&cli.BoolFlag{Name: "dry-run", Usage: "run write tools as dry runs: show the request that would be sent and change nothing"},
		&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "confirm destructive calls without asking (needed when stdin is not a terminal)"},
	}
}

// policyState is what one run loaded of the policy: the audit sink is
// opened once even when a command builds two toolkits.
type policyState struct {
	audit    func(context.Context, tools.AuditRecord)
	opened   bool
	auditErr error
}

// policyToolkit builds the toolkit over every tool p1kit ships, with the
// policy file (if any) and the flags over it.
func (g *globals) policyToolkit(cmd *cli.Command, client *pingone.Client, frontEnd string) (*tools.Toolkit, error) {
	if g.policy == nil {
		g.policy = &policyState{}
	}
	reg := g.allTools()
	cfg, auditPath, err := g.policyConfig(cmd, reg, frontEnd)
	if err != nil {
		return nil, err
	}
	log := g.logger(cmd)
	cfg.Logger = log
	if p := g.policy; !p.opened {
		p.opened = true
		if auditPath != "" {
			audit, closeFn, err := tools.OpenAuditLog(auditPath, g.stderr)
			if err != nil {
				p.auditErr = withCode(exitUsage, err)
			} else {
				p.audit = audit
				g.closers = append(g.closers, func() { _ = closeFn() })
			}
		}
	}
	if g.policy.auditErr != nil {
		return nil, g.policy.auditErr
	}
	fileAudit := g.policy.audit
	debug := cmd.Bool("debug")
	if fileAudit != nil || debug {
		cfg.Audit = func(ctx context.Context, r tools.AuditRecord) {
			if fileAudit != nil {
				fileAudit(ctx, r)
			}
			if debug {
				log.Debug("audit", "tool", r.Tool, "environment", r.EnvironmentID, "arguments", string(r.Arguments),
					"decision", r.Decision, "outcome", r.Outcome, "duration", r.Duration, "transaction", r.TransactionID)
			}
		}
	}
	tk, err := tools.NewToolkit(reg, client, cfg)
	if err != nil {
		return nil, withCode(exitUsage, err)
	}
	return tk, nil
}

// policyConfig reads --policy (or P1_POLICY, or the selected profile's
// policy file) and lays the flags the command was given over it. It
// returns the audit log path too.
func (g *globals) policyConfig(cmd *cli.Command, reg *tools.Registry, frontEnd string) (tools.Config, string, error) {
	cfg := tools.Config{FrontEnd: frontEnd}
	var auditPath string
	st, err := g.resolve(cmd, signIn{})
	if err != nil {
		return cfg, "", err
	}
	file := cmd.String("policy")
	if file == "" {
		file = st.profile.Policy
	}
	if file != "" {
		p, err := tools.LoadPolicyFile(file, reg)
		if errors.Is(err, tools.ErrPolicyTooLarge) {
			return cfg, "", withCode(exitUsage, err)
		}
		if err != nil {
			return cfg, "", withCode(exitUsage, fmt.Errorf("policy file %s is not valid (run 'p1 policy check %s'): %w", file, file, err))
		}
		cfg = p.Config(reg)
		cfg.FrontEnd = frontEnd
		auditPath = p.Audit.Log
	}
	if cfg.Filter.Origins == nil {
		cfg.Filter.Origins = map[string]string{}
	}
	if st.profileExplicit || st.config.Profiles[st.profileName] != nil {
		cfg.Profile = st.profileName
	}
	if cfg.FrontEnd == "cli" || cfg.FrontEnd == "" {
		// People name things: the CLI resolves names whatever the policy
		// says, and fills in the target environment.
		cfg.ResolveNames = true
		cfg.DefaultEnvironment = strings.TrimSpace(cmp.Or(cmd.String("env"), st.profile.Environment))
		g.targetEnv = cfg.DefaultEnvironment
	}
	override := func(name string, set func()) {
		if hasFlag(cmd, name) && cmd.IsSet(name) {
			set()
			delete(cfg.Filter.Origins, name)
		}
	}
	override("disable-read-only", func() { cfg.Filter.AllowWrites = cmd.Bool("disable-read-only") })
	override("include-tools", func() { cfg.Filter.IncludeTools = splitList(cmd.StringSlice("include-tools")) })
	override("exclude-tools", func() { cfg.Filter.ExcludeTools = splitList(cmd.StringSlice("exclude-tools")) })
	override("include-tool-collections", func() {
		cfg.Filter.IncludeCollections = splitList(cmd.StringSlice("include-tool-collections"))
	})
	override("exclude-tool-collections", func() {
		cfg.Filter.ExcludeCollections = splitList(cmd.StringSlice("exclude-tool-collections"))
	})
	override("allow-production-writes", func() { cfg.AllowProductionWrites = cmd.Bool("allow-production-writes") })
	if hasFlag(cmd, "toolsets") {
		toolsetsOf(cmd, &cfg.Filter, st.profile.Toolsets)
	}
	if cmd.IsSet("dry-run") {
		cfg.DryRun = cmd.Bool("dry-run")
	}
	if cmd.IsSet("audit-log") {
		flag := strings.TrimSpace(cmd.String("audit-log"))
		if flag == "" && auditPath != "" {
			// A command line must not silently undo the audit a policy asks for.
			return cfg, "", usageErrorf("--audit-log is empty, which would turn off the audit log that the policy file %s asks for (audit.log: %s); "+
				"give --audit-log a file (or - for stderr) to write it elsewhere, or remove audit.log from the policy file", file, auditPath)
		}
		auditPath = flag
	}
	return cfg, auditPath, nil
}

// hasFlag reports whether cmd defines a flag (the filter flags exist only
// on the commands that build a toolkit from them).
func hasFlag(cmd *cli.Command, name string) bool {
	for _, f := range cmd.Flags {
		for _, n := range f.Names() {
			if n == name {
				return true
			}
		}
	}
	return false
}

// isTerminal reports whether r is an interactive terminal. A reader with an
// IsTerminal method answers for itself (tests use one).
func isTerminal(r io.Reader) bool {
	if t, ok := r.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal()
	}
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	// /dev/null is a character device too, and never a person.
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}

// confirmOrFail handles a call that needs confirmation: --yes confirms, a
// terminal is asked to type the target's name or id, anything else fails
// closed with the toolkit's message.
func (g *globals) confirmOrFail(ctx context.Context, cmd *cli.Command, err error, readsStdin bool) (context.Context, error) {
	var te *tools.Error
	if !errors.As(err, &te) || te.Kind != tools.KindNeedsConfirmation || te.Confirmation == nil {
		return nil, err
	}
	c := te.Confirmation
	if cmd.Bool("yes") {
		return tools.WithConfirmed(ctx, c.TargetID), nil
	}
	if readsStdin || !isTerminal(g.stdin) {
		fmt.Fprintln(g.stderr, "p1: hint: stdin is not a terminal, so p1 cannot ask; pass --yes, or --arg confirm=<the target's id or name>")
		return nil, err
	}
	fmt.Fprintf(g.stderr, "%s\nType the %s's name or id to confirm (anything else cancels): ", c.Prompt(), c.TargetKind)
	line, rerr := readLine(g.stdin)
	if rerr != nil && strings.TrimSpace(line) == "" {
		// No answer at all (end of input): nobody declined, nobody confirmed.
		fmt.Fprintln(g.stderr)
		return nil, err
	}
	if !c.Matches(line) {
		return tools.WithDeclined(ctx), nil
	}
	return tools.WithConfirmed(ctx, line), nil
}

// readLine reads one line byte by byte, so nothing after it is consumed.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimRight(b.String(), "\r"), nil
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			return b.String(), err
		}
	}
}

func policyCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:  "policy",
		Usage: "check a policy file",
		Commands: []*cli.Command{{
			Name:      "check",
			Usage:     "validate a policy file and print the effective policy",
			ArgsUsage: "FILE",
			Description: "Reads FILE (JSON or YAML), reports every problem as FILE:LINE:COL: what is wrong (exit 2),\n" +
				"or prints a summary of the policy it describes (exit 0). docs/policy.md documents the keys.",
			Action: func(ctx context.Context, cmd *cli.Command) error {
				if cmd.Args().Len() != 1 {
					return usageErrorf("policy check takes one file name")
				}
				file := cmd.Args().First()
				reg := g.allTools()
				p, err := tools.LoadPolicyFile(file, reg)
				var perrs tools.PolicyErrors
				if errors.As(err, &perrs) {
					for _, e := range perrs {
						fmt.Fprintln(g.stdout, e.Error())
					}
					return usageErrorf("%s: %d problem(s)", file, len(perrs))
				}
				if err != nil {
					return withCode(exitUsage, err)
				}
				client, err := offlineClient()
				if err != nil {
					return err
				}
				cfg := p.Config(reg)
				tk, err := tools.NewToolkit(reg, client, cfg)
				if err != nil {
					return withCode(exitUsage, fmt.Errorf("%s: %w", file, err))
				}
				return writePolicySummary(g.stdout, file, p, tk)
			},
		}},
	}
}

func writePolicySummary(w io.Writer, file string, p *tools.Policy, tk *tools.Toolkit) error {
	fmt.Fprintf(w, "%s: OK\n\n", file)
	tw := newTable(w)
	for _, l := range p.Summary(tk) {
		fmt.Fprintf(tw, "%s\t%s\n", l.Aspect, l.Value)
	}
	return tw.Flush()
}
