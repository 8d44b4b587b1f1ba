// Package mcp serves a [tools.Toolkit] as a Model Context Protocol server,
// built on github.com/modelcontextprotocol/go-sdk.
//
// [NewServer] registers one MCP tool per tool the toolkit exposes (the
// toolkit's filter has already applied read-only mode and the include/exclude
// lists, so a filtered-out tool is simply not there and the SDK rejects calls
// to it as unknown). Each tool carries the toolkit's name, title, description,
// input schema and all four annotations set explicitly (the SDK treats a
// missing destructiveHint or openWorldHint as true).
//
// The handler is a translation and nothing more: it passes the raw arguments
// to [tools.Toolkit.Call], which validates them, applies the guard and calls
// PingOne. A success is returned as JSON text plus the same object as
// structured content. Every failure — invalid arguments, a policy denial, a
// PingOne error — is returned as a tool result with isError set and the
// toolkit's message as text, never as a JSON-RPC error: a protocol error is
// invisible to the model, while a tool error tells it what to fix.
//
// A device-code sign-in in progress (auth.SignInPendingError in the call's
// error chain) is shown to the user through a URL-mode elicitation when the
// client supports one (CallToolResult.InputRequests; the re-call waits for
// the approval to land), and otherwise in the tool's error text, which
// names the verification URL and the code.
//
// [Run] serves the server on stdio (or another transport given in
// [Options]); `p1 mcp run` is a thin wrapper around it.
package mcp
