package pingonetest

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// Faults. A test makes the emulator fail in two ways: one fault at a time
// on the requests it names (InjectFault), or at random on a share of all
// requests, drawn deterministically from a seed (WithFaults, SetFaultPlan).
// Either can apply a write and then lose its answer, as a dropped
// connection or a gateway's 502 or 504 after PingOne did the work: the
// case a client must resolve by reading back. The recorder says what each
// request really did (RecordedRequest.Served, .Fault), so a test can hold
// what the client reported against what the tenant holds.

// FaultKind names a kind of fault.
type FaultKind string

// The kinds of fault.
const (
	// FaultRateLimit answers 429 REQUEST_LIMITED with Retry-After; nothing applied.
	FaultRateLimit FaultKind = "rate_limit"
	// FaultServerError answers 500 or 503 UNEXPECTED_ERROR; nothing applied.
	FaultServerError FaultKind = "server_error"
	// FaultDrop closes the connection without an answer; nothing applied.
	FaultDrop FaultKind = "drop"
	// FaultLatency serves the request after a delay.
	FaultLatency FaultKind = "latency"
	// FaultApplyThenDrop serves the request (a write is applied), then
	// closes the connection without the answer.
	FaultApplyThenDrop FaultKind = "apply_then_drop"
	// FaultApplyThenError serves the request (a write is applied), then
	// answers 502 or 504 instead, as a gateway that timed out would.
	FaultApplyThenError FaultKind = "apply_then_error"
	// FaultStatus answers another status of the test's choosing (Fault.Status).
	FaultStatus FaultKind = "status"
)

// FaultKinds lists the kinds a FaultPlan draws from by default.
func FaultKinds() []FaultKind {
	return []FaultKind{FaultRateLimit, FaultServerError, FaultDrop, FaultLatency, FaultApplyThenDrop, FaultApplyThenError}
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
	// ApplyFirst serves the request first (a write is applied to the store)
	// and then answers Status (502 when 0) or drops the connection instead
	// of the real answer.
	ApplyFirst bool
}

// Kind classifies the fault.
func (f Fault) Kind() FaultKind {
	switch {
	case f.ApplyFirst && f.DropConnection:
		return FaultApplyThenDrop
	case f.ApplyFirst:
		return FaultApplyThenError
	case f.DropConnection:
		return FaultDrop
	case f.Status == http.StatusTooManyRequests:
		return FaultRateLimit
	case f.Status >= 500:
		return FaultServerError
	case f.Status != 0:
		return FaultStatus
	}
	return FaultLatency
}

// FaultPlan injects faults at random on a share of the requests, drawn from
// Seed: the same seed and the same sequence of requests give the same faults.
type FaultPlan struct {
	// Seed seeds the draw.
	Seed uint64
	// Rate is the share of matching requests that get a fault, 0 to 1.
	Rate float64
	// Kinds are the kinds drawn from, each as likely; nil means FaultKinds().
	Kinds []FaultKind
	// PathPrefix limits the plan to requests below it; "" means "/v1/", the
	// management API (the auth host is left alone).
	PathPrefix string
	// Latency is the longest delay of a FaultLatency (each draws up to it);
	// default 5ms.
	Latency time.Duration
	// RetryAfter is the Retry-After of a FaultRateLimit; default "1".
	RetryAfter string
}

// WithFaults starts the emulator with a fault plan (see SetFaultPlan).
func WithFaults(p FaultPlan) Option { return func(c *config) { c.faults = &p } }

// faultPlan is a FaultPlan being drawn from; guarded by Emulator.faultMu.
type faultPlan struct {
	FaultPlan
	rng    *rand.Rand
	counts map[FaultKind]int
}

func newFaultPlan(p FaultPlan) *faultPlan {
	if len(p.Kinds) == 0 {
		p.Kinds = FaultKinds()
	}
	if p.PathPrefix == "" {
		p.PathPrefix = "/v1/"
	}
	if p.Latency <= 0 {
		p.Latency = 5 * time.Millisecond
	}
	if p.RetryAfter == "" {
		p.RetryAfter = "1"
	}
	return &faultPlan{FaultPlan: p, rng: rand.New(rand.NewPCG(p.Seed, p.Seed^0x9e3779b97f4a7c15)), counts: map[FaultKind]int{}}
}

// draw picks the fault of one request, if any.
func (p *faultPlan) draw(r *http.Request) (Fault, bool) {
	if !strings.HasPrefix(r.URL.Path, p.PathPrefix) || p.rng.Float64() >= p.Rate {
		return Fault{}, false
	}
	kind := p.Kinds[p.rng.IntN(len(p.Kinds))]
	f := Fault{}
	switch kind {
	case FaultRateLimit:
		f.Status, f.RetryAfter = http.StatusTooManyRequests, p.RetryAfter
	case FaultServerError:
		f.Status = []int{http.StatusInternalServerError, http.StatusServiceUnavailable}[p.rng.IntN(2)]
	case FaultDrop:
		f.DropConnection = true
	case FaultLatency:
		f.Latency = time.Duration(p.rng.Int64N(int64(p.Latency))) + 1
	case FaultApplyThenDrop:
		f.ApplyFirst, f.DropConnection = true, true
	case FaultApplyThenError:
		f.ApplyFirst = true
		f.Status = []int{http.StatusBadGateway, http.StatusGatewayTimeout}[p.rng.IntN(2)]
	default:
		return Fault{}, false
	}
	return f, true
}

// SetFaultPlan replaces the fault plan; nil removes it. Faults added with
// InjectFault are tried first.
func (e *Emulator) SetFaultPlan(p *FaultPlan) {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.plan = nil
	if p != nil {
		e.plan = newFaultPlan(*p)
	}
}

// FaultCounts returns how many faults of each kind the plan injected since
// it was set.
func (e *Emulator) FaultCounts() map[FaultKind]int {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	out := map[FaultKind]int{}
	if e.plan != nil {
		for k, n := range e.plan.counts {
			out[k] = n
		}
	}
	return out
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

// ClearFaults removes every fault added with InjectFault (not the plan).
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
	if e.plan != nil {
		if f, ok := e.plan.draw(r); ok {
			e.plan.counts[f.Kind()]++
			return f, true
		}
	}
	return Fault{}, false
}

// serveFaulted serves a request hit by a fault. It returns the status the
// client got (0 when the connection is to be dropped), the status of the
// emulator's own handling (0 when the fault kept it from being served) and
// whether to drop the connection: the caller records the request first, so
// that a client which sees the drop and asks again finds the first request
// already recorded.
func (e *Emulator) serveFaulted(w http.ResponseWriter, r *http.Request, body []byte, f Fault) (status, served int, drop bool) {
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return 0, 0, false
		}
	}
	if f.ApplyFirst {
		served = e.serve(httptest.NewRecorder(), r, body)
		if f.DropConnection {
			return 0, served, true
		}
		if f.Status == 0 {
			f.Status = http.StatusBadGateway
		}
		return writeResult(w, errResult(faultError(f, ""))), served, false
	}
	if f.DropConnection {
		return 0, 0, true
	}
	if f.Status != 0 {
		retry := ""
		if f.Status == http.StatusTooManyRequests {
			retry = ts(e.now().Add(retryAfterDuration(f.RetryAfter)))
		}
		return writeResult(w, errResult(faultError(f, retry))), 0, false
	}
	served = e.serve(w, r, body)
	return served, served, false
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	if conn, _, err := hj.Hijack(); err == nil {
		_ = conn.Close()
	}
}
