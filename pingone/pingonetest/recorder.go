package pingonetest

import (
	"net/http"
	"net/url"
	"strings"
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
	// Served is the status of the emulator's own handling: what a fault
	// kept from the client (its write applied) for FaultApplyThenDrop and
	// FaultApplyThen5xx; 0 when a fault kept the request from being served.
	Served int
	// Fault is the kind of fault injected, "" for none.
	Fault FaultKind
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

func (e *Emulator) record(r *http.Request, body []byte, status, served int, fault FaultKind) {
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
		Header: h, Body: b, Status: status, Served: served, Fault: fault,
	}
	e.recMu.Lock()
	e.requests = append(e.requests, rr)
	e.recMu.Unlock()
}
