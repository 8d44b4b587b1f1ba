package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v3"
)

// Every command's help has examples; the global flags are described in
// `p1 --help` only, and named in one line elsewhere.
func TestEveryCommandHasExamples(t *testing.T) {
	t.Parallel()
	var names [][]string
	_ = newApp(&globals{}).Walk(func(c *cli.Command) error {
		if !c.Hidden && c.Name != "help" {
			names = append(names, strings.Fields(c.FullName())[1:])
		}
		return nil
	})
	require.Greater(t, len(names), 10)
	for _, n := range names {
		r := p1(t, "", append(n, "--help")...)
		require.Equal(t, 0, r.code, "%v: %s", n, r.stderr)
		assert.Contains(t, r.stdout, "EXAMPLES:\n   p1", n)
		if len(n) == 0 {
			assert.Contains(t, r.stdout, "--sandbox  ", "p1 --help describes the global flags")
			continue
		}
		assert.Contains(t, r.stdout, "GLOBAL OPTIONS (see 'p1 --help'):", n)
		assert.NotContains(t, r.stdout, "embedded PingOne emulator", "%v repeats the global flags' descriptions", n)
	}
}

func TestOneVersionString(t *testing.T) {
	t.Parallel()
	a, b := p1(t, "", "version"), p1(t, "", "--version")
	require.Equal(t, 0, a.code)
	assert.Equal(t, a.stdout, b.stdout)
	assert.Equal(t, "p1 "+buildVersion()+"\n", a.stdout)
}
