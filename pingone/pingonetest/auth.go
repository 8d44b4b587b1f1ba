package pingonetest

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The user-facing grants of the auth host: authorization code with PKCE,
// refresh token (rotating), device authorization (RFC 8628), revocation
// (RFC 7009) and userinfo.
//
// There is no login page. GET /{envID}/as/authorize signs in the user named
// by login_hint (a username of the environment) at once and redirects back;
// without login_hint it signs in the environment's test administrator
// (Demo().AdminUsername in Demo().AdminEnvironmentID). A device code is approved
// or denied by Server.ApproveDeviceCode / DenyDeviceCode, or by a form post
// to its verification URI (user_code, username, action=approve|deny), which
// is how a test in another process approves it.

const grantTypeDeviceCode = "urn:ietf:params:oauth:grant-type:device_code"

// codeTTL is how long an authorization code may be redeemed.
const codeTTL = time.Minute

// defaultRefreshTTL is the refresh token lifetime when the application sets
// no refreshTokenDuration (PingOne's default: 30 days).
const defaultRefreshTTL = 30 * 24 * time.Hour

// deviceAuth is one pending device authorization.
type deviceAuth struct {
	envID, clientID, scope string
	userCode               string
	expiresAt              time.Time
	interval               time.Duration
	lastPoll               time.Time
	status                 string // pending, approved, denied
	subject                string
}

// SetDevicePollInterval sets the minimum interval between two polls of a
// device code (default 5s); polling faster answers slow_down. Tests use a
// short interval; the device_authorization response rounds it up to whole
// seconds.
func (e *Emulator) SetDevicePollInterval(d time.Duration) {
	e.mu.Lock()
	e.st.tokens.devicePoll = d
	e.mu.Unlock()
}

// ExpireTokens makes every access token issued so far expired, as if an
// hour had passed: the management API answers them 401 ACCESS_FAILED and a
// client must refresh. Refresh tokens keep working.
func (e *Emulator) ExpireTokens() {
	e.mu.Lock()
	defer e.mu.Unlock()
	past := e.now().Add(-time.Second)
	for _, r := range e.st.tokens.byValue {
		if r.Kind == kindAccess {
			r.ExpiresAt = past
		}
	}
}

// RevokeUserTokens revokes every access and refresh token issued to a user,
// as an administrator ending the user's sessions would. It returns how many
// tokens were revoked.
func (e *Emulator) RevokeUserTokens(userID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for v, r := range e.st.tokens.byValue {
		if r.Subject == userID && (r.Kind == kindAccess || r.Kind == kindRefresh) {
			delete(e.st.tokens.byValue, v)
			n++
		}
	}
	return n
}

// ApproveDeviceCode approves the pending device authorization with this user
// code as the user userID, who must exist, be able to sign on (enabled, not
// locked) and live in the
// environment of the request.
func (e *Emulator) ApproveDeviceCode(userCode, userID string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, err := e.pendingDevice(userCode)
	if err != nil {
		return err
	}
	data := e.st.envData[d.envID]
	u := data.coll(keyUsers).get(userID)
	if u == nil {
		return fmt.Errorf("pingonetest: user %s does not exist in environment %s", userID, d.envID)
	}
	if why := signOnRefusal(u, e.now()); why != "" {
		return fmt.Errorf("pingonetest: user %s cannot sign on: %s", userID, why)
	}
	d.status, d.subject = "approved", userID
	return nil
}

// DenyDeviceCode denies the pending device authorization with this user code.
func (e *Emulator) DenyDeviceCode(userCode string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	d, err := e.pendingDevice(userCode)
	if err != nil {
		return err
	}
	d.status = "denied"
	return nil
}

// pendingDevice finds a live, undecided device authorization. Called with e.mu held.
func (e *Emulator) pendingDevice(userCode string) (*deviceAuth, error) {
	ts := e.st.tokens
	dc, ok := ts.userCodes[normalizeUserCode(userCode)]
	d := ts.devices[dc]
	if !ok || d == nil {
		return nil, fmt.Errorf("pingonetest: no device authorization has user code %q", userCode)
	}
	if !e.now().Before(d.expiresAt) {
		return nil, fmt.Errorf("pingonetest: the device authorization with user code %q has expired", userCode)
	}
	if d.status != "pending" {
		return nil, fmt.Errorf("pingonetest: the device authorization with user code %q was already %s", userCode, d.status)
	}
	return d, nil
}

func normalizeUserCode(c string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c), "-", ""))
}

// newUserCode is eight letters from an alphabet without look-alikes, shown as XXXX-XXXX.
func newUserCode() string {
	const alphabet = "BCDFGHJKLMNPQRSTVWXZ"
	b := make([]byte, 8)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b[:4]) + "-" + string(b[4:])
}

// ---- /as/authorize ----

// serveAuthorize is GET /{envID}/as/authorize (response_type=code).
func (e *Emulator) serveAuthorize(w http.ResponseWriter, r *http.Request, envID string, body []byte) int {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		return writePage(w, http.StatusMethodNotAllowed, "Method not allowed", "The authorization endpoint accepts GET and POST.")
	}
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		if form, err := url.ParseQuery(string(body)); err == nil {
			q = form
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	data := e.st.envData[envID]
	if data == nil {
		return writePage(w, http.StatusNotFound, "Unknown environment", "No environment has the id "+envID+".")
	}
	clientID := q.Get("client_id")
	app := data.coll(keyApplications).get(clientID)
	if clientID == "" || app == nil || app["protocol"] != "OPENID_CONNECT" {
		return writePage(w, http.StatusBadRequest, "Unknown client", "The client_id parameter does not name an OpenID Connect application of this environment.")
	}
	redirect := q.Get("redirect_uri")
	if !redirectAllowed(app, redirect) {
		return writePage(w, http.StatusBadRequest, "Invalid redirect_uri", "The redirect_uri parameter is missing or is not registered for the application.")
	}
	state := q.Get("state")
	fail := func(code, desc string) int {
		return redirectWith(w, redirect, url.Values{"error": {code}, "error_description": {desc}, "state": {state}})
	}
	if en, _ := app["enabled"].(bool); !en {
		return fail("unauthorized_client", "The application is disabled.")
	}
	if q.Get("response_type") != "code" {
		return fail("unsupported_response_type", "Only response_type=code is supported.")
	}
	if !hasString(app["grantTypes"], "AUTHORIZATION_CODE") {
		return fail("unauthorized_client", "The application is not allowed to use the authorization_code grant.")
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	pkceRequired := app["tokenEndpointAuthMethod"] == "NONE" || strings.HasPrefix(str(app, "pkceEnforcement"), "S256_REQUIRED") || app["pkceEnforcement"] == "REQUIRED"
	switch {
	case challenge == "" && pkceRequired:
		return fail("invalid_request", "code_challenge is required (PKCE with S256).")
	case challenge != "" && method != "S256":
		return fail("invalid_request", "code_challenge_method must be S256.")
	case challenge != "" && len(challenge) != 43:
		return fail("invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).")
	}
	user, desc := e.loginUser(envID, q.Get("login_hint"))
	if user == "" {
		return fail("login_required", desc)
	}
	now := e.now()
	code := e.st.tokens.issue(tokenRecord{
		Kind: kindCode, EnvID: envID, ClientID: clientID, Subject: user, Scope: q.Get("scope"),
		GrantType: "authorization_code", IssuedAt: now, ExpiresAt: now.Add(codeTTL),
		RedirectURI: redirect, CodeChallenge: challenge,
	})
	return redirectWith(w, redirect, url.Values{"code": {code}, "state": {state}})
}

// loginUser is the emulator's non-interactive sign-in: the user named by
// hint, or the test administrator. Called with e.mu held.
func (e *Emulator) loginUser(envID, hint string) (string, string) {
	data := e.st.envData[envID]
	if hint == "" {
		if envID != Demo().AdminEnvironmentID {
			return "", "The emulator signs in the user named by login_hint (a username of this environment)."
		}
		hint = Demo().AdminUsername
	}
	u := data.userByName(hint)
	if u == nil {
		return "", "No user of this environment has the username " + hint + "."
	}
	if why := signOnRefusal(u, e.now()); why != "" {
		return "", why
	}
	return u["id"].(string), ""
}

// redirectAllowed matches redirect against the application's redirect URIs.
// Per RFC 8252 §7.3 a loopback IP redirect matches on any port.
func redirectAllowed(app doc, redirect string) bool {
	if redirect == "" {
		return false
	}
	got, err := url.Parse(redirect)
	if err != nil {
		return false
	}
	list, _ := app["redirectUris"].([]any)
	for _, x := range list {
		s, _ := x.(string)
		if s == redirect {
			return true
		}
		want, err := url.Parse(s)
		if err != nil || want.Scheme != "http" || got.Scheme != "http" {
			continue
		}
		ip := net.ParseIP(want.Hostname())
		if ip != nil && ip.IsLoopback() && want.Hostname() == got.Hostname() && want.Path == got.Path && got.RawQuery == "" {
			return true
		}
	}
	return false
}

func redirectWith(w http.ResponseWriter, redirect string, params url.Values) int {
	u, _ := url.Parse(redirect)
	q := u.Query()
	for k, vs := range params {
		if len(vs) == 1 && vs[0] == "" {
			continue
		}
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Location", u.String())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusFound)
	return http.StatusFound
}

func writePage(w http.ResponseWriter, status int, title, msg string) int {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1><p>%s</p>\n", html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
	return status
}

// ---- grants ----

// issueUserTokens issues an access token and, when the application may use
// refresh tokens, a refresh token of a new or continued family.
func (e *Emulator) issueUserTokens(c *oauthClient, subject, scope, grant, family string) map[string]any {
	now := e.now()
	ts := e.st.tokens
	if family == "" {
		family = randomToken()
	}
	clientID := c.app["id"].(string)
	access := ts.issue(tokenRecord{
		Kind: kindAccess, EnvID: c.envID, ClientID: clientID, Subject: subject, Scope: scope,
		GrantType: grant, IssuedAt: now, ExpiresAt: now.Add(accessTokenTTL), Family: family,
	})
	resp := map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"expires_in":   int(accessTokenTTL / time.Second),
		"scope":        scope,
	}
	if hasString(c.app["grantTypes"], "REFRESH_TOKEN") {
		ttl := defaultRefreshTTL
		if d, ok := c.app["refreshTokenDuration"].(float64); ok && d > 0 {
			ttl = time.Duration(d) * time.Second
		}
		resp["refresh_token"] = ts.issue(tokenRecord{
			Kind: kindRefresh, EnvID: c.envID, ClientID: clientID, Subject: subject, Scope: scope,
			GrantType: grant, IssuedAt: now, ExpiresAt: now.Add(ttl), Family: family,
		})
	}
	return resp
}

func grantAuthorizationCode(e *Emulator, envID string, form url.Values, c *oauthClient) (map[string]any, *oauthError) {
	if !hasString(c.app["grantTypes"], "AUTHORIZATION_CODE") {
		return nil, oauthErr(http.StatusBadRequest, "unauthorized_client", "The application is not allowed to use the authorization_code grant.")
	}
	code := form.Get("code")
	if code == "" {
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "The code parameter is required.")
	}
	rec, ok := e.st.tokens.lookup(code, kindCode, e.now())
	if !ok || rec.EnvID != envID || rec.ClientID != c.app["id"] {
		return nil, oauthErr(http.StatusBadRequest, "invalid_grant", "The authorization code is invalid, expired or already used.")
	}
	e.st.tokens.revoke(code) // single use, whatever happens next
	if form.Get("redirect_uri") != rec.RedirectURI {
		return nil, oauthErr(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request.")
	}
	if rec.CodeChallenge != "" || form.Has("code_verifier") {
		v := form.Get("code_verifier")
		sum := sha256.Sum256([]byte(v))
		if len(v) < 43 || len(v) > 128 || base64.RawURLEncoding.EncodeToString(sum[:]) != rec.CodeChallenge {
			return nil, oauthErr(http.StatusBadRequest, "invalid_grant", "PKCE verification failed: the code_verifier does not match the code_challenge.")
		}
	}
	return e.issueUserTokens(c, rec.Subject, rec.Scope, "authorization_code", ""), nil
}

func grantRefreshToken(e *Emulator, envID string, form url.Values, c *oauthClient) (map[string]any, *oauthError) {
	if !hasString(c.app["grantTypes"], "REFRESH_TOKEN") {
		return nil, oauthErr(http.StatusBadRequest, "unauthorized_client", "The application is not allowed to use the refresh_token grant.")
	}
	v := form.Get("refresh_token")
	ts := e.st.tokens
	if fam, replayed := ts.rotated[v]; replayed && v != "" {
		// A rotated refresh token used again: someone kept a copy. End the sign-in.
		ts.revokeFamily(fam)
		return nil, oauthErr(http.StatusBadRequest, "invalid_grant", "The refresh token was already used; the session has been revoked.")
	}
	rec, ok := ts.lookup(v, kindRefresh, e.now())
	if !ok || rec.EnvID != envID || rec.ClientID != c.app["id"] {
		return nil, oauthErr(http.StatusBadRequest, "invalid_grant", "The refresh token is invalid, expired or revoked.")
	}
	delete(ts.byValue, v)
	ts.rotated[v] = rec.Family
	return e.issueUserTokens(c, rec.Subject, rec.Scope, "refresh_token", rec.Family), nil
}

func grantDeviceCode(e *Emulator, envID string, form url.Values, c *oauthClient) (map[string]any, *oauthError) {
	ts := e.st.tokens
	dc := form.Get("device_code")
	d := ts.devices[dc]
	if dc == "" || d == nil || d.envID != envID || d.clientID != c.app["id"] {
		return nil, oauthErr(http.StatusBadRequest, "invalid_grant", "The device code is invalid or was already used.")
	}
	now := e.now()
	if !now.Before(d.expiresAt) {
		delete(ts.devices, dc)
		delete(ts.userCodes, normalizeUserCode(d.userCode))
		return nil, oauthErr(http.StatusBadRequest, "expired_token", "The device code has expired; start the sign-in again.")
	}
	switch d.status {
	case "denied":
		delete(ts.devices, dc)
		delete(ts.userCodes, normalizeUserCode(d.userCode))
		return nil, oauthErr(http.StatusBadRequest, "access_denied", "The user denied the authorization request.")
	case "approved":
		delete(ts.devices, dc)
		delete(ts.userCodes, normalizeUserCode(d.userCode))
		return e.issueUserTokens(c, d.subject, d.scope, grantTypeDeviceCode, ""), nil
	}
	if !d.lastPoll.IsZero() && now.Sub(d.lastPoll) < d.interval {
		d.lastPoll = now
		d.interval += ts.devicePoll
		return nil, oauthErr(http.StatusBadRequest, "slow_down", "Polling too fast; wait longer between requests.")
	}
	d.lastPoll = now
	return nil, oauthErr(http.StatusBadRequest, "authorization_pending", "The user has not yet approved the request.")
}

// ---- /as/device_authorization ----

func (e *Emulator) serveDeviceAuthorization(w http.ResponseWriter, r *http.Request, envID string, body []byte) int {
	form, oe := postForm(r, body, "device authorization")
	if oe != nil {
		return writeOAuthError(w, oe)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c, oe := e.authenticateClient(r, envID, form)
	if oe != nil {
		return writeOAuthError(w, oe)
	}
	if !hasString(c.app["grantTypes"], "DEVICE_CODE") {
		return writeOAuthError(w, oauthErr(http.StatusBadRequest, "unauthorized_client", "The application is not allowed to use the device_code grant."))
	}
	ts := e.st.tokens
	dc := randomToken()
	uc := newUserCode()
	for ts.userCodes[normalizeUserCode(uc)] != "" {
		uc = newUserCode()
	}
	now := e.now()
	ts.devices[dc] = &deviceAuth{
		envID: envID, clientID: c.app["id"].(string), scope: form.Get("scope"), userCode: uc,
		expiresAt: now.Add(ts.deviceTTL), interval: ts.devicePoll, status: "pending",
	}
	ts.userCodes[normalizeUserCode(uc)] = dc
	verify := baseURL(r) + "/" + envID + "/as/device"
	secs := int((ts.devicePoll + time.Second - 1) / time.Second)
	return writeOAuth(w, http.StatusOK, map[string]any{
		"device_code":               dc,
		"user_code":                 uc,
		"verification_uri":          verify,
		"verification_uri_complete": verify + "?user_code=" + url.QueryEscape(uc),
		"expires_in":                int(ts.deviceTTL / time.Second),
		"interval":                  secs,
	})
}

// serveDevicePage is the verification URI: GET shows what to do, POST
// (user_code, username, action=approve|deny) decides, without a password:
// the emulator's stand-in for signing in and consenting.
func (e *Emulator) serveDevicePage(w http.ResponseWriter, r *http.Request, envID string, body []byte) int {
	switch r.Method {
	case http.MethodGet:
		return writePage(w, http.StatusOK, "Device sign-in (emulator)",
			"POST user_code, username and action=approve or action=deny to this URL as a form to decide the request for code "+r.URL.Query().Get("user_code")+".")
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, POST")
		return writePage(w, http.StatusMethodNotAllowed, "Method not allowed", "Use GET or POST.")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return writePage(w, http.StatusBadRequest, "Bad form", "The body is not form data.")
	}
	code := form.Get("user_code")
	var derr error
	switch form.Get("action") {
	case "deny":
		derr = e.DenyDeviceCode(code)
	case "approve":
		e.mu.RLock()
		user := ""
		if data := e.st.envData[envID]; data != nil {
			if u := data.userByName(form.Get("username")); u != nil {
				user = u["id"].(string)
			}
		}
		e.mu.RUnlock()
		if user == "" {
			return writePage(w, http.StatusBadRequest, "Unknown user", "username must name a user of this environment.")
		}
		derr = e.ApproveDeviceCode(code, user)
	default:
		return writePage(w, http.StatusBadRequest, "Missing action", "action must be approve or deny.")
	}
	if derr != nil {
		return writePage(w, http.StatusBadRequest, "Not done", strings.TrimPrefix(derr.Error(), "pingonetest: "))
	}
	return writePage(w, http.StatusOK, "Done", "The device request was decided; return to your device.")
}

// ---- /as/revoke ----

func (e *Emulator) serveRevoke(w http.ResponseWriter, r *http.Request, envID string, body []byte) int {
	form, oe := postForm(r, body, "revocation")
	if oe != nil {
		return writeOAuthError(w, oe)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c, oe := e.authenticateClient(r, envID, form)
	if oe != nil {
		return writeOAuthError(w, oe)
	}
	tok := form.Get("token")
	if tok == "" {
		return writeOAuthError(w, oauthErr(http.StatusBadRequest, "invalid_request", "The token parameter is required."))
	}
	// RFC 7009 §2.2: an unknown or foreign token is answered 200 all the same.
	if rec, ok := e.st.tokens.byValue[tok]; ok && rec.ClientID == c.app["id"] && rec.EnvID == envID {
		e.st.tokens.revoke(tok)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	return http.StatusOK
}

// ---- /as/userinfo ----

func (e *Emulator) serveUserinfo(w http.ResponseWriter, r *http.Request, envID string, _ []byte) int {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		return writeOAuthError(w, oauthErr(http.StatusMethodNotAllowed, "invalid_request", "userinfo accepts GET and POST."))
	}
	bad := func(desc string) int {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		return writeOAuth(w, http.StatusUnauthorized, oauthErr(http.StatusUnauthorized, "invalid_token", desc))
	}
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return bad("A Bearer access token is required.")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, ok := e.st.tokens.lookup(strings.TrimSpace(tok), kindAccess, e.now())
	if !ok || rec.EnvID != envID {
		return bad("The access token is invalid or has expired.")
	}
	if rec.Subject == "" {
		return bad("The access token was not issued to a user.")
	}
	u := e.st.envData[envID].coll(keyUsers).get(rec.Subject)
	if u == nil {
		return bad("The user of the access token no longer exists.")
	}
	out := map[string]any{"sub": rec.Subject, "preferred_username": u["username"], "email": u["email"], "env": envID, "client_id": rec.ClientID}
	if n, ok := u["name"].(doc); ok {
		out["given_name"], out["family_name"], out["name"] = n["given"], n["family"], n["formatted"]
	}
	return writeOAuth(w, http.StatusOK, out)
}

// postForm checks the method and content type of an auth-host form POST.
func postForm(r *http.Request, body []byte, what string) (url.Values, *oauthError) {
	if r.Method != http.MethodPost {
		return nil, oauthErr(http.StatusMethodNotAllowed, "invalid_request", "The "+what+" endpoint accepts POST only.")
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "The request body must be application/x-www-form-urlencoded.")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, oauthErr(http.StatusBadRequest, "invalid_request", "The request body is not valid form data.")
	}
	return form, nil
}
