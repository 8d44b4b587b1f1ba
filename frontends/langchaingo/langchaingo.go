// Package langchaingo exposes a p1kit toolkit to LangChainGo agents: every
// tool the toolkit makes visible becomes a github.com/tmc/langchaingo/tools.Tool.
//
//	tk, _ := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{FrontEnd: "langchaingo"})
//	agent := agents.NewOneShotAgent(llm, langchaingo.Tools(tk))
//
// It is its own Go module (github.com/p1kit/p1kit/frontends/langchaingo), so
// that LangChainGo and what it pulls in (tiktoken, starlark, …) stay out of
// the core module's dependencies.
//
// A LangChainGo tool takes one string. Description carries the tool's
// argument schema (as compact JSON Schema) so that a ReAct-style agent can
// write the input; Call accepts
//
//   - the JSON object of arguments, as the schema describes it;
//   - the same wrapped the way LangChainGo's function-calling agents wrap a
//     single string argument: {"__arg1": "{\"environmentId\": …}"};
//   - the object inside a Markdown code fence, as models often write it;
//   - for a tool with exactly one required string argument, that argument's
//     bare value (get_environment's environment id, for example).
//
// DiscoveryTools offers the toolkit's discovery mode instead: three tools
// (search_tools, describe_tool, call_tool) that stand for every tool tk
// exposes, under the same policy (tools.Toolkit.Discover); put
// tk.DiscoveryInstructions() in the agent's prompt.
//
// Nulls of optional arguments are dropped (models write null for "not
// given"). Every call
// goes through [tools.Toolkit.Call]: the same filter, guard, shaping and
// audit as the MCP server. Call never returns a Go error for a failed tool
// call — an error would end the agent's run: the result and every failure
// (bad input, an unknown tool, a policy refusal, a PingOne error) come back
// as text the model can act on, the failure text being the same as an MCP
// error result's.
package langchaingo

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"

	lctools "github.com/tmc/langchaingo/tools"

	"github.com/p1kit/p1kit/tools"
)

// Tool is one toolkit tool as a LangChainGo tool.
type Tool struct {
	tk          *tools.Toolkit
	name        string
	required    []string
	sole        string // the only required argument, when it is a string
	description string
	call        func(ctx context.Context, args json.RawMessage) (*tools.Result, error)
}

var _ lctools.Tool = (*Tool)(nil)

// Tools returns every tool tk exposes, in tk's order. A tool the toolkit's
// filter hides is absent.
func Tools(tk *tools.Toolkit) []lctools.Tool {
	list := tk.Tools()
	out := make([]lctools.Tool, 0, len(list))
	for _, t := range list {
		out = append(out, New(tk, t))
	}
	return out
}

// DiscoveryTools returns the three discovery tools of tk, which stand for
// every tool tk exposes.
func DiscoveryTools(tk *tools.Toolkit) []lctools.Tool {
	var out []lctools.Tool
	for _, d := range tk.DiscoveryDefinitions() {
		name := d.Name
		out = append(out, newTool(tk, d, func(ctx context.Context, args json.RawMessage) (*tools.Result, error) {
			return tk.Discover(ctx, name, args)
		}))
	}
	return out
}

// New returns one tool of tk as a LangChainGo tool. Its description
// carries the compact schema clients receive (tools.Definition).
func New(tk *tools.Toolkit, t *tools.Tool) *Tool {
	d, ok := tk.Definition(t.Name)
	if !ok {
		schema, err := json.Marshal(t.InputSchema())
		if err != nil {
			schema = []byte("{}")
		}
		d = tools.Definition{Name: t.Name, Description: t.Description, InputSchema: schema}
	}
	name := t.Name
	return newTool(tk, d, func(ctx context.Context, args json.RawMessage) (*tools.Result, error) {
		return tk.Call(ctx, name, args)
	})
}

func newTool(tk *tools.Toolkit, d tools.Definition, call func(context.Context, json.RawMessage) (*tools.Result, error)) *Tool {
	var schema struct {
		Required   []string `json:"required"`
		Properties map[string]struct {
			Type any `json:"type"`
		} `json:"properties"`
	}
	_ = json.Unmarshal(d.InputSchema, &schema)
	t := &Tool{tk: tk, name: d.Name, required: schema.Required, call: call,
		description: strings.TrimSpace(d.Description) + " Input: a JSON object of arguments matching this JSON Schema: " + string(d.InputSchema)}
	if len(schema.Required) == 1 {
		switch typ := schema.Properties[schema.Required[0]].Type.(type) {
		case string:
			if typ == "string" {
				t.sole = schema.Required[0]
			}
		case []any:
			if len(typ) == 1 && typ[0] == "string" {
				t.sole = schema.Required[0]
			}
		}
	}
	return t
}

// Name is the tool's name.
func (t *Tool) Name() string { return t.name }

// Description is the tool's description followed by its argument schema.
func (t *Tool) Description() string { return t.description }

// Call runs the tool with input (see the package doc for the accepted
// forms) and returns its JSON result, or the failure as text. The error is
// nil unless ctx is done, so an agent reads failures as observations.
func (t *Tool) Call(ctx context.Context, input string) (string, error) {
	res, err := t.call(ctx, t.arguments(input))
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return err.Error(), nil
	}
	return string(res.Data), nil
}

// arguments turns the agent's input into the JSON object the toolkit takes.
// Input it cannot read is passed on unchanged: the toolkit refuses it with a
// message saying what is wrong.
func (t *Tool) arguments(input string) json.RawMessage {
	s := unfence(strings.TrimSpace(input))
	if s == "" {
		return json.RawMessage("{}")
	}
	obj, ok := object(s)
	if ok {
		if len(obj) == 1 {
			if inner, isStr := obj["__arg1"].(string); isStr {
				inner = unfence(strings.TrimSpace(inner))
				if o, ok := object(inner); ok {
					obj = o
				} else if name := t.soleStringArg(); name != "" {
					obj = map[string]any{name: inner}
				}
			}
		}
		for k, v := range obj {
			if v == nil && !slices.Contains(t.required, k) {
				delete(obj, k) // null for "not given"
			}
		}
		b, err := json.Marshal(obj)
		if err == nil {
			return b
		}
	}
	if s[0] != '{' && s[0] != '[' {
		if name := t.soleStringArg(); name != "" {
			b, _ := json.Marshal(map[string]string{name: strings.Trim(s, `"'`)})
			return b
		}
	}
	return json.RawMessage(s)
}

// soleStringArg names the tool's only required argument if it is a string.
func (t *Tool) soleStringArg() string { return t.sole }

func object(s string) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil || dec.More() {
		return nil, false
	}
	return obj, true
}

// unfence strips a Markdown code fence (```json … ```) around s.
func unfence(s string) string {
	if !strings.HasPrefix(s, "```") {
		return s
	}
	s = strings.TrimPrefix(s, "```")
	if nl := strings.IndexByte(s, '\n'); nl >= 0 && !strings.HasPrefix(strings.TrimSpace(s[:nl]), "{") {
		s = s[nl+1:]
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "```"))
}
