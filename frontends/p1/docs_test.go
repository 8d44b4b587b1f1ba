package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// docBlock is a ```sh block of the README or docs/.
type docBlock struct {
	file string
	line int
	text string
	skip string // the reason of a <!-- docs-test: skip: … --> before it
}

var skipMarker = regexp.MustCompile(`<!--\s*docs-test:\s*skip:\s*(.*?)\s*-->`)

// docBlocks reads the shell blocks of README.md and docs/*.md.
func docBlocks(t *testing.T) []docBlock {
	t.Helper()
	files, err := filepath.Glob("../../docs/*.md")
	require.NoError(t, err)
	files = append([]string{"../../README.md"}, files...)
	var out []docBlock
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		lines := strings.Split(string(data), "\n")
		for i := 0; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) != "```sh" {
				continue
			}
			b := docBlock{file: strings.TrimPrefix(f, "../../"), line: i + 1}
			for j := i - 1; j >= 0 && j >= i-2; j-- {
				if m := skipMarker.FindStringSubmatch(lines[j]); m != nil {
					b.skip = m[1]
				}
			}
			var body []string
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
				body = append(body, lines[i])
			}
			b.text = strings.Join(body, "\n")
			out = append(out, b)
		}
	}
	return out
}

// p1Command matches a line that runs p1 (or bin/p1, or go run ./frontends/p1).
var p1Command = regexp.MustCompile(`(^|[|;&(]\s*)(bin/p1|p1|go run \./frontends/p1)\s`)

var expectExit = regexp.MustCompile(`#\s*exit (\d+)\s*$`)

// script turns a block into a bash script that runs its p1 commands, each
// checked for the exit code it is documented with (0 unless "# exit N").
func (b docBlock) script() (string, int) {
	var lines []string
	var cur strings.Builder
	for _, l := range strings.Split(b.text, "\n") {
		if strings.HasSuffix(l, "\\") {
			cur.WriteString(strings.TrimSuffix(l, "\\") + " ")
			continue
		}
		cur.WriteString(l)
		if openQuote(cur.String()) {
			cur.WriteString("\n") // a quoted value goes on
			continue
		}
		lines = append(lines, cur.String())
		cur.Reset()
	}
	var sb strings.Builder
	n := 0
	for i, l := range lines {
		code := strings.TrimSpace(l)
		if code == "" || strings.HasPrefix(code, "#") || !p1Command.MatchString(code) {
			continue
		}
		want := "0"
		if m := expectExit.FindStringSubmatch(code); m != nil {
			want = m[1]
		}
		code = strings.ReplaceAll(code, "go run ./frontends/p1", "p1")
		if regexp.MustCompile(`^(bin/)?p1 sandbox\b`).MatchString(code) {
			// A server: it must start and say where it listens.
			code = "(timeout 3 " + code + " 2>&1; true) | grep -c 'listening on' >/dev/null"
		}
		n++
		fmt.Fprintf(&sb, "( %s\n) </dev/null; rc=$?; if [ $rc -ne %s ]; then echo \"command %d exited $rc, want %s: %s\" >&2; exit 1; fi\n",
			code, want, i+1, want, strings.ReplaceAll(strings.ReplaceAll(code, `"`, `'`), "$", `\$`))
	}
	return sb.String(), n
}

// TestDocsCommandsRun runs every p1 command of the README and docs/ against
// `p1 sandbox` (or the embedded --sandbox), in a bash with p1 and bin/p1 on
// hand, each block as one script so a later command can use an earlier
// one's output; a block that cannot run here says why in a
// <!-- docs-test: skip: … --> comment.
func TestDocsCommandsRun(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := binary(t)
	base := startSandboxProcess(t)
	d := pingonetest.Demo()
	work := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(work, "bin"), 0o755))
	require.NoError(t, os.Symlink(bin, filepath.Join(work, "bin", "p1")))
	require.NoError(t, os.WriteFile(filepath.Join(work, "idp.pem"), []byte(pingonetest.DemoCertificatePEM), 0o600))
	env := append(headlessEnv(filepath.Join(work, "config")),
		"PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"),
		"PINGONE_API_URL="+base+"/v1", "PINGONE_AUTH_URL="+base, "PINGONE_ENVIRONMENT_ID="+d.AdminEnvironmentID,
		"PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret)
	ran, skipped := 0, 0
	for _, b := range docBlocks(t) {
		where := fmt.Sprintf("%s:%d", b.file, b.line)
		script, n := b.script()
		if b.skip != "" {
			skipped++
			continue
		}
		if n == 0 {
			continue
		}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, bash, "--norc", "--noprofile", "-o", "pipefail", "-c", script)
		cmd.Dir, cmd.Env = work, env
		var errOut strings.Builder
		cmd.Stdout, cmd.Stderr = io.Discard, &errOut
		err := cmd.Run()
		out := errOut.String()
		cancel()
		assert.NoError(t, err, "the commands of the block at %s stopped working:\n%s", where, tail(out, 3000))
		ran += n
	}
	t.Logf("ran %d documented commands; %d blocks skipped with a reason", ran, skipped)
	assert.Greater(t, ran, 10)
}

// openQuote reports whether a shell line ends inside quotes.
func openQuote(s string) bool {
	var q rune
	for _, r := range s {
		switch {
		case q == 0 && (r == '\'' || r == '"'):
			q = r
		case r == q:
			q = 0
		}
	}
	return q != 0
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	sc := bufio.NewScanner(strings.NewReader(s[len(s)-n:]))
	var b strings.Builder
	for sc.Scan() {
		b.WriteString(sc.Text() + "\n")
	}
	return "…" + b.String()
}
