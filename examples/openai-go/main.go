// Command openai-go shows the p1kit OpenAI export plugged into the official
// Go SDK, github.com/openai/openai-go/v3: the toolkit's function tools go
// into ChatCompletionNewParams.Tools unchanged (their Parameters are already
// a shared.FunctionParameters), and each reply's tool calls go through the
// p1kit dispatcher.
//
// It runs the agent examples' task offline, against the scripted
// OpenAI-compatible model server and the PingOne emulator. To use OpenAI,
// drop the option.WithBaseURL line and set OPENAI_API_KEY.
//
//	cd examples/openai-go && go run .
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"

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
	model := task.NewChatServer()
	defer model.Close()
	client, err := script.SandboxClient(ctx, srv)
	if err == nil {
		var report string
		report, err = run(ctx, client, sdk.NewClient(option.WithBaseURL(model.URL+"/v1/"), option.WithAPIKey("offline")))
		fmt.Println(report)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openai-go:", err)
		os.Exit(1)
	}
}

// sdkTools converts the p1kit export into the SDK's tool params.
func sdkTools(tk *tools.Toolkit) []sdk.ChatCompletionToolUnionParam {
	var out []sdk.ChatCompletionToolUnionParam
	for _, t := range openai.Tools(tk) {
		out = append(out, sdk.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name:        t.Function.Name,
			Description: sdk.String(t.Function.Description),
			Parameters:  shared.FunctionParameters(t.Function.Parameters),
			Strict:      sdk.Bool(t.Function.Strict),
		}))
	}
	return out
}

// run is the agent loop on the SDK.
func run(ctx context.Context, client *pingone.Client, llm sdk.Client) (string, error) {
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{
		Filter:   tools.Filter{AllowWrites: true, IncludeCollections: []string{"environments", "populations", "users"}},
		FrontEnd: "openai-go",
	})
	if err != nil {
		return "", err
	}
	dispatcher := openai.NewDispatcher(tk)
	params := sdk.ChatCompletionNewParams{
		Model:    "gpt-4.1",
		Tools:    sdkTools(tk),
		Messages: []sdk.ChatCompletionMessageParamUnion{sdk.UserMessage(task.Prompt())},
	}
	for turn := 0; turn < 10; turn++ {
		resp, err := llm.Chat.Completions.New(ctx, params)
		if err != nil {
			return "", err
		}
		if len(resp.Choices) == 0 {
			return "", errors.New("the model answered with no choices")
		}
		msg := resp.Choices[0].Message
		params.Messages = append(params.Messages, msg.ToParam())
		if len(msg.ToolCalls) == 0 {
			return msg.Content, nil
		}
		calls := make([]openai.ToolCall, len(msg.ToolCalls))
		for i, tc := range msg.ToolCalls {
			calls[i] = openai.ToolCall{ID: tc.ID, Type: tc.Type, Function: openai.FunctionCall{Name: tc.Function.Name, Arguments: tc.Function.Arguments}}
		}
		for _, m := range dispatcher.Dispatch(ctx, calls) {
			params.Messages = append(params.Messages, sdk.ToolMessage(m.Content, m.ToolCallID))
		}
	}
	return "", errors.New("the model did not finish in 10 turns")
}
