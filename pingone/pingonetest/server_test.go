package pingonetest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// TestCloseLeavesOtherConnections: closing a server does not close the
// idle connections of http.DefaultTransport (an httptest.Server does), so
// a client of another server goes on over the connection it has.
func TestCloseLeavesOtherConnections(t *testing.T) {
	a := pingonetest.NewTestServer(t)
	get := func() (reused bool) {
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused },
		})
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.AuthURL()+"/"+pingonetest.Demo().AdminEnvironmentID+"/as/jwks", nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return reused
	}
	get()
	require.True(t, get(), "a second request reuses the first one's connection")

	pingonetest.NewServer().Close()
	assert.True(t, get(), "closing another server left the connection open")
}

// TestCloseWaitsForRequests: Close returns once the requests being served
// have returned, and the server then answers nothing.
func TestCloseWaitsForRequests(t *testing.T) {
	t.Parallel()
	s := pingonetest.NewServer()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(s.APIURL() + "/environments")
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	time.Sleep(10 * time.Millisecond)
	s.Close()
	wg.Wait()
	c := &http.Client{Timeout: 5 * time.Second}
	_, err := c.Get(s.APIURL() + "/environments")
	assert.Error(t, err, "a closed server accepts no connection")
}
