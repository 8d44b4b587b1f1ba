package pingonetest_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func postForm(t *testing.T, u string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(u, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &body)
	return resp.StatusCode, body
}

func authorize(t *testing.T, srv *pingonetest.Server, q url.Values) *url.URL {
	t.Helper()
	resp, err := noRedirect.Get(srv.AuthURL() + "/" + pingonetest.Demo().AdminEnvironmentID + "/as/authorize?" + q.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	return loc
}

func TestAuthorizeAndPKCE(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	redirect := "http://127.0.0.1:50123/callback" // any loopback port (RFC 8252)
	q := url.Values{"response_type": {"code"}, "client_id": {d.CLIClientID}, "redirect_uri": {redirect},
		"state": {"xyz"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}

	loc := authorize(t, srv, q)
	assert.Equal(t, "xyz", loc.Query().Get("state"))
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)
	tokenURL := srv.TokenURL(d.AdminEnvironmentID)

	// Wrong verifier: invalid_grant, and the code is spent.
	status, body := postForm(t, tokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {d.CLIClientID}, "code_verifier": {strings.Repeat("w", 50)}})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"])
	status, _ = postForm(t, tokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {d.CLIClientID}, "code_verifier": {verifier}})
	assert.Equal(t, http.StatusBadRequest, status, "a code is single use")

	// Right verifier on a fresh code: tokens; userinfo names the admin.
	code = authorize(t, srv, q).Query().Get("code")
	status, body = postForm(t, tokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect},
		"client_id": {d.CLIClientID}, "code_verifier": {verifier}})
	require.Equal(t, http.StatusOK, status, body)
	access, _ := body["access_token"].(string)
	refresh, _ := body["refresh_token"].(string)
	require.NotEmpty(t, access)
	require.NotEmpty(t, refresh)
	req, _ := http.NewRequest(http.MethodGet, srv.AuthURL()+"/"+d.AdminEnvironmentID+"/as/userinfo", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var ui map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ui))
	resp.Body.Close()
	assert.Equal(t, d.AdminUserID, ui["sub"])
	assert.Equal(t, d.AdminUsername, ui["preferred_username"])

	// Rotation: the new refresh token works once; replaying the old one ends the family.
	status, body = postForm(t, tokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {d.CLIClientID}})
	require.Equal(t, http.StatusOK, status)
	refresh2, _ := body["refresh_token"].(string)
	assert.NotEqual(t, refresh, refresh2)
	status, body = postForm(t, tokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {d.CLIClientID}})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", body["error"])
	status, _ = postForm(t, tokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh2}, "client_id": {d.CLIClientID}})
	assert.Equal(t, http.StatusBadRequest, status, "replay revoked the whole sign-in")
}

func TestAuthorizeRejects(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	base := url.Values{"response_type": {"code"}, "client_id": {d.CLIClientID}, "redirect_uri": {d.CLIRedirectURI}, "state": {"s"}}
	// Unregistered redirect: an error page, never a redirect.
	bad := url.Values{"response_type": {"code"}, "client_id": {d.CLIClientID}, "redirect_uri": {"https://evil.example.com/cb"}}
	resp, err := noRedirect.Get(srv.AuthURL() + "/" + d.AdminEnvironmentID + "/as/authorize?" + bad.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	// A public client without PKCE: invalid_request back at the redirect.
	loc := authorize(t, srv, base)
	assert.Equal(t, "invalid_request", loc.Query().Get("error"))
	assert.Equal(t, "s", loc.Query().Get("state"))
	// plain is refused.
	q := url.Values{}
	for k, v := range base {
		q[k] = v
	}
	q.Set("code_challenge", strings.Repeat("a", 43))
	q.Set("code_challenge_method", "plain")
	assert.Equal(t, "invalid_request", authorize(t, srv, q).Query().Get("error"))
	// An unknown login_hint: login_required.
	q.Set("code_challenge_method", "S256")
	q.Set("login_hint", "nobody")
	assert.Equal(t, "login_required", authorize(t, srv, q).Query().Get("error"))
}

func TestDeviceCodeStates(t *testing.T) {
	t.Parallel()
	var now = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	srv := pingonetest.NewTestServer(t, pingonetest.WithClock(clock))
	d := pingonetest.Demo()
	base := srv.AuthURL() + "/" + d.AdminEnvironmentID + "/as/"
	start := func() (string, string) {
		status, body := postForm(t, base+"device_authorization", url.Values{"client_id": {d.CLIClientID}, "scope": {"openid"}})
		require.Equal(t, http.StatusOK, status, body)
		assert.EqualValues(t, 5, body["interval"])
		return body["device_code"].(string), body["user_code"].(string)
	}
	poll := func(dc string) (int, map[string]any) {
		return postForm(t, base+"token", url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "device_code": {dc}, "client_id": {d.CLIClientID}})
	}
	dc, uc := start()
	_, body := poll(dc)
	assert.Equal(t, "authorization_pending", body["error"])
	_, body = poll(dc)
	assert.Equal(t, "slow_down", body["error"], "polled again at once")
	now = now.Add(11 * time.Second)
	_, body = poll(dc)
	assert.Equal(t, "authorization_pending", body["error"])
	require.NoError(t, srv.ApproveDeviceCode(uc, d.AdminUserID))
	now = now.Add(11 * time.Second)
	status, body := poll(dc)
	require.Equal(t, http.StatusOK, status, body)
	assert.NotEmpty(t, body["access_token"])
	_, body = poll(dc)
	assert.Equal(t, "invalid_grant", body["error"], "a device code is redeemed once")

	dc, uc = start()
	require.NoError(t, srv.DenyDeviceCode(uc))
	_, body = poll(dc)
	assert.Equal(t, "access_denied", body["error"])

	dc, uc = start()
	now = now.Add(11 * time.Minute)
	_, body = poll(dc)
	assert.Equal(t, "expired_token", body["error"])
	assert.Error(t, srv.ApproveDeviceCode(uc, d.AdminUserID))

	// The verification URI's form approves too (for tests in another process).
	dc, uc = start()
	status, _ = postForm(t, base+"device", url.Values{"user_code": {uc}, "username": {d.AdminUsername}, "action": {"approve"}})
	require.Equal(t, http.StatusOK, status)
	status, _ = poll(dc)
	assert.Equal(t, http.StatusOK, status)
}

func TestClientCredentialsPostAndPublicClient(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	tokenURL := srv.TokenURL(d.AdminEnvironmentID)
	status, body := postForm(t, tokenURL, url.Values{"grant_type": {"client_credentials"}, "client_id": {d.WorkerClientID}, "client_secret": {d.WorkerClientSecret}})
	require.Equal(t, http.StatusOK, status, body)
	access := body["access_token"].(string)
	status, body = postForm(t, tokenURL, url.Values{"grant_type": {"client_credentials"}, "client_id": {d.CLIClientID}})
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "unauthorized_client", body["error"])

	// Revoke: the management API refuses the token afterwards with 401 ACCESS_FAILED.
	status, _ = postForm(t, srv.AuthURL()+"/"+d.AdminEnvironmentID+"/as/revoke", url.Values{"token": {access}, "client_id": {d.WorkerClientID}, "client_secret": {d.WorkerClientSecret}})
	require.Equal(t, http.StatusOK, status)
	req, _ := http.NewRequest(http.MethodGet, srv.APIURL()+"/environments", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var e map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Equal(t, "ACCESS_FAILED", e["code"])
}
