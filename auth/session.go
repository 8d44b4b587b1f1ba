package auth

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// GrantType is how a Session signs in.
type GrantType string

// The grants a Session supports.
const (
	// GrantAuthorizationCode signs a user in through the browser: PKCE (S256)
	// with a loopback callback.
	GrantAuthorizationCode GrantType = "authorization_code"
	// GrantDeviceCode signs a user in on another device (RFC 8628): no
	// browser is needed where p1kit runs.
	GrantDeviceCode GrantType = "device_code"
	// GrantClientCredentials signs a worker application in with its secret.
	GrantClientCredentials GrantType = "client_credentials"
)

// ParseGrantType accepts the grant names of the official server's
// --grant-type flag.
func ParseGrantType(s string) (GrantType, error) {
	switch g := GrantType(strings.TrimSpace(s)); g {
	case GrantAuthorizationCode, GrantDeviceCode, GrantClientCredentials:
		return g, nil
	}
	return "", fmt.Errorf("unknown grant type %q (want authorization_code, device_code or client_credentials)", s)
}

// DefaultCallbackAddr is where the authorization-code sign-in listens for
// the browser's redirect.
const DefaultCallbackAddr = "127.0.0.1:7464"

// Config describes a Session.
type Config struct {
	// Profile names the session in messages ("default", "work", …).
	Profile string
	// AuthBaseURL is the auth host, e.g. https://auth.pingone.com (see
	// pingone.Client.AuthURL); endpoints are <AuthBaseURL>/<EnvironmentID>/as/….
	AuthBaseURL string
	// EnvironmentID holds the application ClientID.
	EnvironmentID string
	ClientID      string
	// ClientSecret is the worker application's secret (client credentials only).
	ClientSecret string
	// ClientAuth is how a client with a secret authenticates: "basic"
	// (client_secret_basic, the default) or "post" (client_secret_post).
	ClientAuth string
	// Grant is the sign-in grant.
	Grant GrantType
	// Scopes requested; PingOne's default when empty.
	Scopes []string

	// Store keeps the session between runs; nil keeps it in memory only.
	// Client-credentials sessions are never stored.
	Store Store
	// Key is the Store key; default StoreKey(AuthBaseURL, EnvironmentID, ClientID).
	Key string

	// HTTPClient sends the auth requests; default a client with a 30s timeout.
	HTTPClient *http.Client
	// Logger gets debug records; never a token or a secret.
	Logger *slog.Logger
	// Prompt receives what the user must see to sign in (the sign-in URL,
	// the device code); typically os.Stderr. nil discards it.
	Prompt io.Writer

	// OpenBrowser opens the sign-in URL; default OpenBrowser. NoBrowser
	// only prints it.
	OpenBrowser func(url string) error
	NoBrowser   bool
	// CallbackAddr is the loopback address of the authorization-code
	// callback; default DefaultCallbackAddr. Port 0 picks a free one (the
	// application must then accept any loopback port, as PingOne does).
	CallbackAddr string
	// CallbackPath is the callback's path; default /callback.
	CallbackPath string
	// LoginHint pre-fills the username on the sign-in page.
	LoginHint string
	// LoginTimeout bounds an interactive sign-in; default 5 minutes.
	LoginTimeout time.Duration

	// Background makes a device-code sign-in return a *SignInPendingError
	// at once and keep polling in the background, instead of blocking the
	// call (MCP servers: the user sees the code and retries).
	Background bool
	// NoLogin never starts an interactive sign-in: without a usable stored
	// session, calls fail at once with *SignInRequiredError (a stored
	// session is still refreshed). NoLoginReason, when set, says why in
	// that error (e.g. that no terminal is attached); default "no stored
	// session".
	NoLogin       bool
	NoLoginReason string
	// SignInCommand is what *SignInRequiredError tells the user to run.
	SignInCommand string

	// RefreshMargin is how long before expiry an access token is renewed;
	// default 2 minutes.
	RefreshMargin time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// After waits on the same clock: its channel receives once d has
	// passed; default time.After. The device-code polling waits with it,
	// so tests run the sign-in on a fake clock (with Now).
	After func(d time.Duration) <-chan time.Time
}

// StoreKey is the store key of a session: the auth host, the environment
// and the client, so that two tenants or two applications never share one.
func StoreKey(authBaseURL, envID, clientID string) string {
	host := authBaseURL
	if u, err := url.Parse(authBaseURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return "p1kit:" + host + ":" + envID + ":" + clientID
}

// record is what the store holds for a session.
type record struct {
	AccessToken  string    `json:"access_token"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry"`
	Scope        string    `json:"scope,omitempty"`
	Grant        GrantType `json:"grant"`
	AuthURL      string    `json:"auth_url"`
	Environment  string    `json:"environment_id"`
	ClientID     string    `json:"client_id"`
	Subject      string    `json:"sub,omitempty"`
	Username     string    `json:"username,omitempty"`
	Name         string    `json:"name,omitempty"`
	SignedInAt   time.Time `json:"signed_in_at"`
}

// flight is one sign-in or refresh in progress; callers wait for it.
type flight struct {
	done chan struct{}
	rec  *record
	err  error
}

// Session signs in to PingOne and keeps the tokens fresh. It is an
// oauth2.TokenSource safe for concurrent use: concurrent calls share one
// sign-in (one browser window, one device code) or one refresh, the access
// token is renewed before it expires, and the rotated refresh token is
// stored at once.
type Session struct {
	cfg     Config
	log     *slog.Logger
	ctx     context.Context // ends with Close; bounds background polling
	cancel  context.CancelFunc
	oauthHC context.Context // ctx carrying the HTTP client for x/oauth2

	mu      sync.Mutex
	loaded  bool
	rec     *record
	flight  *flight
	pending *SignInPendingError
	failed  error // a background sign-in that ended badly, reported once
	logins  int
}

// NewSession checks cfg and returns a session. Nothing is read or sent
// until a token is needed.
func NewSession(cfg Config) (*Session, error) {
	var missing []string
	if strings.TrimSpace(cfg.AuthBaseURL) == "" {
		missing = append(missing, "the auth base URL")
	}
	if strings.TrimSpace(cfg.EnvironmentID) == "" {
		missing = append(missing, "the environment id")
	}
	if strings.TrimSpace(cfg.ClientID) == "" {
		missing = append(missing, "the client id")
	}
	if cfg.Grant == GrantClientCredentials && cfg.ClientSecret == "" {
		missing = append(missing, "the client secret")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("auth: sign-in needs %s", strings.Join(missing, ", "))
	}
	if _, err := ParseGrantType(string(cfg.Grant)); err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	switch cfg.ClientAuth {
	case "", "basic", "post":
	default:
		return nil, fmt.Errorf("auth: unknown client authentication %q (want basic or post)", cfg.ClientAuth)
	}
	if u, err := url.Parse(cfg.AuthBaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("auth: the auth base URL %q is not an absolute http(s) URL", cfg.AuthBaseURL)
	}
	cfg.AuthBaseURL = strings.TrimRight(cfg.AuthBaseURL, "/")
	if cfg.Store == nil {
		cfg.Store = NewMemoryStore()
	}
	if cfg.Key == "" {
		cfg.Key = StoreKey(cfg.AuthBaseURL, cfg.EnvironmentID, cfg.ClientID)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Prompt == nil {
		cfg.Prompt = io.Discard
	}
	if cfg.OpenBrowser == nil {
		cfg.OpenBrowser = OpenBrowser
	}
	if cfg.CallbackAddr == "" {
		cfg.CallbackAddr = DefaultCallbackAddr
	}
	if cfg.CallbackPath == "" {
		cfg.CallbackPath = "/callback"
	}
	if !strings.HasPrefix(cfg.CallbackPath, "/") {
		cfg.CallbackPath = "/" + cfg.CallbackPath
	}
	if cfg.LoginTimeout <= 0 {
		cfg.LoginTimeout = 5 * time.Minute
	}
	if cfg.RefreshMargin <= 0 {
		cfg.RefreshMargin = 2 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{cfg: cfg, log: cfg.Logger, ctx: ctx, cancel: cancel}
	s.oauthHC = context.WithValue(ctx, oauth2.HTTPClient, cfg.HTTPClient)
	return s, nil
}

// Close stops background sign-ins. The session must not be used afterwards.
func (s *Session) Close() { s.cancel() }

// Key is the session's store key.
func (s *Session) Key() string { return s.cfg.Key }

// Backend names the store the session is kept in.
func (s *Session) Backend() string { return s.cfg.Store.Backend() }

// Logins counts the sign-ins (not refreshes) this session performed.
func (s *Session) Logins() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logins
}

// Token implements oauth2.TokenSource.
func (s *Session) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

// TokenContext returns a valid access token: the cached one, a refreshed
// one, or one from a new sign-in (shared with concurrent callers). ctx ends
// the wait, not the sign-in, which other callers may be waiting for.
func (s *Session) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	if err := s.loadLocked(); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if s.validLocked() {
		t := s.rec.token()
		s.mu.Unlock()
		return t, nil
	}
	if s.pending != nil {
		p := s.pending
		s.mu.Unlock()
		return nil, p
	}
	if s.failed != nil {
		err := s.failed
		s.failed = nil
		s.mu.Unlock()
		return nil, err
	}
	f := s.startLocked(false)
	s.mu.Unlock()
	select {
	case <-f.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if f.err != nil {
		return nil, f.err
	}
	return f.rec.token(), nil
}

// Invalidate drops the cached access token if it is tok (PingOne answered
// 401 to it), so that the next call refreshes. pingone.Client calls it
// before its one retry.
func (s *Session) Invalidate(tok *oauth2.Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rec != nil && tok != nil && s.rec.AccessToken == tok.AccessToken {
		s.rec.Expiry = time.Unix(1, 0)
		s.log.Debug("auth: access token refused by PingOne; will refresh", "profile", s.cfg.Profile)
	}
}

// Login signs in now, interactively (or with the client secret), even when
// a session is stored, and stores the new session. It blocks until the
// sign-in ends, ctx is done or the login timeout passes.
func (s *Session) Login(ctx context.Context) error {
	s.mu.Lock()
	_ = s.loadLocked() // an unreadable old session is replaced
	if s.pending != nil {
		s.pending = nil
	}
	s.failed = nil
	f := s.flight
	if f == nil {
		f = s.startLocked(true)
	}
	s.mu.Unlock()
	select {
	case <-f.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if f.err != nil {
		return f.err
	}
	if s.cfg.Grant != GrantClientCredentials {
		data, err := json.Marshal(f.rec)
		if err != nil {
			return err
		}
		if err := s.cfg.Store.Set(s.cfg.Key, data); err != nil {
			return fmt.Errorf("signed in, but the session could not be saved: %w", err)
		}
	}
	return nil
}

// startLocked starts a flight unless one is running. Called with s.mu held.
func (s *Session) startLocked(force bool) *flight {
	if s.flight != nil {
		return s.flight
	}
	f := &flight{done: make(chan struct{})}
	s.flight = f
	var prev *record
	if s.rec != nil {
		c := *s.rec
		prev = &c
	}
	go s.run(f, prev, force)
	return f
}

func (s *Session) run(f *flight, prev *record, force bool) {
	ctx, cancel := context.WithTimeout(s.oauthHC, s.cfg.LoginTimeout+30*time.Second)
	defer cancel()
	rec, err := s.acquire(ctx, prev, force)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flight = nil
	f.rec, f.err = rec, err
	var sre *SignInRequiredError
	switch {
	case err == nil:
		s.rec = rec
		if !force { // Login saves itself, to report a failure
			s.saveLocked()
		}
	case errors.As(err, &sre) && prev != nil:
		s.rec = nil
		if derr := s.cfg.Store.Delete(s.cfg.Key); derr != nil {
			s.log.Debug("auth: could not delete the ended session", "profile", s.cfg.Profile, "error", derr)
		}
	}
	close(f.done)
}

// acquire gets a fresh record: refresh when possible, else sign in.
func (s *Session) acquire(ctx context.Context, prev *record, force bool) (*record, error) {
	if s.cfg.Grant == GrantClientCredentials {
		return s.clientCredentials(ctx)
	}
	if !force && prev != nil && prev.RefreshToken != "" {
		return s.refresh(ctx, prev)
	}
	if !force && s.cfg.NoLogin {
		if prev != nil {
			return nil, s.signInRequired("the stored access token expired and there is no refresh token")
		}
		e := s.signInRequired(cmp.Or(s.cfg.NoLoginReason, "no stored session"))
		e.NotSignedIn = true
		return nil, e
	}
	var rec *record
	var err error
	switch s.cfg.Grant {
	case GrantAuthorizationCode:
		rec, err = s.loginAuthorizationCode(ctx)
	case GrantDeviceCode:
		rec, err = s.loginDeviceCode(ctx, force || !s.cfg.Background)
	}
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.logins++
	s.mu.Unlock()
	return rec, nil
}

func (s *Session) signInRequired(reason string) *SignInRequiredError {
	return &SignInRequiredError{Profile: s.cfg.Profile, Reason: reason, Command: s.cfg.SignInCommand}
}

// loadLocked reads the stored session once. Called with s.mu held.
func (s *Session) loadLocked() error {
	if s.loaded || s.cfg.Grant == GrantClientCredentials {
		s.loaded = true
		return nil
	}
	data, err := s.cfg.Store.Get(s.cfg.Key)
	if errors.Is(err, ErrNotFound) {
		s.loaded = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	s.loaded = true
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil || rec.ClientID != s.cfg.ClientID || rec.Environment != s.cfg.EnvironmentID {
		s.log.Debug("auth: ignoring an unreadable stored session", "profile", s.cfg.Profile)
		return nil
	}
	s.rec = &rec
	s.log.Debug("auth: session loaded", "profile", s.cfg.Profile, "backend", s.cfg.Store.Backend(), "expiry", rec.Expiry)
	return nil
}

// saveLocked stores the session; a failure is reported, not fatal: the
// tokens still work in this process.
func (s *Session) saveLocked() {
	if s.cfg.Grant == GrantClientCredentials || s.rec == nil {
		return
	}
	data, err := json.Marshal(s.rec)
	if err == nil {
		err = s.cfg.Store.Set(s.cfg.Key, data)
	}
	if err != nil {
		fmt.Fprintf(s.cfg.Prompt, "p1: warning: the PingOne session could not be saved (%v); it lasts until this process ends\n", err)
		return
	}
	s.log.Debug("auth: session saved", "profile", s.cfg.Profile, "backend", s.cfg.Store.Backend(), "expiry", s.rec.Expiry)
}

func (s *Session) validLocked() bool {
	return s.rec != nil && s.rec.AccessToken != "" && s.cfg.Now().Add(s.cfg.RefreshMargin).Before(s.rec.Expiry)
}

func (r *record) token() *oauth2.Token {
	tt := r.TokenType
	if tt == "" {
		tt = "Bearer"
	}
	return &oauth2.Token{AccessToken: r.AccessToken, TokenType: tt, Expiry: r.Expiry}
}

// ---- OAuth plumbing ----

func (s *Session) endpoint(path string) string {
	return s.cfg.AuthBaseURL + "/" + url.PathEscape(s.cfg.EnvironmentID) + "/as/" + path
}

func (s *Session) oauthConfig(redirect string) *oauth2.Config {
	style := oauth2.AuthStyleInParams // public clients send client_id alone
	if s.cfg.ClientSecret != "" && s.cfg.ClientAuth != "post" {
		style = oauth2.AuthStyleInHeader
	}
	return &oauth2.Config{
		ClientID:     s.cfg.ClientID,
		ClientSecret: s.cfg.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:       s.endpoint("authorize"),
			TokenURL:      s.endpoint("token"),
			DeviceAuthURL: s.endpoint("device_authorization"),
			AuthStyle:     style,
		},
		RedirectURL: redirect,
		Scopes:      s.cfg.Scopes,
	}
}

// newRecord turns a token response into a record, keeping what prev knew
// about the user.
func (s *Session) newRecord(tok *oauth2.Token, grant GrantType, prev *record) *record {
	r := &record{
		AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: tok.TokenType,
		Expiry: tok.Expiry, Grant: grant, AuthURL: s.cfg.AuthBaseURL,
		Environment: s.cfg.EnvironmentID, ClientID: s.cfg.ClientID, SignedInAt: s.cfg.Now(),
	}
	if sc, ok := tok.Extra("scope").(string); ok {
		r.Scope = sc
	}
	// x/oauth2 dates expires_in by the wall clock; date it by the session's.
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		r.Expiry = s.cfg.Now().Add(time.Duration(v) * time.Second)
	case json.Number:
		if n, err := v.Int64(); err == nil {
			r.Expiry = s.cfg.Now().Add(time.Duration(n) * time.Second)
		}
	}
	if r.Expiry.IsZero() {
		r.Expiry = s.cfg.Now().Add(time.Hour)
	}
	if prev != nil {
		r.Subject, r.Username, r.Name, r.SignedInAt = prev.Subject, prev.Username, prev.Name, prev.SignedInAt
		if r.RefreshToken == "" {
			r.RefreshToken = prev.RefreshToken
		}
	}
	return r
}

// describe turns a token endpoint error into a message without secrets.
func (s *Session) describe(what string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode != "" {
		return fmt.Errorf("%s for client %s in environment %s refused: %s %s", what, s.cfg.ClientID, s.cfg.EnvironmentID, re.ErrorCode, re.ErrorDescription)
	}
	if unreachable(err) {
		return &UnreachableError{What: fmt.Sprintf("%s for client %s", what, s.cfg.ClientID), AuthURL: s.cfg.AuthBaseURL, Err: redact(err)}
	}
	return fmt.Errorf("%s for client %s at %s failed: %w", what, s.cfg.ClientID, s.cfg.AuthBaseURL, err)
}

func (s *Session) refresh(ctx context.Context, prev *record) (*record, error) {
	src := s.oauthConfig("").TokenSource(ctx, &oauth2.Token{RefreshToken: prev.RefreshToken, Expiry: time.Unix(1, 0)})
	tok, err := src.Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.ErrorCode == "invalid_grant" || re.ErrorCode == "invalid_token") {
			s.log.Debug("auth: refresh refused", "profile", s.cfg.Profile, "error", re.ErrorCode)
			return nil, s.signInRequired("the refresh token was revoked or has expired")
		}
		return nil, s.describe("token refresh", err)
	}
	rec := s.newRecord(tok, prev.Grant, prev)
	s.log.Debug("auth: access token refreshed", "profile", s.cfg.Profile, "expiry", rec.Expiry, "rotated", tok.RefreshToken != "" && tok.RefreshToken != prev.RefreshToken)
	return rec, nil
}

func (s *Session) clientCredentials(ctx context.Context) (*record, error) {
	oc := s.oauthConfig("")
	cc := clientcredentials.Config{
		ClientID: oc.ClientID, ClientSecret: oc.ClientSecret, TokenURL: oc.Endpoint.TokenURL,
		Scopes: s.cfg.Scopes, AuthStyle: oc.Endpoint.AuthStyle,
	}
	tok, err := cc.Token(ctx)
	if err != nil {
		return nil, s.describe("client credentials sign-in", err)
	}
	rec := s.newRecord(tok, GrantClientCredentials, nil)
	s.log.Debug("auth: signed in with client credentials", "profile", s.cfg.Profile, "client", s.cfg.ClientID, "expiry", rec.Expiry)
	return rec, nil
}

// userinfo fills in who signed in; failures only lose the display name.
func (s *Session) userinfo(ctx context.Context, rec *record) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.endpoint("userinfo"), nil)
	if err != nil {
		return
	}
	rec.token().SetAuthHeader(req)
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		s.log.Debug("auth: userinfo failed", "error", err)
		return
	}
	defer resp.Body.Close()
	var ui struct {
		Sub      string `json:"sub"`
		Username string `json:"preferred_username"`
		Name     string `json:"name"`
		Email    string `json:"email"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&ui) != nil {
		s.log.Debug("auth: userinfo refused", "status", resp.StatusCode)
		return
	}
	rec.Subject, rec.Username, rec.Name = ui.Sub, ui.Username, ui.Name
	if rec.Username == "" {
		rec.Username = ui.Email
	}
}

// ---- status and logout ----

// Status describes a stored session; it never holds a token.
type Status struct {
	Profile       string
	Key           string
	Backend       string
	AuthBaseURL   string
	EnvironmentID string
	ClientID      string
	Grant         GrantType
	// SignedIn reports whether a session is stored (or, for client
	// credentials, held in memory).
	SignedIn bool
	// Subject, Username and Name identify the signed-in user.
	Subject, Username, Name string
	// Expiry is when the current access token expires.
	Expiry time.Time
	// Refreshable reports whether a refresh token is held.
	Refreshable bool
	SignedInAt  time.Time
}

// Status reads the stored session without signing in or refreshing.
func (s *Session) Status() (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Status{
		Profile: s.cfg.Profile, Key: s.cfg.Key, Backend: s.cfg.Store.Backend(), AuthBaseURL: s.cfg.AuthBaseURL,
		EnvironmentID: s.cfg.EnvironmentID, ClientID: s.cfg.ClientID, Grant: s.cfg.Grant,
	}
	if err := s.loadLocked(); err != nil {
		return st, err
	}
	if r := s.rec; r != nil {
		st.SignedIn = true
		st.Subject, st.Username, st.Name = r.Subject, r.Username, r.Name
		st.Expiry, st.Refreshable, st.SignedInAt = r.Expiry, r.RefreshToken != "", r.SignedInAt
		if r.Grant != "" {
			st.Grant = r.Grant
		}
	}
	return st, nil
}

// Logout revokes the session's tokens at /as/revoke and deletes it from
// the store. The local copy is deleted even when revocation fails.
func (s *Session) Logout(ctx context.Context) error {
	s.mu.Lock()
	loadErr := s.loadLocked()
	rec := s.rec
	s.rec, s.pending, s.failed = nil, nil, nil
	s.mu.Unlock()
	var errs []error
	if loadErr != nil {
		errs = append(errs, loadErr)
	}
	if rec != nil {
		for _, t := range []struct{ value, hint string }{{rec.RefreshToken, "refresh_token"}, {rec.AccessToken, "access_token"}} {
			if t.value == "" {
				continue
			}
			if err := s.revoke(ctx, t.value, t.hint); err != nil {
				errs = append(errs, err)
				break
			}
		}
	}
	if err := s.cfg.Store.Delete(s.cfg.Key); err != nil {
		errs = append(errs, err)
	}
	s.log.Debug("auth: signed out", "profile", s.cfg.Profile, "had_session", rec != nil)
	return errors.Join(errs...)
}

func (s *Session) revoke(ctx context.Context, token, hint string) error {
	form := url.Values{"token": {token}, "token_type_hint": {hint}}
	if s.cfg.ClientSecret == "" || s.cfg.ClientAuth == "post" {
		form.Set("client_id", s.cfg.ClientID)
		if s.cfg.ClientSecret != "" {
			form.Set("client_secret", s.cfg.ClientSecret)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.endpoint("revoke"), strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if s.cfg.ClientSecret != "" && s.cfg.ClientAuth != "post" {
		req.SetBasicAuth(url.QueryEscape(s.cfg.ClientID), url.QueryEscape(s.cfg.ClientSecret))
	}
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("revoking the session at %s: %w", s.cfg.AuthBaseURL, redact(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("revoking the session at %s: PingOne answered %s", s.cfg.AuthBaseURL, resp.Status)
	}
	return nil
}

// redact drops query strings from URL errors.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			return &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
		}
	}
	return err
}
