package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/p1kit/p1kit/pingone"
)

// version is set by release builds (-ldflags "-X main.version=…"); other
// builds take it from the build info (go install …@v1.2.3 records the
// module version) or, built from a checkout, p1kit's version and the commit.
var version string

// buildVersion is the one version string p1 prints: `p1 version`,
// `p1 --version` and `p1 doctor` all show it.
func buildVersion() string {
	if version != "" {
		return strings.TrimPrefix(version, "v")
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return pingone.Version
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return strings.TrimPrefix(v, "v")
	}
	v := pingone.Version + "-dev"
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ".dirty"
			}
		}
	}
	if rev != "" {
		v += "+" + rev[:min(len(rev), 12)] + modified
	}
	return v
}

func printVersion(cmd *cli.Command) {
	fmt.Fprintf(cmd.Root().Writer, "p1 %s\n", buildVersion())
}

// examples are the EXAMPLES section of each command's help, by full name;
// TestEveryCommandHasExamples keeps a command from shipping without.
var examples = map[string]string{
	"p1": `p1 --sandbox tool list
p1 --sandbox --env Sandbox tool call list_users --arg limit=2
p1 auth login --client-id CLIENT_ID --environment-id ENV_ID
p1 doctor`,
	"p1 tool": `p1 tool list --all
p1 tool describe list_users
p1 --sandbox --env Sandbox tool call get_population --arg populationId=Employees`,
	"p1 tool list": `p1 tool list
p1 tool list --disable-read-only --include-tool-collections users,groups
p1 tool list --why -o json`,
	"p1 tool describe": `p1 tool describe set_user_password
p1 tool describe list_users -o json   # the input schema`,
	"p1 tool call": `p1 --sandbox --env Sandbox tool call list_users --arg limit=2
p1 --sandbox --env Sandbox tool call list_users --paginate --jq '.users[].username'
p1 --sandbox tool call get_user --arg environmentId=Sandbox --arg userId=jdoe -o yaml
echo '{"environmentId":"Sandbox","limit":5}' | p1 --sandbox tool call list_groups -
p1 --sandbox --env Sandbox --yes tool call --disable-read-only set_user_password --arg userId=jdoe   # asks for the password`,
	"p1 mcp":     `p1 mcp run --sandbox`,
	"p1 mcp run": "p1 mcp run --sandbox\np1 --profile work mcp run --disable-read-only --include-tool-collections users",
	"p1 sandbox": `p1 sandbox --port 8080`,
	"p1 policy":  `p1 policy check policy.yaml`,
	"p1 policy check": `p1 policy check policy.yaml
p1 --policy policy.yaml tool list --why`,
	"p1 auth": `p1 auth login --client-id CLIENT_ID --environment-id ENV_ID
p1 auth status
p1 auth logout`,
	"p1 auth login": `p1 auth login --client-id CLIENT_ID --environment-id ENV_ID                  # browser sign-in
p1 --profile work auth login --grant-type device_code --client-id CLIENT_ID --environment-id ENV_ID`,
	"p1 auth status": `p1 auth status
p1 --profile work auth status`,
	"p1 auth logout": `p1 auth logout
p1 --profile work auth logout`,
	"p1 version":    `p1 version`,
	"p1 completion": "source <(p1 completion bash)\np1 completion zsh > \"${fpath[1]}/_p1\"\np1 completion fish > ~/.config/fish/completions/p1.fish",
	"p1 doctor":     "p1 doctor\np1 --profile work doctor",
}

// examplesOf is the EXAMPLES text of a command, indented.
func examplesOf(cmd *cli.Command) string {
	ex := examples[cmd.FullName()]
	if ex == "" {
		return ""
	}
	return "   " + strings.ReplaceAll(ex, "\n", "\n   ")
}

// globalNames lists the root flags by name, for the one line of a
// subcommand's help that points at `p1 --help` instead of repeating them.
func globalNames(flags []cli.Flag) string {
	var names []string
	for _, f := range flags {
		names = append(names, "--"+f.Names()[0])
	}
	var b strings.Builder
	line := 3
	b.WriteString("   ")
	for i, n := range names {
		if i > 0 {
			b.WriteString(",")
			line++
			if line+len(n)+1 > 100 {
				b.WriteString("\n   ")
				line = 3
			} else {
				b.WriteString(" ")
				line++
			}
		}
		b.WriteString(n)
		line += len(n)
	}
	return b.String()
}

// The help of a subcommand shows its own flags and examples; the global
// flags are described once, in `p1 --help`.
const (
	examplesSection = `{{with examplesOf .}}

EXAMPLES:
{{.}}{{end}}`
	globalSection = `{{if .VisiblePersistentFlags}}

GLOBAL OPTIONS (see 'p1 --help'):
{{globalNames .VisiblePersistentFlags}}{{end}}
`
)

func init() {
	// p1 is the only program in this process: its templates are the ones.
	cli.VersionPrinter = printVersion
	cli.RootCommandHelpTemplate = strings.Replace(cli.RootCommandHelpTemplate, "{{if .Copyright}}", examplesSection+"{{if .Copyright}}", 1)
	for _, t := range []*string{&cli.CommandHelpTemplate, &cli.SubcommandHelpTemplate} {
		i := strings.Index(*t, "{{if .VisiblePersistentFlags}}")
		*t = (*t)[:i] + examplesSection + globalSection
	}
	cli.HelpPrinter = func(w io.Writer, templ string, data any) {
		cli.HelpPrinterCustom(w, templ, data, map[string]any{"examplesOf": examplesOf, "globalNames": globalNames})
	}
}
