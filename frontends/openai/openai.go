package openai

import (
	"encoding/json"
	"fmt"

	"github.com/p1kit/p1kit/tools"
)

// FunctionTool is one tool in the Chat Completions shape:
// {"type":"function","function":{"name","description","parameters","strict"}}.
type FunctionTool struct {
	// Type is always "function".
	Type     string             `json:"type"`
	Function FunctionDefinition `json:"function"`
}

// FunctionDefinition is the function of a FunctionTool. Parameters is a
// map[string]any, the type openai-go's shared.FunctionParameters has, so it
// can be handed to that SDK as it is.
type FunctionDefinition struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Parameters  map[string]any `json:"parameters"`
	// Strict is true for every p1kit tool; it is false only for a schema
	// strict mode cannot express (Parameters is then the tool's own schema).
	Strict bool `json:"strict"`
}

// ResponsesTool is one tool in the Responses API shape, where the function
// fields sit at the top level: {"type":"function","name",…}.
type ResponsesTool struct {
	// Type is always "function".
	Type        string         `json:"type"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Parameters  map[string]any `json:"parameters"`
	Strict      bool           `json:"strict"`
}

// Tools returns the tools tk exposes, in the Chat Completions shape and in
// tk's order (sorted by name), from the toolkit's compact definitions
// (tools.Definition): put tk.Instructions() in the system prompt, which
// says once what the definitions leave out. A tool the toolkit's filter
// hides is absent. Each call builds fresh maps: callers may change the
// result.
func Tools(tk *tools.Toolkit) []FunctionTool {
	return functionTools(tk.Definitions())
}

// DiscoveryTools returns tk's three discovery tools (search_tools,
// describe_tool, call_tool), which stand for every tool tk exposes under
// the same policy; answer their calls with NewDiscoveryDispatcher, and put
// tk.DiscoveryInstructions() in the system prompt.
func DiscoveryTools(tk *tools.Toolkit) []FunctionTool {
	return functionTools(tk.DiscoveryDefinitions())
}

func functionTools(defs []tools.Definition) []FunctionTool {
	out := make([]FunctionTool, 0, len(defs))
	for _, d := range defs {
		e := export(d)
		out = append(out, FunctionTool{Type: "function", Function: FunctionDefinition{
			Name: d.Name, Description: d.Description, Parameters: e.params, Strict: e.strict,
		}})
	}
	return out
}

// ResponsesTools returns the same tools as Tools in the Responses API shape.
func ResponsesTools(tk *tools.Toolkit) []ResponsesTool {
	defs := tk.Definitions()
	out := make([]ResponsesTool, 0, len(defs))
	for _, d := range defs {
		e := export(d)
		out = append(out, ResponsesTool{Type: "function", Name: d.Name, Description: d.Description, Parameters: e.params, Strict: e.strict})
	}
	return out
}

// exported is one tool's strict-mode schema and the codec that maps
// arguments written against it back to the tool's own schema.
type exported struct {
	params map[string]any
	strict bool
	codec  *codec
}

// export converts a tool's input schema. Its JSON form is the source, so
// the conversion depends on nothing but what the schema says.
func export(d tools.Definition) exported {
	raw := d.InputSchema
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil || generic == nil {
		// The toolkit rendered this schema: it is always a JSON object.
		panic(fmt.Sprintf("openai: schema of %s is not a JSON object", d.Name))
	}
	params, c, ok := strictify(generic)
	if ok && CheckStrict(params) == nil {
		return exported{params: params, strict: true, codec: c}
	}
	// Not expressible in strict mode: the tool's own schema, strict off,
	// arguments passed through unchanged.
	var own map[string]any
	_ = json.Unmarshal(raw, &own)
	return exported{params: own, strict: false, codec: nil}
}
