package pingone_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const (
	apiBase = "https://api.pingone.com/v1"
	envID   = "env-1"
)

// call is one request the client sent, as the fake server saw it.
type call struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// reply is one canned answer; err simulates a dropped connection instead.
type reply struct {
	status int
	body   string
	header map[string]string
	err    error
}

// fake is an httpmock transport that records every request.
type fake struct {
	t  *testing.T
	mt *httpmock.MockTransport

	mu    sync.Mutex
	calls []call
}

// newClient returns a client whose requests go to a fresh mock transport.
// Retries are off unless opts set a policy.
func newClient(t *testing.T, opts ...pingone.Option) (*pingone.Client, *fake) {
	t.Helper()
	f := &fake{t: t, mt: httpmock.NewMockTransport()}
	all := append([]pingone.Option{
		pingone.WithHTTPClient(&http.Client{Transport: f.mt}),
		pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 1}),
	}, opts...)
	c, err := pingone.NewClient(all...)
	require.NoError(t, err)
	return c, f
}

// on answers method+path (below apiBase, any query) with the replies in
// turn; the last one repeats.
func (f *fake) on(method, path string, replies ...reply) {
	f.onURL(method, apiBase+path, replies...)
}

func (f *fake) onURL(method, rawURL string, replies ...reply) {
	var mu sync.Mutex
	n := 0
	f.mt.RegisterResponder(method, rawURL, func(req *http.Request) (*http.Response, error) {
		f.record(req)
		mu.Lock()
		r := replies[min(n, len(replies)-1)]
		n++
		mu.Unlock()
		if r.err != nil {
			return nil, r.err
		}
		resp := httpmock.NewStringResponse(r.status, r.body)
		if r.body != "" {
			resp.Header.Set("Content-Type", "application/json")
		}
		for k, v := range r.header {
			resp.Header.Set(k, v)
		}
		return resp, nil
	})
}

// onFunc answers with a function of the request.
func (f *fake) onFunc(method, path string, fn func(*http.Request) reply) {
	f.mt.RegisterResponder(method, apiBase+path, func(req *http.Request) (*http.Response, error) {
		f.record(req)
		r := fn(req)
		resp := httpmock.NewStringResponse(r.status, r.body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
}

func (f *fake) record(req *http.Request) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{Method: req.Method, URL: req.URL, Header: req.Header.Clone(), Body: body})
}

func (f *fake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fake) last() call {
	f.t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.NotEmpty(f.t, f.calls, "no request was sent")
	return f.calls[len(f.calls)-1]
}

func (f *fake) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func ok(body string) reply { return reply{status: http.StatusOK, body: body} }

func created(body string) reply { return reply{status: http.StatusCreated, body: body} }

func noContent() reply { return reply{status: http.StatusNoContent} }

// apiCase is one service call and what must go over the wire.
type apiCase struct {
	name      string
	method    string
	path      string // below apiBase, escaped as sent
	reply     reply
	do        func(ctx context.Context, c *pingone.Client) (any, error)
	wantQuery url.Values // nil: no query
	wantCT    string     // "" : no body, hence no Content-Type
	wantBody  string     // JSON; "" means no body
	check     func(t *testing.T, out any)
}

func runAPICases(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t)
			f.on(tc.method, tc.path, tc.reply)
			out, err := tc.do(t.Context(), c)
			require.NoError(t, err)
			got := f.last()
			assert.Equal(t, tc.method, got.Method)
			assert.Equal(t, "/v1"+tc.path, got.URL.EscapedPath())
			if tc.wantQuery == nil {
				assert.Empty(t, got.URL.RawQuery)
			} else {
				assert.Equal(t, tc.wantQuery, got.URL.Query())
			}
			assert.Equal(t, tc.wantCT, got.Header.Get("Content-Type"))
			if tc.wantBody == "" {
				assert.Empty(t, got.Body)
			} else {
				assert.JSONEq(t, tc.wantBody, string(got.Body))
			}
			if tc.check != nil {
				tc.check(t, out)
			}
		})
	}
}

// testPagination checks a collection over three pages: page by page with
// NextCursor, with the iterator, and that breaking out of the iterator
// stops fetching.
func testPagination[T any](t *testing.T, path, key string,
	list func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) (*pingone.Page[T], error),
	all func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) iter.Seq2[T, error],
	idOf func(T) string,
) {
	t.Helper()
	pages := map[string]struct {
		ids  []string
		next string
	}{
		"":   {[]string{"a", "b"}, "c2"},
		"c2": {[]string{"c", "d"}, "c3"},
		"c3": {[]string{"e"}, ""},
	}
	serve := func(f *fake) {
		f.onFunc(http.MethodGet, path, func(req *http.Request) reply {
			p, found := pages[req.URL.Query().Get("cursor")]
			if !found {
				return reply{status: http.StatusBadRequest, body: `{"code":"INVALID_REQUEST","message":"bad cursor"}`}
			}
			items := make([]map[string]string, len(p.ids))
			for i, id := range p.ids {
				items[i] = map[string]string{"id": id}
			}
			body := map[string]any{
				"_embedded": map[string]any{key: items},
				"_links":    map[string]any{"self": map[string]string{"href": apiBase + path}},
				"count":     5, "size": len(items),
			}
			if p.next != "" {
				body["_links"].(map[string]any)["next"] = map[string]string{
					"href": fmt.Sprintf("%s%s?cursor=%s&limit=2", apiBase, path, p.next)}
			}
			b, _ := json.Marshal(body)
			return ok(string(b))
		})
	}
	opts := &pingone.ListOptions{Limit: 2, Filter: `name sw "x"`}

	t.Run("List and NextCursor", func(t *testing.T) {
		t.Parallel()
		c, f := newClient(t)
		serve(f)
		var ids []string
		o := *opts
		for range 10 {
			page, err := list(t.Context(), c, &o)
			require.NoError(t, err)
			assert.Equal(t, 5, page.Count)
			for _, it := range page.Items {
				ids = append(ids, idOf(it))
			}
			if page.NextCursor == "" {
				break
			}
			o.Cursor = page.NextCursor
		}
		assert.Equal(t, []string{"a", "b", "c", "d", "e"}, ids)
		calls := f.all()
		require.Len(t, calls, 3)
		for _, cl := range calls {
			assert.Equal(t, "2", cl.URL.Query().Get("limit"))
			assert.Equal(t, `name sw "x"`, cl.URL.Query().Get("filter"), "the filter is kept on every page")
		}
	})

	t.Run("All", func(t *testing.T) {
		t.Parallel()
		c, f := newClient(t)
		serve(f)
		var ids []string
		for it, err := range all(t.Context(), c, opts) {
			require.NoError(t, err)
			ids = append(ids, idOf(it))
		}
		assert.Equal(t, []string{"a", "b", "c", "d", "e"}, ids)
		assert.Equal(t, 3, f.count())
	})

	t.Run("All early break", func(t *testing.T) {
		t.Parallel()
		c, f := newClient(t)
		serve(f)
		for it, err := range all(t.Context(), c, opts) {
			require.NoError(t, err)
			assert.Equal(t, "a", idOf(it))
			break
		}
		assert.Equal(t, 1, f.count(), "breaking out of the loop must not fetch more pages")
	})

	t.Run("All error", func(t *testing.T) {
		t.Parallel()
		c, f := newClient(t)
		f.on(http.MethodGet, path, reply{status: http.StatusForbidden, body: `{"code":"ACCESS_FAILED","message":"no"}`})
		n := 0
		for _, err := range all(t.Context(), c, opts) {
			n++
			require.Error(t, err)
			assert.Equal(t, http.StatusForbidden, errorStatus(err))
		}
		assert.Equal(t, 1, n, "one error, then the iterator stops")
	})
}

func errorStatus(err error) int {
	var perr *pingone.Error
	if errors.As(err, &perr) {
		return perr.StatusCode
	}
	return 0
}
