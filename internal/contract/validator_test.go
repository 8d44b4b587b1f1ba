package contract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recordingTB is a testing.TB whose Errorf is recorded, not reported, so a
// test can check that the validator does complain.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recordingTB) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// cannedTransport answers every request with one response.
type cannedTransport struct {
	status int
	ctype  string
	body   string
	header http.Header

	mu  sync.Mutex
	got []*http.Request
}

func (c *cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	c.mu.Lock()
	c.got = append(c.got, req)
	c.mu.Unlock()
	h := http.Header{}
	for k, v := range c.header {
		h[k] = v
	}
	if c.ctype != "" {
		h.Set("Content-Type", c.ctype)
	}
	return &http.Response{
		StatusCode: c.status,
		Header:     h,
		Body:       io.NopCloser(strings.NewReader(c.body)),
		Request:    req,
	}, nil
}

const (
	envID = "6b5f3a2e-7d0a-4b61-9a1f-1f2e3d4c5b6a"
	popID = "0c3d5e7f-1a2b-4c5d-8e9f-0a1b2c3d4e5f"
	api   = "http://api.example.test/v1"
)

func popBody(name string) string {
	return `{"id":"` + popID + `","name":` + name + `,"environment":{"id":"` + envID + `"},"userCount":0,` +
		`"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z",` +
		`"_links":{"self":{"href":"` + api + `/environments/` + envID + `/populations/` + popID + `"}}}`
}

// exchange sends one request through v's transport over canned and returns
// what the validator reported.
func send(t *testing.T, v *Validator, canned *cannedTransport, method, url, ctype, body string) (*recordingTB, *http.Response) {
	t.Helper()
	rec := &recordingTB{TB: t}
	var rb io.Reader
	if body != "" {
		rb = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rb)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer x")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := v.Transport(rec, canned).RoundTrip(req)
	require.NoError(t, err)
	return rec, resp
}

func TestValidatorAcceptsAValidExchange(t *testing.T) {
	v := Load(t)
	canned := &cannedTransport{status: 201, ctype: "application/json", body: popBody(`"Staff"`)}
	rec, resp := send(t, v, canned, http.MethodPost, api+"/environments/"+envID+"/populations",
		"application/json", `{"name":"Staff","description":"people"}`)
	assert.Empty(t, rec.errors())
	assert.Equal(t, Stats{Validated: 1}, v.Stats())

	// Both bodies still reach their readers.
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, popBody(`"Staff"`), string(got))
	sent, err := io.ReadAll(canned.got[0].Body)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"Staff","description":"people"}`, string(sent))
}

func TestValidatorCatchesAWrongRequestBody(t *testing.T) {
	v := Load(t)
	canned := &cannedTransport{status: 201, ctype: "application/json", body: popBody(`"Staff"`)}
	rec, _ := send(t, v, canned, http.MethodPost, api+"/environments/"+envID+"/populations",
		"application/json", `{"name":42}`)
	errs := rec.errors()
	require.Len(t, errs, 1, "a population name that is a number must be reported")
	assert.Contains(t, errs[0], "POST /v1/environments/"+envID+"/populations → 201")
	assert.Contains(t, errs[0], "[request]")
	assert.Contains(t, errs[0], "/name")
	assert.Contains(t, errs[0], "must be a string")
	assert.Equal(t, 1, v.Stats().Failed)
	assert.Equal(t, 1, v.Stats().Validated)
}

func TestValidatorCatchesAWrongResponseField(t *testing.T) {
	v := Load(t)
	canned := &cannedTransport{status: 200, ctype: "application/json", body: popBody(`{"first":"Staff"}`)}
	rec, _ := send(t, v, canned, http.MethodGet, api+"/environments/"+envID+"/populations/"+popID, "", "")
	errs := rec.errors()
	require.Len(t, errs, 1, "a population name that is an object must be reported")
	assert.Contains(t, errs[0], "GET /v1/environments/"+envID+"/populations/"+popID+" → 200")
	assert.Contains(t, errs[0], "[response]")
	assert.Contains(t, errs[0], "/name")
	assert.Contains(t, errs[0], "must be a string")
}

func TestValidatorCatchesAnUndeclaredStatus(t *testing.T) {
	v := Load(t)
	// readOnePopulation declares 200 and errors; 201 is not among them.
	canned := &cannedTransport{status: 201, ctype: "application/json", body: popBody(`"Staff"`)}
	rec, _ := send(t, v, canned, http.MethodGet, api+"/environments/"+envID+"/populations/"+popID, "", "")
	errs := rec.errors()
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "status is not supported")
}

func TestValidatorCatchesAnUndeclaredRoute(t *testing.T) {
	v := Load(t)
	canned := &cannedTransport{status: 200, ctype: "application/json", body: `{}`}
	rec, _ := send(t, v, canned, http.MethodGet, api+"/environments/"+envID+"/nonsense", "", "")
	errs := rec.errors()
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0], "no spec declares the path")
	assert.Equal(t, Stats{Failed: 1, Unrouted: 1}, v.Stats())

	rec, _ = send(t, v, canned, http.MethodPatch, api+"/environments/"+envID+"/populations", "application/json", `{}`)
	require.Len(t, rec.errors(), 1)
	assert.Contains(t, rec.errors()[0], "method PATCH is not declared")
}

func TestValidatorCatchesAnUndeclaredQueryParameterAndContentType(t *testing.T) {
	v := Load(t)
	canned := &cannedTransport{status: 200, ctype: "application/json", body: popBody(`"Staff"`)}
	rec, _ := send(t, v, canned, http.MethodGet, api+"/environments/"+envID+"/populations/"+popID+"?expand=everything", "", "")
	require.Len(t, rec.errors(), 1)
	assert.Contains(t, rec.errors()[0], `query parameter "expand" is not declared`)

	rec, _ = send(t, v, canned, http.MethodPut, api+"/environments/"+envID+"/populations/"+popID, "text/plain", `name=Staff`)
	require.Len(t, rec.errors(), 1)
	assert.Contains(t, rec.errors()[0], "Content-Type has unexpected value")

	canned = &cannedTransport{status: 200, ctype: "text/html", body: `<html/>`}
	rec, _ = send(t, v, canned, http.MethodGet, api+"/environments/"+envID+"/populations/"+popID, "", "")
	require.Len(t, rec.errors(), 1)
	assert.Contains(t, rec.errors()[0], "Content-Type has unexpected value")
}

func TestValidatorUsesGoClientSpecForEnvironments(t *testing.T) {
	v := Load(t)
	// gc's EnvironmentResponse requires region to be a region code.
	body := `{"id":"` + envID + `","name":"Dev","type":"SANDBOX","region":"MARS","status":"ACTIVE",` +
		`"license":{"id":"` + popID + `"},"organization":{"id":"` + popID + `"},` +
		`"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z",` +
		`"_links":{"self":{"href":"` + api + `/environments/` + envID + `"}}}`
	canned := &cannedTransport{status: 200, ctype: "application/json", body: body}
	rec, _ := send(t, v, canned, http.MethodGet, api+"/environments/"+envID, "", "")
	errs := rec.errors()
	require.Len(t, errs, 1, "an unknown region must be reported")
	assert.Contains(t, errs[0], "gc spec")
	assert.Contains(t, errs[0], "/region")
}

func TestValidatorPassesAuthRequestsThrough(t *testing.T) {
	v := Load(t)
	canned := &cannedTransport{status: 200, ctype: "application/json", body: `{"access_token":"x"}`}
	rec, _ := send(t, v, canned, http.MethodPost, "http://auth.example.test/"+envID+"/as/token",
		"application/x-www-form-urlencoded", "grant_type=client_credentials")
	assert.Empty(t, rec.errors())
	assert.Equal(t, Stats{Auth: 1}, v.Stats())
}

func TestExceptionSuppressesOnlyWhatItMatches(t *testing.T) {
	v := Load(t)
	v.Exceptions = []Exception{{
		Method: http.MethodPost, PathPattern: "/environments/{environmentID}/populations",
		Side: SideRequest, Match: "/name", Why: "test",
	}}
	canned := &cannedTransport{status: 201, ctype: "application/json", body: popBody(`"Staff"`)}
	rec, _ := send(t, v, canned, http.MethodPost, api+"/environments/"+envID+"/populations",
		"application/json", `{"name":42,"description":7}`)
	errs := rec.errors()
	require.Len(t, errs, 1, "the description complaint is not excepted")
	assert.Contains(t, errs[0], "/description")
	assert.NotContains(t, errs[0], "/name")
	assert.Equal(t, 1, v.Stats().Excepted)
	assert.Empty(t, v.UnusedExceptions())

	// The same complaint on another side, method or path is reported.
	v.Exceptions[0].Side = SideResponse
	rec, _ = send(t, v, canned, http.MethodPost, api+"/environments/"+envID+"/populations", "application/json", `{"name":42}`)
	assert.Len(t, rec.errors(), 1)
}

func TestTemplateMatches(t *testing.T) {
	assert.True(t, templateMatches("/environments/{environmentID}/users", "/environments/abc/users"))
	assert.False(t, templateMatches("/environments/{environmentID}/users", "/environments/abc/groups"))
	assert.False(t, templateMatches("/environments/{environmentID}", "/environments/abc/users"))
}

func TestLoadIsFastAndOnce(t *testing.T) {
	Load(t)
	Load(t)
	require.Positive(t, LoadTime())
	t.Logf("specs loaded in %v", LoadTime())
}

func BenchmarkTransport(b *testing.B) {
	v := Load(b)
	canned := &cannedTransport{status: 200, ctype: "application/json", body: popBody(`"Staff"`)}
	tr := v.Transport(b, canned)
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, api+"/environments/"+envID+"/populations/"+popID, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}
