// Package mcp serves a [tools.Toolkit] as a Model Context Protocol server,
// built on github.com/modelcontextprotocol/go-sdk.
//
// [NewServer] serves one MCP tool per tool the toolkit exposes (the
// toolkit's filter has already applied read-only mode and the include/exclude
// lists, so a filtered-out tool is not listed; a call to it gets the
// toolkit's refusal, saying why it is hidden, as a tool error; a name p1kit
// does not ship is the protocol's invalid-params error, worded by the
// toolkit and audited). Each tool carries the toolkit's name, title,
// description, input schema and the hints that differ from MCP's defaults.
// tools/list is answered from JSON written once from the definitions, and a
// tool is added to the SDK's server when it is first called, so that start-up
// does no per-tool work beyond the toolkit's own.
//
// The handler is a translation and nothing more: it passes the raw arguments
// to [tools.Toolkit.Call], which validates them, applies the guard and calls
// PingOne. A success is returned as JSON text plus the same object as
// structured content. Every failure — invalid arguments, a policy denial, a
// PingOne error — is returned as a tool result with isError set and the
// toolkit's message as text, never as a JSON-RPC error: a protocol error is
// invisible to the model, while a tool error tells it what to fix.
//
// Destructive calls need confirmation (see confirm.go and docs/policy.md):
// a client with the elicitation capability is asked through an
// input-required result (CallToolResult.InputRequests, a form elicitation)
// and the re-call runs only on accept, with a RequestState signed by a key
// only this server holds; a client without it gets the toolkit's refusal,
// which tells the model to repeat the target in the confirm argument. A
// prompt that fails — the client answers it with an error, an action other
// than accept, decline or cancel, a form that does not match, or an answer
// that cannot be read at all — is a tool result saying that the call was
// not confirmed and nothing was sent, never a yes and never a JSON-RPC
// error.
//
// A device-code sign-in in progress (auth.SignInPendingError in the call's
// error chain) is shown to the user through a URL-mode elicitation when the
// client supports one (CallToolResult.InputRequests; the re-call waits for
// the approval to land), and otherwise in the tool's error text, which
// names the verification URL and the code.
//
// [Run] serves the server on stdio (or another transport given in
// [Options]); `p1 mcp run` is a thin wrapper around it. Its
// [StdioTransport] reads one message per line and survives malformed
// frames: invalid JSON or UTF-8 gets a -32700 parse error, JSON that is not
// one JSON-RPC request (a batch, a scalar, a wrong "jsonrpc", method or id)
// a -32600 invalid-request error, a line over [DefaultMaxFrameBytes] is
// read to its end and refused the same way, and the next line is served
// as if nothing happened. No error goes out with code 0.
package mcp
