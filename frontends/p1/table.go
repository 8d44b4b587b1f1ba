package main

import (
	"bytes"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// table aligns tab-separated lines into columns, like text/tabwriter with
// two spaces of padding, but measures text as a terminal shows it: CJK and
// other wide characters take two columns, combining marks and joiners none.
// (tabwriter counts runes, so a column after 営業部 would start three
// columns early.) Write lines with tabs between cells, then Flush.
type table struct {
	w   io.Writer
	buf bytes.Buffer
}

func newTable(w io.Writer) *table { return &table{w: w} }

func (t *table) Write(p []byte) (int, error) { return t.buf.Write(p) }

// Flush writes the aligned lines. Every cell but a line's last is padded
// to its column's width plus two spaces.
func (t *table) Flush() error {
	text := strings.TrimSuffix(t.buf.String(), "\n")
	t.buf.Reset()
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	cells := make([][]string, len(lines))
	var widths []int
	for i, l := range lines {
		cells[i] = strings.Split(l, "\t")
		for j, c := range cells[i][:len(cells[i])-1] {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], displayWidth(c))
		}
	}
	var out strings.Builder
	for _, row := range cells {
		for j, c := range row {
			out.WriteString(c)
			if j < len(row)-1 {
				out.WriteString(strings.Repeat(" ", widths[j]-displayWidth(c)+2))
			}
		}
		out.WriteByte('\n')
	}
	_, err := io.WriteString(t.w, out.String())
	return err
}

// displayWidth is how many terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || r == '\u200d':
			// combining marks, joiners and other format characters
		case r >= 0xFE00 && r <= 0xFE0F:
			// variation selectors
		default:
			switch width.LookupRune(r).Kind() {
			case width.EastAsianWide, width.EastAsianFullwidth:
				n += 2
			default:
				n++
			}
		}
	}
	return n
}
