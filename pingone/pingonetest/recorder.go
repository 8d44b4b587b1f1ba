package pingonetest

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// RecordedRequest is one request the emulator served, for assertions.
type RecordedRequest struct {
	Method      string
	Path        string
	RawQuery    string
	ContentType string
	// Header is a copy of the request headers with the Authorization value
	// replaced by "REDACTED".
	Header http.Header
	// Body is the request body; in form bodies (the auth host) the values of
	// client_secret, code, code_verifier, refresh_token, device_code and
	// token are replaced by "REDACTED".
	Body []byte
	// Status is the status answered, or 0 when the connection was dropped.
	Status int
}

// Requests returns a copy of the requests served so far, oldest first.
func (e *Emulator) Requests() []RecordedRequest {
	e.recMu.Lock()
	defer e.recMu.Unlock()
	out := make([]RecordedRequest, len(e.requests))
	for i, rr := range e.requests {
		rr.Header = rr.Header.Clone()
		rr.Body = append([]byte(nil), rr.Body...)
		out[i] = rr
	}
	return out
}

// ResetRequests forgets the recorded requests.
func (e *Emulator) ResetRequests() {
	e.recMu.Lock()
	e.requests = nil
	e.recMu.Unlock()
}

// secretFormFields are the form fields of auth-host requests that hold a
// secret or a token; recorded bodies show them as REDACTED.
var secretFormFields = []string{"client_secret", "code", "code_verifier", "refresh_token", "device_code", "token"}

func (e *Emulator) record(r *http.Request, body []byte, status int) {
	h := r.Header.Clone()
	if h.Get("Authorization") != "" {
		h.Set("Authorization", "REDACTED")
	}
	ct := r.Header.Get("Content-Type")
	b := append([]byte(nil), body...)
	if strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		if form, err := url.ParseQuery(string(body)); err == nil {
			redacted := false
			for _, k := range secretFormFields {
				if form.Has(k) {
					form.Set(k, "REDACTED")
					redacted = true
				}
			}
			if redacted {
				b = []byte(form.Encode())
			}
		}
	}
	rr := RecordedRequest{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, ContentType: ct,
		Header: h, Body: b, Status: status,
	}
	e.recMu.Lock()
	e.requests = append(e.requests, rr)
	e.recMu.Unlock()
}

// Fault describes a failure to inject on matching requests.
type Fault struct {
	// Method to match; "" matches any method.
	Method string
	// PathPrefix is matched against the request path, e.g.
	// "/v1/environments/<id>/users" or "/<envID>/as/token"; "" matches all.
	PathPrefix string
	// Status to answer with a PingOne error body (429 → REQUEST_LIMITED with a
	// LIMIT_EXCEEDED detail; 5xx → UNEXPECTED_ERROR). 0 with no DropConnection
	// means the request is served normally after Latency.
	Status int
	// Code overrides the PingOne error code (default by status).
	Code string
	// RetryAfter is sent as the Retry-After header value.
	RetryAfter string
	// Times is how many requests the fault hits; 0 means until ClearFaults.
	Times int
	// Latency is waited before anything else.
	Latency time.Duration
	// DropConnection hijacks the connection and closes it without a response.
	// When the ResponseWriter cannot be hijacked (ServeHTTP called directly,
	// not through an http.Server) the handler panics with
	// http.ErrAbortHandler, net/http's way of aborting a response.
	DropConnection bool
}

type faultEntry struct {
	f         Fault
	remaining int // 0 = unlimited
}

// InjectFault adds a fault. Faults are tried in the order they were added; the
// first that matches a request applies.
func (e *Emulator) InjectFault(f Fault) {
	e.faultMu.Lock()
	e.faults = append(e.faults, &faultEntry{f: f, remaining: f.Times})
	e.faultMu.Unlock()
}

// ClearFaults removes every fault.
func (e *Emulator) ClearFaults() {
	e.faultMu.Lock()
	e.faults = nil
	e.faultMu.Unlock()
}

func (e *Emulator) matchFault(r *http.Request) (Fault, bool) {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	for i, fe := range e.faults {
		if fe.f.Method != "" && !strings.EqualFold(fe.f.Method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, fe.f.PathPrefix) {
			continue
		}
		if fe.remaining > 0 {
			fe.remaining--
			if fe.remaining == 0 {
				e.faults = append(e.faults[:i], e.faults[i+1:]...)
			}
		}
		return fe.f, true
	}
	return Fault{}, false
}
