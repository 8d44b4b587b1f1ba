// The p1 command is the one-shot command line front end of p1kit:
//
//	p1 tool list | describe NAME | call NAME   run a tool (arguments from --arg, --json or stdin)
//	p1 mcp run                                 serve the tools over MCP on stdio
//	p1 sandbox                                 serve the PingOne emulator on a loopback port
//	p1 policy check FILE                       validate a policy file (--policy, P1_POLICY)
//	p1 auth login | status | logout            sign in as an administrator, show or end the session
//	p1 doctor                                  check configuration, token store, hosts, sign-in, roles, policy
//	p1 completion bash | zsh | fish            a shell completion script (answered by p1 __complete)
//	p1 version
//
// Every tool call goes through tools.Toolkit.Call, like every other front
// end; this package only translates flags to a call and a result to text.
//
// Decisions:
//
//   - main is thin: run(ctx, args, stdin, stdout, stderr) returns the exit
//     code, so every command is tested in process.
//   - Exit codes scripts can branch on: 0 ok; 1 PingOne/API or internal
//     error; 2 usage (bad flags, unknown tool, invalid arguments, malformed
//     JSON); 3 refused by policy (the guard, a rule, a destructive call not
//     confirmed — asked on a terminal, else --yes — and a tool that
//     exists but is hidden by read-only mode or the filter flags: a policy
//     choice, not a typo); 4 authentication (also: no credentials
//     configured, and no stored session while stdin is not a terminal); 5
//     not found; 6 network (the API or the auth host gave no answer); 7
//     outcome unknown (a write whose answer was lost and that no read-back
//     could settle: it may have been applied, and the message names the
//     read to run); 130 interrupted. Errors are one line "p1: <message>" on
//     stderr; results go to stdout.
//   - `p1 mcp run` writes nothing but MCP to stdout; warnings (write tools
//     dropped by read-only mode), notes and --debug records go to stderr.
//     It serves on mcp.StdioTransport, which answers a malformed line with a
//     JSON-RPC error and goes on to the next.
//   - The embedded emulator (--sandbox) and `p1 sandbox` serve
//     pingonetest.New() on a loopback listener p1 owns, so --addr/--port
//     work and shutdown is graceful.
//   - Sign-in (docs/auth.md): `p1 auth login|status|logout` signs an
//     administrator in (authorization code with PKCE, or device code) and
//     keeps the session per profile in the OS keychain or encrypted files;
//     profiles live in config.json under $P1_CONFIG_DIR or the user config
//     directory, chosen with --profile / P1_PROFILE; flags and variables
//     override them (the official server's names included). Otherwise the
//     client credentials of a worker app (PINGONE_CLIENT_ID,
//     PINGONE_CLIENT_SECRET, PINGONE_MCP_ENVIRONMENT_ID) or a static
//     PINGONE_ACCESS_TOKEN. Which of these, with which client id and
//     scopes, is auth.Resolve's choice, the one every p1kit front end
//     makes; p1 only maps its flags onto auth.SignInOptions (the flags
//     read their own variables, so --help names them) and auth's errors
//     onto exit codes and flag hints. Sign-in is lazy: nothing signs in
//     before the first call, so `p1 mcp run` starts and lists tools
//     without it — even with no credentials at all, when every call
//     answers how to sign in. A one-shot call never waits for a sign-in
//     nobody can see: with stdin not a terminal and no stored session it
//     fails at once (exit 4) unless --wait-for-sign-in.
//     Secrets are read from the environment (a flag shows in ps) and never
//     printed or logged; tokens never either. --sandbox starts the emulator
//     in process and signs in as its demo worker, so everything works with
//     no tenant and no credentials.
//   - tool list and tool describe need no credentials: they read the registry.
//   - People name things: --env NAME|ID (P1_ENV, the profile's
//     "environment") fills environmentId, and id arguments take exact names,
//     both done by the toolkit (tools.Config.ResolveNames,
//     DefaultEnvironment) so the lookups follow the family declarations.
//     Output is a table on a terminal and JSON when piped; --paginate
//     follows nextCursor, --jq filters with gojq. Secret arguments are
//     asked for (terminal, no echo) or read from stdin, never needed in argv.
//   - --arg values are JSON when they parse as JSON (numbers, booleans,
//     objects, arrays, quoted strings) and strings otherwise; dotted keys build
//     nested objects. --json gives the whole object; --arg is applied on top.
//     Stdin is read as the JSON object only when the tool name is followed
//     by "-" (a p1 in a shell loop must not swallow its input). Arguments
//     given whole (--json or stdin, no --arg) reach the toolkit as they
//     came, so a malformed value is worded as in every front end; stdin is
//     read up to tools.MaxArgumentBytes and a policy file up to
//     tools.MaxPolicyBytes, never into memory whole.
package main
