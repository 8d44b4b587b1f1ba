// Package tools defines p1kit's tools as data and runs every call, from
// every front end, through one pipeline.
//
// A [Tool] is metadata (name, title, description for a model, collection,
// [Effect]) plus a typed input struct, from which the JSON Schema is derived,
// and a handler. [New] builds one; [All] returns every tool p1kit ships;
// a [Registry] holds them by name.
//
// A [Toolkit] is a registry seen through a policy, plus the PingOne client:
//
//	tk, err := tools.Open(client)                      // read-only, default guard
//	tk, err := tools.Open(client, tools.WithPolicy(p)) // a policy file (ParsePolicy)
//	res, err := tk.Call(ctx, "list_populations", json.RawMessage(`{"environmentId":"…"}`))
//
// (NewToolkit takes a registry and a Config, for front ends that build
// both themselves.)
//
// Most resource families are declarations: a [Family] builds a family's
// list/get/create/update/delete tools with the shaping they all share, and
// its special tools are written by hand beside it (populations.go holds a
// whole family; users.go a declaration and the user's special verbs).
//
// The policy reads facts each tool declares — its [Target], [Confirm],
// PersonalData, [Grant], environment arguments (see [Meta]) — never its
// name, so a new tool gets the right prompt, guard and audit record
// without a change to the engine.
//
// Call runs, in order: look up (unknown or filtered-out names fail with
// nothing else done) → validate the arguments against the schema (messages
// name the field) → guard (environment allow/deny lists and per-environment
// rules, the production guard, argument rules, confirmation of destructive
// calls, dry run; it fails closed when it cannot check) → handler → shape
// (a JSON object; lists return compact summaries and a cursor; then the
// [OutputPolicy]: secrets redacted, hidden characters in tenant text
// removed and instruction-like text marked ⟦untrusted⟧ and listed under
// "_untrusted", results cut to a size budget with a cursor that continues
// exactly where the cut happened) → audit (one record per call, arguments
// redacted). A [Policy] file holds all of it; docs/policy.md describes the
// guard rules.
//
// The policy is applied in a documented order that fails closed: see
// [Filter] for which tools exist (read-only by default) and the guard on
// [Toolkit.Call] for what a call may do. Failures are *[Error] values whose
// [Kind] lets a front end map them (a tool error for MCP, an exit code for
// the CLI) without knowing PingOne. A write that reached PingOne but whose
// answer was lost, and that the client's read-back could not settle, is
// [KindOutcomeUnknown]: never a plain failure, its message says the write
// may have been applied and names the tool that tells (errors.go).
//
// Tool annotations are derived from the declared Effect, so every tool sets
// read-only, destructive, idempotent and open-world explicitly.
//
// Argument naming: every string argument whose name ends in "Id" must be a
// UUID; this is enforced by the schema, so an id can never be used to reach
// another path.
package tools
