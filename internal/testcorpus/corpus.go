// Package testcorpus loads the tenant-string corpora in testdata/strings,
// for the tests that prove the output step neutralises hostile text and
// leaves ordinary text alone. It is used from _test.go files only.
//
// Each corpus file holds one JSON object per line, so invisible characters
// are written as \u escapes and survive editors and reviews:
//
//	{"text": "Sales\u200b Team", "expect": "strip", "why": "zero-width space inside a name"}
//
// expect is "strip" (hidden characters must be removed), "flag" (the value
// must be marked untrusted), "both", or empty for ordinary strings.
package testcorpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"unicode"
)

// Entry is one corpus string.
type Entry struct {
	Text   string `json:"text"`
	Expect string `json:"expect,omitempty"`
	Why    string `json:"why,omitempty"`
}

// Strip and Flag report what an entry expects of the output step.
func (e Entry) Strip() bool { return e.Expect == "strip" || e.Expect == "both" }

// Flag reports whether the entry must be marked untrusted.
func (e Entry) Flag() bool { return e.Expect == "flag" || e.Expect == "both" }

// Load reads testdata/strings/<name>.txt at the module root.
func Load(tb testing.TB, name string) []Entry {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "strings", name+".txt")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("testcorpus: %v", err)
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var e Entry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			tb.Fatalf("testcorpus: %s line %d: %v", path, n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("testcorpus: %s: %v", path, err)
	}
	return out
}

// HiddenLeft names a character a neutralised value must not contain, or
// returns "" when there is none. It is written independently of the output
// step: zero-width characters (U+200B–U+200F), word joiner and invisible
// operators (U+2060–U+2064), the byte order mark, bidi embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069), tag characters
// (U+E0000–U+E007F), the soft hyphen, Hangul fillers, controls other than
// tab and newlines, private-use characters, and two variation selectors in
// a row.
func HiddenLeft(s string) string {
	prevVS := false
	for _, r := range s {
		vs := r >= 0xFE00 && r <= 0xFE0F || r >= 0xE0100 && r <= 0xE01EF
		switch {
		case vs && prevVS:
			return "two variation selectors in a row"
		case r >= 0x200B && r <= 0x200F, r >= 0x2060 && r <= 0x2064, r == 0xFEFF,
			r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r >= 0xE0000 && r <= 0xE007F,
			r == 0x00AD, r == 0x3164, r == 0xFFA0,
			unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r',
			unicode.Is(unicode.Co, r):
			return fmt.Sprintf("U+%04X", r)
		}
		prevVS = vs
	}
	return ""
}
