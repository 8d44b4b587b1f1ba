package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/p1kit/p1kit/tools"
)

// Secret arguments (a password, a client secret) never need the command
// line, where shell history and the process list keep them: left out, p1
// asks for each required one (or one required with an argument given, as
// enrol_mfa_device's otp with deviceId) on the terminal, without echo, or
// reads it as one line of stdin when stdin is not a terminal. Given on the command
// line anyway, they work, with a warning once the call has succeeded (a
// failed call has one line on stderr: its error).

// fillSecrets adds the required secret arguments raw lacks. fromStdin is
// true when the arguments came on stdin ("-"), which then cannot also
// hold a secret's line. cmdLine is true when raw came from --arg or
// --json, which show in ps.
func (g *globals) fillSecrets(t *tools.Tool, raw json.RawMessage, fromStdin, cmdLine bool) (json.RawMessage, []string, error) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return raw, nil, nil // the toolkit refuses them with its message
	}
	var warnings []string
	changed := false
	args := t.Arguments()
	// Nothing is asked for a call that lacks more than its secrets, or
	// names arguments the tool does not take: the toolkit's message says
	// all that is wrong at once.
	for _, a := range args {
		if _, given := m[a.Name]; a.Required && !a.Secret && !given && (a.Name != "environmentId" || g.targetEnv == "") {
			return raw, nil, nil
		}
	}
	for k := range m {
		if t.InputSchema().Properties[k] == nil {
			return raw, nil, nil
		}
	}
	for _, a := range args {
		if !a.Secret || a.Type != "string" {
			continue
		}
		if _, given := m[a.Name]; given {
			if cmdLine {
				warnings = append(warnings, fmt.Sprintf("%s on the command line is kept in shell history and shown by ps; leave it out and p1 asks for it, or reads it from stdin", a.Name))
			}
			continue
		}
		if _, with := m[a.RequiredWith]; !asksFor(a) || !a.Required && !with {
			continue
		}
		if fromStdin {
			return nil, nil, usageErrorf("%s: give %s in the JSON on stdin, or leave out '-' so that p1 asks for it", t.Name, a.Name)
		}
		v, err := g.readSecret(t.Name, a.Name)
		if err != nil {
			return nil, nil, err
		}
		m[a.Name], _ = json.Marshal(v)
		changed = true
	}
	if !changed {
		return raw, warnings, nil
	}
	out, err := json.Marshal(m)
	return out, warnings, err
}

// asksFor reports whether p1 asks for the argument when a call needs it
// and leaves it out: a secret string that is required, or required with
// another argument (a call without that one does not need it). tool
// describe says so by the same rule.
func asksFor(a tools.Argument) bool {
	return a.Secret && a.Type == "string" && (a.Required || a.RequiredWith != "")
}

// readSecret reads one secret: from the terminal without echo (a
// password asked twice, so a typo is not set), else the first line of
// stdin.
func (g *globals) readSecret(tool, name string) (string, error) {
	if isTerminal(g.stdin) {
		first, err := g.promptSecret(fmt.Sprintf("%s for %s: ", name, tool))
		if err != nil {
			return "", err
		}
		if !strings.HasSuffix(strings.ToLower(name), "password") {
			if first == "" {
				return "", usageErrorf("%s: no %s typed; nothing was sent", tool, name)
			}
			return first, nil // a one-time code is not asked twice
		}
		again, err := g.promptSecret(fmt.Sprintf("%s again: ", name))
		if err != nil {
			return "", err
		}
		if first != again {
			return "", usageErrorf("%s: the two %ss typed differ; nothing was sent", tool, name)
		}
		if first == "" {
			return "", usageErrorf("%s: no %s typed; nothing was sent", tool, name)
		}
		return first, nil
	}
	line, err := readLine(g.stdin)
	line = strings.TrimRight(line, "\r")
	if line == "" {
		if err != nil {
			return "", usageErrorf("%s needs %s: type it at the prompt on a terminal, or give it as one line on stdin (e.g. from a password manager); stdin held none", tool, name)
		}
		return "", usageErrorf("%s: the %s read from stdin is empty", tool, name)
	}
	return line, nil
}

// promptSecret asks on stderr and reads a line without echo.
func (g *globals) promptSecret(prompt string) (string, error) {
	fmt.Fprint(g.stderr, prompt)
	defer fmt.Fprintln(g.stderr)
	if f, ok := g.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		if err != nil {
			return "", usageErrorf("reading the %s: %v", strings.TrimSuffix(prompt, ": "), err)
		}
		return string(b), nil
	}
	line, err := readLine(g.stdin)
	if err != nil && line == "" {
		return "", usageErrorf("reading %s: no answer", strings.TrimSuffix(prompt, ": "))
	}
	return line, nil
}
