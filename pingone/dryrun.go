package pingone

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
)

// A dry run lets a caller see what a sequence of client calls would change
// without changing anything: GET requests are sent as usual, and the first
// request that would change the tenant (any other method) is captured and
// returned as a *DryRunRequest error instead of being sent. Callers doing a
// read-modify-write therefore see the real current state and the exact
// request they would have sent.

type dryRunKey struct{}

// dryRunState remembers the GET answers of a dry run by path, so that the
// captured request of an update carries the state it would replace.
type dryRunState struct {
	mu   sync.Mutex
	gets map[string][]byte
}

// WithDryRun returns a context in which the client sends no request that
// would change the tenant: the first one is returned as a *DryRunRequest.
func WithDryRun(ctx context.Context) context.Context {
	return context.WithValue(ctx, dryRunKey{}, &dryRunState{gets: map[string][]byte{}})
}

// IsDryRun reports whether ctx was made by WithDryRun.
func IsDryRun(ctx context.Context) bool { return dryRunOf(ctx) != nil }

func dryRunOf(ctx context.Context) *dryRunState {
	s, _ := ctx.Value(dryRunKey{}).(*dryRunState)
	return s
}

// DryRunRequest is the request a dry run did not send. It is returned as an
// error (use errors.As) because the call it interrupts did not complete.
type DryRunRequest struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	// Header holds the headers that would be sent, without Authorization.
	Header http.Header `json:"headers,omitempty"`
	// Body is the JSON body as it would be sent (it may hold secrets such
	// as a password: callers showing it must redact it).
	Body json.RawMessage `json:"body,omitempty"`
	// Before is the current state of the resource an update (PUT or PATCH)
	// would change or a DELETE would remove, read with a GET of the same
	// URL; nil when it could not be read or the request is a POST.
	Before json.RawMessage `json:"-"`
}

func (r *DryRunRequest) Error() string {
	path := r.URL
	if u, err := url.Parse(r.URL); err == nil {
		path = u.Path
	}
	return fmt.Sprintf("pingone: dry run: %s %s was not sent", r.Method, path)
}

// dryRun returns a *DryRunRequest when ctx is a dry run and the request
// would change the tenant; nil otherwise.
func (c *Client) dryRun(ctx context.Context, r request, u *url.URL, payload []byte) error {
	st := dryRunOf(ctx)
	if st == nil || r.method == http.MethodGet || r.method == http.MethodHead {
		return nil
	}
	h := http.Header{}
	h.Set("Accept", "application/json")
	h.Set("User-Agent", c.userAgent)
	if ct := r.mediaType(payload); ct != "" {
		h.Set("Content-Type", ct)
	}
	if tx := TransactionID(ctx); tx != "" {
		h.Set("X-Ping-External-Transaction-ID", tx)
	}
	if s, _ := ctx.Value(sessionKey).(string); s != "" {
		h.Set("X-Ping-External-Session-ID", s)
	}
	dr := &DryRunRequest{Method: r.method, URL: u.String(), Header: h}
	if len(payload) > 0 && json.Valid(payload) {
		dr.Body = append(json.RawMessage(nil), payload...)
	}
	if r.method == http.MethodPut || r.method == http.MethodPatch || r.method == http.MethodDelete {
		st.mu.Lock()
		before, ok := st.gets[u.Path]
		st.mu.Unlock()
		if !ok {
			// Not read by the caller: read it now (a GET changes nothing).
			var raw json.RawMessage
			if _, err := c.do(ctx, request{method: http.MethodGet, href: u.String()}, &raw); err == nil {
				before = raw
			}
		}
		dr.Before = before
	}
	return dr
}

// rememberGet keeps a dry run's GET answer for the update that may follow.
func rememberGet(ctx context.Context, method string, u *url.URL, body []byte) {
	st := dryRunOf(ctx)
	if st == nil || method != http.MethodGet || !json.Valid(body) {
		return
	}
	st.mu.Lock()
	st.gets[u.Path] = append([]byte(nil), body...)
	st.mu.Unlock()
}
