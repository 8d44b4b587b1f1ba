package pingonetest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
)

// reUUID matches a PingOne id.
var reUUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// client talks to a test server with a valid token and validates every
// response against the OpenAPI files (internal/contract).
type client struct {
	t   testing.TB
	s   *Server
	tok string
}

func newClient(t testing.TB, opts ...Option) *client {
	t.Helper()
	s := NewTestServer(t, opts...)
	return &client{t: t, s: s, tok: s.IssueToken(time.Hour)}
}

// resp is a decoded response.
type resp struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    []byte
}

func (r resp) str(path string) string { return str(r.Body, path) }

func (r resp) items(key string) []map[string]any {
	emb, _ := r.Body["_embedded"].(map[string]any)
	list, _ := emb[key].([]any)
	out := make([]map[string]any, len(list))
	for i, x := range list {
		out[i] = x.(map[string]any)
	}
	return out
}

func (r resp) detailCodes() []string {
	var out []string
	ds, _ := r.Body["details"].([]any)
	for _, d := range ds {
		out = append(out, str(d.(map[string]any), "code"))
	}
	return out
}

// do sends method path (below /v1, or absolute) with body (nil, []byte,
// string, or any JSON value) as contentType ("" = application/json when body != nil).
func (c *client) do(method, path string, body any, contentType ...string) resp {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		require.NoError(c.t, err)
		rd = bytes.NewReader(j)
	}
	u := path
	if !strings.HasPrefix(path, "http") {
		u = c.s.APIURL() + path
	}
	req, err := http.NewRequest(method, u, rd)
	require.NoError(c.t, err)
	if body != nil {
		ct := "application/json"
		if len(contentType) > 0 {
			ct = contentType[0]
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
	}
	if c.tok != "" {
		req.Header.Set("Authorization", "Bearer "+c.tok)
	}
	// Every response is validated against the OpenAPI files; requests are
	// not, since these tests send invalid ones on purpose.
	hc := &http.Client{Transport: contract.Load(c.t).ResponseTransport(c.t, nil)}
	hr, err := hc.Do(req)
	require.NoError(c.t, err)
	defer hr.Body.Close()
	raw, err := io.ReadAll(hr.Body)
	require.NoError(c.t, err)
	r := resp{Status: hr.StatusCode, Header: hr.Header, Raw: raw}
	if len(raw) > 0 {
		require.NoError(c.t, json.Unmarshal(raw, &r.Body), "body: %s", raw)
		require.Equal(c.t, "application/json", hr.Header.Get("Content-Type"))
	}
	return r
}

// with returns the client bound to another (sub)test.
func (c *client) with(t testing.TB) *client { return &client{t: t, s: c.s, tok: c.tok} }

func (c *client) get(path string) resp { c.t.Helper(); return c.do(http.MethodGet, path, nil) }

// token requests a client_credentials token.
func token(t testing.TB, s *Server, envID string, form url.Values, basicID, basicSecret string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.TokenURL(envID), strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	hr, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer hr.Body.Close()
	var m map[string]any
	require.NoError(t, json.NewDecoder(hr.Body).Decode(&m))
	return hr.StatusCode, m
}

func env(id string, parts ...string) string {
	return "/environments/" + id + "/" + strings.Join(parts, "/")
}

func q(filter string) string { return url.QueryEscape(filter) }

// walk follows _links.next from path and returns every item under key.
func (c *client) walk(path, key string) ([]map[string]any, int) {
	c.t.Helper()
	var all []map[string]any
	pages := 0
	next := path
	for next != "" {
		r := c.get(next)
		require.Equal(c.t, http.StatusOK, r.Status, string(r.Raw))
		pages++
		all = append(all, r.items(key)...)
		next = ""
		if links, ok := r.Body["_links"].(map[string]any); ok {
			if n, ok := links["next"].(map[string]any); ok {
				next = n["href"].(string)
			}
		}
		require.Less(c.t, pages, 10000)
	}
	return all, pages
}

func jsonDecode(hr *http.Response, v any) error { return json.NewDecoder(hr.Body).Decode(v) }
