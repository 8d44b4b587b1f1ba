package tools

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// A page cursor continues a list page the output step cut to fit the
// result budget. It wraps the cursor that fetched the page (PingOne's, ""
// for the first page), the page size, and how many items of that page the
// caller has already seen. List tools accept it wherever they accept
// PingOne's nextCursor: pageIn.options unwraps it, and the output step
// drops the items already shown, so that paging on returns every item
// exactly once.
type pageCursor struct {
	Cursor string `json:"c,omitempty"`
	Limit  int    `json:"l"`
	Skip   int    `json:"s"`
}

// maxPageLimit is the largest page size a list tool accepts; a cursor
// asking for more was not made by p1kit.
const maxPageLimit = 1000

// pageCursorPrefix marks p1kit's cursors; PingOne's never start with it.
const pageCursorPrefix = "p1k1."

func (c pageCursor) String() string {
	b, _ := json.Marshal(c) // a struct of strings and ints always encodes
	return pageCursorPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// parsePageCursor unwraps a p1kit cursor. ok is false for any other string
// (a PingOne cursor, or a damaged p1kit one, which then reaches PingOne as
// it is and is refused there with a message about the cursor).
func parsePageCursor(s string) (pageCursor, bool) {
	rest, found := strings.CutPrefix(s, pageCursorPrefix)
	if !found {
		return pageCursor{}, false
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return pageCursor{}, false
	}
	var c pageCursor
	if json.Unmarshal(b, &c) != nil || c.Limit < 1 || c.Limit > maxPageLimit || c.Skip < 0 {
		return pageCursor{}, false
	}
	return c, true
}
