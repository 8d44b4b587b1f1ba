package contract

import (
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

// Server is what the clients need of an emulator (*pingonetest.Server). An
// interface, so that this package does not import the emulator and the
// emulator's own tests can validate through it.
type Server interface {
	APIURL() string
	AuthURL() string
	IssueToken(ttl time.Duration) string
}

// Client returns a pingone client on srv whose every exchange is validated
// against the specs (violations fail tb). It authenticates with a token the
// emulator issues directly (valid for a day of the emulator's clock), so it
// works with or without the demo tenant. Use ClientWith to get the Validator
// too, e.g. to assert on its Stats.
func Client(tb testing.TB, srv Server) *pingone.Client {
	tb.Helper()
	c, _ := ClientWith(tb, srv)
	return c
}

// ClientWith is Client that also returns the Validator behind the client.
func ClientWith(tb testing.TB, srv Server, opts ...pingone.Option) (*pingone.Client, *Validator) {
	tb.Helper()
	v := Load(tb)
	hc := &http.Client{Transport: v.Transport(tb, http.DefaultTransport), Timeout: time.Minute}
	all := append([]pingone.Option{
		pingone.WithBaseURL(srv.APIURL()),
		pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithHTTPClient(hc),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(24 * time.Hour), TokenType: "Bearer"})),
	}, opts...)
	c, err := pingone.NewClient(all...)
	if err != nil {
		tb.Fatalf("contract: pingone.NewClient: %v", err)
	}
	return c, v
}
