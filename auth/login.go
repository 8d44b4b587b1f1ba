package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// OpenBrowser opens url in the user's browser: the command in $BROWSER if
// set (the URL is appended as its last argument), else the platform's
// opener (open, rundll32, xdg-open). On Linux without a graphical session it
// fails, and the printed URL is what the user follows.
func OpenBrowser(url string) error {
	var cmd *exec.Cmd
	if b := strings.Fields(os.Getenv("BROWSER")); len(b) > 0 {
		cmd = exec.Command(b[0], append(b[1:], url)...)
	} else {
		switch runtime.GOOS {
		case "darwin":
			cmd = exec.Command("open", url)
		case "windows":
			cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
		default:
			if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
				return errors.New("no graphical session (DISPLAY is not set)")
			}
			cmd = exec.Command("xdg-open", url)
		}
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

type callback struct {
	code string
	err  error
}

// loginAuthorizationCode runs the authorization code grant with PKCE
// (S256): a one-shot HTTP server on a loopback address receives the
// browser's redirect; state is checked; the code is exchanged with the
// verifier.
func (s *Session) loginAuthorizationCode(ctx context.Context) (*record, error) {
	host, _, err := net.SplitHostPort(s.cfg.CallbackAddr)
	if err != nil {
		return nil, fmt.Errorf("auth: callback address %q: %w", s.cfg.CallbackAddr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("auth: callback address %q is not a loopback IP address (use 127.0.0.1 or [::1])", s.cfg.CallbackAddr)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.cfg.CallbackAddr)
	if err != nil {
		return nil, fmt.Errorf("auth: cannot listen on %s for the sign-in callback (is another sign-in running? choose another port): %w", s.cfg.CallbackAddr, err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	redirect := "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + s.cfg.CallbackPath

	state := randomString()
	verifier := oauth2.GenerateVerifier()
	oc := s.oauthConfig(redirect)
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	if s.cfg.LoginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", s.cfg.LoginHint))
	}
	authURL := oc.AuthCodeURL(state, opts...)

	results := make(chan callback, 1)
	mux := http.NewServeMux()
	mux.HandleFunc(s.cfg.CallbackPath, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("state") != state {
			// Not our request (or forged): say so, keep waiting for the real one.
			page(w, http.StatusBadRequest, "Sign-in failed", "The sign-in response does not match the request p1kit started (state mismatch). Start the sign-in again.")
			return
		}
		var cb callback
		if e := q.Get("error"); e != "" {
			cb.err = fmt.Errorf("PingOne refused the sign-in: %s %s", e, q.Get("error_description"))
			page(w, http.StatusOK, "Sign-in failed", cb.err.Error()+". You can close this window.")
		} else if cb.code = q.Get("code"); cb.code == "" {
			cb.err = errors.New("the sign-in response has no authorization code")
			page(w, http.StatusBadRequest, "Sign-in failed", cb.err.Error()+".")
		} else {
			page(w, http.StatusOK, "Signed in", "p1kit is signed in to PingOne. You can close this window.")
		}
		select {
		case results <- cb:
		default:
		}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	fmt.Fprintf(s.cfg.Prompt, "Sign in to PingOne%s in your browser. If no browser opens, visit:\n  %s\n", profileSuffix(s.cfg.Profile), authURL)
	if !s.cfg.NoBrowser {
		if err := s.cfg.OpenBrowser(authURL); err != nil {
			fmt.Fprintf(s.cfg.Prompt, "(could not open a browser: %v; open the URL on this machine, or sign in with the device code grant instead)\n", err)
		}
	}
	s.log.Debug("auth: waiting for the authorization code", "profile", s.cfg.Profile, "callback", redirect)

	timer := time.NewTimer(s.cfg.LoginTimeout)
	defer timer.Stop()
	var cb callback
	select {
	case cb = <-results:
	case <-timer.C:
		return nil, fmt.Errorf("auth: sign-in timed out after %s without an answer from the browser", s.cfg.LoginTimeout)
	case <-ctx.Done():
		return nil, fmt.Errorf("auth: sign-in interrupted: %w", ctx.Err())
	}
	if cb.err != nil {
		return nil, fmt.Errorf("auth: %w", cb.err)
	}
	tok, err := oc.Exchange(ctx, cb.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, s.describe("authorization code exchange", err)
	}
	rec := s.newRecord(tok, GrantAuthorizationCode, nil)
	s.userinfo(ctx, rec)
	s.log.Debug("auth: signed in", "profile", s.cfg.Profile, "grant", GrantAuthorizationCode, "user", rec.Username, "expiry", rec.Expiry)
	return rec, nil
}

func page(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><title>%s</title><h1>%s</h1><p>%s</p>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
}

// loginDeviceCode runs the device authorization grant. Blocking, it prints
// the code and polls until the user decides. Otherwise it records a
// *SignInPendingError for callers, returns it, and polls in the background.
func (s *Session) loginDeviceCode(ctx context.Context, block bool) (*record, error) {
	oc := s.oauthConfig("")
	da, err := oc.DeviceAuth(ctx)
	if err != nil {
		return nil, s.describe("device authorization", err)
	}
	// x/oauth2 dates the expiry by the wall clock; date it by the session's.
	ttl := 10 * time.Minute
	if !da.Expiry.IsZero() {
		ttl = time.Until(da.Expiry).Round(time.Second)
	}
	pe := &SignInPendingError{
		Profile: s.cfg.Profile, VerificationURI: da.VerificationURI, VerificationURIComplete: da.VerificationURIComplete,
		UserCode: da.UserCode, ExpiresAt: s.cfg.Now().Add(ttl),
	}
	fmt.Fprintf(s.cfg.Prompt, "To sign in to PingOne%s, open %s and enter the code %s", profileSuffix(s.cfg.Profile), da.VerificationURI, da.UserCode)
	if da.VerificationURIComplete != "" {
		fmt.Fprintf(s.cfg.Prompt, "\n  (or open %s)", da.VerificationURIComplete)
	}
	fmt.Fprintf(s.cfg.Prompt, "\nThe code expires at %s.\n", pe.ExpiresAt.Format("15:04:05 MST"))
	s.log.Debug("auth: device code issued", "profile", s.cfg.Profile, "expires", pe.ExpiresAt, "interval", da.Interval)
	if block {
		return s.pollDevice(ctx, oc, da, pe.ExpiresAt)
	}
	s.mu.Lock()
	s.pending = pe
	s.mu.Unlock()
	go func() {
		// The session's context ends the polling (Close); the expiry, on
		// the session's clock, ends it too.
		rec, err := s.pollDevice(s.oauthHC, oc, da, pe.ExpiresAt)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.pending != pe {
			return // superseded by Login or Logout
		}
		s.pending = nil
		if err != nil {
			s.failed = err
			return
		}
		s.logins++
		s.rec = rec
		s.saveLocked()
	}()
	return nil, pe
}

// deviceGrantType is the grant_type of a device access token request
// (RFC 8628, section 3.4).
const deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

// pollDevice asks the token endpoint for the device code's tokens every
// interval (longer after slow_down) until the user approves or denies it,
// the code expires or ctx ends. It waits on the session's clock
// (Config.After, Config.Now), so tests need not wait for real; the request
// itself is x/oauth2's, with the device grant's parameters.
func (s *Session) pollDevice(ctx context.Context, oc *oauth2.Config, da *oauth2.DeviceAuthResponse, expires time.Time) (*record, error) {
	req := clientcredentials.Config{
		ClientID: oc.ClientID, ClientSecret: oc.ClientSecret, TokenURL: oc.Endpoint.TokenURL,
		Scopes: oc.Scopes, AuthStyle: oc.Endpoint.AuthStyle,
		// clientcredentials lets grant_type be replaced.
		EndpointParams: url.Values{"grant_type": {deviceGrantType}, "device_code": {da.DeviceCode}},
	}
	// "If no value is provided, clients MUST use 5 as the default" (RFC 8628, 3.2).
	interval := 5 * time.Second
	if da.Interval > 0 && da.Interval < 3600 {
		interval = time.Duration(da.Interval) * time.Second
	}
	expired := errors.New("auth: the device code expired before it was approved; sign in again")
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("auth: the device sign-in stopped before it was approved: %w", ctx.Err())
		case <-s.cfg.After(interval):
		}
		if !s.cfg.Now().Before(expires) {
			return nil, expired
		}
		tok, err := req.Token(ctx)
		if err == nil {
			rec := s.newRecord(tok, GrantDeviceCode, nil)
			s.userinfo(ctx, rec)
			s.log.Debug("auth: signed in", "profile", s.cfg.Profile, "grant", GrantDeviceCode, "user", rec.Username, "expiry", rec.Expiry)
			return rec, nil
		}
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) {
			return nil, s.describe("device code sign-in", err)
		}
		switch re.ErrorCode {
		case "authorization_pending":
		case "slow_down":
			interval += 5 * time.Second // RFC 8628, 3.5
		case "access_denied":
			return nil, errors.New("auth: the device sign-in was denied")
		case "expired_token":
			return nil, expired
		default:
			return nil, s.describe("device code sign-in", err)
		}
	}
}
