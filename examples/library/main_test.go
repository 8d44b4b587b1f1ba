package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out))
	text := out.String()
	assert.Regexp(t, `(?m)^[1-9][0-9]* disabled users$`, text)
	assert.Contains(t, text, "disabled: ")
	assert.Contains(t, text, "population: Employees")
}
