package pingonetest

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// listParams are the parsed limit, cursor and filter of a list request.
type listParams struct {
	limit     int
	offset    int
	rawFilter string
	filter    *compiledFilter // nil = no filter
}

// listParams parses limit (1..maxLimit), cursor and filter (against spec;
// spec nil means the list takes no filter).
func (c *rctx) listParams(spec *filterSpec, maxLimit int) (listParams, *apiError) {
	lp := listParams{limit: c.e.cfg.pageSize}
	if lp.limit > maxLimit {
		lp.limit = maxLimit
	}
	if v := c.query.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return lp, invalidField(detailInvalidValue, "limit", fmt.Sprintf("limit must be an integer, got %q", v))
		}
		if n < 1 || n > maxLimit {
			return lp, invalidData(errDetail{
				Code: detailOutOfRange, Target: "limit",
				Message:    fmt.Sprintf("limit must be between 1 and %d, got %d", maxLimit, n),
				InnerError: map[string]any{"rangeMinimumValue": 1, "rangeMaximumValue": maxLimit},
			})
		}
		lp.limit = n
	}
	lp.rawFilter = c.query.Get("filter")
	if lp.rawFilter != "" {
		if spec == nil {
			return lp, invalidField(detailInvalidFilter, "filter", "This collection does not support filtering.")
		}
		f, aerr := spec.compile(lp.rawFilter)
		if aerr != nil {
			return lp, aerr
		}
		lp.filter = f
	}
	if cur := c.query.Get("cursor"); cur != "" {
		off, okc := decodeCursor(cur, lp.rawFilter)
		if !okc {
			return lp, invalidField(detailInvalidValue, "cursor", "The cursor is invalid, expired, or was issued for a different filter; start again from the first page.")
		}
		lp.offset = off
	}
	return lp, nil
}

func filterHash(filter string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(filter))
	return h.Sum32()
}

func encodeCursor(offset int, filter string) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "p1emu:%d:%08x", offset, filterHash(filter)))
}

func decodeCursor(cur, filter string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(cur)
	if err != nil {
		return 0, false
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 3 || parts[0] != "p1emu" {
		return 0, false
	}
	off, err := strconv.Atoi(parts[1])
	if err != nil || off < 0 {
		return 0, false
	}
	if parts[2] != fmt.Sprintf("%08x", filterHash(filter)) {
		return 0, false
	}
	return off, true
}

// matchAll returns the items that pass the filter.
func (lp listParams) matchAll(items []doc, get func(d doc) getter) []doc {
	if lp.filter == nil {
		return items
	}
	out := make([]doc, 0, len(items))
	for _, d := range items {
		var g getter
		if get != nil {
			g = get(d)
		} else {
			g = docGetter(d)
		}
		if lp.filter.match(g) {
			out = append(out, d)
		}
	}
	return out
}

// window returns the page of matches selected by offset and limit, and
// whether more follow.
func (lp listParams) window(matches []doc) ([]doc, bool) {
	start := min(lp.offset, len(matches))
	end := min(start+lp.limit, len(matches))
	return matches[start:end], end < len(matches)
}

// collectionResult renders a HAL collection page. items are already rendered.
func (c *rctx) collectionResult(key string, items []any, count int, lp listParams, more bool) result {
	links := doc{"self": doc{"href": c.base + c.r.URL.RequestURI()}}
	if more {
		q := c.query
		nq := make(map[string][]string, len(q)+2)
		for k, v := range q {
			nq[k] = v
		}
		nq["cursor"] = []string{encodeCursor(lp.offset+len(items), lp.rawFilter)}
		nq["limit"] = []string{strconv.Itoa(lp.limit)}
		links["next"] = doc{"href": c.base + c.r.URL.Path + "?" + encodeQuery(nq)}
	}
	if items == nil {
		items = []any{}
	}
	return okJSON(doc{
		"_links":    links,
		"_embedded": doc{key: items},
		"count":     count,
		"size":      len(items),
	})
}

// encodeQuery is url.Values.Encode with %20 for spaces (PingOne style).
func encodeQuery(q map[string][]string) string {
	var keys []string
	for k := range q {
		keys = append(keys, k)
	}
	sortStrings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(queryEscape(k))
			b.WriteByte('=')
			b.WriteString(queryEscape(v))
		}
	}
	return b.String()
}

func sortStrings(s []string) { slices.Sort(s) }

func queryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
