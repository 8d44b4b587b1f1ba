package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

func TestDisplayWidth(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int{
		"Sales":    5,
		"営業部":      6, // CJK ideographs are wide
		"ＡＢ":       4, // fullwidth Latin
		"영업팀":      6, // Hangul
		"Ωmega Δ":  7, // Greek is narrow
		"e\u0301":  1, // e + combining acute
		"👩\u200d💻": 4, // two wide emoji joined: terminals vary, the joiner adds nothing
		"❤\ufe0f":  1, // a variation selector adds nothing
		"":         0,
	} {
		assert.Equal(t, want, displayWidth(s), "%q", s)
	}
}

// Columns line up by what a terminal shows, with wide text in the first
// column as in later ones.
func TestTableAlignsWideText(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	tb := newTable(&out)
	fmt.Fprintln(tb, "NAME\tTYPE\tNOTE")
	fmt.Fprintln(tb, "営業部\tWIDE\tfirst")
	fmt.Fprintln(tb, "Sales\tNARROW\tsecond")
	fmt.Fprintln(tb, "ＡＢ\t開発\tthird")
	require.NoError(t, tb.Flush())
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, lines, 4)
	for _, l := range lines {
		i := strings.IndexAny(l, "TWN開")
		for strings.HasPrefix(l[i:], "N") && i < 4 { // NAME's own N
			i = i + 1 + strings.IndexAny(l[i+1:], "TWN開")
		}
		assert.Equal(t, 8, displayWidth(l[:i]), "second column starts at column 8 in %q", l)
	}
	assert.Equal(t, "営業部  WIDE    first", lines[1])
	assert.Equal(t, "ＡＢ    開発    third", lines[3])
}

// Through the CLI: a list with CJK names is aligned.
func TestToolCallTableWithCJKNames(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	sb := pingonetest.Demo().SandboxEnvironmentID
	env := []string{"--api-url", srv.APIURL(), "--auth-url", srv.AuthURL(), "--environment-id", pingonetest.Demo().AdminEnvironmentID,
		"--client-id", pingonetest.Demo().WorkerClientID, "--client-secret", pingonetest.Demo().WorkerClientSecret}
	for _, name := range []string{"営業部", "Partners"} {
		r := p1(t, "", append(env, "tool", "call", "--disable-read-only", "create_population",
			"--json", `{"environmentId":"`+sb+`","name":"`+name+`"}`)...)
		require.Equal(t, 0, r.code, r.stderr)
	}
	r := p1(t, "", append(env, "tool", "call", "list_populations", "--arg", "environmentId="+sb, "-o", "table")...)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var header, wide, narrow string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "ID"):
			header = l
		case strings.Contains(l, "営業部"):
			wide = l
		case strings.Contains(l, "Partners"):
			narrow = l
		}
	}
	require.NotEmpty(t, header, r.stdout)
	require.NotEmpty(t, wide, r.stdout)
	require.NotEmpty(t, narrow, r.stdout)
	col := func(l, after string) int { // display column where the cell after `after` starts
		i := strings.Index(l, after) + len(after)
		return cjkWidth(l[:i]) + len(l[i:]) - len(strings.TrimLeft(l[i:], " "))
	}
	assert.Equal(t, col(narrow, "Partners"), col(wide, "営業部"), "the column after NAME starts at the same place:\n%s", r.stdout)
}

// cjkWidth measures independently of displayWidth: one column a rune, two
// for CJK ideographs and kana (all this test's wide text).
func cjkWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x3000 && r <= 0x9fff {
			n++
		}
	}
	return n
}
