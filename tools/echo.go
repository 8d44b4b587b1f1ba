package tools

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bounds on what a call may bring in, and on what an error may echo back.
// A caller's value is never repeated whole in a message: a 1 MB argument
// must not come back as a 1 MB error (outside every result budget, and a
// second copy of whatever the value held).
const (
	// MaxArgumentBytes is the largest arguments object Toolkit.Call reads.
	// The largest real call (an application with its URIs, a user with
	// every attribute) is a few KiB.
	MaxArgumentBytes = 256 << 10
	// MaxToolNameBytes is the longest tool name Toolkit.Call looks up; the
	// MCP specification allows 128 characters, p1kit's names are far shorter.
	MaxToolNameBytes = 128
	// maxArgumentDepth bounds the nesting of an arguments object; the
	// deepest schema has three levels.
	maxArgumentDepth = 32
	// maxEchoRunes is how much of a value an error message repeats.
	maxEchoRunes = 40
	// maxMessageBytes bounds an error's message (PingOne's answers included).
	maxMessageBytes = 3 << 10
)

// echo quotes a value for an error message: whole when short, else its
// first characters and its length, e.g. "aaaa…" (1048576 characters).
// Control and invisible characters are escaped by the quoting.
func echo(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	n := utf8.RuneCountInString(s)
	if n <= maxEchoRunes {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q (%d characters)", prefixRunes(s, maxEchoRunes-8)+"…", n)
}

// echoName is a tool name fit for an error's Tool and an audit record:
// the name itself when it is short, else its start and its length; control
// and invisible characters escaped as in Go, so that an error printed on a
// terminal cannot move its cursor or hide a character.
func echoName(name string) string {
	s := strings.ToValidUTF8(name, "\uFFFD")
	if strings.IndexFunc(s, func(r rune) bool { return !strconv.IsPrint(r) }) >= 0 {
		q := strconv.Quote(s)
		s = q[1 : len(q)-1]
	}
	if len(name) <= MaxToolNameBytes {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", prefixRunes(s, maxEchoRunes), len(name))
}

// prefixRunes returns the first n runes of s.
func prefixRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// cutMessage bounds a message to maxMessageBytes, saying that it was cut.
func cutMessage(msg string) string {
	if len(msg) <= maxMessageBytes {
		return msg
	}
	cut := msg[:maxMessageBytes-64]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	return fmt.Sprintf("%s… (message cut: %d of %d bytes shown)", cut, len(cut), len(msg))
}

// byteSize writes a size the way the limits are written: 256 KiB, 1.5 MiB.
func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<20))) + " MiB"
	case n >= 1<<10:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/(1<<10))) + " KiB"
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }
