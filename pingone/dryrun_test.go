package pingone_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

func TestDryRunCapturesTheFirstWrite(t *testing.T) {
	t.Parallel()
	c, f := newClient(t, pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok-123", TokenType: "Bearer"})))
	const path = "/environments/" + envID + "/groups/g-1"
	f.on(http.MethodGet, path, ok(`{"id":"g-1","name":"Old","description":"d"}`))
	f.on(http.MethodPut, path, ok(`{}`))
	f.on(http.MethodDelete, path, noContent())

	ctx := pingone.WithTransactionID(pingone.WithDryRun(context.Background()), "tx-1")
	require.True(t, pingone.IsDryRun(ctx))
	g, err := c.Groups.Get(ctx, envID, "g-1", nil)
	require.NoError(t, err, "a GET is sent as usual")
	g.Name = "New"
	_, err = c.Groups.Update(ctx, envID, "g-1", g)
	var dr *pingone.DryRunRequest
	require.ErrorAs(t, err, &dr)
	assert.Equal(t, http.MethodPut, dr.Method)
	assert.Equal(t, apiBase+path, dr.URL)
	assert.Empty(t, dr.Header.Get("Authorization"), "no token in a captured request")
	assert.Equal(t, "tx-1", dr.Header.Get("X-Ping-External-Transaction-ID"))
	assert.Equal(t, "application/json", dr.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"name":"New","description":"d"}`, string(dr.Body), "read-only members are dropped as when sent")
	assert.JSONEq(t, `{"id":"g-1","name":"Old","description":"d"}`, string(dr.Before), "the GET the caller made is the state before")
	assert.Equal(t, "pingone: dry run: PUT /v1"+path+" was not sent", dr.Error())

	// A DELETE without a prior read reads the resource first.
	err = c.Groups.Delete(pingone.WithDryRun(context.Background()), envID, "g-1")
	require.ErrorAs(t, err, &dr)
	assert.Equal(t, http.MethodDelete, dr.Method)
	assert.JSONEq(t, `{"id":"g-1","name":"Old","description":"d"}`, string(dr.Before))

	for _, call := range f.all() {
		assert.Equal(t, http.MethodGet, call.Method, "nothing but GETs was sent")
	}
	// Outside a dry run, the same calls are sent.
	require.NoError(t, c.Groups.Delete(context.Background(), envID, "g-1"))
	assert.Equal(t, http.MethodDelete, f.last().Method)
	assert.False(t, pingone.IsDryRun(context.Background()))
}
