package pingone

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Version is the p1kit version reported in the default user agent.
const Version = "0.1.0"

// DefaultUserAgent is sent when no WithUserAgent option is given.
const DefaultUserAgent = "p1kit/" + Version

// Region is a PingOne geography. Each has its own root domain.
type Region string

// The PingOne regions and their codes as the API spells them.
const (
	RegionNA Region = "NA"
	RegionEU Region = "EU"
	RegionCA Region = "CA"
	RegionAP Region = "AP"
	RegionAU Region = "AU"
	RegionSG Region = "SG"
)

var regionDomains = map[Region]string{
	RegionNA: "pingone.com",
	RegionEU: "pingone.eu",
	RegionCA: "pingone.ca",
	RegionAP: "pingone.asia",
	RegionAU: "pingone.com.au",
	RegionSG: "pingone.sg",
}

// RootDomain returns the region's root domain (pingone.com for NA), or "" for
// an unknown region.
func (r Region) RootDomain() string { return regionDomains[Region(strings.ToUpper(string(r)))] }

// RootDomains lists the root domains PingOne serves, NA first.
func RootDomains() []string {
	return []string{"pingone.com", "pingone.eu", "pingone.ca", "pingone.asia", "pingone.com.au", "pingone.sg"}
}

// Client talks to the PingOne Platform API. Create one with NewClient; it is
// safe for concurrent use.
type Client struct {
	apiBase     *url.URL // ends in /v1/
	authBase    *url.URL // the auth host root; token URLs are authBase + {envID}/as/token
	httpClient  *http.Client
	tokenSource oauth2.TokenSource
	userAgent   string
	logger      *slog.Logger
	retry       RetryPolicy
	resources   []Resource // what the services are served from, for Resources

	// Environments manages environments, their bill of materials and metrics.
	Environments *EnvironmentsService
	// Populations manages populations.
	Populations *PopulationsService
	// Applications manages applications of every protocol.
	Applications *ApplicationsService
	// Users manages users, their status, password and group memberships.
	Users *UsersService
	// Groups manages groups.
	Groups *GroupsService
	// Roles reads the system administrator roles; users get them through
	// Users.CreateRoleAssignment.
	Roles *RolesService
	// MFADevices manages the MFA devices paired to users.
	MFADevices *MFADevicesService
	// SignOnPolicies manages sign-on policies.
	SignOnPolicies *SignOnPoliciesService
	// SignOnPolicyActions manages the actions of sign-on policies.
	SignOnPolicyActions *SignOnPolicyActionsService
	// SignOnPolicyAssignments manages the sign-on policies applications use.
	SignOnPolicyAssignments *SignOnPolicyAssignmentsService
	// IdentityProviders manages external identity providers.
	IdentityProviders *IdentityProvidersService
	// Organizations reads organisations and their licenses.
	Organizations *OrganizationsService
	// APIResources manages the protected resources applications are granted.
	APIResources *APIResourcesService
	// ResourceScopes manages the scopes of a protected resource.
	ResourceScopes *ResourceScopesService
	// ApplicationGrants manages the resource scopes an application is granted.
	ApplicationGrants *ApplicationGrantsService
	// ApplicationAttributes manages an application's attribute mappings.
	ApplicationAttributes *ApplicationAttributesService
	// PasswordPolicies manages the password policies populations name.
	PasswordPolicies *PasswordPoliciesService
	// Certificates lists, imports and deletes an environment's certificates.
	Certificates *CertificatesService
	// CustomRoles manages an environment's custom administrator roles.
	CustomRoles *CustomRolesService
	// Activities reads the audit activities of an environment.
	Activities *ActivitiesService

	// IdentityProviderAttributes manages the attribute mappings of identity providers.
	IdentityProviderAttributes *IdentityProviderAttributesService
	// DeviceAuthenticationPolicies manages the MFA policies sign-on policies apply.
	DeviceAuthenticationPolicies *DeviceAuthenticationPoliciesService
}

// RetryPolicy says how often and how long the client retries a failed call.
type RetryPolicy struct {
	// MaxAttempts counts the first try; 1 disables retries. Default 4.
	MaxAttempts int
	// BaseDelay is the first backoff; it doubles per attempt, with full jitter. Default 250ms.
	BaseDelay time.Duration
	// MaxDelay caps one wait, Retry-After included. Default 30s.
	MaxDelay time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 250 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	return p
}

// Option configures a Client.
type Option func(*options) error

type options struct {
	rootDomain string
	apiURL     string
	authURL    string
	httpClient *http.Client
	ts         oauth2.TokenSource
	userAgent  string
	logger     *slog.Logger
	retry      RetryPolicy
}

// WithRegion selects the API and auth hosts of a PingOne region.
func WithRegion(r Region) Option {
	return func(o *options) error {
		if r.RootDomain() == "" {
			return fmt.Errorf("pingone: unknown region %q (want one of NA, EU, CA, AP, AU, SG)", r)
		}
		o.rootDomain = r.RootDomain()
		return nil
	}
}

// WithRootDomain selects the hosts by root domain, e.g. "pingone.eu".
func WithRootDomain(domain string) Option {
	return func(o *options) error {
		d := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(domain)), ".")
		for _, known := range RootDomains() {
			if d == known {
				o.rootDomain = d
				return nil
			}
		}
		return fmt.Errorf("pingone: unknown root domain %q (want one of %s)", domain, strings.Join(RootDomains(), ", "))
	}
}

// WithBaseURL sets the API base URL explicitly (the emulator, a proxy), for
// example "http://127.0.0.1:8080/v1".
func WithBaseURL(apiURL string) Option {
	return func(o *options) error { o.apiURL = apiURL; return nil }
}

// WithAuthBaseURL sets the auth host explicitly; token URLs are built as
// <authURL>/<envID>/as/token.
func WithAuthBaseURL(authURL string) Option {
	return func(o *options) error { o.authURL = authURL; return nil }
}

// WithTokenSource sets where access tokens come from. Without one, requests
// are sent unauthenticated (useful only against a proxy that adds them).
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(o *options) error { o.ts = ts; return nil }
}

// WithHTTPClient sets the HTTP client; its Transport is used as is.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error {
		if hc == nil {
			return errors.New("pingone: WithHTTPClient: nil client")
		}
		o.httpClient = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header; p1kit's own name is appended.
func WithUserAgent(ua string) Option {
	return func(o *options) error { o.userAgent = strings.TrimSpace(ua); return nil }
}

// WithLogger sets the logger for debug records of each request. Records
// never contain a token, a header value or a body.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error { o.logger = l; return nil }
}

// WithRetryPolicy overrides the retry policy.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(o *options) error { o.retry = p; return nil }
}

// NewClient returns a client. With no region, root domain or base URL it
// talks to North America (pingone.com).
func NewClient(opts ...Option) (*Client, error) {
	o := options{rootDomain: "pingone.com"}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if o.apiURL == "" {
		o.apiURL = "https://api." + o.rootDomain + "/v1"
	}
	if o.authURL == "" {
		o.authURL = "https://auth." + o.rootDomain
	}
	api, err := parseBase(o.apiURL)
	if err != nil {
		return nil, fmt.Errorf("pingone: API base URL: %w", err)
	}
	auth, err := parseBase(o.authURL)
	if err != nil {
		return nil, fmt.Errorf("pingone: auth base URL: %w", err)
	}
	if o.httpClient == nil {
		o.httpClient = &http.Client{Timeout: 60 * time.Second}
	}
	ua := DefaultUserAgent
	if o.userAgent != "" {
		ua = o.userAgent + " " + DefaultUserAgent
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		apiBase:     api,
		authBase:    auth,
		httpClient:  o.httpClient,
		tokenSource: o.ts,
		userAgent:   ua,
		logger:      o.logger,
		retry:       o.retry.withDefaults(),
	}
	c.Environments = &EnvironmentsService{orgCollection[Environment](c, environmentsResource),
		singleton[BillOfMaterials](c, billOfMaterialsResource)}
	c.Populations = &PopulationsService{envCollection[Population](c, populationsResource)}
	c.Applications = &ApplicationsService{EnvCollection: envCollection[Application](c, applicationsResource)}
	c.Users = &UsersService{envCollection[User](c, usersResource), RoleAssignments{childCollection[RoleAssignment](c, roleAssignmentsResource)},
		serve[GroupMembership](c, membershipsResource, "environments", "users"),
		serve[UserSession](c, sessionsResource, "environments", "users")}
	c.Groups = &GroupsService{envCollection[Group](c, groupsResource),
		serve[GroupNesting](c, nestingsResource, "environments", "groups"), RoleAssignments{childCollection[RoleAssignment](c, groupRoleAssignmentsResource)}}
	c.Roles = &RolesService{orgCollection[Role](c, rolesResource)}
	c.MFADevices = &MFADevicesService{childCollection[MFADevice](c, devicesResource)}
	c.SignOnPolicies = &SignOnPoliciesService{envCollection[SignOnPolicy](c, signOnPoliciesResource)}
	c.SignOnPolicyActions = &SignOnPolicyActionsService{childCollection[SignOnPolicyAction](c, signOnPolicyActionsResource)}
	c.SignOnPolicyAssignments = &SignOnPolicyAssignmentsService{childCollection[SignOnPolicyAssignment](c, signOnPolicyAssignmentsResource)}
	c.IdentityProviders = &IdentityProvidersService{envCollection[IdentityProvider](c, identityProvidersResource)}
	c.Organizations = newOrganizationsService(c)
	c.APIResources = &APIResourcesService{envCollection[APIResource](c, apiResourcesResource)}
	c.ResourceScopes = &ResourceScopesService{childCollection[ResourceScope](c, resourceScopesResource)}
	c.ApplicationGrants = &ApplicationGrantsService{childCollection[ApplicationGrant](c, applicationGrantsResource)}
	c.ApplicationAttributes = &ApplicationAttributesService{childCollection[AttributeMapping](c, applicationAttributesResource)}
	c.PasswordPolicies = &PasswordPoliciesService{envCollection[PasswordPolicy](c, passwordPoliciesResource)}
	c.Certificates = &CertificatesService{envCollection[Certificate](c, certificatesResource)}
	c.CustomRoles = &CustomRolesService{envCollection[CustomRole](c, customRolesResource)}
	c.Applications.RoleAssignments = RoleAssignments{childCollection[RoleAssignment](c, applicationRoleAssignmentsResource)}
	c.Activities = &ActivitiesService{envCollection[Activity](c, activitiesResource)}
	c.IdentityProviderAttributes = &IdentityProviderAttributesService{childCollection[IdentityProviderAttribute](c, identityProviderAttributesResource)}
	c.DeviceAuthenticationPolicies = &DeviceAuthenticationPoliciesService{envCollection[DeviceAuthenticationPolicy](c, deviceAuthenticationPoliciesResource)}
	return c, nil
}

func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// BaseURL returns the API base URL, e.g. https://api.pingone.com/v1/.
func (c *Client) BaseURL() string { return c.apiBase.String() }

// TokenURL returns the token endpoint of an environment's auth server.
func (c *Client) TokenURL(envID string) string {
	return c.authBase.JoinPath(envID, "as", "token").String()
}

// AuthURL returns the URL of an auth-server path of an environment, e.g.
// AuthURL(env, "as/authorize").
func (c *Client) AuthURL(envID, path string) string {
	return c.authBase.JoinPath(envID, path).String()
}

type ctxKey int

const (
	txKey ctxKey = iota
	sessionKey
)

// WithTransactionID returns a context whose requests carry
// X-Ping-External-Transaction-ID, so PingOne's audit shows the caller's id.
func WithTransactionID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, txKey, sanitizeHeaderID(id))
}

// WithSessionID returns a context whose requests carry X-Ping-External-Session-ID.
func WithSessionID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, sessionKey, sanitizeHeaderID(id))
}

// TransactionID returns the transaction id set by WithTransactionID, or "".
func TransactionID(ctx context.Context) string { s, _ := ctx.Value(txKey).(string); return s }

// sanitizeHeaderID applies PingOne's rule: at most 100 characters of letters,
// digits and . _ - / @ = # +; anything else becomes _.
func sanitizeHeaderID(id string) string {
	var b strings.Builder
	for _, r := range id {
		if b.Len() >= 100 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("._-/@=#+", r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// request describes one API call before it is sent.
type request struct {
	method      string
	segs        []string // path segments below the API base; ids are escaped here
	href        string   // an absolute link to follow instead of segs (a next link)
	query       url.Values
	body        any    // marshalled as JSON unless nil
	raw         []byte // sent as is instead of body (a multipart upload), with contentType
	contentType string
	// readOnly names members PingOne returns but refuses (or ignores) in a
	// request body; they are dropped after encoding, so a read-modify-write
	// never sends them back. Dotted names reach into objects.
	readOnly []string
	// outcome says how to read back a write whose answer is lost (outcome.go).
	outcome outcomeCheck
}

// mediaType is the Content-Type of the request: JSON for a body, and the
// request's own media type even without one, since some of PingOne's verbs
// are chosen by it alone (POST …/users/{userID} with account.unlock+json).
func (r request) mediaType(payload []byte) string {
	switch {
	case r.contentType != "":
		return r.contentType
	case payload != nil:
		return "application/json"
	}
	return ""
}

// Response wraps the HTTP response of a call whose body has been read.
type Response struct {
	*http.Response
	Body []byte

	token *oauth2.Token // the token the request carried, for Invalidator
}

// Invalidator is a token source that can drop a token PingOne refused with
// 401, so that its next Token call refreshes; the client then retries the
// call once. auth.Session implements it.
type Invalidator interface {
	Invalidate(*oauth2.Token)
}

// ContextTokenSource is a token source whose wait can be bounded by the
// call's context (a sign-in in progress); the client prefers it to Token.
type ContextTokenSource interface {
	TokenContext(context.Context) (*oauth2.Token, error)
}

func (c *Client) resolve(r request) (*url.URL, error) {
	if r.href != "" {
		u, err := url.Parse(r.href)
		if err != nil {
			return nil, err
		}
		// A next link must stay on the API host: never send the token elsewhere.
		if u.Scheme != c.apiBase.Scheme || u.Host != c.apiBase.Host || !strings.HasPrefix(u.Path, c.apiBase.Path) {
			return nil, fmt.Errorf("pingone: refusing to follow link %q outside the API base %s", u.Redacted(), c.apiBase)
		}
		return u, nil
	}
	escaped := make([]string, len(r.segs))
	for i, seg := range r.segs {
		// An empty or dot id would make the path name another resource.
		if seg == "" || seg == "." || seg == ".." {
			return nil, fmt.Errorf("pingone: %s %s: id %q is empty or invalid", r.method, strings.Join(r.segs, "/"), seg)
		}
		escaped[i] = url.PathEscape(seg)
	}
	return c.apiBase.JoinPath(escaped...), nil
}

// do sends a request with retries and decodes a 2xx JSON body into out (if
// non-nil). Non-2xx answers become *Error.
func (c *Client) do(ctx context.Context, r request, out any) (*Response, error) {
	u, err := c.resolve(r)
	if err != nil {
		return nil, err
	}
	if r.query != nil {
		q := u.Query()
		for k, vs := range r.query {
			q[k] = vs
		}
		u.RawQuery = q.Encode()
	}
	payload := r.raw
	if r.body != nil {
		if raw, ok := r.body.(json.RawMessage); ok {
			payload = raw
		} else if payload, err = encodeJSON(r.body); err != nil {
			return nil, fmt.Errorf("pingone: encoding %s %s body: %w", r.method, u.Path, err)
		}
		if len(r.readOnly) > 0 {
			if payload, err = dropMembers(payload, r.readOnly); err != nil {
				return nil, fmt.Errorf("pingone: encoding %s %s body: %w", r.method, u.Path, err)
			}
		}
	}
	if err := c.dryRun(ctx, r, u, payload); err != nil {
		return nil, err
	}
	policy := c.retry
	reauthorized := false
	var lost error // how the answer of an earlier attempt of this write was lost
	for attempt := 1; ; attempt++ {
		resp, sent, err := c.send(ctx, r, u, payload, attempt)
		if err == nil && resp.StatusCode == http.StatusUnauthorized && !reauthorized {
			// A token source that can drop a refused token gets one
			// refresh-and-retry (the token expired or was revoked early).
			if inv, ok := c.tokenSource.(Invalidator); ok {
				reauthorized = true
				inv.Invalidate(resp.token)
				c.logger.DebugContext(ctx, "pingone 401: token invalidated, retrying once", "method", r.method, "path", u.Path)
				attempt--
				continue
			}
		}
		if isWrite(r.method) {
			cause := lostAnswer(ctx, r.method, u.Path, resp, err, sent)
			if cause != nil {
				lost = cause
				if r.resendable() && attempt < policy.MaxAttempts && ctx.Err() == nil {
					if c.wait(ctx, r, u, attempt, c.backoff(attempt, resp, policy)) != nil {
						return nil, unknownOutcome(r, u, payload, readResult{why: "the call was cancelled before it could be checked"}, lost)
					}
					continue
				}
			}
			if lost != nil && cause == nil && err != nil {
				// A later attempt failed before any answer (no token):
				// the earlier one may still have been applied.
				return nil, unknownOutcome(r, u, payload, readResult{why: "it could not be checked: " + err.Error()}, lost)
			}
			if lost != nil && (cause != nil || refusal(resp, attempt < policy.MaxAttempts)) {
				if cause == nil && r.method == http.MethodDelete && resp.StatusCode == http.StatusNotFound {
					// The object is gone after an attempt whose answer was
					// lost: that attempt deleted it.
					return resp, nil
				}
				// The answer was lost, or a later attempt was refused,
				// perhaps because the first one was applied: read back.
				rb := c.readBack(ctx, r, u, payload)
				c.logger.DebugContext(ctx, "pingone answer lost, read back", "method", r.method, "path", u.Path,
					"attempt", attempt, "verdict", rb.verdict, "transaction_id", TransactionID(ctx))
				switch {
				case rb.verdict == applied:
					if out != nil && len(rb.object) > 0 {
						if err := json.Unmarshal(rb.object, out); err != nil {
							return rb.resp, fmt.Errorf("pingone: decoding %s %s read back: %w", r.method, u.Path, err)
						}
					}
					return rb.resp, nil
				case rb.verdict == notApplied && cause == nil:
					// Not applied, and PingOne said why: that is the answer.
					return resp, newError(r.method, u.Path, resp)
				case rb.verdict == notApplied && attempt < policy.MaxAttempts:
					if c.wait(ctx, r, u, attempt, c.backoff(attempt, resp, policy)) != nil {
						return nil, &NotAppliedError{Method: r.method, Path: u.Path, Read: rb.read, Err: lost}
					}
					continue
				case rb.verdict == notApplied:
					return nil, &NotAppliedError{Method: r.method, Path: u.Path, Read: rb.read, Err: lost}
				}
				return nil, unknownOutcome(r, u, payload, rb, lost)
			}
		}
		wait, retry := c.shouldRetry(r.method, resp, err, sent, attempt, policy)
		if !retry {
			if err != nil {
				return nil, err
			}
			if resp.StatusCode >= 300 {
				return resp, newError(r.method, u.Path, resp)
			}
			rememberGet(ctx, r.method, u, resp.Body)
			if out != nil && len(bytes.TrimSpace(resp.Body)) > 0 {
				if err := json.Unmarshal(resp.Body, out); err != nil {
					return resp, fmt.Errorf("pingone: decoding %s %s response: %w", r.method, u.Path, err)
				}
			}
			return resp, nil
		}
		if err := c.wait(ctx, r, u, attempt, wait); err != nil {
			return nil, err
		}
	}
}

// wait sleeps before the next attempt, or returns the context's error.
func (c *Client) wait(ctx context.Context, r request, u *url.URL, attempt int, d time.Duration) error {
	c.logger.DebugContext(ctx, "pingone retry", "method", r.method, "path", u.Path, "attempt", attempt, "wait", d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// unknownOutcome is the error of a write no read-back could settle.
func unknownOutcome(r request, u *url.URL, payload []byte, rb readResult, lost error) *OutcomeUnknownError {
	e := &OutcomeUnknownError{Method: r.method, Path: u.Path, Resource: r.outcome.resource, ID: r.outcome.id,
		Read: rb.read, Why: rb.why, Err: lost}
	if r.outcome.key != "" && r.method == http.MethodPost {
		e.Key = r.outcome.key
		var sent map[string]any
		if json.Unmarshal(payload, &sent) == nil {
			e.Value, _ = sent[r.outcome.key].(string)
		}
	}
	return e
}

// send makes one attempt. sent is false when the request certainly never
// left (no connection was made), so that even a POST may be sent again.
func (c *Client) send(ctx context.Context, r request, u *url.URL, payload []byte, attempt int) (resp *Response, sent bool, err error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, false, fmt.Errorf("pingone: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if ct := r.mediaType(payload); ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	tx := TransactionID(ctx)
	if tx != "" {
		req.Header.Set("X-Ping-External-Transaction-ID", tx)
	}
	if s, _ := ctx.Value(sessionKey).(string); s != "" {
		req.Header.Set("X-Ping-External-Session-ID", s)
	}
	var tok *oauth2.Token
	if c.tokenSource != nil {
		if cts, ok := c.tokenSource.(ContextTokenSource); ok {
			tok, err = cts.TokenContext(ctx)
		} else {
			tok, err = c.tokenSource.Token()
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, false, ctx.Err()
			}
			return nil, false, &AuthError{Err: err}
		}
		tok.SetAuthHeader(req)
	}
	start := time.Now()
	hresp, err := c.httpClient.Do(req)
	if err != nil {
		c.logger.DebugContext(ctx, "pingone request failed", "method", r.method, "path", u.Path, "attempt", attempt, "transaction_id", tx, "error", redactURLError(err))
		// Only a failed dial certainly sent nothing.
		var op *net.OpError
		sent = !errors.As(err, &op) || op.Op != "dial"
		if ctx.Err() != nil {
			return nil, sent, ctx.Err()
		}
		return nil, sent, &NetworkError{Method: r.method, Path: u.Path, Err: redactURLError(err)}
	}
	defer hresp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hresp.Body, 64<<20))
	if err != nil {
		return nil, true, &NetworkError{Method: r.method, Path: u.Path, Err: err}
	}
	c.logger.DebugContext(ctx, "pingone request", "method", r.method, "path", u.Path, "status", hresp.StatusCode,
		"duration", time.Since(start), "attempt", attempt, "transaction_id", tx)
	return &Response{Response: hresp, Body: data, token: tok}, true, nil
}

// shouldRetry decides whether to try again and how long to wait first.
func (c *Client) shouldRetry(method string, resp *Response, err error, sent bool, attempt int, p RetryPolicy) (time.Duration, bool) {
	if attempt >= p.MaxAttempts {
		return 0, false
	}
	idempotent := method == http.MethodGet || method == http.MethodHead || method == http.MethodPut || method == http.MethodDelete
	var nerr *NetworkError
	switch {
	case err != nil:
		// A request that never got an answer may have been applied: only
		// idempotent methods are sent again, and any method that certainly
		// never left.
		if !errors.As(err, &nerr) || sent && !idempotent {
			return 0, false
		}
	case resp.StatusCode == http.StatusTooManyRequests:
		// Rate limited before anything happened: safe for every method.
	case resp.StatusCode >= 500 && idempotent:
	default:
		return 0, false
	}
	return c.backoff(attempt, resp, p), true
}

// backoff is the wait before attempt+1: exponential with full jitter, or
// the answer's Retry-After, capped by the policy's MaxDelay.
func (c *Client) backoff(attempt int, resp *Response, p RetryPolicy) time.Duration {
	// Doubling by multiplication, capped, cannot overflow as a shift by
	// attempt-1 bits would for large MaxAttempts.
	backoff := p.BaseDelay
	for i := 1; i < attempt && backoff < p.MaxDelay; i++ {
		backoff *= 2
	}
	if backoff > p.MaxDelay || backoff <= 0 {
		backoff = p.MaxDelay
	}
	wait := time.Duration(rand.Int64N(int64(backoff)) + 1) // full jitter
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			wait = ra
		}
	}
	if wait > p.MaxDelay {
		wait = p.MaxDelay
	}
	return wait
}

// parseRetryAfter reads delta-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// redactURLError drops the query string from URL errors (filters may hold
// personal data; cursors are noise).
func redactURLError(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		if u, perr := url.Parse(uerr.URL); perr == nil {
			u.RawQuery = ""
			u.User = nil
			return &url.Error{Op: uerr.Op, URL: u.String(), Err: uerr.Err}
		}
	}
	return err
}

// errEmptyID rejects an empty id, in a path or a body, before any request.
func errEmptyID(op, name string) error {
	return fmt.Errorf("pingone: %s: %s is empty", op, name)
}

// encodeJSON marshals v without HTML escaping, so values such as redirect
// URIs with & go out as written (json.Marshal would send \u0026).
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
