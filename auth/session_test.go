package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

func TestDeviceCodeBlocking(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	srv.SetDevicePollInterval(time.Second)
	pr, pw := io.Pipe()
	s, err := auth.NewSession(auth.Config{
		Profile: "ci", AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Prompt: pw,
	})
	require.NoError(t, err)
	defer s.Close()
	go func() {
		// The user reads the code from the prompt and approves it elsewhere.
		buf := make([]byte, 4096)
		var seen string
		re := regexp.MustCompile(`enter the code ([A-Z]{4}-[A-Z]{4})`)
		for {
			n, err := pr.Read(buf)
			seen += string(buf[:n])
			if m := re.FindStringSubmatch(seen); m != nil {
				assert.NoError(t, srv.ApproveDeviceCode(m[1], pingonetest.Demo().AdminUserID))
				_, _ = io.Copy(io.Discard, pr)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	require.NoError(t, s.Login(t.Context()))
	pw.Close()
	st, err := s.Status()
	require.NoError(t, err)
	assert.Equal(t, auth.GrantDeviceCode, st.Grant)
	assert.Equal(t, pingonetest.Demo().AdminUsername, st.Username)
	_, err = clientFor(t, srv, s).Users.List(t.Context(), pingonetest.Demo().AdminEnvironmentID, nil)
	require.NoError(t, err)
}

func TestDeviceCodeBackgroundPendingThenApproved(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	srv.SetDevicePollInterval(time.Second)
	s, err := auth.NewSession(auth.Config{
		Profile: "mcp", AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Background: true,
	})
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

	// A second call while pending gets the same code, no second device code.
	_, err = c.Environments.List(t.Context(), nil)
	var pe2 *auth.SignInPendingError
	require.ErrorAs(t, err, &pe2)
	assert.Equal(t, pe.UserCode, pe2.UserCode)
	assert.Equal(t, 1, countPath(srv, "/as/device_authorization"))

	require.NoError(t, srv.ApproveDeviceCode(pe.UserCode, pingonetest.Demo().AdminUserID))
	// Polling continues in the background; a call after it lands succeeds.
	var lastErr error
	for range 100 {
		if _, lastErr = c.Environments.List(t.Context(), nil); lastErr == nil {
			break
		}
		require.ErrorAs(t, lastErr, &pe2)
		time.Sleep(100 * time.Millisecond)
	}
	require.NoError(t, lastErr)
	assert.Equal(t, 1, s.Logins())
}

func TestDeviceCodeDenied(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	srv.SetDevicePollInterval(time.Second)
	s, err := auth.NewSession(auth.Config{
		AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Background: true,
	})
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Token()
	var pe *auth.SignInPendingError
	require.ErrorAs(t, err, &pe)
	require.NoError(t, srv.DenyDeviceCode(pe.UserCode))
	for range 100 {
		_, err = s.Token()
		if !errors.As(err, &pe) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.Error(t, err)
	assert.Contains(t, err.Error(), "denied")
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
	assert.Contains(t, err.Error(), "p1 auth login --profile ci")
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
