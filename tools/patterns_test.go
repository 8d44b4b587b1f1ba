package tools_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/lazy"
	_ "github.com/p1kit/p1kit/tools"
)

// The package's regexps compile on first use (internal/lazy): a bad one
// must still fail a test, even where no test happens to use it.
func TestPatternsCompile(t *testing.T) {
	require.NoError(t, lazy.CheckAll())
}
