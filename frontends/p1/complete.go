package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

// Shell completion: `p1 completion bash|zsh|fish` prints a script that
// asks p1 itself (`p1 __complete -- LINE`) for the words that may follow
// the command line typed so far, so every shell completes the same
// commands, flags, tool names and the chosen tool's argument names, and
// the scripts need nothing but the shell (no bash-completion package).

const completeCommandName = "__complete"

func completionCommand(g *globals) *cli.Command {
	shell := func(name, script string) *cli.Command {
		return &cli.Command{
			Name:  name,
			Usage: "print the " + name + " completion script",
			Action: func(context.Context, *cli.Command) error {
				_, err := fmt.Fprint(g.stdout, script)
				return err
			},
		}
	}
	return &cli.Command{
		Name:  "completion",
		Usage: "print a shell completion script (bash, zsh or fish)",
		Description: "Completes commands, flags, tool names and the arguments of the tool being called.\n" +
			"bash: source <(p1 completion bash)   (in ~/.bashrc; bash-completion is not needed)\n" +
			"zsh:  source <(p1 completion zsh)    (in ~/.zshrc, after compinit)\n" +
			"fish: p1 completion fish > ~/.config/fish/completions/p1.fish",
		Commands: []*cli.Command{shell("bash", bashCompletion), shell("zsh", zshCompletion), shell("fish", fishCompletion)},
	}
}

// completeCommand answers the completion scripts: the candidates for the
// last word of LINE, one a line.
func completeCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:            completeCommandName,
		Hidden:          true,
		SkipFlagParsing: true,
		Action: func(_ context.Context, cmd *cli.Command) error {
			args := cmd.Args().Slice()
			if len(args) > 0 && args[0] == "--" {
				args = args[1:]
			}
			words := splitWords(strings.Join(args, " "))
			if len(words) > 0 {
				words = words[1:] // the program
			}
			if len(words) == 0 {
				words = []string{""}
			}
			for _, c := range completions(cmd.Root(), words) {
				fmt.Fprintln(g.stdout, c)
			}
			return nil
		},
	}
}

// splitWords splits a command line as a shell would, roughly: blanks
// separate words, quotes and backslashes keep them together. A line that
// ends in a blank ends with an empty word (the one being typed).
func splitWords(line string) []string {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range line {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	return append(words, cur.String())
}

// completions are the candidates for the last of words (the words after
// the program name), filtered by what it holds so far.
func completions(root *cli.Command, words []string) []string {
	cur := words[len(words)-1]
	cmd := root
	var positional []string
	var pending cli.Flag // a flag whose value the next word is
	for _, w := range words[:len(words)-1] {
		switch {
		case pending != nil:
			pending = nil
		case w == "--":
		case strings.HasPrefix(w, "-") && w != "-":
			name, _, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			if f := findFlag(cmd, name); f != nil && takesValue(f) && !hasValue {
				pending = f
			}
		default:
			if sub := findCommand(cmd, w); sub != nil && len(positional) == 0 {
				cmd = sub
				continue
			}
			positional = append(positional, w)
		}
	}
	var out []string
	switch {
	case pending != nil:
		out = flagValues(cmd, pending.Names()[0], positional, cur)
	case strings.HasPrefix(cur, "-"):
		if name, _, ok := strings.Cut(strings.TrimLeft(cur, "-"), "="); ok {
			if f := findFlag(cmd, name); f != nil {
				prefix := cur[:strings.Index(cur, "=")+1]
				for _, v := range flagValues(cmd, f.Names()[0], positional, cur[len(prefix):]) {
					out = append(out, prefix+v)
				}
			}
			return out
		}
		for _, c := range cmd.Lineage() {
			for _, f := range c.Flags {
				if !isHidden(f) {
					out = append(out, "--"+f.Names()[0])
				}
			}
		}
	case len(cmd.VisibleCommands()) > 0 && len(positional) == 0:
		for _, c := range cmd.VisibleCommands() {
			if c.Name != "help" {
				out = append(out, c.Name)
			}
		}
	case takesToolName(cmd) && len(positional) == 0:
		out = toolNames()
	}
	return withPrefix(out, cur)
}

func withPrefix(in []string, prefix string) []string {
	var out []string
	for _, s := range in {
		if strings.HasPrefix(s, prefix) && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func takesToolName(cmd *cli.Command) bool {
	n := cmd.FullName()
	return n == "p1 tool call" || n == "p1 tool describe"
}

func findCommand(cmd *cli.Command, name string) *cli.Command {
	for _, c := range cmd.Commands {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

func findFlag(cmd *cli.Command, name string) cli.Flag {
	for _, c := range cmd.Lineage() {
		for _, f := range c.Flags {
			if slices.Contains(f.Names(), name) {
				return f
			}
		}
	}
	return nil
}

func takesValue(f cli.Flag) bool {
	_, isBool := f.(*cli.BoolFlag)
	return !isBool
}

func isHidden(f cli.Flag) bool {
	v, ok := f.(cli.VisibleFlag)
	return ok && !v.IsVisible()
}

// toolNames are the names of every tool p1kit ships.
func toolNames() []string {
	var out []string
	for _, t := range tools.All() {
		out = append(out, t.Name)
	}
	slices.Sort(out)
	return out
}

// flagValues are the values a flag may take: the chosen tool's argument
// names for --arg (then the values an argument's schema lists), tool and
// collection names, output formats, profiles.
func flagValues(cmd *cli.Command, flag string, positional []string, cur string) []string {
	switch flag {
	case "arg":
		if len(positional) == 0 {
			return nil
		}
		t, ok := tools.NewRegistry(tools.All()...).Get(positional[0])
		if !ok {
			return nil
		}
		if name, _, ok := strings.Cut(cur, "="); ok {
			var out []string
			for _, a := range t.Arguments() {
				if a.Name == name {
					for _, v := range a.Values {
						out = append(out, name+"="+v)
					}
				}
			}
			return out
		}
		var out []string
		for _, a := range t.Arguments() {
			out = append(out, a.Name+"=")
		}
		return out
	case "output":
		return []string{formatJSON, formatYAML, formatTable}
	case "include-tools", "exclude-tools", "confirm-tools":
		return toolNames()
	case "include-tool-collections", "exclude-tool-collections":
		return tools.NewRegistry(tools.All()...).Collections()
	case "grant-type":
		return []string{"authorization_code", "device_code", "client_credentials"}
	case "store-type":
		return []string{"keychain", "file"}
	case "root-domain":
		return pingone.RootDomains()
	case "profile":
		path, err := auth.ProfileFilePath(os.Getenv)
		if err != nil {
			return nil
		}
		cfg, err := auth.ReadProfileFile(path)
		if err != nil {
			return nil
		}
		return cfg.Names()
	}
	return nil
}

// The scripts. Each hands p1 the line up to the cursor and offers what
// comes back; a candidate ending in "=" (an argument name) takes no space
// after it, so its value can be typed at once.

const bashCompletion = `# bash completion for p1; source <(p1 completion bash)
_p1_complete() {
    local line="${COMP_LINE:0:COMP_POINT}"
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local out
    out="$("${COMP_WORDS[0]}" __complete -- "$line" 2>/dev/null)" || return 0
    # bash splits words at '=' and ':' too: hand back only the part of
    # each candidate after what bash takes for the current word.
    local word="${line##*[[:space:]]}"
    local pre="${word%"$cur"}"
    COMPREPLY=()
    local c
    while IFS= read -r c; do
        [[ -n "$c" ]] && COMPREPLY+=("${c#"$pre"}")
    done <<< "$out"
    if [[ ${#COMPREPLY[@]} -eq 1 && "${COMPREPLY[0]}" == *= ]]; then
        compopt -o nospace 2>/dev/null
    fi
    if [[ ${#COMPREPLY[@]} -eq 0 ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
}
complete -F _p1_complete p1
`

const zshCompletion = `#compdef p1
# zsh completion for p1; source <(p1 completion zsh)
_p1() {
    local line="${(j: :)words[1,CURRENT]}"
    local -a cands
    cands=("${(@f)$(${words[1]} __complete -- "$line" 2>/dev/null)}")
    local c
    for c in $cands; do
        [[ -z "$c" ]] && continue
        if [[ "$c" == *= ]]; then
            compadd -Q -S '' -- "$c"
        else
            compadd -Q -- "$c"
        fi
    done
    (( ${#cands} )) || _files
}
if (( $+functions[compdef] )); then
    compdef _p1 p1
fi
`

const fishCompletion = `# fish completion for p1; p1 completion fish > ~/.config/fish/completions/p1.fish
complete -c p1 -f -a '(p1 __complete -- (commandline -cp))'
`
