package pingonetest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoIsDeterministic(t *testing.T) {
	t.Parallel()
	_, again := buildState(true)
	require.Equal(t, Demo(), again)
	require.Equal(t, Demo(), New().Demo())
	copied := Demo()
	copied.SandboxMFADeviceIDs[0] = "changed"
	require.NotEqual(t, "changed", Demo().SandboxMFADeviceIDs[0], "Demo returns a copy")
	blank := New(WithoutDemoTenant()).Demo()
	require.Equal(t, Demo().OrganizationID, blank.OrganizationID)
	require.Empty(t, blank.SandboxEnvironmentID)
	for _, id := range []string{Demo().OrganizationID, Demo().LicenseID, Demo().AdminEnvironmentID, Demo().ProductionEnvironmentID,
		Demo().SandboxEnvironmentID, Demo().StagingEnvironmentID, Demo().WorkerClientID, Demo().SandboxUserID,
		Demo().SandboxArchivePopulationID, Demo().SandboxEmptyGroupID, Demo().SandboxSAMLAppID} {
		assert.Regexp(t, reUUID, id)
	}
	assert.NotEmpty(t, Demo().WorkerClientSecret)
	assert.GreaterOrEqual(t, Demo().SandboxUserCount, 50)
	assert.GreaterOrEqual(t, Demo().ProductionUserCount, 10)

	// two emulators hold the same data
	a, b := newClient(t), newClient(t)
	ra := a.get(env(Demo().SandboxEnvironmentID, "users") + "?limit=5")
	rb := b.get(env(Demo().SandboxEnvironmentID, "users") + "?limit=5")
	for i := range ra.items("users") {
		assert.Equal(t, ra.items("users")[i]["id"], rb.items("users")[i]["id"])
	}

	// the blank slate keeps the organisation and license IDs
	e := newClient(t, WithoutDemoTenant())
	r := e.get("/environments")
	assert.Equal(t, float64(0), r.Body["count"])
	assert.Equal(t, http.StatusOK, e.get("/organizations/"+Demo().OrganizationID+"/licenses/"+Demo().LicenseID).Status)
}

func TestDemoTenantShape(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	envs := c.get("/environments").items("environments")
	require.Len(t, envs, 4)
	types := map[string]string{}
	for _, e := range envs {
		types[str(e, "name")] = str(e, "type")
	}
	assert.Equal(t, map[string]string{"Administrators": "SANDBOX", "Production": "PRODUCTION", "Sandbox": "SANDBOX", "Staging": "SANDBOX"}, types)

	sb := Demo().SandboxEnvironmentID
	assert.Equal(t, float64(0), c.get(env(sb, "populations", Demo().SandboxArchivePopulationID)).Body["userCount"])
	assert.Equal(t, float64(0), c.get(env(sb, "groups", Demo().SandboxEmptyGroupID)).Body["directMemberCounts"].(map[string]any)["users"])
	assert.Equal(t, false, c.get(env(sb, "users", Demo().SandboxDisabledUserID)).Body["enabled"])
	assert.Equal(t, "LOCKED", c.get(env(sb, "users", Demo().SandboxLockedUserID)).str("account.status"))
	assert.Equal(t, "VERIFICATION_REQUIRED", c.get(env(sb, "users", Demo().SandboxVerificationRequiredUserID)).str("lifecycle.status"))
	for id, want := range map[string]string{Demo().SandboxWebAppID: "WEB_APP", Demo().SandboxSPAAppID: "SINGLE_PAGE_APP", Demo().SandboxWorkerAppID: "WORKER", Demo().SandboxSAMLAppID: "WEB_APP"} {
		assert.Equal(t, want, c.get(env(sb, "applications", id)).str("type"))
	}
	apps := c.get(env(Demo().ProductionEnvironmentID, "applications")).items("applications")
	assert.Len(t, apps, 4)
	for _, id := range []string{Demo().AdminEnvironmentID, Demo().ProductionEnvironmentID, Demo().SandboxEnvironmentID, Demo().StagingEnvironmentID} {
		r := c.get(env(id, "populations") + "?filter=" + q(`name eq "Default"`))
		require.Len(t, r.items("populations"), 1)
		assert.Equal(t, true, r.items("populations")[0]["default"])
		assert.NotEmpty(t, c.get(env(id, "billOfMaterials")).Body["products"])
	}
}

func TestManagementAPIRequiresToken(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var offset atomic.Int64
	clock := func() time.Time { return now.Add(time.Duration(offset.Load())) }
	c := newClient(t, WithClock(clock))
	short := c.s.IssueToken(time.Minute)

	tests := []struct {
		name   string
		header string
		want   int
	}{
		{"valid", "Bearer " + c.tok, http.StatusOK},
		{"scheme is case-insensitive", "bearer " + c.tok, http.StatusOK},
		{"missing", "", http.StatusUnauthorized},
		{"basic scheme", "Basic dXNlcjpwYXNz", http.StatusUnauthorized},
		{"unknown token", "Bearer not-a-token", http.StatusUnauthorized},
		{"empty bearer", "Bearer ", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, c.s.APIURL()+"/environments", nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			hr, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer hr.Body.Close()
			require.Equal(t, tt.want, hr.StatusCode)
		})
	}

	anon := &client{t: t, s: c.s}
	r := anon.get("/environments")
	require.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, "ACCESS_FAILED", r.str("code"))
	assert.Equal(t, []string{"INVALID_TOKEN"}, r.detailCodes())
	assert.Regexp(t, reUUID, r.str("id"))

	// expiry follows the clock
	sc := &client{t: t, s: c.s, tok: short}
	require.Equal(t, http.StatusOK, sc.get("/environments").Status)
	offset.Store(int64(2 * time.Minute))
	require.Equal(t, http.StatusUnauthorized, sc.get("/environments").Status)
	require.Equal(t, http.StatusOK, c.get("/environments").Status)
}

func TestTokenEndpoint(t *testing.T) {
	t.Parallel()
	s := NewTestServer(t)
	cc := url.Values{"grant_type": {"client_credentials"}}
	post := url.Values{"grant_type": {"client_credentials"}, "client_id": {Demo().WorkerClientID}, "client_secret": {Demo().WorkerClientSecret}}
	tests := []struct {
		name       string
		envID      string
		form       url.Values
		id, secret string
		wantStatus int
		wantErr    string
	}{
		{"basic", Demo().AdminEnvironmentID, cc, Demo().WorkerClientID, Demo().WorkerClientSecret, 200, ""},
		{"post", Demo().AdminEnvironmentID, post, "", "", 200, ""},
		{"scope echoed", Demo().AdminEnvironmentID, url.Values{"grant_type": {"client_credentials"}, "scope": {"p1:read:user"}}, Demo().WorkerClientID, Demo().WorkerClientSecret, 200, ""},
		{"other env's worker", Demo().SandboxEnvironmentID, cc, Demo().SandboxWorkerAppID, Demo().SandboxWorkerClientSecret, 200, ""},
		{"wrong secret", Demo().AdminEnvironmentID, cc, Demo().WorkerClientID, "nope", 401, "invalid_client"},
		{"unknown client", Demo().AdminEnvironmentID, cc, "f0f0f0f0-0000-4000-8000-000000000000", "x", 401, "invalid_client"},
		{"no client", Demo().AdminEnvironmentID, cc, "", "", 401, "invalid_client"},
		{"client in wrong env", Demo().SandboxEnvironmentID, cc, Demo().WorkerClientID, Demo().WorkerClientSecret, 401, "invalid_client"},
		{"unknown env", "00000000-0000-4000-8000-000000000000", cc, Demo().WorkerClientID, Demo().WorkerClientSecret, 401, "invalid_client"},
		{"public client", Demo().SandboxEnvironmentID, cc, Demo().SandboxSPAAppID, "x", 401, "invalid_client"},
		{"grant not allowed", Demo().SandboxEnvironmentID, cc, Demo().SandboxWebAppID, "", 401, "invalid_client"},
		{"missing grant_type", Demo().AdminEnvironmentID, url.Values{}, Demo().WorkerClientID, Demo().WorkerClientSecret, 400, "invalid_request"},
		{"unsupported grant", Demo().AdminEnvironmentID, url.Values{"grant_type": {"password"}}, Demo().WorkerClientID, Demo().WorkerClientSecret, 400, "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := token(t, s, tt.envID, tt.form, tt.id, tt.secret)
			require.Equal(t, tt.wantStatus, status, "%v", body)
			if tt.wantErr != "" {
				assert.Equal(t, tt.wantErr, body["error"])
				assert.NotEmpty(t, body["error_description"])
				return
			}
			assert.Equal(t, "Bearer", body["token_type"])
			assert.Equal(t, float64(3600), body["expires_in"])
			assert.Equal(t, tt.form.Get("scope"), body["scope"])
			c := &client{t: t, s: s, tok: body["access_token"].(string)}
			assert.Equal(t, http.StatusOK, c.get("/environments").Status)
		})
	}

	t.Run("unauthorized_client", func(t *testing.T) {
		t.Parallel()
		c := &client{t: t, s: s, tok: s.IssueToken(time.Hour)}
		secret := c.get(env(Demo().SandboxEnvironmentID, "applications", Demo().SandboxWebAppID, "secret")).str("secret")
		status, body := token(t, s, Demo().SandboxEnvironmentID, cc, Demo().SandboxWebAppID, secret)
		require.Equal(t, http.StatusBadRequest, status)
		assert.Equal(t, "unauthorized_client", body["error"])
	})

	t.Run("wrong content type and method", func(t *testing.T) {
		t.Parallel()
		u := s.TokenURL(Demo().AdminEnvironmentID)
		hr, err := http.Post(u, "application/json", strings.NewReader(`{"grant_type":"client_credentials"}`))
		require.NoError(t, err)
		hr.Body.Close()
		assert.Equal(t, http.StatusBadRequest, hr.StatusCode)
		hr, err = http.Get(u)
		require.NoError(t, err)
		hr.Body.Close()
		assert.Equal(t, http.StatusMethodNotAllowed, hr.StatusCode)
		hr, err = http.Get(s.AuthURL() + "/" + Demo().AdminEnvironmentID + "/as/unknown")
		require.NoError(t, err)
		hr.Body.Close()
		assert.Equal(t, http.StatusNotFound, hr.StatusCode)
	})
}

func TestRoutingAndErrorBodies(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	missing := "6b0f6a53-0000-4000-8000-000000000000"
	tests := []struct {
		name, method, path string
		body               any
		ct                 string
		status             int
		code               string
		detail             string
		msgContains        string
	}{
		{"unknown route", "GET", "/nothing/here", nil, "", 404, "NOT_FOUND", "", ""},
		{"unknown sub-resource", "GET", env(sb, "widgets"), nil, "", 404, "NOT_FOUND", "", ""},
		{"unknown environment", "GET", env(missing, "users"), nil, "", 404, "NOT_FOUND", "", "Unable to find environment with id " + missing},
		{"unknown user", "GET", env(sb, "users", missing), nil, "", 404, "NOT_FOUND", "", "Unable to find user with id " + missing},
		{"method not allowed", "PATCH", "/environments", map[string]any{}, "", 405, "METHOD_NOT_ALLOWED", "", ""},
		{"malformed JSON", "POST", env(sb, "groups"), `{"name": `, "", 400, "INVALID_DATA", "INVALID_VALUE", ""},
		{"JSON array body", "POST", env(sb, "groups"), `[]`, "", 400, "INVALID_DATA", "INVALID_VALUE", ""},
		{"empty body", "POST", env(sb, "groups"), ``, "", 400, "INVALID_DATA", "REQUIRED_VALUE", ""},
		{"wrong content type", "POST", env(sb, "groups"), `name=x`, "application/x-www-form-urlencoded", 415, "INVALID_REQUEST", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := c.with(t)
			var r resp
			if tt.ct != "" {
				r = c.do(tt.method, tt.path, tt.body, tt.ct)
			} else {
				r = c.do(tt.method, tt.path, tt.body)
			}
			require.Equal(t, tt.status, r.Status, string(r.Raw))
			assert.Equal(t, tt.code, r.str("code"))
			assert.Regexp(t, reUUID, r.str("id"))
			assert.NotEmpty(t, r.str("message"))
			if tt.detail != "" {
				assert.Contains(t, r.detailCodes(), tt.detail)
			}
			if tt.msgContains != "" {
				assert.Contains(t, r.str("message"), tt.msgContains)
			}
		})
	}
	r := c.do("PATCH", "/environments", map[string]any{})
	assert.ElementsMatch(t, []string{"GET", "POST"}, r.Header.Values("Allow"))
}

func TestSelfLinksUseRequestHost(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	r := c.get(env(Demo().SandboxEnvironmentID, "users", Demo().SandboxUserID))
	assert.Equal(t, c.s.APIURL()+env(Demo().SandboxEnvironmentID, "users", Demo().SandboxUserID), r.str("_links.self.href"))

	req, _ := http.NewRequest("GET", c.s.APIURL()+"/environments/"+Demo().SandboxEnvironmentID, nil)
	req.Host = "api.pingone.test"
	req.Header.Set("Authorization", "Bearer "+c.tok)
	req.Header.Set("X-Forwarded-Proto", "https")
	hr, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer hr.Body.Close()
	var body map[string]any
	require.NoError(t, jsonDecode(hr, &body))
	assert.Equal(t, "https://api.pingone.test/v1/environments/"+Demo().SandboxEnvironmentID, str(body, "_links.self.href"))
}

func TestRecorder(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	c.s.ResetRequests()
	c.do("POST", env(Demo().SandboxEnvironmentID, "groups"), map[string]any{"name": "Recorded"})
	token(t, c.s, Demo().AdminEnvironmentID, url.Values{"grant_type": {"client_credentials"}, "client_id": {Demo().WorkerClientID}, "client_secret": {Demo().WorkerClientSecret}}, "", "")
	reqs := c.s.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.Equal(t, "/v1"+env(Demo().SandboxEnvironmentID, "groups"), reqs[0].Path)
	assert.Equal(t, "application/json", reqs[0].ContentType)
	assert.Equal(t, "REDACTED", reqs[0].Header.Get("Authorization"))
	assert.JSONEq(t, `{"name":"Recorded"}`, string(reqs[0].Body))
	assert.Equal(t, http.StatusCreated, reqs[0].Status)
	assert.Contains(t, string(reqs[1].Body), "client_secret=REDACTED")
	assert.NotContains(t, string(reqs[1].Body), Demo().WorkerClientSecret)
	assert.Equal(t, http.StatusOK, reqs[1].Status)

	reqs[0].Header.Set("X-Mutated", "1") // copies: the recorder is unaffected
	assert.Empty(t, c.s.Requests()[0].Header.Get("X-Mutated"))

	c.get("/environments?limit=1")
	assert.Equal(t, "limit=1", c.s.Requests()[2].RawQuery)
	c.s.ResetRequests()
	assert.Empty(t, c.s.Requests())
}

func TestFaults(t *testing.T) {
	t.Parallel()
	users := "/v1" + env(Demo().SandboxEnvironmentID, "users")

	t.Run("429 with Retry-After, then recovers", func(t *testing.T) {
		t.Parallel()
		c := newClient(t)
		c.s.InjectFault(Fault{PathPrefix: users, Status: 429, RetryAfter: "2", Times: 2})
		for range 2 {
			r := c.get(env(Demo().SandboxEnvironmentID, "users"))
			require.Equal(t, http.StatusTooManyRequests, r.Status)
			assert.Equal(t, "2", r.Header.Get("Retry-After"))
			assert.Equal(t, "REQUEST_LIMITED", r.str("code"))
			assert.Equal(t, []string{"LIMIT_EXCEEDED"}, r.detailCodes())
		}
		assert.Equal(t, http.StatusOK, c.get(env(Demo().SandboxEnvironmentID, "users")).Status)
		assert.Equal(t, http.StatusOK, c.get("/environments").Status, "other paths are untouched")
	})

	t.Run("500 until cleared, method filter", func(t *testing.T) {
		t.Parallel()
		c := newClient(t)
		c.s.InjectFault(Fault{Method: "POST", PathPrefix: users, Status: 500})
		assert.Equal(t, http.StatusOK, c.get(env(Demo().SandboxEnvironmentID, "users")).Status)
		for range 3 {
			r := c.do("POST", env(Demo().SandboxEnvironmentID, "users"), map[string]any{"username": "x", "email": "x@example.com"})
			require.Equal(t, http.StatusInternalServerError, r.Status)
			assert.Equal(t, "UNEXPECTED_ERROR", r.str("code"))
		}
		c.s.ClearFaults()
		r := c.do("POST", env(Demo().SandboxEnvironmentID, "users"), map[string]any{"username": "x", "email": "x@example.com"})
		assert.Equal(t, http.StatusCreated, r.Status)
	})

	t.Run("503 and custom code", func(t *testing.T) {
		t.Parallel()
		c := newClient(t)
		c.s.InjectFault(Fault{PathPrefix: "/v1/environments", Status: 403, Code: "ACCESS_FAILED", Times: 1})
		r := c.get("/environments")
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, []string{"INSUFFICIENT_PERMISSIONS"}, r.detailCodes())
	})

	t.Run("dropped connection", func(t *testing.T) {
		t.Parallel()
		s := NewTestServer(t)
		s.InjectFault(Fault{PathPrefix: "/v1/", DropConnection: true, Times: 1})
		req, _ := http.NewRequest("GET", s.APIURL()+"/environments", nil)
		req.Header.Set("Authorization", "Bearer "+s.IssueToken(time.Hour))
		_, err := http.DefaultClient.Do(req)
		require.Error(t, err)
		reqs := s.Requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, 0, reqs[0].Status)
		hr, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		hr.Body.Close()
		assert.Equal(t, http.StatusOK, hr.StatusCode)
	})

	t.Run("latency only", func(t *testing.T) {
		t.Parallel()
		c := newClient(t)
		c.s.InjectFault(Fault{PathPrefix: "/v1/environments", Latency: 50 * time.Millisecond, Times: 1})
		start := time.Now()
		r := c.get("/environments")
		assert.Equal(t, http.StatusOK, r.Status)
		assert.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond)
	})

	t.Run("token endpoint", func(t *testing.T) {
		t.Parallel()
		s := NewTestServer(t)
		s.InjectFault(Fault{PathPrefix: "/" + Demo().AdminEnvironmentID + "/as/token", Status: 503, RetryAfter: "1", Times: 1})
		status, body := token(t, s, Demo().AdminEnvironmentID, url.Values{"grant_type": {"client_credentials"}}, Demo().WorkerClientID, Demo().WorkerClientSecret)
		assert.Equal(t, 503, status)
		assert.Equal(t, "UNEXPECTED_ERROR", body["code"])
	})
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 10 {
				name := fmt.Sprintf("conc.%d.%d", w, i)
				r := c.do("POST", env(sb, "users"), map[string]any{"username": name, "email": name + "@example.com"})
				assert.Equal(t, http.StatusCreated, r.Status)
				assert.Equal(t, http.StatusOK, c.get(env(sb, "users")+"?limit=7&filter="+q(`username sw "conc."`)).Status)
				c.do("POST", env(sb, "users", r.str("id"), "memberOfGroups"), map[string]any{"id": Demo().SandboxHelpDeskGroupID})
				assert.Equal(t, http.StatusOK, c.get(env(sb, "groups", Demo().SandboxHelpDeskGroupID)).Status)
				c.s.Requests()
			}
		})
	}
	wg.Wait()
	r := c.get(env(sb, "users") + "?filter=" + q(`username sw "conc."`))
	assert.Equal(t, float64(80), r.Body["count"])
}

func TestAddUsers(t *testing.T) {
	t.Parallel()
	c := newClient(t, WithoutDemoTenant())
	r := c.do("POST", "/environments", map[string]any{"name": "Bulk", "region": "EU", "type": "SANDBOX", "license": map[string]any{"id": Demo().LicenseID}})
	require.Equal(t, http.StatusCreated, r.Status)
	envID := r.str("id")
	pop := c.get(env(envID, "populations")).items("populations")[0]["id"].(string)

	start := time.Now()
	require.NoError(t, c.s.AddUsers(envID, pop, 10000))
	t.Logf("AddUsers(10000) took %v", time.Since(start))
	require.NoError(t, c.s.AddUsers(envID, pop, 5))

	all, pages := c.walk(env(envID, "users")+"?limit=1000", "users")
	assert.Len(t, all, 10005)
	assert.Equal(t, 11, pages)
	seen := map[string]bool{}
	for _, u := range all {
		seen[u["username"].(string)] = true
	}
	assert.Len(t, seen, 10005)
	assert.Equal(t, float64(10005), c.get(env(envID, "populations", pop)).Body["userCount"])
	assert.Equal(t, float64(2001), c.get(env(envID, "users") + "?limit=1&filter=" + q("enabled eq false")).Body["count"])

	assert.Error(t, c.s.AddUsers("nope", pop, 1))
	assert.Error(t, c.s.AddUsers(envID, "nope", 1))
	assert.Error(t, c.s.AddUsers(envID, pop, -1))
}

func BenchmarkAddUsers(b *testing.B) {
	for b.Loop() {
		e := New()
		if err := e.AddUsers(Demo().SandboxEnvironmentID, Demo().SandboxEmployeesPopulationID, 10000); err != nil {
			b.Fatal(err)
		}
	}
}
