package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

func TestClientCredentialsAgainstEmulator(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	tokenURL := srv.TokenURL(pingonetest.Demo().AdminEnvironmentID)
	ts, err := auth.ClientCredentials(t.Context(), tokenURL, pingonetest.Demo().WorkerClientID, pingonetest.Demo().WorkerClientSecret)
	require.NoError(t, err)
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(ts))
	require.NoError(t, err)
	for range 3 {
		page, err := client.Environments.List(t.Context(), nil)
		require.NoError(t, err)
		assert.NotEmpty(t, page.Items)
	}
	var tokenRequests int
	for _, r := range srv.Requests() {
		if r.Path == "/"+pingonetest.Demo().AdminEnvironmentID+"/as/token" {
			tokenRequests++
			assert.Equal(t, "REDACTED", r.Header.Get("Authorization"))
		}
	}
	assert.Equal(t, 1, tokenRequests, "the token is cached across calls")
}

func TestClientCredentialsWrongSecret(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	tokenURL := srv.TokenURL(pingonetest.Demo().AdminEnvironmentID)
	const wrong = "definitely-not-the-secret"
	ts, err := auth.ClientCredentials(t.Context(), tokenURL, pingonetest.Demo().WorkerClientID, wrong)
	require.NoError(t, err)
	_, err = ts.Token()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid_client")
	assert.Contains(t, err.Error(), pingonetest.Demo().WorkerClientID)
	assert.NotContains(t, err.Error(), wrong)
}

func TestArgumentsChecked(t *testing.T) {
	t.Parallel()
	_, err := auth.ClientCredentials(t.Context(), "", "id", "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "token URL")
	assert.Contains(t, err.Error(), "client secret")
	_, err = auth.StaticToken("  ")
	require.Error(t, err)
	ts, err := auth.StaticToken(" abc ")
	require.NoError(t, err)
	tok, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "abc", tok.AccessToken)
}
