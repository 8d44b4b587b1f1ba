package tools_test

import (
	"fmt"

	"github.com/p1kit/p1kit/tools"
)

// A policy file read by a Go program: every front end builds its toolkit
// configuration this way, then adds its audit sink and name.
func ExampleParsePolicy() {
	reg := tools.NewRegistry(tools.All()...)
	p, err := tools.ParsePolicy("p1.yaml", []byte(`
filter:
  readOnly: false
  excludeTools: ["delete_*"]
guard:
  writesOnlyWhereAllowed: true
  environments:
    - environment: Sandbox
      writes: true
rules:
  maxPageSize: 100
`), reg)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := p.Config(reg)
	fmt.Println("writes:", cfg.Filter.AllowWrites, "excluded:", cfg.Filter.ExcludeTools)
	fmt.Println("writable:", cfg.Environments.Rules[0].Environment, "only:", cfg.Environments.WritesOnlyWhereAllowed)
	fmt.Println("page cap:", cfg.Rules.MaxPageSize)

	_, err = tools.ParsePolicy("p1.yaml", []byte("guard:\n  productionWrites: maybe\n"), reg)
	fmt.Println(err)
	// Output:
	// writes: true excluded: [delete_*]
	// writable: Sandbox only: true
	// page cap: 100
	// p1.yaml:2:21: guard.productionWrites must be true or false, not "maybe"
}
