package pingonetest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// noReuse opens a connection per request, so that a dropped one is never
// taken up again.
var noReuse = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// faultClient sends raw requests to an emulator server with a token.
type faultClient struct {
	t     *testing.T
	srv   *pingonetest.Server
	token string
}

func newFaultClient(t *testing.T, opts ...pingonetest.Option) *faultClient {
	t.Helper()
	srv := pingonetest.NewTestServer(t, opts...)
	return &faultClient{t: t, srv: srv, token: srv.IssueToken(time.Hour)}
}

// do sends a request; err is set when the connection gave no answer.
func (c *faultClient) do(method, path string, body any) (*http.Response, error) {
	c.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.srv.APIURL()+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := noReuse.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return resp, err
}

// groupCount counts the groups of that name, read past any fault.
func (c *faultClient) groupCount(envID, name string) int {
	c.t.Helper()
	req, err := http.NewRequestWithContext(c.t.Context(), http.MethodGet,
		c.srv.APIURL()+"/environments/"+envID+"/groups?filter="+url.QueryEscape(`name eq "`+name+`"`), nil)
	require.NoError(c.t, err)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	require.Equal(c.t, http.StatusOK, resp.StatusCode)
	var page struct {
		Embedded struct {
			Groups []json.RawMessage `json:"groups"`
		} `json:"_embedded"`
	}
	require.NoError(c.t, json.NewDecoder(resp.Body).Decode(&page))
	return len(page.Embedded.Groups)
}

func TestApplyThenLoseAppliesTheWrite(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		fault  pingonetest.Fault
		status int
		kind   pingonetest.FaultKind
	}{
		{"dropped", pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, DropConnection: true, Times: 1}, 0, pingonetest.FaultApplyThenDrop},
		{"504", pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, Status: http.StatusGatewayTimeout, Times: 1}, http.StatusGatewayTimeout, pingonetest.FaultApplyThenError},
		{"502 by default", pingonetest.Fault{Method: http.MethodPost, ApplyFirst: true, Times: 1}, http.StatusBadGateway, pingonetest.FaultApplyThenError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newFaultClient(t)
			env := c.srv.Demo().SandboxEnvironmentID
			c.srv.InjectFault(tc.fault)
			resp, err := c.do(http.MethodPost, "/environments/"+env+"/groups", map[string]any{"name": "Lost Answer"})
			if tc.status == 0 {
				require.Error(t, err, "the connection is closed without an answer")
			} else {
				require.NoError(t, err)
				assert.Equal(t, tc.status, resp.StatusCode)
			}
			assert.Equal(t, 1, c.groupCount(env, "Lost Answer"), "the write was applied")
			reqs := c.srv.Requests()
			post := reqs[len(reqs)-2]
			assert.Equal(t, http.MethodPost, post.Method)
			assert.Equal(t, tc.status, post.Status, "what the client got")
			assert.Equal(t, http.StatusCreated, post.Served, "what the emulator did")
			assert.Equal(t, tc.kind, post.Fault)
		})
	}
}

func TestFaultsBeforeServingApplyNothing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault pingonetest.Fault
		kind  pingonetest.FaultKind
	}{
		{"dropped", pingonetest.Fault{Method: http.MethodPost, DropConnection: true, Times: 1}, pingonetest.FaultDrop},
		{"503", pingonetest.Fault{Method: http.MethodPost, Status: http.StatusServiceUnavailable, Times: 1}, pingonetest.FaultServerError},
		{"429", pingonetest.Fault{Method: http.MethodPost, Status: http.StatusTooManyRequests, RetryAfter: "2", Times: 1}, pingonetest.FaultRateLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newFaultClient(t)
			env := c.srv.Demo().SandboxEnvironmentID
			c.srv.InjectFault(tc.fault)
			resp, err := c.do(http.MethodPost, "/environments/"+env+"/groups", map[string]any{"name": "Never Made"})
			if tc.kind == pingonetest.FaultDrop {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tc.fault.Status, resp.StatusCode)
				if tc.kind == pingonetest.FaultRateLimit {
					assert.Equal(t, "2", resp.Header.Get("Retry-After"))
				}
			}
			assert.Zero(t, c.groupCount(env, "Never Made"))
			reqs := c.srv.Requests()
			assert.Zero(t, reqs[len(reqs)-2].Served)
			assert.Equal(t, tc.kind, reqs[len(reqs)-2].Fault)
		})
	}
}

// planRun sends n reads to an emulator with a plan and returns the kinds of
// fault each got.
func planRun(t *testing.T, plan pingonetest.FaultPlan, n int) ([]pingonetest.FaultKind, map[pingonetest.FaultKind]int) {
	t.Helper()
	c := newFaultClient(t, pingonetest.WithFaults(plan))
	env := c.srv.Demo().SandboxEnvironmentID
	for i := range n {
		// The limit numbers the request: a dropped one is recorded late.
		_, _ = c.do(http.MethodGet, "/environments/"+env+"/populations?limit="+strconv.Itoa(i+1), nil)
	}
	kinds := make([]pingonetest.FaultKind, n)
	for _, r := range c.srv.Requests() {
		q, err := url.ParseQuery(r.RawQuery)
		require.NoError(t, err)
		i, err := strconv.Atoi(q.Get("limit"))
		require.NoError(t, err)
		kinds[i-1] = r.Fault
	}
	return kinds, c.srv.FaultCounts()
}

func TestFaultPlanIsDeterministic(t *testing.T) {
	t.Parallel()
	plan := pingonetest.FaultPlan{Seed: 7, Rate: 0.3, Latency: time.Millisecond, RetryAfter: "0"}
	first, counts := planRun(t, plan, 120)
	again, _ := planRun(t, plan, 120)
	assert.Equal(t, first, again, "the same seed gives the same faults")
	plan.Seed = 8
	other, _ := planRun(t, plan, 120)
	assert.NotEqual(t, first, other, "another seed gives other faults")

	total := 0
	for _, k := range pingonetest.FaultKinds() {
		assert.Positive(t, counts[k], "every kind is drawn: %s", k)
		total += counts[k]
	}
	faulted := 0
	for _, k := range first {
		if k != "" {
			faulted++
		}
	}
	assert.Equal(t, faulted, total, "the counts are what the recorder saw")
	assert.InDelta(t, 0.3, float64(total)/120, 0.1, "about the rate asked for")
}

func TestFaultPlanLeavesTheAuthHostAlone(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t, pingonetest.WithFaults(pingonetest.FaultPlan{Seed: 1, Rate: 1}))
	d := srv.Demo()
	for range 20 {
		resp, err := http.PostForm(srv.TokenURL(d.AdminEnvironmentID), map[string][]string{
			"grant_type": {"client_credentials"}, "client_id": {d.WorkerClientID}, "client_secret": {d.WorkerClientSecret}})
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
	assert.Empty(t, srv.FaultCounts())
}
