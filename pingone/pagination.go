package pingone

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ListOptions narrows and pages a list call. A nil *ListOptions is allowed.
type ListOptions struct {
	// Filter is a SCIM filter, e.g. `name sw "Dev"`. Which attributes and
	// operators work depends on the collection; PingOne answers 400
	// INVALID_FILTER otherwise.
	Filter string
	// Limit is the page size; 0 leaves PingOne's default.
	Limit int
	// Cursor continues a previous page: Page.NextCursor.
	Cursor string
}

// Page is one page of a collection.
type Page[T any] struct {
	Items []T
	// NextCursor continues the listing; "" on the last page.
	NextCursor string
	// Count is the collection's total size when PingOne reports it (else -1).
	Count int
}

// Link is a HAL link.
type Link struct {
	Href string `json:"href"`
}

// Links is a HAL _links object.
type Links map[string]Link

// halPage is a HAL page read whole (the read-back of a lost create looks
// through the raw items).
type halPage struct {
	Links    Links                      `json:"_links"`
	Embedded map[string]json.RawMessage `json:"_embedded"`
	Count    *int                       `json:"count"`
	Size     *int                       `json:"size"`
}

// ObjectRef is a reference to another resource: {"id": "…"}.
type ObjectRef struct {
	ID string `json:"id"`
}

// Ref returns a reference to id, or nil if id is empty.
func Ref(id string) *ObjectRef {
	if id == "" {
		return nil
	}
	return &ObjectRef{ID: id}
}

// Ptr returns a pointer to v, for optional fields.
func Ptr[T any](v T) *T { return &v }

func (o *ListOptions) query(extra url.Values) url.Values {
	q := url.Values{}
	for k, v := range extra {
		q[k] = v
	}
	if o == nil {
		return q
	}
	if o.Filter != "" {
		q.Set("filter", o.Filter)
	}
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Cursor != "" && !isAbsolute(o.Cursor) {
		q.Set("cursor", o.Cursor)
	}
	return q
}

func isAbsolute(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// listPage fetches one page of the collection at path, whose items sit in
// _embedded[key].
func listPage[T any](ctx context.Context, c *Client, path []string, key string, extra url.Values, opts *ListOptions) (*Page[T], error) {
	return fetchPage[T](ctx, c, pageRequest(path, extra, opts), key)
}

// pageRequest is the GET of one page of the collection at path.
func pageRequest(path []string, extra url.Values, opts *ListOptions) request {
	if opts != nil && isAbsolute(opts.Cursor) {
		// The cursor is the whole next link (PingOne gave no cursor parameter).
		return request{method: http.MethodGet, href: opts.Cursor}
	}
	return request{method: http.MethodGet, segs: path, query: opts.query(extra)}
}

// fetchPage sends r and reads the HAL page it answers, whose items sit in
// _embedded[key].
func fetchPage[T any](ctx context.Context, c *Client, r request, key string) (*Page[T], error) {
	page := &Page[T]{Count: -1}
	next, count, err := streamPage(ctx, c, r, key, func(item T) bool {
		page.Items = append(page.Items, item)
		return true
	})
	if err != nil {
		return nil, err
	}
	page.NextCursor, page.Count = next, count
	return page, nil
}

// streamPage sends r and hands each item of the page it answers to each as
// it is decoded (decodePage); it returns the next cursor and the count.
func streamPage[T any](ctx context.Context, c *Client, r request, key string, each func(T) bool) (string, int, error) {
	resp, err := c.do(ctx, r, nil)
	if err != nil {
		return "", -1, err
	}
	next, count, err := decodePage(resp.Body, key, each)
	if err != nil {
		where := strings.Join(r.segs, "/")
		if r.href != "" {
			where = "a next page"
		}
		return "", -1, fmt.Errorf("pingone: decoding _embedded.%s of %s: %w", key, where, err)
	}
	if next != "" {
		next = cursorOf(next)
	}
	return next, count, nil
}

// cursorOf extracts the cursor parameter of a next link, or keeps the whole
// link when it has none.
func cursorOf(href string) string {
	u, err := url.Parse(href)
	if err == nil {
		if cur := u.Query().Get("cursor"); cur != "" {
			return cur
		}
	}
	return href
}

// listAll iterates over every item of a collection, one page in memory at a
// time, each item yielded as it is decoded. It stops at the first error,
// which it yields with a zero T.
func listAll[T any](ctx context.Context, c *Client, path []string, key string, extra url.Values, opts *ListOptions) iter.Seq2[T, error] {
	return iterate(opts, func(o *ListOptions, each func(T) bool) (string, error) {
		next, _, err := streamPage(ctx, c, pageRequest(path, extra, o), key, each)
		return next, err
	})
}

// iterate yields every item that fetch hands to each, page after page from
// opts on, following each page's cursor; fetch stops handing items over
// once each returns false. Collections read by a request of their own (the
// activities' long-filter POST) iterate through it too.
func iterate[T any](opts *ListOptions, fetch func(o *ListOptions, each func(T) bool) (next string, err error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		o := ListOptions{}
		if opts != nil {
			o = *opts
		}
		for {
			stopped := false
			next, err := fetch(&o, func(item T) bool {
				stopped = !yield(item, nil)
				return !stopped
			})
			if stopped {
				return
			}
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if next == "" || next == o.Cursor {
				return
			}
			o.Cursor = next
		}
	}
}

// collect gathers every item of seq, for the short lists a call returns
// whole (roles, role assignments, devices, daily totals).
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for item, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}
