package pingone_test

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

// rotatingSource hands out tok-1, then tok-2 after Invalidate(tok-1).
type rotatingSource struct {
	mu          sync.Mutex
	current     int
	invalidated []string
	withCtx     int
}

func (s *rotatingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return &oauth2.Token{AccessToken: "tok-" + string(rune('1'+s.current)), TokenType: "Bearer"}, nil
}

func (s *rotatingSource) TokenContext(context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	s.withCtx++
	s.mu.Unlock()
	return s.Token()
}

func (s *rotatingSource) Invalidate(t *oauth2.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, t.AccessToken)
	s.current++
}

const accessFailed = `{"id":"e1","code":"ACCESS_FAILED","message":"The request could not be completed."}`

func TestUnauthorizedRefreshesAndRetriesOnce(t *testing.T) {
	t.Parallel()
	src := &rotatingSource{}
	c, f := newClient(t, pingone.WithTokenSource(src))
	f.onFunc(http.MethodGet, "/environments", func(r *http.Request) reply {
		if r.Header.Get("Authorization") == "Bearer tok-2" {
			return ok(`{"_embedded":{"environments":[]},"count":0,"size":0}`)
		}
		return reply{status: http.StatusUnauthorized, body: accessFailed}
	})
	_, err := c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"tok-1"}, src.invalidated, "the refused token is the one invalidated")
	assert.Equal(t, 2, f.count())
	assert.Positive(t, src.withCtx, "a context-aware source is asked with the call's context")
}

func TestUnauthorizedTwiceIsReturned(t *testing.T) {
	t.Parallel()
	src := &rotatingSource{}
	c, f := newClient(t, pingone.WithTokenSource(src))
	f.on(http.MethodPost, "/environments", reply{status: http.StatusUnauthorized, body: accessFailed})
	_, err := c.Environments.Create(t.Context(), &pingone.Environment{Name: "x", Type: "SANDBOX", Region: "NA"})
	require.Error(t, err)
	assert.True(t, pingone.IsUnauthorized(err))
	assert.Equal(t, 2, f.count(), "one retry, not a loop")
	assert.Len(t, src.invalidated, 1)
}

func TestUnauthorizedWithoutInvalidatorIsNotRetried(t *testing.T) {
	t.Parallel()
	c, f := newClient(t, pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static"})))
	f.on(http.MethodGet, "/environments", reply{status: http.StatusUnauthorized, body: accessFailed})
	_, err := c.Environments.List(t.Context(), nil)
	require.Error(t, err)
	assert.Equal(t, 1, f.count())
}
