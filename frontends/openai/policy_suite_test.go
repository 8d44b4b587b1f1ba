package openai_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/internal/policytest"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// dispatcherFrontEnd calls tools as a tool_call of a model would reach
// them: JSON text through the dispatcher.
type dispatcherFrontEnd struct{ d *openai.Dispatcher }

func (f dispatcherFrontEnd) Call(t *testing.T, tool string, args map[string]any) (string, bool) {
	raw, err := json.Marshal(args)
	require.NoError(t, err)
	text, err := f.d.Call(t.Context(), tool, string(raw))
	return text, err != nil
}

func TestPolicySuiteOpenAI(t *testing.T) {
	t.Parallel()
	policytest.Run(t, "openai", func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) policytest.FrontEnd {
		return dispatcherFrontEnd{openai.NewDispatcher(policytest.Toolkit(t, srv, policyFile, auditLog, "openai"))}
	})
}

// discoverFrontEnd calls every tool of the suite through call_tool, as a
// strict-mode model writes it: the tool's arguments as JSON text.
type discoverFrontEnd struct{ d *openai.Dispatcher }

func (f discoverFrontEnd) Call(t *testing.T, tool string, args map[string]any) (string, bool) {
	if args == nil {
		args = map[string]any{}
	}
	inner, err := json.Marshal(args)
	require.NoError(t, err)
	raw, err := json.Marshal(map[string]any{"name": tool, "arguments": string(inner)})
	require.NoError(t, err)
	text, err := f.d.Call(t.Context(), "call_tool", string(raw))
	return text, err != nil
}

// TestPolicySuiteOpenAIDiscover: the same decisions through discovery.
func TestPolicySuiteOpenAIDiscover(t *testing.T) {
	t.Parallel()
	policytest.Run(t, "openai", func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) policytest.FrontEnd {
		tk := policytest.Toolkit(t, srv, policyFile, auditLog, "openai")
		require.Len(t, openai.DiscoveryTools(tk), 3)
		return discoverFrontEnd{openai.NewDiscoveryDispatcher(tk)}
	})
}
