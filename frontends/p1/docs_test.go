package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// docBlock is a ```sh block of the README or docs/.
type docBlock struct {
	file string
	line int
	text string
}

// docsNotRun is every documented block the test does not run, each named
// by its file and a line of it, with the reason. A block of this list that
// is no longer in the docs fails the test, so the list stays short and true.
var docsNotRun = []struct{ file, line, why string }{
	{"docs/mfa-enrolment.md", "p1 tool call activate_mfa_device", "the passcode comes from the paired device and the ids from the pairing (pingonetest.DeviceOTP; TestMFAEnrolment runs these calls)"},
}

// docPlaceholders are the placeholders of the documented sign-in commands
// and what they stand for against `p1 sandbox`: the environment and the
// native application the sandbox prints, and its address.
func docPlaceholders(base string) []struct {
	re   *regexp.Regexp
	with string
} {
	d := pingonetest.Demo()
	return []struct {
		re   *regexp.Regexp
		with string
	}{
		{regexp.MustCompile(`--environment-id <[^>]+>`), "--environment-id " + d.AdminEnvironmentID},
		{regexp.MustCompile(`--client-id <[^>]+>`), "--client-id " + d.CLIClientID},
		{regexp.MustCompile(`http://127\.0\.0\.1:PORT`), base},
	}
}

// signsIn matches a block that signs in, shows or ends a session: it runs
// without the worker variables, as an administrator would.
var signsIn = regexp.MustCompile(`\bauth (login|status|logout)\b`)

// authLogin matches a command that signs in: its stderr goes through the
// device approver, which approves a device code it prints as the sandbox's
// administrator.
var authLogin = regexp.MustCompile(`\bauth login\b`)

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
// checked for the exit code it is documented with (0 unless "# exit N"),
// with the sign-in placeholders filled in for the sandbox at base.
func (b docBlock) script(base string) (string, int) {
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
		for _, p := range docPlaceholders(base) {
			code = p.re.ReplaceAllString(code, p.with)
		}
		if authLogin.MatchString(code) {
			code = "{ " + code + "\n} 2> >(\"$P1_DOCS_APPROVER\" -test.run='^TestHelperDeviceApprover$' >&2)"
		}
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
// one's output; a block that cannot run here is in docsNotRun with the
// reason. The sign-in commands run too: the variables point p1 at the
// sandbox, the placeholders become the sandbox's ids, $BROWSER follows the
// authorization URL as a browser would, and a device code is approved as
// the sandbox's administrator.
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
	common := append(headlessEnv(filepath.Join(work, "config")),
		"PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"),
		"PINGONE_API_URL="+base+"/v1", "PINGONE_AUTH_URL="+base)
	worker := append(common[:len(common):len(common)],
		"PINGONE_ENVIRONMENT_ID="+d.AdminEnvironmentID, "PINGONE_CLIENT_ID="+d.WorkerClientID, "PINGONE_CLIENT_SECRET="+d.WorkerClientSecret)
	admin := append(common[:len(common):len(common)],
		"BROWSER="+os.Args[0]+" -test.run=^TestHelperBrowser$", "P1_TEST_BROWSER=1",
		auth.EnvAuthorizationCodeRedirectURIPort+"=0",
		"P1_DOCS_APPROVER="+os.Args[0], "P1_TEST_APPROVER="+d.AdminUsername)
	notRun := map[int]bool{}
	ran, signIns := 0, 0
	for _, b := range docBlocks(t) {
		where := fmt.Sprintf("%s:%d", b.file, b.line)
		if i := slices.IndexFunc(docsNotRun, func(n struct{ file, line, why string }) bool {
			return n.file == b.file && strings.Contains(b.text, n.line)
		}); i >= 0 {
			notRun[i] = true
			continue
		}
		script, n := b.script(base)
		if n == 0 {
			continue
		}
		env := worker
		if signsIn.MatchString(b.text) {
			env = admin
			signIns += len(signsIn.FindAllString(b.text, -1))
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
	for i, n := range docsNotRun {
		assert.True(t, notRun[i], "docsNotRun names a block of %s with %q that is no longer there: remove it", n.file, n.line)
	}
	t.Logf("ran %d documented commands, %d of them sign-in commands; %d blocks not run, each with its reason in docsNotRun", ran, signIns, len(notRun))
	assert.Greater(t, ran, 10)
	assert.GreaterOrEqual(t, signIns, 6, "the README's and docs/auth.md's sign-in commands")
}

// TestHelperDeviceApprover is the device approver of TestDocsCommandsRun:
// it copies a p1 auth login's stderr through and approves the device code
// it prints at the sandbox, as the user P1_TEST_APPROVER names.
func TestHelperDeviceApprover(t *testing.T) {
	user := os.Getenv("P1_TEST_APPROVER")
	if user == "" {
		t.Skip("helper process of TestDocsCommandsRun")
	}
	re := regexp.MustCompile(`open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})`)
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		fmt.Fprintln(os.Stderr, sc.Text())
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			resp, err := http.PostForm(m[1], url.Values{"user_code": {m[2]}, "username": {user}, "action": {"approve"}})
			require.NoError(t, err)
			resp.Body.Close()
		}
	}
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
