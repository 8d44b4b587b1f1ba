package pingonetest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token bookkeeping.
//
// Every token the auth host hands out is an opaque random string recorded in a
// tokenStore with what it stands for (kind, environment, client, subject,
// scope, grant, expiry). The token endpoint dispatches on grant_type through
// grantHandlers, and other auth-host endpoints through asEndpoints, so adding
// authorization_code, refresh_token or device_code grants, /as/revoke or
// /as/userinfo means registering a handler, not reworking the store.

// tokenKind distinguishes access tokens from other artefacts kept in the store
// (refresh tokens, authorization codes, device codes) by later grants.
type tokenKind string

const (
	kindAccess  tokenKind = "access_token"
	kindRefresh tokenKind = "refresh_token"
	kindCode    tokenKind = "authorization_code"
)

// tokenRecord is what a token stands for.
type tokenRecord struct {
	Kind      tokenKind
	EnvID     string
	ClientID  string
	Subject   string // user id for user tokens; empty for client credentials
	Scope     string
	GrantType string
	IssuedAt  time.Time
	ExpiresAt time.Time

	// Family groups the access and refresh tokens of one sign-in, so that
	// revoking a refresh token (or replaying a rotated one) ends all of them.
	Family string
	// RedirectURI and CodeChallenge belong to authorization codes.
	RedirectURI   string
	CodeChallenge string
}

type tokenStore struct {
	byValue map[string]*tokenRecord

	devices    map[string]*deviceAuth // device_code → pending authorization
	userCodes  map[string]string      // user_code → device_code
	rotated    map[string]string      // rotated refresh token → family
	devicePoll time.Duration          // minimum polling interval of device codes
	deviceTTL  time.Duration
}

func newTokenStore() *tokenStore {
	return &tokenStore{
		byValue: map[string]*tokenRecord{}, devices: map[string]*deviceAuth{}, userCodes: map[string]string{},
		rotated: map[string]string{}, devicePoll: 5 * time.Second, deviceTTL: 10 * time.Minute,
	}
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// issue stores rec under a new random value and returns the value.
func (s *tokenStore) issue(rec tokenRecord) string {
	v := randomToken()
	r := rec
	s.byValue[v] = &r
	return v
}

// lookup returns the record for a live token of the given kind.
func (s *tokenStore) lookup(value string, kind tokenKind, now time.Time) (*tokenRecord, bool) {
	r, ok := s.byValue[value]
	if !ok || r.Kind != kind {
		return nil, false
	}
	if !now.Before(r.ExpiresAt) {
		delete(s.byValue, value)
		return nil, false
	}
	return r, true
}

// revoke forgets a token, and with a refresh token every token of its family.
func (s *tokenStore) revoke(value string) {
	r, ok := s.byValue[value]
	delete(s.byValue, value)
	if ok && r.Kind == kindRefresh && r.Family != "" {
		s.revokeFamily(r.Family)
	}
}

// revokeFamily forgets every token issued by one sign-in.
func (s *tokenStore) revokeFamily(family string) {
	for v, r := range s.byValue {
		if r.Family == family {
			delete(s.byValue, v)
		}
	}
	for v, f := range s.rotated {
		if f == family {
			delete(s.rotated, v)
		}
	}
}

// IssueToken returns an access token the management API accepts for ttl, as
// if the demo worker application had obtained it with client_credentials.
func (e *Emulator) IssueToken(ttl time.Duration) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	return e.st.tokens.issue(tokenRecord{
		Kind: kindAccess, EnvID: Demo().AdminEnvironmentID, ClientID: Demo().WorkerClientID,
		GrantType: "client_credentials", IssuedAt: now, ExpiresAt: now.Add(ttl),
	})
}

// authenticate checks the Bearer token of a management API request.
func (e *Emulator) authenticate(r *http.Request) *apiError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return unauthorized("The request is missing an access token in the Authorization header.")
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return unauthorized("The Authorization header must use the Bearer scheme.")
	}
	e.mu.Lock()
	_, live := e.st.tokens.lookup(strings.TrimSpace(tok), kindAccess, e.now())
	e.mu.Unlock()
	if !live {
		return unauthorized("The access token is invalid or has expired.")
	}
	return nil
}

// ---- auth host ----

// oauthError is an RFC 6749 §5.2 error response.
type oauthError struct {
	status      int
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
	basicAuth   bool
}

func oauthErr(status int, code, desc string) *oauthError {
	return &oauthError{status: status, Error: code, Description: desc}
}

// oauthClient is an application authenticated at the token endpoint.
type oauthClient struct {
	envID string
	app   doc
	// public is a client without a secret (tokenEndpointAuthMethod NONE)
	// identified by client_id alone; it may not use client_credentials.
	public bool
}

// grantHandler turns an authenticated token request into a token response.
// It runs with e.mu held for writing.
type grantHandler func(e *Emulator, envID string, form url.Values, client *oauthClient) (map[string]any, *oauthError)

// grantHandlers maps grant_type to its handler.
var grantHandlers = map[string]grantHandler{
	"client_credentials": grantClientCredentials,
	"authorization_code": grantAuthorizationCode,
	"refresh_token":      grantRefreshToken,
	grantTypeDeviceCode:  grantDeviceCode,
}

// asEndpoint handles one auth-host path below /{envID}/as/.
type asEndpoint func(e *Emulator, w http.ResponseWriter, r *http.Request, envID string, body []byte) int

// asEndpoints maps the path after /{envID}/as/ to its handler.
var asEndpoints = map[string]asEndpoint{
	"token":                (*Emulator).serveToken,
	"authorize":            (*Emulator).serveAuthorize,
	"device_authorization": (*Emulator).serveDeviceAuthorization,
	"device":               (*Emulator).serveDevicePage,
	"revoke":               (*Emulator).serveRevoke,
	"userinfo":             (*Emulator).serveUserinfo,
}

// accessTokenTTL is the lifetime of access tokens from the token endpoint.
const accessTokenTTL = time.Hour

func grantClientCredentials(e *Emulator, envID string, form url.Values, c *oauthClient) (map[string]any, *oauthError) {
	if c.public || !hasString(c.app["grantTypes"], "CLIENT_CREDENTIALS") {
		return nil, oauthErr(http.StatusBadRequest, "unauthorized_client", "The application is not allowed to use the client_credentials grant.")
	}
	now := e.now()
	scope := form.Get("scope")
	tok := e.st.tokens.issue(tokenRecord{
		Kind: kindAccess, EnvID: envID, ClientID: c.app["id"].(string), Scope: scope,
		GrantType: "client_credentials", IssuedAt: now, ExpiresAt: now.Add(accessTokenTTL),
	})
	return map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"expires_in":   int(accessTokenTTL / time.Second),
		"scope":        scope,
	}, nil
}

func hasString(v any, want string) bool {
	list, _ := v.([]any)
	for _, x := range list {
		if s, _ := x.(string); s == want {
			return true
		}
	}
	return false
}

func writeOAuth(w http.ResponseWriter, status int, body any) int {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
	return status
}

func writeOAuthError(w http.ResponseWriter, oe *oauthError) int {
	if oe.status == http.StatusUnauthorized && oe.basicAuth {
		w.Header().Set("WWW-Authenticate", `Basic realm="PingOne"`)
	}
	return writeOAuth(w, oe.status, oe)
}

// serveToken is POST /{envID}/as/token.
func (e *Emulator) serveToken(w http.ResponseWriter, r *http.Request, envID string, body []byte) int {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return writeOAuthError(w, oauthErr(http.StatusMethodNotAllowed, "invalid_request", "The token endpoint accepts POST only."))
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return writeOAuthError(w, oauthErr(http.StatusBadRequest, "invalid_request", "The request body must be application/x-www-form-urlencoded."))
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return writeOAuthError(w, oauthErr(http.StatusBadRequest, "invalid_request", "The request body is not valid form data."))
	}
	grant := form.Get("grant_type")
	if grant == "" {
		return writeOAuthError(w, oauthErr(http.StatusBadRequest, "invalid_request", "The grant_type parameter is required."))
	}
	handler, ok := grantHandlers[grant]
	if !ok {
		return writeOAuthError(w, oauthErr(http.StatusBadRequest, "unsupported_grant_type", "The grant type "+grant+" is not supported."))
	}

	e.mu.Lock()
	client, oe := e.authenticateClient(r, envID, form)
	var resp map[string]any
	if oe == nil {
		resp, oe = handler(e, envID, form, client)
	}
	e.mu.Unlock()
	if oe != nil {
		return writeOAuthError(w, oe)
	}
	return writeOAuth(w, http.StatusOK, resp)
}

// authenticateClient authenticates the client of a token request by
// client_secret_basic or client_secret_post. Called with e.mu held.
func (e *Emulator) authenticateClient(r *http.Request, envID string, form url.Values) (*oauthClient, *oauthError) {
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 §2.3.1: the credentials are form-urlencoded before Basic encoding.
		if v, err := url.QueryUnescape(id); err == nil {
			id = v
		}
		if v, err := url.QueryUnescape(secret); err == nil {
			secret = v
		}
		if form.Get("client_secret") != "" {
			return nil, oauthErr(http.StatusBadRequest, "invalid_request", "Use only one client authentication method.")
		}
	} else {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	fail := oauthErr(http.StatusUnauthorized, "invalid_client", "Request denied: client authentication failed.")
	fail.basicAuth = basic
	if id == "" {
		fail.Description = "Request denied: the client is not authenticated (no client_id)."
		return nil, fail
	}
	data := e.st.envData[envID]
	if data == nil {
		return nil, fail
	}
	app := data.coll(keyApplications).get(id)
	if app == nil || app["protocol"] != "OPENID_CONNECT" {
		return nil, fail
	}
	switch app["tokenEndpointAuthMethod"] {
	case "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST":
	case "NONE":
		if basic || secret != "" {
			fail.Description = "Request denied: the application is a public client and has no secret."
			return nil, fail
		}
		if en, _ := app["enabled"].(bool); !en {
			return nil, oauthErr(http.StatusBadRequest, "unauthorized_client", "The application is disabled.")
		}
		return &oauthClient{envID: envID, app: app, public: true}, nil
	default:
		fail.Description = "Request denied: the application does not use a client secret."
		return nil, fail
	}
	want := data.secrets[id]
	if secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(want)) != 1 {
		prev := data.prevSecrets[id]
		ps, _ := prev["secret"].(string)
		exp, _ := time.Parse(time.RFC3339, str(prev, "expiresAt"))
		if ps == "" || secret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(ps)) != 1 || !e.now().Before(exp) {
			return nil, fail
		}
		// PingOne tells when the previous secret was last used, so that
		// an administrator knows whether deleting it breaks a client.
		prev["lastUsed"] = ts(e.now())
	}
	if en, _ := app["enabled"].(bool); !en {
		return nil, oauthErr(http.StatusBadRequest, "unauthorized_client", "The application is disabled.")
	}
	return &oauthClient{envID: envID, app: app}, nil
}
