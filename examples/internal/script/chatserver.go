package script

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"

	"github.com/p1kit/p1kit/frontends/openai"
)

// NewChatServer serves an OpenAI-compatible POST /v1/chat/completions that
// plays the task. It keeps no state: every answer is decided from the request's
// messages (the tool results so far), and its tool calls follow the strict
// schemas the request carries — every property present, null for the ones
// it does not use — as a model in strict mode writes them.
func (task Task) NewChatServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
			return
		}
		var req chatRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			apiError(w, "the request body is not JSON: "+err.Error())
			return
		}
		// Which tool answered which call, from the assistant messages.
		names := map[string]string{}
		var results []Result
		for _, m := range req.Messages {
			for _, tc := range m.ToolCalls {
				names[tc.ID] = tc.Function.Name
			}
			if m.Role == "tool" {
				results = append(results, Result{Tool: names[m.ToolCallID], Content: m.Content})
			}
		}
		step := task.Next(results)
		reply := chatMessage{Role: "assistant"}
		finish := "stop"
		if step.Final != "" {
			reply.Content = step.Final
		} else {
			finish = "tool_calls"
			for i, c := range step.Calls {
				params, ok := req.tool(c.Name)
				if !ok {
					apiError(w, fmt.Sprintf("the scripted model needs tool %s, which the request does not offer", c.Name))
					return
				}
				args, _ := json.Marshal(strictArgs(params, c.Args))
				reply.ToolCalls = append(reply.ToolCalls, openai.ToolCall{
					ID: fmt.Sprintf("call_%d_%d", len(req.Messages), i), Type: "function",
					Function: openai.FunctionCall{Name: c.Name, Arguments: string(args)},
				})
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": fmt.Sprintf("chatcmpl-%d", len(req.Messages)), "object": "chat.completion", "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "message": reply, "finish_reason": finish}},
		})
	}))
}

// strictArgs fills every property the schema lists: unused ones are null.
func strictArgs(params map[string]any, args map[string]any) map[string]any {
	out := map[string]any{}
	props, _ := params["properties"].(map[string]any)
	for name := range props {
		out[name] = nil
	}
	for k, v := range args {
		out[k] = v
	}
	return out
}

func apiError(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": "invalid_request_error"}})
}

func (r chatRequest) tool(name string) (map[string]any, bool) {
	i := slices.IndexFunc(r.Tools, func(t openai.FunctionTool) bool { return t.Function.Name == name })
	if i < 0 || !r.Tools[i].Function.Strict {
		return nil, false
	}
	return r.Tools[i].Function.Parameters, true
}

// The chat completions wire types the server reads and writes.
type (
	chatMessage struct {
		Role       string            `json:"role"`
		Content    string            `json:"content,omitempty"`
		ToolCalls  []openai.ToolCall `json:"tool_calls,omitempty"`
		ToolCallID string            `json:"tool_call_id,omitempty"`
	}
	chatRequest struct {
		Model    string                `json:"model"`
		Messages []chatMessage         `json:"messages"`
		Tools    []openai.FunctionTool `json:"tools"`
	}
)
