package pingonetest

import (
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Server is an Emulator served over HTTP on 127.0.0.1.
//
// It is not an httptest.Server: closing one of those also closes the idle
// connections of http.DefaultTransport, which every PingOne client without
// an HTTP client of its own uses, and a request of another test (or of the
// same process's sandbox) that had just taken one fails with "http:
// CloseIdleConnections called".
type Server struct {
	*Emulator
	// URL is the server's base URL, e.g. http://127.0.0.1:1234.
	URL string

	hs     *http.Server
	served chan struct{} // closed when Serve returns

	closeMu sync.Mutex
	closed  bool
	active  sync.WaitGroup // requests being served
}

// NewServer starts an emulator on a loopback port. The caller must Close it.
func NewServer(opts ...Option) *Server {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		panic("pingonetest: cannot listen on 127.0.0.1: " + err.Error())
	}
	s := &Server{Emulator: New(opts...), URL: "http://" + l.Addr().String(), served: make(chan struct{})}
	s.hs = &http.Server{
		Handler:           http.HandlerFunc(s.serve),
		ReadHeaderTimeout: time.Minute,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go func() {
		defer close(s.served)
		_ = s.hs.Serve(l) // http.ErrServerClosed once Close is called
	}()
	return s
}

// serve serves one request, unless the server is closing.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		http.Error(w, "pingonetest: the server is closing", http.StatusServiceUnavailable)
		return
	}
	s.active.Add(1)
	s.closeMu.Unlock()
	defer s.active.Done()
	s.Emulator.ServeHTTP(w, r)
}

// NewTestServer starts an emulator on a loopback port and closes it when the
// test ends.
func NewTestServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// Close shuts the server down: it closes the listener and every
// connection, and returns once the requests being served have returned.
func (s *Server) Close() {
	s.closeMu.Lock()
	s.closed = true
	s.closeMu.Unlock()
	_ = s.hs.Close()
	<-s.served
	s.active.Wait()
}

// APIURL is the management API base URL: URL + "/v1".
func (s *Server) APIURL() string { return s.URL + "/v1" }

// AuthURL is the auth host base URL: token requests go to
// AuthURL() + "/{envID}/as/token".
func (s *Server) AuthURL() string { return s.URL }

// TokenURL is the token endpoint of an environment's auth server:
// AuthURL()/{envID}/as/token.
func (s *Server) TokenURL(envID string) string { return s.URL + "/" + envID + "/as/token" }
