package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The documents, in routing order.
var specFiles = []struct{ name, file string }{
	{"gc", "pingone-go-client.openapi.yaml"},
	{"mgmt", "pingone-management.openapi.yaml"},
	{"mfa", "pingone-mfa.openapi.yaml"},
}

// spec is one loaded document and its router.
type spec struct {
	name   string
	doc    *openapi3.T
	router routers.Router
}

var (
	loadOnce  sync.Once
	loaded    []*spec
	loadErr   error
	loadTook  atomic.Int64 // nanoseconds
	loadNotes []string     // e.g. a document that could not be loaded and was skipped
)

// vndJSON lists the vendor JSON media types of the PingOne specs (API-MAP
// §2.7) and HAL. kin-openapi falls back to the JSON decoder for any +json type,
// but registering them makes the choice explicit and version-proof.
var vndJSON = []string{
	"application/hal+json",
	"application/vnd.pingidentity.user.import+json",
	"application/vnd.pingidentity.password.set+json",
	"application/vnd.pingidentity.password.reset+json",
	"application/vnd.pingidentity.password.recover+json",
	"application/vnd.pingidentity.password.check+json",
	"application/vnd.pingidentity.password.forceChange+json",
	"application/vnd.pingidentity.account.lock+json",
	"application/vnd.pingidentity.account.unlock+json",
	"application/vnd.pingidentity.consent.revoke+json",
	"application/vnd.pingidentity.devices.reorder+json",
	"application/vnd.pingidentity.devices.order.remove+json",
	"application/vnd.pingidentity.device.activate+json",
}

func load() {
	start := time.Now()
	defer func() { loadTook.Store(int64(time.Since(start))) }()

	for _, ct := range vndJSON {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.JSONBodyDecoder)
	}
	dir, err := specDir()
	if err != nil {
		loadErr = err
		return
	}
	docs := make([]*spec, len(specFiles))
	errs := make([]error, len(specFiles))
	var wg sync.WaitGroup
	for i, f := range specFiles {
		wg.Go(func() {
			docs[i], errs[i] = loadSpec(f.name, filepath.Join(dir, f.file))
		})
	}
	wg.Wait()
	for i, err := range errs {
		switch {
		case err == nil:
			loaded = append(loaded, docs[i])
		case specFiles[i].name == "gc":
			// mgmt describes the same environment paths (less precisely).
			loadNotes = append(loadNotes, fmt.Sprintf("gc spec not loaded, its paths fall back to mgmt: %v", err))
		default:
			loadErr = errors.Join(loadErr, err)
		}
	}
}

func loadSpec(name, path string) (*spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("contract: loading %s (%s): %w", name, path, err)
	}
	// No doc.Validate (see the package doc). One server "/v1" so that
	// gorillamux matches /v1/environments/... on any host.
	doc.Servers = openapi3.Servers{{URL: "/v1"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contract: routing %s: %w", name, err)
	}
	return &spec{name: name, doc: doc, router: r}, nil
}

// specDir finds testdata/openapi: beside this source file, else by walking
// up from the working directory to go.mod (when built with -trimpath).
func specDir() (string, error) {
	const rel = "testdata/openapi"
	if _, file, _, ok := runtime.Caller(0); ok {
		d := filepath.Join(filepath.Dir(file), "..", "..", rel)
		if _, err := os.Stat(filepath.Join(d, specFiles[0].file)); err == nil {
			return d, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(d, rel, specFiles[0].file)); err == nil {
				return filepath.Join(d, rel), nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("contract: %s not found above %s", rel, wd)
		}
	}
}

// LoadTime is how long loading and routing the three documents took (once per
// process); zero before the first Load.
func LoadTime() time.Duration { return time.Duration(loadTook.Load()) }

// Validator validates exchanges against the PingOne documents. Get one with
// Load; each Validator has its own counters and exception list, and shares the
// parsed documents with every other.
type Validator struct {
	// Exceptions are the known faults of the specs; a complaint that matches
	// one is counted, not reported. Load sets it to DefaultExceptions().
	Exceptions []Exception

	specs []*spec
	opts  *openapi3filter.Options

	validated, auth, failed, excepted, unrouted, transportErrs, expectedInvalid atomic.Int64

	mu      sync.Mutex
	used    map[int]int    // index in Exceptions -> times it matched
	untyped map[string]int // "METHOD /path → status" -> times seen
}

// Load returns a Validator over the three specs, parsing them on the first
// call of the process. It fails tb if the specs cannot be loaded.
func Load(tb testing.TB) *Validator {
	tb.Helper()
	loadOnce.Do(load)
	if loadErr != nil {
		tb.Fatalf("contract: %v", loadErr)
	}
	for _, n := range loadNotes {
		tb.Logf("contract: %s", n)
	}
	opts := &openapi3filter.Options{
		MultiError:                        true,
		AuthenticationFunc:                openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus:             true,
		RejectWhenRequestBodyNotSpecified: true,
		SkipSettingDefaults:               true,
	}
	opts.WithCustomSchemaErrorFunc(func(e *openapi3.SchemaError) string { return schemaMessage(e) })
	return &Validator{
		Exceptions: DefaultExceptions(),
		specs:      loaded,
		opts:       opts,
		used:       map[int]int{},
		untyped:    map[string]int{},
	}
}

// Stats counts what a Validator has seen.
type Stats struct {
	// Validated is the number of exchanges whose request and response were
	// checked against an operation of a spec (whatever the outcome).
	Validated int
	// Auth is the number of auth-host requests (/{envID}/as/...), passed through unchecked.
	Auth int
	// Failed is the number of exchanges with at least one reported complaint.
	Failed int
	// Excepted is the number of complaints suppressed by an Exception.
	Excepted int
	// Unrouted is the number of requests no spec declares (each also a failure).
	Unrouted int
	// TransportErrors counts round trips that returned an error (no response to check).
	TransportErrors int
	// ExpectedInvalid counts requests sent with ExpectInvalidRequest that
	// did violate the spec, as intended.
	ExpectedInvalid int
}

// Stats returns the counters so far.
func (v *Validator) Stats() Stats {
	return Stats{
		Validated:       int(v.validated.Load()),
		Auth:            int(v.auth.Load()),
		Failed:          int(v.failed.Load()),
		Excepted:        int(v.excepted.Load()),
		Unrouted:        int(v.unrouted.Load()),
		TransportErrors: int(v.transportErrs.Load()),
		ExpectedInvalid: int(v.expectedInvalid.Load()),
	}
}

// UnusedExceptions returns the exceptions that suppressed nothing so far. A
// scenario that exercises every operation should find none: a stale exception
// hides nothing today but would hide a regression tomorrow.
func (v *Validator) UnusedExceptions() []Exception {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []Exception
	for i, e := range v.Exceptions {
		if v.used[i] == 0 {
			out = append(out, e)
		}
	}
	return out
}

// Transport returns a RoundTripper that validates every exchange it carries
// (see the package doc) and reports violations with tb.Errorf. base nil means
// http.DefaultTransport.
func (v *Validator) Transport(tb testing.TB, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{v: v, tb: tb, base: base}
}

// ResponseTransport is Transport that reports only what is wrong with the
// responses. It is for the emulator's own tests, which send malformed and
// undeclared requests on purpose to check how the emulator answers them.
func (v *Validator) ResponseTransport(tb testing.TB, base http.RoundTripper) http.RoundTripper {
	t := v.Transport(tb, base).(*transport)
	t.responsesOnly = true
	return t
}

type transport struct {
	v             *Validator
	tb            testing.TB
	base          http.RoundTripper
	responsesOnly bool
}

// authPath matches the auth host's paths: /{envID}/as/... and /as/...
var authPath = regexp.MustCompile(`^/(?:[^/]+/)?as(?:/|$)`)

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := readBody(req.Body)
	if err != nil {
		return nil, fmt.Errorf("contract: reading request body: %w", err)
	}
	out := req.Clone(req.Context())
	out.Body = bodyOf(body, req.Body != nil)
	if body != nil {
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	if authPath.MatchString(req.URL.Path) {
		t.v.auth.Add(1)
		return t.base.RoundTrip(out)
	}

	ex := &exchange{method: req.Method, path: req.URL.Path}
	ex.expectInvalid, _ = req.Context().Value(expectInvalidKey{}).(string)
	input, reqIssues := t.v.checkRequest(req, body, ex)
	ex.issues = append(ex.issues, reqIssues...)

	resp, err := t.base.RoundTrip(out)
	if err != nil {
		t.v.transportErrs.Add(1)
		t.report(ex)
		return nil, err
	}
	respBody, rerr := readBody(resp.Body)
	resp.Body = bodyOf(respBody, true)
	ex.status = resp.StatusCode
	if rerr != nil {
		ex.add(SideResponse, "reading the response body: "+rerr.Error())
	} else if input != nil {
		ex.issues = append(ex.issues, t.v.checkResponse(input, resp, respBody)...)
	}
	if input != nil {
		t.v.validated.Add(1)
	}
	t.report(ex)
	return resp, nil
}

// exchange is one request/response pair and what is wrong with it.
type exchange struct {
	method, path  string // the concrete request path
	expectInvalid string // why the request is invalid on purpose, or ""
	spec          string // the document that declared the operation
	pattern       string // the operation's path template, without /v1
	status        int
	issues        []issue
}

type issue struct {
	side Side
	msg  string
}

func (ex *exchange) add(side Side, msg string) { ex.issues = append(ex.issues, issue{side, msg}) }

// report filters ex's issues through the exceptions and reports the rest.
func (t *transport) report(ex *exchange) {
	var left []string
	invalid := false
	for _, is := range ex.issues {
		if is.side == SideRequest && t.responsesOnly {
			continue
		}
		if t.v.except(ex, is) {
			continue
		}
		if is.side == SideRequest && ex.expectInvalid != "" && ex.spec != "" {
			invalid = true
			continue
		}
		left = append(left, fmt.Sprintf("[%s] %s", is.side, is.msg))
	}
	switch {
	case invalid:
		t.v.expectedInvalid.Add(1)
	case ex.expectInvalid != "" && ex.spec != "":
		left = append(left, fmt.Sprintf("[request] expected to violate the spec (%s), but it is valid", ex.expectInvalid))
	}
	if len(left) == 0 {
		return
	}
	t.v.failed.Add(1)
	where := "no spec"
	if ex.spec != "" {
		where = fmt.Sprintf("%s spec, operation %s %s", ex.spec, ex.method, ex.pattern)
	}
	status := "no response"
	if ex.status != 0 {
		status = fmt.Sprintf("%d", ex.status)
	}
	t.tb.Errorf("contract: %s %s → %s violates the %s:\n\t%s\n\t(fix the client or the emulator; only a fault of the spec belongs in internal/contract/exceptions.go)",
		ex.method, ex.path, status, where, strings.Join(left, "\n\t"))
}

// except reports whether an exception excuses is, and counts its use.
func (v *Validator) except(ex *exchange, is issue) bool {
	for i, e := range v.Exceptions {
		if e.matches(ex, is) {
			v.excepted.Add(1)
			v.mu.Lock()
			v.used[i]++
			v.mu.Unlock()
			return true
		}
	}
	return false
}

type expectInvalidKey struct{}

// ExpectInvalidRequest returns a context whose requests violate the spec on
// purpose, to test the server's own validation (a missing required field, a
// wrong type): their request-side complaints are counted in
// Stats.ExpectedInvalid instead of reported, and such a request that turns
// out valid is reported. Responses are checked as always. why says what is
// invalid.
func ExpectInvalidRequest(ctx context.Context, why string) context.Context {
	if why == "" {
		why = "invalid on purpose"
	}
	return context.WithValue(ctx, expectInvalidKey{}, why)
}

// route finds the operation of req in the first spec that declares it.
func (v *Validator) route(req *http.Request) (*spec, *routers.Route, map[string]string, error) {
	methodErr := ""
	for _, s := range v.specs {
		r, params, err := s.router.FindRoute(req)
		if err == nil {
			return s, r, params, nil
		}
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			methodErr += " " + s.name
		}
	}
	if methodErr != "" {
		return nil, nil, nil, fmt.Errorf("method %s is not declared for this path (path known to:%s)", req.Method, methodErr)
	}
	return nil, nil, nil, fmt.Errorf("no spec declares the path %s", req.URL.Path)
}

func (v *Validator) checkRequest(req *http.Request, body []byte, ex *exchange) (*openapi3filter.RequestValidationInput, []issue) {
	vreq := req.Clone(context.WithoutCancel(req.Context()))
	vreq.Body = bodyOf(body, body != nil)
	vreq.ContentLength = int64(len(body))
	s, route, params, err := v.route(vreq)
	if err != nil {
		v.unrouted.Add(1)
		return nil, []issue{{SideRequest, err.Error()}}
	}
	ex.spec, ex.pattern = s.name, route.Path
	input := &openapi3filter.RequestValidationInput{
		Request:    vreq,
		PathParams: params,
		Route:      route,
		Options:    v.opts,
	}
	var out []issue
	if err := openapi3filter.ValidateRequest(vreq.Context(), input); err != nil {
		for _, m := range flatten(err) {
			out = append(out, issue{SideRequest, m})
		}
	}
	// OpenAPI allows undeclared query parameters; an operation that does not
	// declare one may well ignore it, so say so.
	declared := map[string]bool{}
	for _, ps := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = true
			}
		}
	}
	var undeclared []string
	for name := range req.URL.Query() {
		if !declared[name] {
			undeclared = append(undeclared, name)
		}
	}
	slices.Sort(undeclared)
	for _, name := range undeclared {
		out = append(out, issue{SideRequest, fmt.Sprintf("query parameter %q is not declared by the operation", name)})
	}
	return input, out
}

func (v *Validator) checkResponse(input *openapi3filter.RequestValidationInput, resp *http.Response, body []byte) []issue {
	rin := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                v.opts,
	}
	var out []issue
	if err := openapi3filter.ValidateResponse(input.Request.Context(), rin); err != nil {
		for _, m := range flatten(err) {
			out = append(out, issue{SideResponse, m})
		}
	}
	if (input.Route.Path == applicationsPath || input.Route.Path == applicationPath) && resp.StatusCode < 300 {
		out = v.checkApplications(out, input.Route.Path, body)
	}
	// kin-openapi accepts any body where the spec declares none.
	ref := input.Route.Operation.Responses.Status(resp.StatusCode)
	if ref == nil {
		ref = input.Route.Operation.Responses.Default()
	}
	if ref != nil && ref.Value != nil && len(bytes.TrimSpace(body)) > 0 {
		if len(ref.Value.Content) == 0 {
			out = append(out, issue{SideResponse, fmt.Sprintf("status %d declares no body, got %d bytes (%s)", resp.StatusCode, len(body), resp.Header.Get("Content-Type"))})
		} else if mt := ref.Value.Content.Get(resp.Header.Get("Content-Type")); mt != nil && mt.Schema == nil {
			// The spec is silent on this body's shape: note it, so a
			// report can say which bodies were not really checked.
			v.mu.Lock()
			v.untyped[fmt.Sprintf("%s %s → %d", input.Request.Method, input.Route.Path, resp.StatusCode)]++
			v.mu.Unlock()
		}
	}
	return out
}

// Untyped lists the operations and statuses whose response bodies this
// Validator saw but could not check because the spec declares a media type
// without a schema ("untyped" in API-MAP), with how often each was seen.
func (v *Validator) Untyped() map[string]int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return maps.Clone(v.untyped)
}

func readBody(rc io.ReadCloser) ([]byte, error) {
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func bodyOf(b []byte, present bool) io.ReadCloser {
	if !present || b == nil {
		return http.NoBody
	}
	return io.NopCloser(bytes.NewReader(b))
}

// flatten turns a kin-openapi error tree into one line per complaint.
func flatten(err error) []string {
	var out []string
	var walk func(prefix string, err error)
	walk = func(prefix string, err error) {
		join := func(a, b string) string {
			if a == "" {
				return b
			}
			if b == "" {
				return a
			}
			return a + ": " + b
		}
		switch e := err.(type) {
		case nil:
		case openapi3.MultiError:
			for _, x := range e {
				walk(prefix, x)
			}
		case *openapi3filter.RequestError:
			p := prefix
			switch {
			case e.Parameter != nil:
				p = join(p, fmt.Sprintf("parameter %q in %s", e.Parameter.Name, e.Parameter.In))
			case e.RequestBody != nil:
				p = join(p, "request body")
			}
			if e.Reason != "" && (e.Err == nil || e.Reason != e.Err.Error()) {
				p = join(p, e.Reason)
			}
			if e.Err == nil {
				out = append(out, p)
				return
			}
			walk(p, e.Err)
		case *openapi3filter.ResponseError:
			p := join(prefix, e.Reason)
			if e.Err == nil {
				out = append(out, p)
				return
			}
			walk(p, e.Err)
		case *openapi3filter.SecurityRequirementsError:
			out = append(out, join(prefix, e.Error()))
		case *openapi3.SchemaError:
			for _, m := range schemaLeaves(e) {
				out = append(out, join(prefix, m))
			}
		default:
			var se *openapi3.SchemaError
			if errors.As(err, &se) && err.Error() == se.Error() {
				walk(prefix, se)
				return
			}
			out = append(out, join(prefix, err.Error()))
		}
	}
	walk("", err)
	return out
}

// schemaLeaves lists the complaints of a schema error: allOf and grouping
// errors are opened, oneOf/anyOf are one complaint summarising each branch.
func schemaLeaves(e *openapi3.SchemaError) []string {
	var children openapi3.MultiError
	if e.Origin != nil {
		errors.As(e.Origin, &children)
	}
	if len(children) == 0 {
		return []string{schemaMessage(e)}
	}
	switch e.SchemaField {
	case "oneOf", "anyOf":
		var branches []string
		for _, c := range children {
			var leaves []string
			var se *openapi3.SchemaError
			if errors.As(c, &se) {
				leaves = schemaLeaves(se)
			} else {
				leaves = flatten(c)
			}
			branches = append(branches, "{"+strings.Join(leaves, "; ")+"}")
		}
		return []string{clip(schemaMessage(e)+": "+strings.Join(branches, " or "), 3000)}
	}
	var out []string
	for _, c := range children {
		var se *openapi3.SchemaError
		if errors.As(c, &se) {
			out = append(out, schemaLeaves(se)...)
		} else {
			out = append(out, flatten(c)...)
		}
	}
	return out
}

// schemaMessage is "<JSON pointer>: <reason>", plus the value when it is a
// short scalar; never the schema dump kin-openapi appends by default.
func schemaMessage(e *openapi3.SchemaError) string {
	ptr := "/" + strings.Join(e.JSONPointer(), "/")
	reason := e.Reason
	if reason == "" {
		reason = fmt.Sprintf("doesn't match schema %q", e.SchemaField)
	}
	// The JSON Schema 2020-12 validator's reasons start with the path already.
	if strings.HasPrefix(reason, "error at ") {
		return clip(oneLine(reason), 600)
	}
	msg := ptr + ": " + reason
	switch val := e.Value.(type) {
	case string, bool, float64, json.Number, int, int64, nil:
		if !strings.Contains(strings.ToLower(ptr), "password") && !strings.Contains(strings.ToLower(ptr), "secret") {
			b, _ := json.Marshal(val)
			msg += " (got " + clip(string(b), 80) + ")"
		}
	}
	return oneLine(msg)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// The mgmt spec's application bodies are a oneOf of the protocol variants
// without a discriminator, and ApplicationPingOneAdminConsole requires
// nothing, so every OIDC or SAML application matches two branches and "exactly
// one" always fails. The spec means "the variant of its protocol and type"
// (API-MAP §2.2): checkApplications replaces the oneOf complaint with that
// check, which is stricter than any-branch matching.
const (
	oneOfOverlap     = `value matches more than one schema from "oneOf"`
	applicationsPath = "/environments/{environmentID}/applications"
	applicationPath  = applicationsPath + "/{applicationID}"
)

var applicationVariants = map[string]string{
	"PING_ONE_PORTAL":        "ApplicationPingOnePortal",
	"PING_ONE_SELF_SERVICE":  "ApplicationPingOneSelfService",
	"PING_ONE_ADMIN_CONSOLE": "ApplicationPingOneAdminConsole",
	"OPENID_CONNECT":         "ApplicationOIDC",
	"SAML":                   "ApplicationSAML",
	"WS_FED":                 "ApplicationWSFED",
	"EXTERNAL_LINK":          "ApplicationExternalLink",
}

func (v *Validator) checkApplications(issues []issue, routePath string, body []byte) []issue {
	var out []issue
	for _, is := range issues {
		if !strings.Contains(is.msg, oneOfOverlap) {
			out = append(out, is)
		}
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return out // the general validation has said what is wrong
	}
	apps := []any{doc}
	if routePath == applicationsPath {
		emb, _ := doc["_embedded"].(map[string]any)
		apps, _ = emb["applications"].([]any)
	}
	var mgmt *spec
	for _, s := range v.specs {
		if s.name == "mgmt" {
			mgmt = s
		}
	}
	for _, a := range apps {
		app, _ := a.(map[string]any)
		typ, _ := app["type"].(string)
		protocol, _ := app["protocol"].(string)
		name := applicationVariants[typ]
		if name == "" {
			name = applicationVariants[protocol]
		}
		ref := mgmt.doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			out = append(out, issue{SideResponse, fmt.Sprintf("application %v: no mgmt variant for protocol %q, type %q", app["id"], protocol, typ)})
			continue
		}
		if err := ref.Value.VisitJSON(app, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
			for _, m := range flatten(err) {
				out = append(out, issue{SideResponse, fmt.Sprintf("application %v as %s: %s", app["id"], name, m)})
			}
		}
	}
	return out
}
