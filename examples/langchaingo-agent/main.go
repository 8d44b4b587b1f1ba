// Command langchaingo-agent administers PingOne with a LangChainGo ReAct
// agent (agents.NewOneShotAgent) whose tools are the p1kit toolkit's, through
// the p1kit LangChainGo adapter.
//
// It runs offline: the model is LangChainGo's fake LLM (llms/fake), fed one
// answer per step by a script that reads the agent's scratchpad — the tool
// results so far — to pick its next action, and the PingOne emulator stands
// in for the tenant. The task: find the disabled users of the Employees
// population in the Sandbox environment, re-enable them, and report.
//
//	cd examples/langchaingo-agent && go run .
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/fake"

	"github.com/p1kit/p1kit/examples/internal/script"
	"github.com/p1kit/p1kit/frontends/langchaingo"
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
	if err == nil {
		var report string
		report, err = run(ctx, client, newScriptedLLM(task), os.Stdout)
		fmt.Println(report)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "langchaingo-agent:", err)
		os.Exit(1)
	}
}

// run gives the task to a ReAct agent over the toolkit's tools and returns
// its final answer. Each prompt the model sees is appended to w.
func run(ctx context.Context, client *pingone.Client, llm llms.Model, w io.Writer) (string, error) {
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{
		Filter:   tools.Filter{AllowWrites: true, IncludeCollections: []string{"environments", "populations", "users"}},
		FrontEnd: "langchaingo-agent",
	})
	if err != nil {
		return "", err
	}
	agent := agents.NewOneShotAgent(llm, langchaingo.Tools(tk), agents.WithMaxIterations(20))
	executor := agents.NewExecutor(agent, agents.WithMaxIterations(20))
	if w != nil {
		fmt.Fprintln(w, "task:", task.Prompt())
	}
	return chains.Run(ctx, executor, task.Prompt())
}

// scriptedLLM is LangChainGo's fake LLM, given its next answer just before
// each call by the script, which reads the tool results from the prompt.
type scriptedLLM struct {
	*fake.LLM
	task script.Task
}

func newScriptedLLM(task script.Task) *scriptedLLM {
	return &scriptedLLM{LLM: fake.NewFakeLLM(nil), task: task}
}

// GenerateContent writes the script's next step in the ReAct format and
// lets the fake LLM answer with it.
func (s *scriptedLLM) GenerateContent(ctx context.Context, messages []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	var prompt strings.Builder
	for _, m := range messages {
		for _, p := range m.Parts {
			if t, ok := p.(llms.TextContent); ok {
				prompt.WriteString(t.Text)
			}
		}
	}
	step := s.task.Next(observations(prompt.String()))
	if step.Final != "" {
		s.AddResponse("Thought: I now know the final answer\nFinal Answer: " + step.Final)
	} else {
		c := step.Calls[0]
		input, _ := json.Marshal(c.Args)
		s.AddResponse(fmt.Sprintf("Thought: next I call %s\nAction: %s\nAction Input: %s", c.Name, c.Name, input))
	}
	return s.LLM.GenerateContent(ctx, messages, opts...)
}

// Call is llms.Model's single-prompt form, through GenerateContent.
func (s *scriptedLLM) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, s, prompt, opts...)
}

// observations reads the agent's scratchpad: each "Action: name" line and
// the "Observation: result" line that follows it.
func observations(prompt string) []script.Result {
	if i := strings.LastIndex(prompt, "Begin!"); i >= 0 {
		prompt = prompt[i:]
	}
	var out []script.Result
	tool := ""
	for _, line := range strings.Split(prompt, "\n") {
		switch {
		case strings.HasPrefix(line, "Action: "):
			tool = strings.TrimSpace(strings.TrimPrefix(line, "Action: "))
		case strings.HasPrefix(line, "Observation: ") && tool != "":
			out = append(out, script.Result{Tool: tool, Content: strings.TrimPrefix(line, "Observation: ")})
			tool = ""
		}
	}
	return out
}
