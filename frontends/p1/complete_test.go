package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bashComplete sources `p1 completion bash` in a bash started without any
// startup file (so without bash-completion), completes line as a user
// pressing TAB at its end would, and returns the candidates and what bash
// wrote on stderr.
func bashComplete(t *testing.T, line string) ([]string, string) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on this machine")
	}
	dir := filepath.Dir(binary(t))
	script := filepath.Join(t.TempDir(), "p1.bash")
	r := runBinary(t, cleanEnv(), "completion", "bash")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, os.WriteFile(script, []byte(r.stdout), 0o600))
	// COMP_WORDS as bash's readline splits the line (COMP_WORDBREAKS
	// holds '=' and ':', so "limit=" is three words).
	driver := `source "$SCRIPT"
fn=$(complete -p p1 | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$(printf '%s' "$LINE" | sed 's/=/ = /g')"
[[ "$LINE" == *" " || "$LINE" == *"=" ]] && COMP_WORDS+=("")
[[ "$LINE" == *"=" ]] && COMP_WORDS[${#COMP_WORDS[@]}-1]="="
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
"$fn" p1 "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"`
	cmd := exec.CommandContext(t.Context(), bash, "--norc", "--noprofile", "-c", driver)
	cmd.Env = append(cleanEnv("PATH="+dir+":"+os.Getenv("PATH")), "SCRIPT="+script, "LINE="+line)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	require.NoError(t, cmd.Run(), errOut.String())
	return strings.Fields(out.String()), errOut.String()
}

func TestBashCompletion(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line    string
		want    []string
		exactly bool
	}{
		{"p1 to", []string{"tool"}, true},
		{"p1 tool ", []string{"list", "describe", "call"}, true},
		{"p1 tool call list_use", []string{"list_users", "list_user_groups"}, false},
		{"p1 tool describe get_population_def", []string{"get_population_default_identity_provider"}, true},
		{"p1 tool call list_users --arg ", []string{"environmentId=", "limit=", "cursor="}, false},
		{"p1 tool call list_users --arg li", []string{"limit="}, true},
		{"p1 --sandbox tool call get_user -a us", []string{"userId="}, true},
		{"p1 tool list --inc", []string{"--include-tools", "--include-tool-collections"}, true},
		{"p1 --env Sandbox tool call list_users -o ", []string{"json", "yaml", "table"}, true},
		{"p1 tool call list_users --json '{}' --arg en", []string{"environmentId="}, true},
	} {
		got, stderr := bashComplete(t, tc.line)
		assert.Empty(t, stderr, "%q: bash printed errors", tc.line)
		if tc.exactly {
			assert.ElementsMatch(t, tc.want, got, tc.line)
		} else {
			assert.Subset(t, got, tc.want, tc.line)
		}
	}
}

// Each script parses in its shell, where it is installed, and all three ask
// the same `p1 __complete` (TestBashCompletion, TestZshCompletion and
// TestFishCompletion complete through the real shells).
func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	for shell, marker := range map[string]string{"bash": "complete -F", "zsh": "compdef", "fish": "complete -c p1"} {
		r := p1(t, "", "completion", shell)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, marker)
		assert.Contains(t, r.stdout, "__complete")
		if path, err := exec.LookPath(shell); err == nil && shell != "bash" {
			cmd := exec.Command(path, "-n")
			cmd.Stdin = strings.NewReader(r.stdout)
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "%s -n: %s", shell, out)
		}
	}
	r := p1(t, "", "__complete", "--", "p1 tool call get_environment --arg ")
	assert.Equal(t, "environmentId=\n", r.stdout)
	r = p1(t, "", "__complete", "--", "p1 tool call update_environment --arg type=")
	assert.ElementsMatch(t, []string{"type=SANDBOX", "type=PRODUCTION"}, strings.Fields(r.stdout))
}

func TestSplitWords(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"p1", "tool", "call", ""}, splitWords("p1 tool call "))
	assert.Equal(t, []string{"p1", "--json", `{"a": 1}`, "x"}, splitWords(`p1 --json '{"a": 1}' x`))
	assert.Equal(t, []string{"p1", "a b", "c"}, splitWords(`p1 a\ b "c`))
}

// zshComplete types line and a TAB into a real interactive zsh (in a
// pseudo-terminal, through zsh/zpty) that ran compinit and sourced
// `p1 completion zsh`, and returns the line as the completion left it.
func zshComplete(t *testing.T, zsh, line string) string {
	t.Helper()
	dir := t.TempDir()
	script, out := filepath.Join(dir, "p1.zsh"), filepath.Join(dir, "line")
	r := runBinary(t, cleanEnv(), "completion", "zsh")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, os.WriteFile(script, []byte(r.stdout), 0o600))
	cmd := exec.CommandContext(t.Context(), zsh, "-f", "testdata/zsh-complete.zsh")
	cmd.Env = append(cleanEnv("PATH="+filepath.Dir(binary(t))+":"+os.Getenv("PATH")), "HOME="+dir, "SCRIPT="+script, "OUT="+out, "LINE="+line)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "zsh: %s", msg)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	return strings.TrimSuffix(string(got), "\n")
}

// TestZshCompletion completes a command, a tool name and an argument name
// through zsh's own completion system; it skips where zsh is not installed.
func TestZshCompletion(t *testing.T) {
	t.Parallel()
	zsh, err := exec.LookPath("zsh")
	if err != nil {
		t.Skip("no zsh on this machine")
	}
	for line, want := range map[string]string{
		"p1 to":                                         "p1 tool ",
		"p1 tool describe get_population_def":           "p1 tool describe get_population_default_identity_provider ",
		"p1 tool call list_users --arg li":              "p1 tool call list_users --arg limit=",
		"p1 --sandbox tool call get_user -a us":         "p1 --sandbox tool call get_user -a userId=",
		"p1 tool call update_environment --arg type=SA": "p1 tool call update_environment --arg type=SANDBOX ",
	} {
		t.Run(line, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, want, zshComplete(t, zsh, line))
		})
	}
}

// TestFishCompletion asks a real fish, which sourced `p1 completion fish`,
// for the completions of a line (complete -C); it skips where fish is not
// installed.
func TestFishCompletion(t *testing.T) {
	t.Parallel()
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("no fish on this machine")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "p1.fish")
	r := runBinary(t, cleanEnv(), "completion", "fish")
	require.Equal(t, 0, r.code, r.stderr)
	require.NoError(t, os.WriteFile(script, []byte(r.stdout), 0o600))
	for _, tc := range []struct {
		line    string
		want    []string
		exactly bool
	}{
		{"p1 to", []string{"tool"}, true},
		{"p1 tool call list_use", []string{"list_users", "list_user_groups"}, false},
		{"p1 tool describe get_population_def", []string{"get_population_default_identity_provider"}, true},
		{"p1 tool call list_users --arg ", []string{"environmentId=", "limit=", "cursor="}, false},
		{"p1 tool call list_users --arg li", []string{"limit="}, true},
		{"p1 --sandbox tool call get_user -a us", []string{"userId="}, true},
		{"p1 tool list --inc", []string{"--include-tools", "--include-tool-collections"}, true},
		{"p1 tool call update_environment --arg type=", []string{"type=SANDBOX", "type=PRODUCTION"}, true},
	} {
		cmd := exec.CommandContext(t.Context(), fish, "--no-config", "-c", `source $SCRIPT; complete -C"$LINE"`)
		cmd.Env = append(cleanEnv("PATH="+filepath.Dir(binary(t))+":"+os.Getenv("PATH")), "HOME="+dir, "SCRIPT="+script, "LINE="+tc.line)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		require.NoError(t, cmd.Run(), errOut.String())
		assert.Empty(t, errOut.String(), "%q: fish printed errors", tc.line)
		// complete -C prints "candidate<TAB>description".
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			got = append(got, strings.SplitN(l, "\t", 2)[0])
		}
		if tc.exactly {
			assert.ElementsMatch(t, tc.want, got, tc.line)
		} else {
			assert.Subset(t, got, tc.want, tc.line)
		}
	}
}
