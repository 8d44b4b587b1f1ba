package lazy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRegexpCompilesOnceOnFirstUse(t *testing.T) {
	re := Regexp(`^a+$`)
	first := re()
	assert.True(t, first.MatchString("aaa"))
	assert.False(t, first.MatchString("b"))
	assert.Same(t, first, re(), "the same compiled regexp on every call")
}

func TestBadPatternPanicsOnUseAndFailsCheckAll(t *testing.T) {
	require.NoError(t, CheckAll())
	bad := Regexp(`(unclosed`)
	assert.Panics(t, func() { bad() })
	assert.ErrorContains(t, CheckAll(), "missing closing )")
	mu.Lock()
	patterns = patterns[:len(patterns)-1]
	mu.Unlock()
}
