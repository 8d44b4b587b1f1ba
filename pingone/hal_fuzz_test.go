package pingone_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"testing"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

// bodyTransport answers every request with one status and body.
type bodyTransport struct {
	status int
	body   []byte
}

func (b bodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: b.status, Status: strconv.Itoa(b.status), Request: r, ContentLength: int64(len(b.body)),
		Header: http.Header{"Content-Type": {"application/hal+json"}},
		Body:   io.NopCloser(bytes.NewReader(b.body)),
	}, nil
}

// FuzzHALPage: whatever PingOne answers to a list call, the client returns
// a page or an error (a *pingone.Error for an error status), never panics,
// and its iterator ends — a next link that points at the same page again or
// off the API host cannot make it loop or leave.
func FuzzHALPage(f *testing.F) {
	const base = "https://api.pingone.com/v1/environments/e/populations"
	for _, s := range []string{
		`{"_embedded":{"populations":[{"id":"p1","name":"Default","default":true}]},"count":1}`,
		`{"_embedded":{"populations":[{"id":"p1"}]},"_links":{"next":{"href":"` + base + `?cursor=abc&limit=1"}}}`,
		`{"_embedded":{"populations":[]},"_links":{"next":{"href":"https://evil.example.com/steal"}}}`,
		`{"_embedded":{"populations":[{"id":"p1"}]},"_links":{"next":{"href":"` + base + `"}}}`,
		`{"_embedded":{"populations":{"id":"p1"}}}`, `{"_embedded":null}`, `{"_links":{"next":"x"}}`, `[]`, `null`, `{`, ``,
		`{"_embedded":{"populations":[null,1,"x",{"id":5}]}}`, `{"count":"many"}`, `{"_links":{"next":{"href":"%zz"}}}`,
		`{"id":"0f2e6a4c","code":"INVALID_DATA","message":"bad","details":[{"code":"INVALID_VALUE","target":"limit","message":"no"}]}`,
	} {
		f.Add(uint16(200), []byte(s))
	}
	f.Add(uint16(400), []byte(`{"id":"x","code":"INVALID_DATA","message":"bad","details":[{"code":"INVALID_FILTER","target":"filter","message":"m","innerError":{"a":[1]}}]}`))
	f.Add(uint16(404), []byte(`{"code":"NOT_FOUND"}`))
	f.Add(uint16(403), []byte(`not json`))
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		code := 200
		switch status % 5 {
		case 1:
			code = 400
		case 2:
			code = 404
		case 3:
			code = 403
		}
		c, err := pingone.NewClient(
			pingone.WithBaseURL("https://api.pingone.com/v1"), pingone.WithAuthBaseURL("https://auth.pingone.com"),
			pingone.WithHTTPClient(&http.Client{Transport: bodyTransport{code, body}}),
			pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 1}),
			pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "fuzz", TokenType: "Bearer"})))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		page, err := c.Populations.List(ctx, "e", &pingone.ListOptions{Limit: 10})
		if code != 200 {
			var pe *pingone.Error
			if !errors.As(err, &pe) || pe.StatusCode != code {
				t.Fatalf("status %d, body %q: %T %v, want a *pingone.Error", code, body, err, err)
			}
			return
		}
		if err == nil && page == nil {
			t.Fatalf("body %q: no page and no error", body)
		}
		// Follow the next links: at most a few pages of a fixed answer.
		n := 0
		for _, err := range c.Groups.All(ctx, "e", nil) {
			if err != nil {
				break
			}
			if n++; n > 10_000 {
				t.Fatalf("body %q: the iterator does not end", body)
			}
		}
	})
}
