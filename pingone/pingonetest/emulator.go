package pingonetest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Emulator is an http.Handler holding an in-memory PingOne tenant: the
// management API under /v1 and the auth host under /{envID}/as/. It is safe
// for concurrent use.
type Emulator struct {
	cfg config

	mu sync.RWMutex // guards st
	st *state

	recMu    sync.Mutex
	requests []RecordedRequest

	demo DemoTenant

	faultMu sync.Mutex // guards faults and plan
	faults  []*faultEntry
	plan    *faultPlan

	acts activityLog // guarded by mu
}

// Option configures an Emulator.
type Option func(*config)

type config struct {
	demo          bool
	clock         func() time.Time
	pageSize      int
	faults        *FaultPlan
	activityLimit int
}

// WithoutDemoTenant starts the emulator empty: one organisation
// (Demo().OrganizationID) and one license (Demo().LicenseID), no environments.
func WithoutDemoTenant() Option { return func(c *config) { c.demo = false } }

// WithClock sets the emulator's clock (token expiry, createdAt/updatedAt of
// new and changed resources, totalIdentities). The default is time.Now.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithPageSizeDefault sets the page size lists use when the request has no
// limit. The default is 100.
func WithPageSizeDefault(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.pageSize = n
		}
	}
}

// maxBodyBytes bounds a request body.
const maxBodyBytes = 8 << 20

// New returns an emulator holding the demo tenant (see Demo), or a blank
// organisation with WithoutDemoTenant.
func New(opts ...Option) *Emulator {
	cfg := config{demo: true, clock: time.Now, pageSize: 100, activityLimit: DefaultActivityLimit}
	for _, o := range opts {
		o(&cfg)
	}
	declare()
	e := &Emulator{cfg: cfg}
	e.st, e.demo = buildState(cfg.demo)
	e.SetFaultPlan(cfg.faults)
	e.acts = newActivityLog(cfg.activityLimit)
	if cfg.demo {
		e.seedActivities(cfg.clock())
	}
	return e
}

// Demo names the objects this emulator was seeded with: [Demo] for an
// emulator holding the demo tenant; with WithoutDemoTenant only the
// organisation and the license are set.
func (e *Emulator) Demo() DemoTenant { return e.demo.clone() }

func (e *Emulator) now() time.Time { return e.cfg.clock() }

// ServeHTTP serves the management API (/v1/…) and the auth host (/{envID}/as/…).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		body = nil
	}
	f, faulted := e.matchFault(r)
	if !faulted {
		status := e.serve(w, r, body)
		e.record(r, body, status, status, "")
		return
	}
	status, served, drop := e.serveFaulted(w, r, body, f)
	// Recorded before the connection is dropped: a client that sees the
	// drop and asks again must find this request in the record already.
	e.record(r, body, status, served, f.Kind())
	if drop {
		dropConnection(w)
	}
}

func (e *Emulator) serve(w http.ResponseWriter, r *http.Request, body []byte) int {
	if len(body) > maxBodyBytes {
		return writeResult(w, errResult(newAPIError(http.StatusRequestEntityTooLarge, codeInvalidRequest, "The request body is too large.")))
	}

	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/v1/"); ok || path == "/v1" {
		if aerr := e.authenticate(r); aerr != nil {
			return writeResult(w, errResult(aerr))
		}
		c := &rctx{e: e, r: r, body: body, base: baseURL(r), segs: splitPath(rest), query: r.URL.Query()}
		return writeResult(w, e.recorded(c, e.route))
	}
	// Auth host: /{envID}/as/{endpoint}
	segs := splitPath(strings.TrimPrefix(path, "/"))
	if len(segs) == 3 && segs[1] == "as" {
		if h, ok := asEndpoints[segs[2]]; ok {
			return h(e, w, r, segs[0], body)
		}
	}
	return writeResult(w, errResult(routeNotFound()))
}

func retryAfterDuration(v string) time.Duration {
	if v == "" {
		return 0
	}
	var secs int
	for _, ch := range v {
		if ch < '0' || ch > '9' {
			if t, err := http.ParseTime(v); err == nil {
				return time.Until(t)
			}
			return 0
		}
		secs = secs*10 + int(ch-'0')
	}
	return time.Duration(secs) * time.Second
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host
}

// rctx is one management API request.
type rctx struct {
	e     *Emulator
	r     *http.Request
	body  []byte
	base  string // scheme://host
	segs  []string
	query url.Values
}

// href builds an absolute API URL from path segments below /v1.
func (c *rctx) href(parts ...string) string {
	var b strings.Builder
	b.WriteString(c.base)
	b.WriteString("/v1")
	for _, p := range parts {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(p))
	}
	return b.String()
}

// result is a handler's answer.
type result struct {
	status int
	body   any
	header http.Header
}

func okJSON(body any) result  { return result{status: http.StatusOK, body: body} }
func created(body any) result { return result{status: http.StatusCreated, body: body} }
func noContent() result       { return result{status: http.StatusNoContent} }

func errResult(e *apiError) result {
	return result{status: e.Status, body: e, header: e.header}
}

func writeResult(w http.ResponseWriter, res result) int {
	for k, vs := range res.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if res.body == nil {
		w.WriteHeader(res.status)
		return res.status
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res.body); err != nil {
		ae := newAPIError(http.StatusInternalServerError, codeUnexpected, "The emulator could not encode its response.")
		buf.Reset()
		_ = json.NewEncoder(&buf).Encode(ae)
		res.status = ae.Status
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(res.status)
	_, _ = w.Write(buf.Bytes())
	return res.status
}

// decodeObject parses the request body as a JSON object.
func (c *rctx) decodeObject() (doc, *apiError) {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, invalidField(detailRequired, "body", "The request body is required and must be a JSON object.")
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(c.body))
	if err := dec.Decode(&v); err != nil {
		return nil, invalidField(detailInvalidValue, "body", "The request body is not valid JSON: "+err.Error())
	}
	if dec.More() {
		return nil, invalidField(detailInvalidValue, "body", "The request body must contain a single JSON object.")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalidField(detailInvalidValue, "body", "The request body must be a JSON object.")
	}
	return m, nil
}

// jsonObject is the request body of a plain JSON endpoint: a JSON content
// type (else 415) holding one JSON object (else 400).
func (c *rctx) jsonObject() (doc, *apiError) {
	if aerr := c.requireJSON(); aerr != nil {
		return nil, aerr
	}
	return c.decodeObject()
}

// mediaType returns the request's media type, lower-cased, without parameters.
func (c *rctx) mediaType() string {
	ct := c.r.Header.Get("Content-Type")
	if ct == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(ct)
	}
	return mt
}

// requireJSON rejects bodies that are not JSON (415 INVALID_REQUEST).
func (c *rctx) requireJSON() *apiError {
	mt := c.mediaType()
	if mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json") {
		return nil
	}
	return unsupportedMediaType("Content-Type " + mt + " is not supported; use application/json.")
}
