package pingonetest

import (
	"net"
	"net/http/httptest"
	"testing"
)

// Server is an Emulator served by an httptest.Server on 127.0.0.1.
type Server struct {
	*Emulator
	// URL is the server's base URL, e.g. http://127.0.0.1:1234.
	URL string

	ts *httptest.Server
}

// NewServer starts an emulator on a loopback port. The caller must Close it.
func NewServer(opts ...Option) *Server {
	e := New(opts...)
	ts := httptest.NewUnstartedServer(e)
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		panic("pingonetest: cannot listen on 127.0.0.1: " + err.Error())
	}
	ts.Listener = l
	ts.Start()
	return &Server{Emulator: e, URL: ts.URL, ts: ts}
}

// NewTestServer starts an emulator on a loopback port and closes it when the
// test ends.
func NewTestServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// Close shuts the server down, closing open connections.
func (s *Server) Close() {
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// APIURL is the management API base URL: URL + "/v1".
func (s *Server) APIURL() string { return s.URL + "/v1" }

// AuthURL is the auth host base URL: token requests go to
// AuthURL() + "/{envID}/as/token".
func (s *Server) AuthURL() string { return s.URL }

// TokenURL is the token endpoint of an environment's auth server:
// AuthURL()/{envID}/as/token.
func (s *Server) TokenURL(envID string) string { return s.URL + "/" + envID + "/as/token" }
