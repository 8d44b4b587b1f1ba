package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/tools"
)

func outputFlag(def string) cli.Flag {
	usage := "output format: json, yaml or table"
	if def == "" {
		usage += " (default: table on a terminal, json when piped)"
	}
	return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: def, Usage: usage}
}

func toolCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:  "tool",
		Usage: "list, describe and call p1kit's tools",
		Commands: []*cli.Command{
			toolListCommand(g),
			toolDescribeCommand(g),
			toolCallCommand(g),
		},
	}
}

// toolInfo is one tool in `p1 tool list -o json` and `p1 tool describe -o json`.
type toolInfo struct {
	Name        string             `json:"name"`
	Title       string             `json:"title"`
	Collection  string             `json:"collection"`
	Effect      string             `json:"effect"`
	ReadOnly    bool               `json:"readOnly"`
	Available   bool               `json:"available"`
	Hidden      string             `json:"hiddenReason,omitempty"`
	Description string             `json:"description,omitempty"`
	Annotations *tools.Annotations `json:"annotations,omitempty"`
	InputSchema *jsonschema.Schema `json:"inputSchema,omitempty"`
}

func infoOf(tk *tools.Toolkit, t *tools.Tool, full bool) toolInfo {
	_, visible := tk.Tool(t.Name)
	ti := toolInfo{
		Name: t.Name, Title: t.Title, Collection: t.Collection, Effect: t.Effect.String(),
		ReadOnly: !t.IsWrite(), Available: visible, Hidden: tk.HiddenReason(t.Name),
	}
	if full {
		a := t.Annotations()
		ti.Description, ti.Annotations, ti.InputSchema = t.Description, &a, t.InputSchema()
	}
	return ti
}

func access(t *tools.Tool) string {
	if t.IsWrite() {
		return "write"
	}
	return "read-only"
}

// offlineToolkit is the toolkit seen through the command's filter flags,
// for commands that never call PingOne.
func (g *globals) offlineToolkit(cmd *cli.Command) (*tools.Toolkit, error) {
	client, err := offlineClient()
	if err != nil {
		return nil, err
	}
	return g.toolkit(cmd, client, "cli")
}

func toolListCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list the tools (read-only ones unless --disable-read-only)",
		Description: "Lists the tools the filter flags leave available, the same set `p1 mcp run` serves.\n" +
			"--all lists every tool p1kit ships, with the reason a hidden one is not available.",
		Flags: append(filterFlags(),
			&cli.BoolFlag{Name: "all", Usage: "list every tool, also those the filter hides"},
			&cli.BoolFlag{Name: "why", Usage: "list the hidden tools with the reason each is hidden (which flag, pattern or policy file)"},
			outputFlag(""),
		),
		Action: func(ctx context.Context, cmd *cli.Command) error {
			format, err := outputFormat(g, cmd.String("output"))
			if err != nil {
				return err
			}
			if cmd.Args().Present() {
				return usageErrorf("tool list takes no arguments (got %q)", cmd.Args().First())
			}
			tk, err := g.offlineToolkit(cmd)
			if err != nil {
				return err
			}
			for _, w := range tk.Warnings() {
				fmt.Fprintln(g.stderr, "p1: warning:", w)
			}
			list := tk.Tools()
			if cmd.Bool("all") {
				list = tk.Registry().Tools()
			}
			if cmd.Bool("why") {
				return writeHidden(g, tk, format)
			}
			if format != formatTable {
				out := make([]toolInfo, 0, len(list))
				for _, t := range list {
					out = append(out, infoOf(tk, t, false))
				}
				return writeData(g.stdout, format, out)
			}
			if len(list) == 0 {
				// Not an empty table: say so, and where to look.
				fmt.Fprintln(g.stderr, "p1: no tool is available with these flags; 'p1 tool list --why' says why each tool is hidden")
				return nil
			}
			tw := newTable(g.stdout)
			if cmd.Bool("all") {
				fmt.Fprintln(tw, "NAME\tCOLLECTION\tACCESS\tAVAILABLE\tTITLE")
			} else {
				fmt.Fprintln(tw, "NAME\tCOLLECTION\tACCESS\tTITLE")
			}
			for _, t := range list {
				if cmd.Bool("all") {
					avail := "yes"
					if why := tk.HiddenReason(t.Name); why != "" {
						avail = "no"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Name, t.Collection, access(t), avail, t.Title)
					continue
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Name, t.Collection, access(t), t.Title)
			}
			return tw.Flush()
		},
	}
}

// writeHidden lists the tools the filter hides, with the reason.
func writeHidden(g *globals, tk *tools.Toolkit, format string) error {
	var hidden []toolInfo
	for _, t := range tk.Registry().Tools() {
		if tk.HiddenReason(t.Name) != "" {
			hidden = append(hidden, infoOf(tk, t, false))
		}
	}
	if format != formatTable {
		if hidden == nil {
			hidden = []toolInfo{}
		}
		return writeData(g.stdout, format, hidden)
	}
	if len(hidden) == 0 {
		_, err := fmt.Fprintln(g.stdout, "no tool is hidden")
		return err
	}
	tw := newTable(g.stdout)
	fmt.Fprintln(tw, "HIDDEN TOOL\tWHY")
	for _, ti := range hidden {
		fmt.Fprintf(tw, "%s\t%s\n", ti.Name, ti.Hidden)
	}
	return tw.Flush()
}

func toolDescribeCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:      "describe",
		Usage:     "show what a tool does, its arguments and whether a call needs confirmation (-o json: the input schema)",
		ArgsUsage: "NAME",
		Flags:     []cli.Flag{outputFlag(formatTable)},
		Action: func(ctx context.Context, cmd *cli.Command) error {
			format, err := checkFormat(cmd.String("output"))
			if err != nil {
				return err
			}
			if cmd.Args().Len() != 1 {
				return usageErrorf("tool describe takes one tool name (see 'p1 tool list --all')")
			}
			name := cmd.Args().First()
			// Describe any tool p1kit ships, even one the filter would hide:
			// reading about a write tool is harmless.
			tk, err := g.offlineToolkit(cmd)
			if err != nil {
				return err
			}
			t, ok := tk.Registry().Get(name)
			if !ok {
				var names []string
				for _, t := range tk.Registry().Tools() {
					names = append(names, t.Name)
				}
				if hint := tools.DidYouMean(tools.Suggest(name, names)); hint != "" {
					return withCode(exitUsage, fmt.Errorf("unknown tool %s; %s ('p1 tool list --all' shows every tool)", cut(name), hint))
				}
				return withCode(exitUsage, fmt.Errorf("unknown tool %s; 'p1 tool list --all' shows every tool", cut(name)))
			}
			info := infoOf(tk, t, true)
			if format != formatTable {
				return writeData(g.stdout, format, info)
			}
			return writeDescription(g, t, info)
		},
	}
}

// writeDescription is the readable summary of a tool; -o json has its
// input schema in full.
func writeDescription(g *globals, t *tools.Tool, info toolInfo) error {
	w := g.stdout
	fmt.Fprintf(w, "%s — %s\n\n", t.Name, t.Title)
	fmt.Fprintf(w, "%s\n\n", t.Description)
	tw := newTable(w)
	fmt.Fprintf(tw, "collection\t%s\n", t.Collection)
	fmt.Fprintf(tw, "effect\t%s (%s)\n", t.Effect, access(t))
	fmt.Fprintf(tw, "confirmation\t%s\n", confirmationOf(t))
	a := t.Annotations()
	fmt.Fprintf(tw, "annotations\treadOnly=%t destructive=%t idempotent=%t openWorld=%t\n", a.ReadOnly, a.Destructive, a.Idempotent, a.OpenWorld)
	if info.Hidden != "" {
		fmt.Fprintf(tw, "available\tno: %s\n", info.Hidden)
	} else {
		fmt.Fprintf(tw, "available\tyes\n")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	args := t.Arguments()
	if len(args) == 0 {
		_, err := fmt.Fprintln(w, "\nNo arguments.")
		return err
	}
	names := map[string]bool{}
	for _, n := range tools.NameArguments() {
		names[n] = true
	}
	fmt.Fprintln(w, "\nARGUMENTS:")
	tw = newTable(w)
	fmt.Fprintln(tw, "NAME\tTYPE\tREQUIRED\tDESCRIPTION")
	for _, a := range args {
		desc := oneLine(a.Description)
		if names[a.Name] {
			desc += " (p1 takes the name too)"
		}
		switch {
		case asksFor(a) && a.Required:
			desc += " (p1 asks for it when left out)"
		case asksFor(a):
			desc += " (with " + a.RequiredWith + "; p1 asks for it when left out)"
		case a.Secret && a.Type == "string":
			desc += " (a secret: give it in JSON on stdin with '-' rather than on the command line)"
		}
		if len(a.Values) > 0 && a.Type != "boolean" {
			desc += " One of: " + strings.Join(a.Values, ", ") + "."
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Name, a.Type, yesNo(a.Required), truncate(desc, 200))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nThe input schema in full: p1 tool describe %s -o json\n", t.Name)
	return err
}

// confirmationOf says when a call of t must be confirmed.
func confirmationOf(t *tools.Tool) string {
	if t.Effect != tools.Delete && !t.Confirm.Required {
		return "not needed"
	}
	what := "the tool's name"
	if t.Target != nil {
		what = "the " + t.Target.Kind + "'s name or id"
	}
	s := "needed: on a terminal p1 asks for " + what + "; otherwise --yes or --arg confirm=…"
	if len(t.Confirm.ExceptWhen) > 0 {
		var when []string
		for k, v := range t.Confirm.ExceptWhen {
			when = append(when, fmt.Sprintf("%s=%v", k, v))
		}
		slices.Sort(when)
		s += " (not when " + strings.Join(when, ", ") + ")"
	}
	return s
}

func toolCallCommand(g *globals) *cli.Command {
	args := &argList{}
	return &cli.Command{
		Name:      "call",
		Usage:     "call a tool once and print its result",
		ArgsUsage: "NAME [-]",
		Description: "Arguments come from --arg key=value (repeatable; the value is JSON when it parses as JSON,\n" +
			"e.g. limit=5, enabled=true, license={\"id\":\"…\"}, else a string; dotted keys build nested objects:\n" +
			"application.name=web), from --json '{…}', or from stdin with '-' (stdin is never read\n" +
			"otherwise, so p1 in a shell loop cannot swallow its input). --arg is applied on top of --json or stdin.\n\n" +
			"Write tools need --disable-read-only, and writes to PRODUCTION environments are refused unless\n" +
			"--allow-production-writes. Destructive calls (deletes, disabling a user, setting a password, role\n" +
			"grants, removing MFA devices) need confirmation: on a terminal p1 asks for the target's name or id;\n" +
			"otherwise pass --yes, or --arg confirm=<id or name>. --dry-run shows the request a write would send\n" +
			"and changes nothing. --policy FILE applies a policy file (see 'p1 policy check').\n\n" + exitCodesHelp,
		Flags: append(filterFlags(),
			&cli.GenericFlag{Name: "arg", Aliases: []string{"a"}, Value: args, Usage: "an argument as key=value (repeatable)"},
			&cli.StringFlag{Name: "json", Usage: "the arguments as one JSON object"},
			&cli.BoolFlag{Name: "paginate", Usage: "follow nextCursor to the last page, printing every page as it comes (a table shows them as one)"},
			&cli.StringFlag{Name: "jq", Usage: "filter the JSON result with a jq expression (strings are printed as they are), e.g. '.users[].username'"},
			outputFlag(""),
		),
		Action: func(ctx context.Context, cmd *cli.Command) error {
			format, err := outputFormat(g, cmd.String("output"))
			if err != nil {
				return err
			}
			jq, err := jqFilter(cmd.String("jq"))
			if err != nil {
				return err
			}
			if jq != nil && cmd.IsSet("output") && format != formatJSON {
				return usageErrorf("--jq filters JSON: leave out -o %s", format)
			}
			rest := cmd.Args().Slice()
			if len(rest) == 0 {
				return usageErrorf("tool call needs a tool name (see 'p1 tool list')")
			}
			name, dash := rest[0], false
			switch {
			case len(rest) == 2 && rest[1] == "-":
				dash = true
			case len(rest) > 1:
				return usageErrorf("unexpected argument %s after the tool name; pass arguments with --arg key=value or --json", cut(rest[1]))
			}
			raw, err := callArgs(cmd.String("json"), cmd.IsSet("json"), dash, args.items, g.stdin)
			if err != nil {
				return err
			}
			// An unknown or filtered-out name fails before any sign-in.
			offline, err := g.offlineToolkit(cmd)
			if err != nil {
				return err
			}
			if _, ok := offline.Tool(name); !ok {
				_, err := offline.Call(ctx, name, raw)
				return err
			}
			source := argSource(cmd.IsSet("json"), dash, len(args.items) > 0)
			var secretWarnings []string
			if t, ok := offline.Tool(name); ok {
				raw = stringsAsTyped(t.InputSchema(), raw, args.items)
				if raw, secretWarnings, err = g.fillSecrets(t, raw, dash, !dash); err != nil {
					return err
				}
			}
			client, err := g.client(ctx, cmd, signIn{}, "p1")
			if err != nil {
				return err
			}
			tk, err := g.toolkit(cmd, client, "cli")
			if err != nil {
				return err
			}
			for _, w := range tk.Warnings() {
				fmt.Fprintln(g.stderr, "p1: warning:", w)
			}
			if isTerminalWriter(g.stderr) {
				ctx = tools.WithProgress(ctx, progressLine(g.stderr))
			}
			call := func(ctx context.Context, raw json.RawMessage) (*tools.Result, error) {
				res, err := tk.Call(ctx, name, raw)
				if err == nil {
					return res, nil
				}
				cctx, cerr := g.confirmOrFail(ctx, cmd, err, dash)
				if cerr != nil {
					return nil, withSource(cerr, source)
				}
				return tk.Call(cctx, name, raw)
			}
			var progress io.Writer
			if isTerminalWriter(g.stderr) {
				progress = g.stderr
			}
			paginate := cmd.Bool("paginate")
			var pages []json.RawMessage
			err = callPages(ctx, call, raw, paginate, progress, func(_ int, data json.RawMessage) error {
				switch {
				case jq != nil:
					return writeJQ(ctx, g.stdout, jq, data)
				case format == formatTable:
					pages = append(pages, data)
					return nil
				}
				return writeRawData(g.stdout, format, data)
			})
			if err != nil {
				return err
			}
			for _, w := range secretWarnings {
				fmt.Fprintln(g.stderr, "p1: warning:", w)
			}
			if len(pages) == 0 {
				return nil
			}
			return writeResultTable(g.stdout, g.stderr, mergePages(pages))
		},
	}
}

// argSource names where a call's arguments came from, when they came as
// one piece ("" when --arg built or completed them).
func argSource(jsonSet, dash, pairs bool) string {
	switch {
	case pairs:
		return ""
	case jsonSet:
		return "--json"
	case dash:
		return "stdin"
	}
	return ""
}

// withSource adds where the arguments came from to a refusal of the
// arguments as a whole (not JSON, not an object), which the toolkit words
// without knowing the CLI.
func withSource(err error, source string) error {
	var te *tools.Error
	if source == "" || !errors.As(err, &te) || te.Kind != tools.KindInvalidArguments || !strings.HasPrefix(te.Message, "arguments ") {
		return err
	}
	return fmt.Errorf("%w (the arguments from %s)", err, source)
}
