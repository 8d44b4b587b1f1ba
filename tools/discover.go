package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Discovery: three small tools that stand for every tool a toolkit
// exposes, for clients that cannot carry the whole catalogue (or should
// not). search_tools finds tools by words, describe_tool gives one tool's
// definition, call_tool calls one. call_tool runs the toolkit's Call, so
// the guard, confirmation, dry run, output policy and audit are those of a
// direct call, and a tool the policy hides is refused in the same words.

// The discovery tools' names.
const (
	SearchToolsName  = "search_tools"
	DescribeToolName = "describe_tool"
	CallToolName     = "call_tool"
)

// searchLimit is how many tools search_tools returns unless asked.
const searchLimit = 8

// DiscoveryDefinitions are the definitions of the three discovery tools.
func (tk *Toolkit) DiscoveryDefinitions() []Definition {
	writes := slices.ContainsFunc(tk.Tools(), (*Tool).IsWrite)
	call := Annotations{ReadOnly: !writes, Destructive: writes, Idempotent: !writes}
	read := Annotations{ReadOnly: true, Idempotent: true}
	return []Definition{
		{Name: SearchToolsName, Title: "Search the tools",
			Description: "Finds p1kit's PingOne tools by words (e.g. \"lock user\", \"sign-on policy\", \"roles\"): names, titles and what each does, best first. Then describe_tool, then call_tool.",
			Annotations: read,
			InputSchema: json.RawMessage(`{"type":"object","properties":{"query":{"type":"string","description":"Words to look for; empty lists the first tools."},"limit":{"type":"integer","minimum":1,"maximum":50}},"required":["query"]}`)},
		{Name: DescribeToolName, Title: "Describe a tool",
			Description: "Returns one tool's description and input schema, to call it with call_tool.",
			Annotations: read,
			InputSchema: json.RawMessage(`{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}`)},
		{Name: CallToolName, Title: "Call a tool",
			Description: "Calls the tool named with its arguments (as describe_tool gives them) and returns its result; the policy, confirmation and dry run are those of the tool.",
			Annotations: call,
			InputSchema: json.RawMessage(`{"type":"object","properties":{"name":{"type":"string"},"arguments":{"type":"object"}},"required":["name"]}`)},
	}
}

// DiscoveryInstructions are the instructions of a discovery front end.
func (tk *Toolkit) DiscoveryInstructions() string {
	return tk.instructions([]string{
		"Only three tools are listed; they stand for all of the above: search_tools finds a tool by words, describe_tool gives its arguments, call_tool calls it with {\"name\": …, \"arguments\": {…}}.",
	})
}

// SearchHit is one tool search_tools found.
type SearchHit struct {
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Access      string `json:"access"`
}

// Search returns the visible tools that match the words of query, best
// first (words in the name count most, then the title, then the rest).
func (tk *Toolkit) Search(query string, limit int) []SearchHit {
	if limit <= 0 {
		limit = searchLimit
	}
	words := searchWords(query)
	sets := tk.reg.Toolsets()
	type scored struct {
		t     *Tool
		score int
	}
	var found []scored
	for _, t := range tk.Tools() {
		name := searchWords(t.Name + " " + t.Collection + " " + toolsetOf(sets, t.Collection))
		title := searchWords(t.Title)
		desc := searchWords(t.Description)
		score := 0
		for _, w := range words {
			switch {
			case matchWord(name, w):
				score += 4
			case matchWord(title, w):
				score += 2
			case matchWord(desc, w):
				score++
			}
		}
		if score > 0 || len(words) == 0 {
			found = append(found, scored{t, score})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return b.score - a.score })
	out := []SearchHit{}
	for _, f := range found[:min(limit, len(found))] {
		access := "read"
		if f.t.IsWrite() {
			access = "write"
		}
		out = append(out, SearchHit{Name: f.t.Name, Title: f.t.Title, Description: firstSentence(f.t.Description), Access: access})
	}
	return out
}

// searchWords splits text into lower-case words, snake_case and
// camelCase split too.
func searchWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// matchWord reports whether a word of the text starts with w, or w with it
// (users, user; policies, policy).
func matchWord(text []string, w string) bool {
	stem := strings.TrimSuffix(strings.TrimSuffix(w, "s"), "ie")
	for _, t := range text {
		if strings.HasPrefix(t, stem) || (len(t) > 3 && strings.HasPrefix(w, t)) {
			return true
		}
	}
	return false
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// Refusal is the error a call of name gets when name is not a visible
// tool (nil when it is): the words of a direct call, with no call made
// and nothing audited.
func (tk *Toolkit) Refusal(name string) error {
	if _, ok := tk.visible[name]; ok {
		return nil
	}
	return tk.unknownTool(name)
}

// CallArguments reads call_tool's arguments: the tool's name and its own
// arguments ({} when none are given).
func CallArguments(args json.RawMessage) (string, json.RawMessage, error) {
	var in struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	}
	if err := strictDecode(args, &in); err != nil {
		return "", nil, &Error{Kind: KindInvalidArguments, Tool: CallToolName, Message: "call_tool takes {\"name\": \"…\", \"arguments\": {…}}: " + err.Error()}
	}
	if in.Name == "" {
		return "", nil, &Error{Kind: KindInvalidArguments, Tool: CallToolName, Message: "call_tool needs the name of the tool to call; search_tools finds it"}
	}
	if len(bytes.TrimSpace(in.Arguments)) == 0 || bytes.Equal(bytes.TrimSpace(in.Arguments), []byte("null")) {
		in.Arguments = json.RawMessage(`{}`)
	}
	return in.Name, in.Arguments, nil
}

func strictDecode(args json.RawMessage, v any) error {
	if len(bytes.TrimSpace(args)) == 0 {
		args = json.RawMessage(`{}`)
	}
	dec := json.NewDecoder(bytes.NewReader(args))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Discover answers a call of a discovery tool: search_tools and
// describe_tool from the toolkit's definitions, call_tool through Call.
// Front ends that ask a person for confirmation handle call_tool
// themselves (with CallArguments) and use this for the other two.
func (tk *Toolkit) Discover(ctx context.Context, name string, args json.RawMessage) (*Result, error) {
	switch name {
	case SearchToolsName:
		var in struct {
			Query string `json:"query"`
			Limit int    `json:"limit"`
		}
		if err := strictDecode(args, &in); err != nil {
			return nil, &Error{Kind: KindInvalidArguments, Tool: name, Message: "search_tools takes {\"query\": \"words\", \"limit\": n}: " + err.Error()}
		}
		hits := tk.Search(in.Query, min(in.Limit, 50))
		return discoveryResult(map[string]any{"tools": hits, "count": len(hits), "of": len(tk.Tools())})
	case DescribeToolName:
		var in struct {
			Name string `json:"name"`
		}
		if err := strictDecode(args, &in); err != nil || in.Name == "" {
			return nil, &Error{Kind: KindInvalidArguments, Tool: name, Message: "describe_tool takes {\"name\": \"a tool's name\"}; search_tools finds names"}
		}
		d, ok := tk.Definition(in.Name)
		if !ok {
			return nil, tk.Refusal(in.Name)
		}
		t := tk.visible[in.Name]
		return discoveryResult(map[string]any{"name": d.Name, "title": d.Title, "description": d.Description,
			"collection": t.Collection, "annotations": d.Annotations, "inputSchema": d.InputSchema})
	case CallToolName:
		inner, innerArgs, err := CallArguments(args)
		if err != nil {
			return nil, err
		}
		return tk.Call(ctx, inner, innerArgs)
	}
	return nil, &Error{Kind: KindUnknownTool, Message: fmt.Sprintf("unknown tool %s; the tools are %s, %s and %s", echo(name), SearchToolsName, DescribeToolName, CallToolName)}
}

func discoveryResult(v any) (*Result, error) {
	data, err := marshalResult(v)
	if err != nil {
		return nil, &Error{Kind: KindInternal, Message: "encoding the result: " + err.Error(), Err: err}
	}
	return &Result{Data: data}, nil
}
