package mcp

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/p1kit/p1kit/tools"
)

// Confirmation over MCP. When the toolkit says a call needs confirmation:
//
//   - a client that declared the elicitation capability gets an
//     input-required result (CallToolResult.InputRequests) holding one form
//     elicitation, "Delete user "alice" (id …) in environment "Sandbox"?",
//     and a signed RequestState; the SDK asks the person and calls again
//     with Params.InputResponses. accept runs the call (the toolkit sees
//     tools.WithConfirmed, never a forged argument); decline or cancel is a
//     refusal the model reads (tools.WithDeclined);
//   - a client that cannot elicit gets the toolkit's fail-closed message,
//     which tells the model to repeat the target in the confirm argument.
//
// The RequestState is an HMAC, under a key only this server holds, of the
// tool, its arguments and the target: an acceptance counts for the call it
// was asked about and no other.

const confirmInput = "confirm"

// The key is drawn when a call first needs it, not while a client waits
// for its first answers.
type confirmer struct{ key func() []byte }

func newConfirmer() *confirmer {
	return &confirmer{key: sync.OnceValue(func() []byte {
		key := make([]byte, 32)
		_, _ = rand.Read(key) // crypto/rand.Read never fails (Go ≥ 1.24)
		return key
	})}
}

// state binds a confirmation to one call: the target's id, a dot, and an
// HMAC of the tool, the arguments and the target.
func (c *confirmer) state(name string, args json.RawMessage, target string) string {
	m := hmac.New(sha256.New, c.key())
	for _, part := range [][]byte{[]byte(name), canonical(args), []byte(target)} {
		m.Write(part)
		m.Write([]byte{0})
	}
	return target + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// verify returns the target a state was issued for, if it was issued by
// this server for this very call.
func (c *confirmer) verify(name string, args json.RawMessage, state string) (string, bool) {
	i := strings.LastIndexByte(state, '.')
	if i < 0 {
		return "", false
	}
	target := state[:i]
	return target, hmac.Equal([]byte(state), []byte(c.state(name, args, target)))
}

// canonical re-encodes JSON arguments with sorted keys, so that a client
// re-sending them with another member order is the same call.
func canonical(args json.RawMessage) []byte {
	var v any
	if json.Unmarshal(args, &v) != nil {
		return args
	}
	b, _ := json.Marshal(v)
	return b
}

// canElicit reports whether the client declared form elicitation (an
// empty elicitation capability means form).
func canElicit(req *sdk.CallToolRequest) bool {
	if req == nil {
		return false
	}
	caps := req.ClientCapabilities()
	if caps == nil || caps.Elicitation == nil {
		return false
	}
	e := caps.Elicitation
	return e.Form != nil || e.URL == nil
}

// confirmationSchema is the form shown to the person: one checkbox.
var confirmationSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"confirm": map[string]any{"type": "boolean", "title": "Confirm", "description": "Run this call", "default": true},
	},
}

// answered handles the re-call that carries the person's answer; ok is
// false when the call carries none.
func (c *confirmer) answered(ctx context.Context, tk *tools.Toolkit, name string, args json.RawMessage, req *sdk.CallToolRequest) (*sdk.CallToolResult, bool) {
	if req == nil || req.Params == nil {
		return nil, false
	}
	resp, ok := req.Params.InputResponses[confirmInput]
	if !ok {
		return nil, false
	}
	target, valid := c.verify(name, args, req.Params.RequestState)
	if !valid {
		return errorResult(&tools.Error{Kind: tools.KindDenied, Tool: name,
			Message: "the confirmation sent does not belong to this call (its arguments or target differ). Nothing was sent to PingOne; call the tool again to be asked."}), true
	}
	return toolResult(tk.Call(answerContext(ctx, resp, target), name, args)), true
}

// answerContext reads the person's answer: accept (the checkbox left at its
// default or ticked) confirms; decline, cancel or an unticked box declines;
// anything else is a failed prompt, which never counts as a yes.
func answerContext(ctx context.Context, resp sdk.InputResponse, target string) context.Context {
	er, ok := resp.(*sdk.ElicitResult)
	if !ok || er == nil {
		return tools.WithConfirmationFailed(ctx, "the client's answer to the prompt is not an elicitation result")
	}
	switch er.Action {
	case "accept":
		switch v, given := er.Content["confirm"]; {
		case !given || v == true:
			return tools.WithConfirmed(ctx, target)
		case v == false:
			return tools.WithDeclined(ctx)
		default:
			return tools.WithConfirmationFailed(ctx, fmt.Sprintf("the client's answer holds confirm: %s, which is neither true nor false", shortJSON(v)))
		}
	case "decline", "cancel":
		return tools.WithDeclined(ctx)
	}
	return tools.WithConfirmationFailed(ctx, fmt.Sprintf("the client answered the prompt with action %s, which is none of accept, decline or cancel", shortJSON(er.Action)))
}

// shortJSON is a value of a client's answer for a message, cut short.
func shortJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "an unreadable value"
	}
	return cutRunes(string(b), 60)
}

// ask turns a refusal for want of confirmation into an input request when
// the client can elicit; nil otherwise (the refusal's message then tells
// the model how to confirm).
func (c *confirmer) ask(name string, args json.RawMessage, req *sdk.CallToolRequest, err error) *sdk.CallToolResult {
	var te *tools.Error
	if !errors.As(err, &te) || te.Kind != tools.KindNeedsConfirmation || te.Confirmation == nil || !canElicit(req) {
		return nil
	}
	conf := te.Confirmation
	return &sdk.CallToolResult{
		InputRequests: sdk.InputRequestMap{confirmInput: &sdk.ElicitParams{
			Mode:            "form",
			Message:         conf.Prompt(),
			RequestedSchema: confirmationSchema,
		}},
		RequestState: c.state(name, args, conf.TargetID),
	}
}
