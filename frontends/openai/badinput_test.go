package openai_test

import (
	"testing"

	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/internal/badinput"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// dispatcherBadInput calls tools as a model's tool_calls reach them.
type dispatcherBadInput struct{ d *openai.Dispatcher }

func (f dispatcherBadInput) Call(t *testing.T, tool, args string) badinput.Result {
	text, err := f.d.Call(t.Context(), tool, args)
	return badinput.Result{Text: text, Failed: err != nil}
}

// Allows the null of an optional argument: strict mode sends one for every
// argument the model leaves out.
func (dispatcherBadInput) Allows(c badinput.Case) bool { return c.NullOptional }

func TestBadInputOpenAI(t *testing.T) {
	t.Parallel()
	badinput.Run(t, "openai", func(t *testing.T, srv *pingonetest.Server) badinput.FrontEnd {
		return dispatcherBadInput{openai.NewDispatcher(badinput.Toolkit(t, srv))}
	})
}
