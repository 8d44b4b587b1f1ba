// Command openai-agent is an agent loop in plain Go (net/http and
// encoding/json) that administers PingOne through OpenAI-style function
// calling: the toolkit's tools go in the request's "tools", and the
// model's tool_calls go through the p1kit dispatcher.
//
// It runs offline: a scripted, OpenAI-compatible model server and the
// PingOne emulator stand in for the real services. The task: find the
// disabled users of the Employees population in the Sandbox environment,
// re-enable them, and report.
//
//	go run ./examples/openai-agent
//
// Against a real OpenAI-compatible endpoint, set OPENAI_BASE_URL (e.g.
// https://api.openai.com/v1), OPENAI_API_KEY and OPENAI_MODEL.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/p1kit/p1kit/examples/internal/script"
	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

var task = script.Task{Environment: "Sandbox", Population: "Employees"}

func main() {
	ctx := context.Background()
	srv := pingonetest.NewServer()
	defer srv.Close()
	client, err := script.SandboxClient(ctx, srv)
	if err != nil {
		fail(err)
	}
	m := model{baseURL: os.Getenv("OPENAI_BASE_URL"), apiKey: os.Getenv("OPENAI_API_KEY"), name: os.Getenv("OPENAI_MODEL")}
	if m.baseURL == "" {
		fake := task.NewChatServer()
		defer fake.Close()
		m.baseURL, m.name = fake.URL+"/v1", "scripted"
	}
	report, err := run(ctx, client, m, os.Stdout)
	if err != nil {
		fail(err)
	}
	fmt.Println(report)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "openai-agent:", err)
	os.Exit(1)
}

// model is an OpenAI-compatible chat completions endpoint.
type model struct {
	baseURL, apiKey, name string
}

// run is the agent loop: ask the model, run its tool calls, give it the
// results, until it answers with text (the report), which run returns.
// Each step is logged to w.
func run(ctx context.Context, client *pingone.Client, m model, w io.Writer) (string, error) {
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{
		Filter:   tools.Filter{AllowWrites: true, IncludeCollections: []string{"environments", "populations", "users"}},
		FrontEnd: "openai-agent",
	})
	if err != nil {
		return "", err
	}
	defs := openai.Tools(tk)
	dispatcher := openai.NewDispatcher(tk)
	messages := []message{
		{Role: "system", Content: "You administer a PingOne tenant with the tools you are given. Find ids with the list tools; never guess them."},
		{Role: "user", Content: task.Prompt()},
	}
	for turn := 0; turn < 10; turn++ {
		reply, err := m.complete(ctx, chatRequestOut{Model: m.name, Messages: messages, Tools: defs})
		if err != nil {
			return "", err
		}
		messages = append(messages, reply)
		if len(reply.ToolCalls) == 0 {
			return reply.Content, nil
		}
		for _, tc := range reply.ToolCalls {
			// Names only: argument values can be secrets (set_user_password).
			fmt.Fprintf(w, "→ %s(%s)\n", tc.Function.Name, argumentNames(tc.Function.Arguments))
		}
		for _, tm := range dispatcher.Dispatch(ctx, reply.ToolCalls) {
			if tm.IsError {
				fmt.Fprintf(w, "  ✗ %s\n", tm.Content)
			}
			messages = append(messages, message{Role: tm.Role, ToolCallID: tm.ToolCallID, Content: tm.Content})
		}
	}
	return "", errors.New("the model did not finish in 10 turns")
}

// argumentNames lists the arguments a call sets (not null), for the log.
func argumentNames(arguments string) string {
	var m map[string]any
	if json.Unmarshal([]byte(arguments), &m) != nil {
		return "malformed arguments"
	}
	var names []string
	for k, v := range m {
		if v != nil {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// complete sends one chat completions request and returns the reply.
func (m model) complete(ctx context.Context, req chatRequestOut) (message, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return message{}, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, m.baseURL+"/chat/completions", bytes.NewReader(body))
	if err != nil {
		return message{}, err
	}
	hr.Header.Set("Content-Type", "application/json")
	if m.apiKey != "" {
		hr.Header.Set("Authorization", "Bearer "+m.apiKey)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		return message{}, err
	}
	defer resp.Body.Close()
	var out struct {
		Choices []struct {
			Message message `json:"message"`
		} `json:"choices"`
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return message{}, fmt.Errorf("model answered %s with a body that is not JSON: %w", resp.Status, err)
	}
	if out.Error != nil {
		return message{}, fmt.Errorf("model: %s", out.Error.Message)
	}
	if len(out.Choices) == 0 {
		return message{}, fmt.Errorf("model answered %s with no choices", resp.Status)
	}
	return out.Choices[0].Message, nil
}

// The chat completions wire types this loop needs.
type (
	message struct {
		Role       string            `json:"role"`
		Content    string            `json:"content,omitempty"`
		ToolCalls  []openai.ToolCall `json:"tool_calls,omitempty"`
		ToolCallID string            `json:"tool_call_id,omitempty"`
	}
	chatRequestOut struct {
		Model    string                `json:"model"`
		Messages []message             `json:"messages"`
		Tools    []openai.FunctionTool `json:"tools"`
	}
)
