package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProgressLine(t *testing.T) {
	var b strings.Builder
	p := progressLine(&b)
	p(0, 4, "move_users: starting")
	p(2, 4, "move to population Archive user bulk.user.3")
	assert.Contains(t, b.String(), "[############............] 2/4 move to population Archive user bulk.user.3")
	assert.NotContains(t, b.String(), "\n", "the line is redrawn in place until the end")
	p(4, 4, "done")
	assert.True(t, strings.HasSuffix(b.String(), "4/4 done\n"), "%q", b.String())
	b.Reset()
	p(500, 0, "users without MFA: checked 500 users")
	assert.Equal(t, "\r\033[K500 users without MFA: checked 500 users", b.String())
	assert.False(t, isTerminalWriter(&b))
}
