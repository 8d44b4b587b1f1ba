package tools

import (
	"testing"

	"github.com/p1kit/p1kit/pingone"
)

// The work p1 mcp run does for its tools before it can answer tools/list,
// with the full catalogue. At start-up every fresh page a byte lands on is
// a page fault, so B/op is as much the figure as ns/op.

func BenchmarkStartRegistry(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = NewRegistry(All()...)
	}
}

func BenchmarkStartDefinitions(b *testing.B) {
	reg := NewRegistry(All()...)
	c, err := pingone.NewClient()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		tk, err := NewToolkit(reg, c, Config{Filter: Filter{Toolsets: []string{"all"}, AllowWrites: true}})
		if err != nil {
			b.Fatal(err)
		}
		if len(tk.Definitions()) != len(reg.Tools()) {
			b.Fatal("not every tool is defined")
		}
	}
}
