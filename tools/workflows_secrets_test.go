package tools_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// findingsFor is the findings review_applications answers for one app.
func findingsFor(out map[string]any, appID string) string {
	for _, a := range out["applications"].([]any) {
		row := a.(map[string]any)
		if row["id"] == appID {
			var f []string
			for _, s := range row["findings"].([]any) {
				f = append(f, s.(string))
			}
			return strings.Join(f, "\n")
		}
	}
	return ""
}

// TestReviewApplicationsFindsAPreviousSecret: after a rotation the review
// names the previous secret still valid, never used; a sign-in with it
// makes it "last used"; deleted, the finding goes. No secret's value is in
// any answer, and the review reads the secret of the applications that
// have one only.
func TestReviewApplicationsFindsAPreviousSecret(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	c, _ := contract.ClientWith(t, srv)
	d := pingonetest.Demo()
	env, app := d.SandboxEnvironmentID, d.SandboxWorkerAppID
	args := map[string]any{"environmentId": env}
	review := func() (map[string]any, string) {
		t.Helper()
		out, terr := call(t, tk, "review_applications", args)
		require.Nil(t, terr)
		raw, err := json.Marshal(out)
		require.NoError(t, err)
		return out, string(raw)
	}

	out, _ := review()
	assert.NotContains(t, findingsFor(out, app), "previous client secret", "no rotation yet")

	rotated, err := c.Applications.RotateSecret(t.Context(), env, app, nil)
	require.NoError(t, err)
	require.NotNil(t, rotated.Previous)
	secrets := []string{rotated.Secret, rotated.Previous.Secret}

	before := len(srv.Requests())
	out, raw := review()
	f := findingsFor(out, app)
	assert.Contains(t, f, "previous client secret still valid until "+rotated.Previous.ExpiresAt.UTC().Format("2006-01-02T15:04:05Z"))
	assert.Contains(t, f, "last used never since the rotation")
	assert.Contains(t, f, "delete_application_previous_secret")
	reads, withSecret := 0, 0
	for _, r := range srv.Requests()[before:] {
		if strings.HasSuffix(r.Path, "/secret") {
			reads++
		}
	}
	for a, err := range c.Applications.All(t.Context(), env, nil) {
		require.NoError(t, err)
		if a.Protocol == "OPENID_CONNECT" && strings.HasPrefix(a.TokenEndpointAuthMethod, "CLIENT_SECRET_") {
			withSecret++
		}
	}
	require.Positive(t, withSecret)
	assert.Equal(t, withSecret, reads, "one secret read an application that has a secret, none for the others")

	// A sign-in with the previous secret is its last use.
	form := url.Values{"grant_type": {"client_credentials"}}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.TokenURL(env), strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(app, rotated.Previous.Secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	out, raw2 := review()
	assert.Regexp(t, `last used 20\d\d-\d\d-\d\dT`, findingsFor(out, app))

	for _, s := range secrets {
		require.NotEmpty(t, s)
		assert.NotContains(t, raw, s, "no secret's value in the review")
		assert.NotContains(t, raw2, s, "no secret's value in the review")
	}

	require.NoError(t, c.Applications.DeletePreviousSecret(t.Context(), env, app))
	out, _ = review()
	assert.NotContains(t, findingsFor(out, app), "previous client secret", "deleted")
}
