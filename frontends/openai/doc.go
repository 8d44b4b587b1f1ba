// Package openai exposes a p1kit toolkit to OpenAI-style function calling,
// with plain encoding/json and no SDK: any client that speaks the Chat
// Completions or Responses API (openai-go, a hand-written HTTP loop, an
// OpenAI-compatible server) can use it.
//
//	tk, _ := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{FrontEnd: "openai"})
//	req["tools"] = openai.Tools(tk)               // or openai.ResponsesTools(tk)
//	d := openai.NewDispatcher(tk)
//	for _, m := range d.Dispatch(ctx, assistant.ToolCalls) {
//		messages = append(messages, m)            // {"role":"tool","tool_call_id",…,"content"}
//	}
//
// Every call goes through [tools.Toolkit.Call]: the same filter, guard,
// output shaping and audit as the MCP server and the p1 CLI. A tool the
// toolkit hides is not exported, and a refused call answers with the same
// text as an MCP error result.
//
// # Strict mode
//
// Every exported schema is ready for strict mode (Structured Outputs), and
// [CheckStrict] verifies it:
//
//   - every property is listed in required; a property the tool does not
//     require becomes nullable ("type":["string","null"]; null is added to
//     its enum), in nested objects and array items too;
//   - every object has "additionalProperties": false;
//   - the root is a plain object (no anyOf, oneOf or allOf at the top);
//   - kept as they are: type, description, title, properties, items, enum,
//     const, anyOf, $ref/$defs, pattern, format (date-time, time, date,
//     duration, email, hostname, ipv4, ipv6, uuid), minimum, maximum,
//     exclusiveMinimum, exclusiveMaximum, multipleOf, minItems, maxItems;
//   - converted: oneOf becomes anyOf, a one-branch allOf is merged in;
//   - dropped and described in words in the description: default,
//     minLength, maxLength, uniqueItems, minProperties, maxProperties,
//     examples and other formats ("(at most 64 characters)");
//   - a value strict mode cannot describe (a free-form object such as
//     customData, a map, an array of anything) becomes a string holding the
//     value as JSON text, and the description says so.
//
// Dropping a constraint loses nothing: the toolkit validates every call
// against the tool's full schema and answers with a message naming the
// field. A schema that strict mode cannot express at all (none of p1kit's)
// would be exported as it is with "strict": false.
//
// # Dispatching
//
// [Dispatcher.Dispatch] takes an assistant message's tool_calls and returns
// the role "tool" messages, in the same order. Before each call it undoes
// the strict-mode conversion: nulls of optional properties are dropped (the
// model sends null for "not given") and JSON text is decoded (text that is
// not valid JSON goes to the toolkit as it is, which refuses and audits the
// call; the message then says what was wrong with the text). Consecutive
// read-only calls run concurrently (at most MaxConcurrent at once); a call
// that changes the tenant runs alone, in the model's order. Malformed JSON,
// an unknown or hidden tool, a policy refusal and a PingOne error are all
// answered with a message the model can act on; ToolMessage.IsError marks
// them for the caller. [Dispatcher.DispatchResponses] does the same for the
// Responses API's function_call items.
package openai
