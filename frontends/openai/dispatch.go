package openai

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/p1kit/p1kit/tools"
)

// ToolCall is one entry of an assistant message's tool_calls.
type ToolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type,omitempty"`
	Function FunctionCall `json:"function"`
}

// FunctionCall is the function a ToolCall names; Arguments is a JSON object
// encoded as a string, as the API sends it.
type FunctionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// ToolMessage is the answer to one ToolCall: a {"role":"tool"} message.
type ToolMessage struct {
	// Role is always "tool".
	Role       string `json:"role"`
	ToolCallID string `json:"tool_call_id"`
	// Content is the tool's JSON result, or the error text on failure.
	Content string `json:"content"`
	// IsError is true when Content is an error message (not sent to the API).
	IsError bool `json:"-"`
}

// FunctionCallItem is a Responses API output item of type "function_call".
type FunctionCallItem struct {
	Type      string `json:"type"`
	CallID    string `json:"call_id"`
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// FunctionCallOutput is the Responses API input item answering a
// FunctionCallItem: {"type":"function_call_output","call_id","output"}.
type FunctionCallOutput struct {
	Type    string `json:"type"`
	CallID  string `json:"call_id"`
	Output  string `json:"output"`
	IsError bool   `json:"-"`
}

// Dispatcher runs a model's tool calls through a toolkit. It is safe for
// concurrent use.
type Dispatcher struct {
	tk       *tools.Toolkit
	codecs   map[string]*codec
	discover bool
	// MaxConcurrent bounds how many read calls of one batch run at once;
	// zero means 4.
	MaxConcurrent int
}

// NewDispatcher returns a dispatcher for the tools tk exposes, expecting
// arguments written against the schemas Tools exports.
func NewDispatcher(tk *tools.Toolkit) *Dispatcher {
	d := &Dispatcher{tk: tk, codecs: map[string]*codec{}}
	for _, def := range tk.Definitions() {
		d.codecs[def.Name] = export(def).codec
	}
	return d
}

// NewDiscoveryDispatcher returns a dispatcher for the tools DiscoveryTools
// exports: call_tool runs the tool it names through the toolkit's Call, so
// its guard, confirmation, dry run, output policy, audit and refusals are
// those of a direct call.
func NewDiscoveryDispatcher(tk *tools.Toolkit) *Dispatcher {
	d := &Dispatcher{tk: tk, codecs: map[string]*codec{}, discover: true}
	for _, def := range tk.DiscoveryDefinitions() {
		d.codecs[def.Name] = export(def).codec
	}
	return d
}

// Call runs one call: arguments is the JSON text the model wrote. It returns
// the content of the tool message and, on failure, the toolkit's error
// (a *tools.Error), whose text is the content.
func (d *Dispatcher) Call(ctx context.Context, name, arguments string) (string, error) {
	args, hints := d.prepare(name, arguments)
	call := d.tk.Call
	if d.discover {
		call = d.tk.Discover
	}
	res, err := call(ctx, name, args)
	if err != nil {
		// The same text the MCP front end puts in an error result, plus what
		// only this front end knows (JSON text that did not parse).
		msg := err.Error()
		if len(hints) > 0 {
			msg += " (" + strings.Join(hints, "; ") + ")"
		}
		return msg, err
	}
	return string(res.Data), nil
}

// Dispatch answers the tool_calls of one assistant message, one message per
// call in the same order. Consecutive read-only calls run concurrently;
// each call that changes the tenant runs alone, after the calls before it
// and before the calls after it, so the model's order of writes holds.
// Failures (malformed JSON, an unknown tool, a policy refusal, a PingOne
// error) are messages the model can act on, never a Go error.
func (d *Dispatcher) Dispatch(ctx context.Context, calls []ToolCall) []ToolMessage {
	out := make([]ToolMessage, len(calls))
	d.run(len(calls), func(i int) string { return calls[i].Function.Name }, func(i int) {
		content, err := d.Call(ctx, calls[i].Function.Name, calls[i].Function.Arguments)
		out[i] = ToolMessage{Role: "tool", ToolCallID: calls[i].ID, Content: content, IsError: err != nil}
	})
	return out
}

// DispatchResponses is Dispatch for the Responses API's function_call items.
func (d *Dispatcher) DispatchResponses(ctx context.Context, items []FunctionCallItem) []FunctionCallOutput {
	out := make([]FunctionCallOutput, len(items))
	d.run(len(items), func(i int) string { return items[i].Name }, func(i int) {
		content, err := d.Call(ctx, items[i].Name, items[i].Arguments)
		out[i] = FunctionCallOutput{Type: "function_call_output", CallID: items[i].CallID, Output: content, IsError: err != nil}
	})
	return out
}

// run calls do(i) for i in [0,n): runs of reads concurrently, writes alone.
func (d *Dispatcher) run(n int, name func(int) string, do func(int)) {
	limit := d.MaxConcurrent
	if limit <= 0 {
		limit = 4
	}
	for i := 0; i < n; {
		if d.isWrite(name(i)) {
			do(i)
			i++
			continue
		}
		j := i
		for j < n && !d.isWrite(name(j)) {
			j++
		}
		if j-i == 1 {
			do(i)
		} else {
			var wg sync.WaitGroup
			sem := make(chan struct{}, limit)
			for k := i; k < j; k++ {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					do(k)
				})
			}
			wg.Wait()
		}
		i = j
	}
}

// isWrite says whether a call may change the tenant. Unknown and hidden
// names are refused by the toolkit without side effects, so they count as
// reads.
func (d *Dispatcher) isWrite(name string) bool {
	if d.discover {
		// call_tool may write; searching and describing never do.
		return name == tools.CallToolName
	}
	t, ok := d.tk.Tool(name)
	return ok && t.IsWrite()
}

// prepare turns strict-mode arguments back into the tool's own shape:
// nulls of optional properties are dropped and JSON text is decoded. What it
// cannot read goes to the toolkit unchanged, so that every call, refused or
// not, takes the one pipeline (and its audit); hints say why, for the
// message.
func (d *Dispatcher) prepare(name, arguments string) (json.RawMessage, []string) {
	raw := json.RawMessage(strings.TrimSpace(arguments))
	if len(raw) == 0 {
		return json.RawMessage("{}"), nil
	}
	c := d.codecs[name]
	if c == nil || len(raw) > tools.MaxArgumentBytes || !utf8.Valid(raw) {
		// Unknown tools, oversized arguments and text that is not UTF-8 are
		// refused by the toolkit as they came; decoding them here would read
		// what is too large and quietly turn bad bytes into U+FFFD.
		return raw, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return raw, nil
	}
	var hints []string
	v = c.decode("", v, &hints)
	b, err := json.Marshal(v)
	if err != nil {
		return raw, nil
	}
	return b, hints
}

// decode applies the codec to a value at path (for hints).
func (c *codec) decode(path string, v any, hints *[]string) any {
	if c.jsonText {
		s, ok := v.(string)
		if !ok {
			return v // already a JSON value: the toolkit judges it
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var inner any
		if err := dec.Decode(&inner); err != nil || dec.More() {
			*hints = append(*hints, fmt.Sprintf("argument %q is passed as JSON text in a string, and that text is not valid JSON: %v",
				strings.TrimPrefix(path, "."), errOrTrailing(err)))
			return v
		}
		return inner
	}
	switch val := v.(type) {
	case map[string]any:
		for k, pv := range val {
			pc := c.props[k]
			if pc == nil {
				continue // unknown here: the toolkit names it
			}
			if pv == nil && pc.optional {
				delete(val, k)
				continue
			}
			val[k] = pc.decode(path+"."+k, pv, hints)
		}
	case []any:
		if c.items != nil {
			for i, iv := range val {
				val[i] = c.items.decode(fmt.Sprintf("%s[%d]", path, i), iv, hints)
			}
		}
	}
	return v
}

func errOrTrailing(err error) error {
	if err != nil {
		return err
	}
	return errors.New("text after the JSON value")
}
