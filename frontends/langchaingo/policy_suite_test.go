package langchaingo_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/langchaingo"
	"github.com/p1kit/p1kit/internal/policytest"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// agentFrontEnd calls tools the way a LangChainGo agent does: one string of
// input to the tools.Tool it was given.
type agentFrontEnd struct{ tk *tools.Toolkit }

func (f agentFrontEnd) Call(t *testing.T, name string, args map[string]any) (string, bool) {
	raw, err := json.Marshal(args)
	require.NoError(t, err)
	var tool *langchaingo.Tool
	for _, lt := range langchaingo.Tools(f.tk) {
		if lt.Name() == name {
			tool = lt.(*langchaingo.Tool)
		}
	}
	if tool == nil {
		// Hidden by the filter: an agent is never given it. Should a model
		// name it anyway, the toolkit refuses it like every front end.
		_, visible := f.tk.Tool(name)
		assert.False(t, visible)
		rt, ok := f.tk.Registry().Get(name)
		require.True(t, ok, "tool %s", name)
		tool = langchaingo.New(f.tk, rt)
	}
	text, err := tool.Call(t.Context(), string(raw))
	require.NoError(t, err, "a failed call is text for the agent, not a Go error")
	// A result is the toolkit's JSON object; a failure is its message.
	return text, !strings.HasPrefix(text, "{")
}

func TestPolicySuiteLangChainGo(t *testing.T) {
	t.Parallel()
	policytest.Run(t, "langchaingo", func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) policytest.FrontEnd {
		return agentFrontEnd{policytest.Toolkit(t, srv, policyFile, auditLog, "langchaingo")}
	})
}

// discoverAgent makes every call of the suite through the call_tool of
// DiscoveryTools.
type discoverAgent struct{ tk *tools.Toolkit }

func (f discoverAgent) Call(t *testing.T, name string, args map[string]any) (string, bool) {
	if args == nil {
		args = map[string]any{}
	}
	raw, err := json.Marshal(map[string]any{"name": name, "arguments": args})
	require.NoError(t, err)
	list := langchaingo.DiscoveryTools(f.tk)
	require.Len(t, list, 3)
	var call *langchaingo.Tool
	for _, lt := range list {
		if lt.Name() == "call_tool" {
			call = lt.(*langchaingo.Tool)
		}
	}
	require.NotNil(t, call)
	text, err := call.Call(t.Context(), string(raw))
	require.NoError(t, err)
	return text, !strings.HasPrefix(text, "{")
}

// TestPolicySuiteLangChainGoDiscover: the same decisions through discovery.
func TestPolicySuiteLangChainGoDiscover(t *testing.T) {
	t.Parallel()
	policytest.Run(t, "langchaingo", func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) policytest.FrontEnd {
		return discoverAgent{policytest.Toolkit(t, srv, policyFile, auditLog, "langchaingo")}
	})
}
