package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/urfave/cli/v3"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

func mcpCommand(g *globals) *cli.Command {
	return &cli.Command{
		Name:  "mcp",
		Usage: "serve the tools to an MCP client",
		Commands: []*cli.Command{{
			Name:  "run",
			Usage: "serve the tools over MCP on stdio (a drop-in for pingone-mcp-server run)",
			Description: "Serves MCP on stdin/stdout; warnings and debug records go to stderr.\n" +
				"Accepts the flags and environment variables of Ping's pingone-mcp-server.\n" +
				"Read-only by default; writes to PRODUCTION environments are refused.\n\n" +
				"Sign-in variables (read as by every p1kit front end; see docs/auth.md):\n" +
				"  " + auth.EnvMCPEnvironmentID + ", " + auth.EnvRootDomain + "\n" +
				"  " + auth.EnvAuthorizationCodeClientID + ", " + auth.EnvAuthorizationCodeScopes + ",\n" +
				"  " + auth.EnvAuthorizationCodeRedirectURIPort + ", " + auth.EnvAuthorizationCodeRedirectURIPath + "\n" +
				"  " + auth.EnvDeviceCodeClientID + ", " + auth.EnvDeviceCodeScopes + "\n" +
				"  a worker application: " + auth.EnvClientID + ", " + auth.EnvClientSecret + "; a token: " + auth.EnvAccessToken,
			Flags: append(filterFlags(),
				&cli.StringFlag{Name: "grant-type", Usage: "sign-in grant: authorization_code, device_code or client_credentials " +
					"(default: the profile's, else guessed from the variables set)"},
				&cli.StringFlag{Name: "store-type", Usage: "token store: keychain (the OS store, falling back to encrypted files) or file (encrypted files)"},
				&cli.StringSliceFlag{Name: "toolsets", Usage: "list the tools of these toolsets (comma-separated: " + strings.Join(tools.ToolsetNames(), ", ") + ", or all); " +
					"default: the profile's, the policy file's, else " + strings.Join(tools.DefaultToolsets, ",") + " (all with --tool-mode discover); " +
					"--include-tools and --include-tool-collections alone select from every tool"},
				&cli.StringFlag{Name: "tool-mode", Value: mcp.ModeDirect, Usage: "direct: list every selected tool; discover: list " +
					"three small tools (search_tools, describe_tool, call_tool) that stand for them, under the same policy"},
			),
			Action: func(ctx context.Context, cmd *cli.Command) error {
				if cmd.Args().Present() {
					return usageErrorf("mcp run takes no arguments (got %q)", cmd.Args().First())
				}
				gt := strings.TrimSpace(cmd.String("grant-type"))
				switch gt {
				case "", "authorization_code", "device_code", "client_credentials":
				default:
					return usageErrorf("unknown --grant-type %q (want authorization_code, device_code or client_credentials)", gt)
				}
				mode := cmd.String("tool-mode")
				if mode != mcp.ModeDirect && mode != mcp.ModeDiscover {
					return usageErrorf("unknown --tool-mode %q (want %s or %s)", mode, mcp.ModeDirect, mcp.ModeDiscover)
				}
				switch st := cmd.String("store-type"); st {
				case "", "keychain", "file":
				default:
					return usageErrorf("unknown --store-type %q (want keychain or file)", st)
				}
				// A device-code sign-in must not block a tool call: the call
				// answers with the code and the next one after approval works.
				client, err := g.client(ctx, cmd, signIn{grantType: gt, background: true}, "p1-mcp")
				if exitCode(err) == exitAuth {
					// Nothing to sign in with (yet): serve anyway, as Ping's
					// server does, so the client initialises and lists the
					// tools; every call answers how to sign in.
					fmt.Fprintf(g.stderr, "p1: warning: %s; serving the tools anyway: each call answers how to sign in\n", oneLine(err.Error()))
					client, err = pingone.NewClient(pingone.WithLogger(g.logger(cmd)), pingone.WithTokenSource(noSignIn{err}))
				}
				if err != nil {
					return err
				}
				tk, err := g.toolkit(cmd, client, "mcp")
				if err != nil {
					return err
				}
				for _, w := range tk.Warnings() {
					fmt.Fprintln(g.stderr, "p1: warning:", w)
				}
				log := g.logger(cmd)
				log.Debug("mcp: serving on stdio", "tools", len(tk.Tools()), "mode", mode)
				// p1kit's stdio transport answers a malformed line with a
				// JSON-RPC error and goes on, where the SDK's would end.
				return mcp.Run(ctx, tk, &mcp.Options{
					Mode:      mode,
					Logger:    log,
					Transport: &mcp.StdioTransport{Reader: g.stdin, Writer: g.stdout, Logger: log},
				})
			},
		}},
	}
}

// noSignIn is the token source of an MCP server that cannot sign in: each
// call fails with why and how to sign in, as a tool result.
type noSignIn struct{ err error }

func (n noSignIn) Token() (*oauth2.Token, error) { return nil, n.err }

// toolsetsOf sets the toolsets of `p1 mcp run` from its flags
// (tools.Filter.ChooseToolsets decides which setting wins).
func toolsetsOf(cmd *cli.Command, f *tools.Filter, profile []string) {
	var given []string
	if cmd.IsSet("toolsets") {
		given = splitList(cmd.StringSlice("toolsets"))
		if given == nil {
			given = []string{}
		}
	}
	f.ChooseToolsets(given, profile, cmd.String("tool-mode") == mcp.ModeDiscover)
}
