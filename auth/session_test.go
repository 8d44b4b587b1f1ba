package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/auth/internal/nodbus"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// follow is the test's browser: it follows the authorize redirect to the
// loopback callback, as a browser would after the user signs in.
func follow(t *testing.T, calls *atomic.Int32) func(string) error {
	return func(u string) error {
		if calls != nil {
			calls.Add(1)
		}
		go func() {
			resp, err := http.Get(u)
			if err != nil {
				t.Errorf("browser: %v", err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
		return nil
	}
}

// recordingStore remembers what was written, so tests know the token values.
type recordingStore struct {
	auth.Store
	mu     sync.Mutex
	writes [][]byte
}

func (s *recordingStore) Set(key string, data []byte) error {
	s.mu.Lock()
	s.writes = append(s.writes, append([]byte(nil), data...))
	s.mu.Unlock()
	return s.Store.Set(key, data)
}

// tokens returns every token value the session ever stored.
func (s *recordingStore) tokens(t *testing.T) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, w := range s.writes {
		var rec struct {
			Access  string `json:"access_token"`
			Refresh string `json:"refresh_token"`
		}
		require.NoError(t, json.Unmarshal(w, &rec))
		for _, v := range []string{rec.Access, rec.Refresh} {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

func (s *recordingStore) last(t *testing.T) (access, refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NotEmpty(t, s.writes)
	var rec struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	require.NoError(t, json.Unmarshal(s.writes[len(s.writes)-1], &rec))
	return rec.Access, rec.Refresh
}

func pkceConfig(t *testing.T, srv *pingonetest.Server, store auth.Store, browser func(string) error) auth.Config {
	return auth.Config{
		Profile: "test", AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantAuthorizationCode, Store: store,
		OpenBrowser: browser, CallbackAddr: "127.0.0.1:0", Scopes: []string{"openid", "profile"},
		// A browser that fails has already failed the test; the sign-in
		// need not wait the default five minutes to say so.
		LoginTimeout: 30 * time.Second,
	}
}

func clientFor(t *testing.T, srv *pingonetest.Server, s *auth.Session, opts ...pingone.Option) *pingone.Client {
	c, err := pingone.NewClient(append([]pingone.Option{pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(s)}, opts...)...)
	require.NoError(t, err)
	return c
}

func countPath(srv *pingonetest.Server, suffix string) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

func TestAuthorizationCodePKCE(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	store := &recordingStore{Store: auth.NewMemoryStore()}
	s, err := auth.NewSession(pkceConfig(t, srv, store, follow(t, nil)))
	require.NoError(t, err)
	defer s.Close()
	c := clientFor(t, srv, s)
	page, err := c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	assert.NotEmpty(t, page.Items)

	st, err := s.Status()
	require.NoError(t, err)
	assert.True(t, st.SignedIn)
	assert.Equal(t, pingonetest.Demo().AdminUsername, st.Username)
	assert.Equal(t, pingonetest.Demo().AdminUserID, st.Subject)
	assert.True(t, st.Refreshable)
	assert.Equal(t, 1, s.Logins())

	// The authorize request carried an S256 challenge and a state.
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/as/authorize") {
			assert.Contains(t, r.RawQuery, "code_challenge_method=S256")
			assert.Contains(t, r.RawQuery, "state=")
		}
	}

	// A second session on the same store uses the stored session: no login.
	var opened atomic.Int32
	s2, err := auth.NewSession(pkceConfig(t, srv, store, follow(t, &opened)))
	require.NoError(t, err)
	defer s2.Close()
	_, err = clientFor(t, srv, s2).Environments.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Zero(t, opened.Load())
	assert.Zero(t, s2.Logins())
}

func TestAuthorizationCodeBadCallbackAddress(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	cfg := pkceConfig(t, srv, nil, follow(t, nil))
	cfg.CallbackAddr = "0.0.0.0:0"
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Token()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a loopback")
}

func TestAuthorizationCodeRefused(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	cfg := pkceConfig(t, srv, nil, follow(t, nil))
	cfg.LoginHint = "nobody-by-this-name"
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Token()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "login_required")
}

func TestConcurrentCallsShareOneLogin(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	var opened atomic.Int32
	s, err := auth.NewSession(pkceConfig(t, srv, auth.NewMemoryStore(), follow(t, &opened)))
	require.NoError(t, err)
	defer s.Close()
	c := clientFor(t, srv, s)
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for range 10 {
		wg.Go(func() {
			_, err := c.Environments.List(t.Context(), nil)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), opened.Load(), "one browser window")
	assert.Equal(t, 1, s.Logins())
	assert.Equal(t, 1, countPath(srv, "/as/authorize"))
	assert.Equal(t, 1, countPath(srv, "/as/token"))
}

// deviceClock is the fake clock a device-code test runs on, shared by the
// emulator (code expiry, polling interval) and the session (its waits).
func deviceClock(t *testing.T) (*pingonetest.Server, *clockwork.FakeClock) {
	fc := clockwork.NewFakeClockAt(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	srv := pingonetest.NewTestServer(t, pingonetest.WithClock(fc.Now))
	srv.SetDevicePollInterval(5 * time.Second) // PingOne's; free on a fake clock
	return srv, fc
}

// tick lets the session's device-code polling make its next request: it
// waits until the poller waits on the clock, then moves the clock on.
func tick(t *testing.T, fc *clockwork.FakeClock, d time.Duration) {
	t.Helper()
	require.NoError(t, fc.BlockUntilContext(t.Context(), 1), "the poller never waited on the clock")
	fc.Advance(d)
}

// pollAnswered waits until a poll the user has not approved yet is over:
// the poller waits on the clock again.
func pollAnswered(t *testing.T, fc *clockwork.FakeClock) {
	t.Helper()
	require.NoError(t, fc.BlockUntilContext(t.Context(), 1), "the poller stopped after a pending answer")
}

func deviceConfig(srv *pingonetest.Server, fc *clockwork.FakeClock) auth.Config {
	return auth.Config{
		Profile: "ci", AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Now: fc.Now, After: fc.After,
	}
}

// savingStore says when a session is saved.
type savingStore struct {
	auth.Store
	saved chan struct{}
}

func (s *savingStore) Set(key string, data []byte) error {
	err := s.Store.Set(key, data)
	s.saved <- struct{}{}
	return err
}

// loginAsync runs Login and returns where its result arrives.
func loginAsync(t *testing.T, s *auth.Session) <-chan error {
	done := make(chan error, 1)
	go func() { done <- s.Login(t.Context()) }()
	return done
}

// codeFrom reads the prompt until the user code shows.
func codeFrom(t *testing.T, pr io.Reader) string {
	t.Helper()
	buf := make([]byte, 4096)
	var seen string
	re := regexp.MustCompile(`enter the code ([A-Z]{4}-[A-Z]{4})`)
	for {
		n, err := pr.Read(buf)
		seen += string(buf[:n])
		if m := re.FindStringSubmatch(seen); m != nil {
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			return m[1]
		}
		require.NoError(t, err, "the prompt ended without a code: %s", seen)
	}
}

func TestDeviceCodeBlocking(t *testing.T) {
	t.Parallel()
	srv, fc := deviceClock(t)
	pr, pw := io.Pipe()
	cfg := deviceConfig(srv, fc)
	cfg.Prompt = pw
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	done := loginAsync(t, s)
	code := codeFrom(t, pr)
	tick(t, fc, 5*time.Second) // polled before approval: pending, and polling goes on
	pollAnswered(t, fc)
	// The user reads the code from the prompt and approves it elsewhere.
	require.NoError(t, srv.ApproveDeviceCode(code, pingonetest.Demo().AdminUserID))
	tick(t, fc, 5*time.Second)
	require.NoError(t, <-done)
	pw.Close()
	st, err := s.Status()
	require.NoError(t, err)
	assert.Equal(t, auth.GrantDeviceCode, st.Grant)
	assert.Equal(t, pingonetest.Demo().AdminUsername, st.Username)
	assert.Equal(t, 2, countPath(srv, "/as/token"), "one poll while pending, one after approval")
	_, err = clientFor(t, srv, s).Users.List(t.Context(), pingonetest.Demo().AdminEnvironmentID, nil)
	require.NoError(t, err)
}

func TestDeviceCodeBackgroundPendingThenApproved(t *testing.T) {
	t.Parallel()
	srv, fc := deviceClock(t)
	store := &savingStore{Store: auth.NewMemoryStore(), saved: make(chan struct{}, 1)}
	cfg := deviceConfig(srv, fc)
	cfg.Profile, cfg.Background, cfg.Store = "mcp", true, store
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	c := clientFor(t, srv, s)

	_, err = c.Environments.List(t.Context(), nil)
	var pe *auth.SignInPendingError
	require.ErrorAs(t, err, &pe, "the call does not block: it says how to sign in")
	var ae *pingone.AuthError
	require.ErrorAs(t, err, &ae)
	assert.Regexp(t, `^[A-Z]{4}-[A-Z]{4}$`, pe.UserCode)
	assert.Contains(t, pe.VerificationURIComplete, pe.UserCode)
	assert.Contains(t, err.Error(), pe.UserCode)
	assert.WithinDuration(t, fc.Now().Add(10*time.Minute), pe.ExpiresAt, time.Second, "the expiry is on the session's clock")

	// A second call while pending gets the same code, no second device code.
	tick(t, fc, 5*time.Second)
	_, err = c.Environments.List(t.Context(), nil)
	var pe2 *auth.SignInPendingError
	require.ErrorAs(t, err, &pe2)
	assert.Equal(t, pe.UserCode, pe2.UserCode)
	assert.Equal(t, 1, countPath(srv, "/as/device_authorization"))

	pollAnswered(t, fc)
	require.NoError(t, srv.ApproveDeviceCode(pe.UserCode, pingonetest.Demo().AdminUserID))
	// Polling continues in the background; once it has saved the session,
	// a call succeeds.
	tick(t, fc, 5*time.Second)
	select {
	case <-store.saved:
	case <-t.Context().Done():
		t.Fatal("the approved sign-in was never saved")
	}
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Logins())
}

func TestDeviceCodeDenied(t *testing.T) {
	t.Parallel()
	srv, fc := deviceClock(t)
	pr, pw := io.Pipe()
	cfg := deviceConfig(srv, fc)
	cfg.Prompt = pw
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	done := loginAsync(t, s)
	require.NoError(t, srv.DenyDeviceCode(codeFrom(t, pr)))
	tick(t, fc, 5*time.Second)
	err = <-done
	require.Error(t, err)
	assert.Contains(t, err.Error(), "denied")
}

func TestDeviceCodeExpires(t *testing.T) {
	t.Parallel()
	srv, fc := deviceClock(t)
	pr, pw := io.Pipe()
	cfg := deviceConfig(srv, fc)
	cfg.Prompt = pw
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	done := loginAsync(t, s)
	codeFrom(t, pr)
	tick(t, fc, 11*time.Minute) // nobody approves within the code's 10 minutes
	err = <-done
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the device code expired before it was approved; sign in again")
	st, err := s.Status()
	require.NoError(t, err)
	assert.False(t, st.SignedIn)
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// TestUnreachableAuthHost: a sign-in that gets no answer from the auth
// host says so (*UnreachableError, through pingone.AuthError), for the
// worker and the user sign-ins alike; nothing is called a refusal.
func TestUnreachableAuthHost(t *testing.T) {
	t.Parallel()
	host := "http://" + closedAddr(t)
	d := pingonetest.Demo()
	cc, err := auth.ClientCredentials(t.Context(), host+"/"+d.AdminEnvironmentID+"/as/token", d.WorkerClientID, d.WorkerClientSecret)
	require.NoError(t, err)
	device, err := auth.NewSession(auth.Config{
		AuthBaseURL: host, EnvironmentID: d.AdminEnvironmentID, ClientID: d.CLIClientID,
		Grant: auth.GrantDeviceCode, Background: true,
	})
	require.NoError(t, err)
	defer device.Close()
	for name, ts := range map[string]oauth2.TokenSource{"client credentials": cc, "device code": device} {
		c, err := pingone.NewClient(pingone.WithBaseURL(host+"/v1"), pingone.WithTokenSource(ts))
		require.NoError(t, err)
		_, err = c.Environments.List(t.Context(), nil)
		var ue *auth.UnreachableError
		require.ErrorAs(t, err, &ue, name)
		var ae *pingone.AuthError
		require.ErrorAs(t, err, &ae, name)
		assert.Contains(t, err.Error(), "the PingOne auth host "+host, name)
		assert.Contains(t, err.Error(), "could not be reached", name)
		assert.Contains(t, err.Error(), "connection refused", name)
		assert.NotContains(t, err.Error(), d.WorkerClientSecret, name)
	}
}

func TestClientCredentialsBasicAndPost(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"basic", "post"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			srv := pingonetest.NewTestServer(t)
			s, err := auth.NewSession(auth.Config{
				AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
				ClientID: pingonetest.Demo().WorkerClientID, ClientSecret: pingonetest.Demo().WorkerClientSecret,
				ClientAuth: method, Grant: auth.GrantClientCredentials,
			})
			require.NoError(t, err)
			defer s.Close()
			_, err = clientFor(t, srv, s).Environments.List(t.Context(), nil)
			require.NoError(t, err)
			for _, r := range srv.Requests() {
				if strings.HasSuffix(r.Path, "/as/token") {
					hasBasic := r.Header.Get("Authorization") != ""
					assert.Equal(t, method == "basic", hasBasic)
					assert.Equal(t, method == "post", strings.Contains(string(r.Body), "client_secret=REDACTED"))
				}
			}
		})
	}
}

func TestRefreshRotationAndSilentRefresh(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	store := &recordingStore{Store: auth.NewMemoryStore()}
	s, err := auth.NewSession(pkceConfig(t, srv, store, follow(t, nil)))
	require.NoError(t, err)
	defer s.Close()
	c := clientFor(t, srv, s)
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	access1, refresh1 := store.last(t)

	// PingOne expires the access token early: the 401 triggers one refresh
	// and the call succeeds without a new login.
	srv.ExpireTokens()
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	access2, refresh2 := store.last(t)
	assert.NotEqual(t, access1, access2)
	assert.NotEqual(t, refresh1, refresh2, "the rotated refresh token is stored")
	assert.Equal(t, 1, s.Logins())

	// The old refresh token no longer works.
	resp, err := http.PostForm(srv.TokenURL(pingonetest.Demo().AdminEnvironmentID), map[string][]string{
		"grant_type": {"refresh_token"}, "refresh_token": {refresh1}, "client_id": {pingonetest.Demo().CLIClientID},
	})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func TestRefreshBeforeExpiry(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC).Unix())
	clock := func() time.Time { return time.Unix(now.Load(), 0) }
	srv := pingonetest.NewTestServer(t, pingonetest.WithClock(clock))
	store := &recordingStore{Store: auth.NewMemoryStore()}
	cfg := pkceConfig(t, srv, store, follow(t, nil))
	cfg.Now = clock
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	c := clientFor(t, srv, s)
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	_, refresh1 := store.last(t)
	// 59 minutes later the token still works for a minute, inside the
	// refresh margin: the session renews it before using it.
	now.Add(59 * 60)
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	_, refresh2 := store.last(t)
	assert.NotEqual(t, refresh1, refresh2)
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/v1/") {
			assert.NotEqual(t, http.StatusUnauthorized, r.Status, "refreshed before PingOne refused anything")
		}
	}
}

func TestRevokedSessionSaysSignInAgain(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	store := auth.NewMemoryStore()
	s, err := auth.NewSession(pkceConfig(t, srv, store, follow(t, nil)))
	require.NoError(t, err)
	defer s.Close()
	c := clientFor(t, srv, s)
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)

	require.Positive(t, srv.RevokeUserTokens(pingonetest.Demo().AdminUserID))
	_, err = c.Environments.List(t.Context(), nil)
	var sre *auth.SignInRequiredError
	require.ErrorAs(t, err, &sre)
	assert.Contains(t, err.Error(), "sign in again with `p1 auth login --profile test`")
	_, err = store.Get(s.Key())
	assert.ErrorIs(t, err, auth.ErrNotFound, "the dead session is deleted")
}

func TestNoLoginWithoutStoredSession(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	cfg := pkceConfig(t, srv, nil, func(string) error { t.Error("no browser expected"); return nil })
	cfg.NoLogin = true
	cfg.SignInCommand = "p1 auth login --profile ci"
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Token()
	var sre *auth.SignInRequiredError
	require.ErrorAs(t, err, &sre)
	assert.True(t, sre.NotSignedIn)
	assert.Equal(t, "not signed in to PingOne (profile test): no stored session; sign in with `p1 auth login --profile ci`", err.Error())
	for _, r := range srv.Requests() {
		assert.NotContains(t, r.Path, "/as/", "nothing is sent to the auth host")
	}

	cfg.NoLoginReason = "no stored session, and no terminal to sign in at"
	s, err = auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Token()
	assert.ErrorContains(t, err, ": no stored session, and no terminal to sign in at; sign in with")
}

func TestLogoutRevokes(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	store := &recordingStore{Store: auth.NewMemoryStore()}
	s, err := auth.NewSession(pkceConfig(t, srv, store, follow(t, nil)))
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Login(t.Context()))
	access, _ := store.last(t)
	require.NoError(t, s.Logout(t.Context()))
	_, err = store.Get(s.Key())
	assert.ErrorIs(t, err, auth.ErrNotFound)
	st, err := s.Status()
	require.NoError(t, err)
	assert.False(t, st.SignedIn)
	assert.Equal(t, 2, countPath(srv, "/as/revoke"), "refresh and access token")
	// The access token died with the refresh token.
	req, _ := http.NewRequest(http.MethodGet, srv.APIURL()+"/environments", nil)
	req.Header.Set("Authorization", "Bearer "+access)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestTwoProfilesDoNotShareAStoreKey(t *testing.T) {
	t.Parallel()
	a := auth.StoreKey("https://auth.pingone.com", "env-a", "client")
	b := auth.StoreKey("https://auth.pingone.eu", "env-a", "client")
	c := auth.StoreKey("https://auth.pingone.com", "env-b", "client")
	d := auth.StoreKey("https://auth.pingone.com", "env-a", "other")
	assert.Len(t, map[string]bool{a: true, b: true, c: true, d: true}, 4)
}

// TestNoTokenInFilesOrLogs runs a full session (sign-in, expiry, refresh,
// logout) through the encrypted file store with debug logging, then looks
// for every token and secret in the files written and in the log.
func TestNoTokenInFilesOrLogs(t *testing.T) {
	srv := pingonetest.NewTestServer(t)
	dir := t.TempDir()
	var notice bytes.Buffer
	t.Setenv(auth.BackendsEnv, "none") // also forces the fallback path
	fileStore, err := auth.OpenKeyring(auth.KeyringOptions{
		FileDir: filepath.Join(dir, "keyring"), Notice: &notice,
		Password: func(string) (string, error) { return "correct horse battery staple", nil },
	})
	require.NoError(t, err)
	assert.Contains(t, notice.String(), "encrypted files")
	assert.Contains(t, fileStore.Backend(), "file")
	store := &recordingStore{Store: fileStore}

	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := pkceConfig(t, srv, store, follow(t, nil))
	cfg.Logger = log
	cfg.Prompt = &logs
	s, err := auth.NewSession(cfg)
	require.NoError(t, err)
	defer s.Close()
	c := clientFor(t, srv, s, pingone.WithLogger(log))
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	srv.ExpireTokens()
	_, err = c.Environments.List(t.Context(), nil)
	require.NoError(t, err)

	// A fresh session reads the encrypted file back.
	s2, err := auth.NewSession(pkceConfig(t, srv, fileStore, func(string) error { t.Error("no login expected"); return nil }))
	require.NoError(t, err)
	defer s2.Close()
	st, err := s2.Status()
	require.NoError(t, err)
	assert.True(t, st.SignedIn)

	cc, err := auth.NewSession(auth.Config{
		AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID, Logger: log,
		ClientID: pingonetest.Demo().WorkerClientID, ClientSecret: pingonetest.Demo().WorkerClientSecret, Grant: auth.GrantClientCredentials,
	})
	require.NoError(t, err)
	ccTok, err := cc.Token()
	require.NoError(t, err)

	secrets := append(store.tokens(t), ccTok.AccessToken, pingonetest.Demo().WorkerClientSecret)
	require.GreaterOrEqual(t, len(secrets), 5)
	scan := func() int {
		files := 0
		require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			require.NoError(t, err)
			if d.IsDir() {
				return nil
			}
			files++
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			for _, sec := range secrets {
				assert.NotContains(t, string(data), sec, "file %s holds a token in clear", p)
			}
			return nil
		}))
		return files
	}
	assert.Positive(t, scan(), "the session was written to a file")
	require.NoError(t, s.Logout(context.Background()))
	scan()
	assert.Contains(t, logs.String(), "auth: access token refreshed", "the log is not empty")
	for _, sec := range secrets {
		assert.NotContains(t, logs.String(), sec)
	}
}

func TestFileStoreWithoutPasswordSaysWhatToSet(t *testing.T) {
	t.Setenv(auth.PasswordEnv, "")
	srv := pingonetest.NewTestServer(t)
	store, err := auth.OpenKeyring(auth.KeyringOptions{Type: "file", FileDir: t.TempDir()})
	require.NoError(t, err, "opening never fails for want of a password")
	_, err = store.Get("missing")
	require.ErrorIs(t, err, auth.ErrNotFound, "nothing stored: no password needed")
	s, err := auth.NewSession(pkceConfig(t, srv, store, follow(t, nil)))
	require.NoError(t, err)
	defer s.Close()
	err = s.Login(t.Context())
	require.Error(t, err)
	assert.Contains(t, err.Error(), auth.PasswordEnv)

	_, err = auth.OpenKeyring(auth.KeyringOptions{Type: "vault"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "keychain or file")
}

func TestDBusVariableRestoredAfterKeyringInit(t *testing.T) {
	t.Parallel()
	assert.NotEqual(t, nodbus.Disabled, os.Getenv(nodbus.Variable), "the placeholder address must not leak to child processes")
}
