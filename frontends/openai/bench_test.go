package openai_test

import (
	"testing"

	"github.com/p1kit/p1kit/frontends/openai"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

// BenchmarkTools is the cost of building the export, paid per request by an
// agent loop that does not keep it.
func BenchmarkTools(b *testing.B) {
	client, err := pingone.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(openai.Tools(tk)) == 0 {
			b.Fatal("no tools")
		}
	}
}

// BenchmarkDispatchRefused is the dispatcher's own overhead on a call the
// toolkit refuses before any request (argument decoding, null stripping,
// validation).
func BenchmarkDispatchRefused(b *testing.B) {
	client, err := pingone.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{})
	if err != nil {
		b.Fatal(err)
	}
	d := openai.NewDispatcher(tk)
	calls := []openai.ToolCall{{ID: "1", Function: openai.FunctionCall{Name: "list_users",
		Arguments: `{"environmentId":"not-a-uuid","filter":null,"limit":null,"cursor":null}`}}}
	b.ReportAllocs()
	for b.Loop() {
		if m := d.Dispatch(b.Context(), calls); !m[0].IsError {
			b.Fatal("accepted")
		}
	}
}
