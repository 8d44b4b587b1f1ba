package pingone_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

func TestNewClientBaseURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		opts      []pingone.Option
		wantAPI   string
		wantToken string
	}{
		{"default is NA", nil, "https://api.pingone.com/v1/", "https://auth.pingone.com/e/as/token"},
		{"region EU", []pingone.Option{pingone.WithRegion(pingone.RegionEU)}, "https://api.pingone.eu/v1/", "https://auth.pingone.eu/e/as/token"},
		{"region lower case", []pingone.Option{pingone.WithRegion("au")}, "https://api.pingone.com.au/v1/", "https://auth.pingone.com.au/e/as/token"},
		{"region SG", []pingone.Option{pingone.WithRegion(pingone.RegionSG)}, "https://api.pingone.sg/v1/", "https://auth.pingone.sg/e/as/token"},
		{"root domain trimmed", []pingone.Option{pingone.WithRootDomain(" .PingOne.CA ")}, "https://api.pingone.ca/v1/", "https://auth.pingone.ca/e/as/token"},
		{"root domain asia", []pingone.Option{pingone.WithRootDomain("pingone.asia")}, "https://api.pingone.asia/v1/", "https://auth.pingone.asia/e/as/token"},
		{"explicit base URLs", []pingone.Option{pingone.WithBaseURL("http://127.0.0.1:8080/v1"), pingone.WithAuthBaseURL("http://127.0.0.1:8080")},
			"http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/e/as/token"},
		{"base URL wins over region", []pingone.Option{pingone.WithRegion(pingone.RegionEU), pingone.WithBaseURL("https://proxy.example/v1/")},
			"https://proxy.example/v1/", "https://auth.pingone.eu/e/as/token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := pingone.NewClient(tc.opts...)
			require.NoError(t, err)
			assert.Equal(t, tc.wantAPI, c.BaseURL())
			assert.Equal(t, tc.wantToken, c.TokenURL("e"))
		})
	}
}

func TestNewClientBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opt     pingone.Option
		wantErr string
	}{
		{"unknown region", pingone.WithRegion("XX"), `unknown region "XX"`},
		{"unknown root domain", pingone.WithRootDomain("example.com"), `unknown root domain "example.com"`},
		{"base URL without scheme", pingone.WithBaseURL("api.pingone.com/v1"), "API base URL"},
		{"base URL other scheme", pingone.WithBaseURL("ftp://api.pingone.com/v1"), "not an absolute http(s) URL"},
		{"base URL unparsable", pingone.WithBaseURL("http://[::1"), "API base URL"},
		{"auth URL relative", pingone.WithAuthBaseURL("/auth"), "auth base URL"},
		{"nil HTTP client", pingone.WithHTTPClient(nil), "nil client"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := pingone.NewClient(tc.opt)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestRequestGoesToRegionHost(t *testing.T) {
	t.Parallel()
	c, f := newClient(t, pingone.WithRegion(pingone.RegionEU))
	f.onURL(http.MethodGet, "https://api.pingone.eu/v1/environments/e", ok(`{"id":"e","name":"Dev"}`))
	env, err := c.Environments.Get(t.Context(), "e")
	require.NoError(t, err)
	assert.Equal(t, "Dev", env.Name)
	assert.Equal(t, "api.pingone.eu", f.last().URL.Host)
}

func TestUserAgentAndAccept(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts []pingone.Option
		want string
	}{
		{"default", nil, pingone.DefaultUserAgent},
		{"custom first", []pingone.Option{pingone.WithUserAgent(" my-agent/1.0 ")}, "my-agent/1.0 p1kit/" + pingone.Version},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t, tc.opts...)
			f.on(http.MethodGet, "/environments/e", ok(`{}`))
			_, err := c.Environments.Get(t.Context(), "e")
			require.NoError(t, err)
			assert.Equal(t, tc.want, f.last().Header.Get("User-Agent"))
			assert.Equal(t, "application/json", f.last().Header.Get("Accept"))
		})
	}
}

func TestAuditHeaders(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 150)
	tests := []struct {
		name        string
		tx, session string
		wantTx      string
		wantSession string
	}{
		{"plain ids kept", "tx-1.a_b/c@d=e#f+g", "s-1", "tx-1.a_b/c@d=e#f+g", "s-1"},
		{"others become underscore", "tx 1;<x>\n", "séance", "tx_1__x__", "s_ance"},
		{"capped at 100", long, long, strings.Repeat("a", 100), strings.Repeat("a", 100)},
		{"empty sends none", "", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t)
			f.on(http.MethodGet, "/environments/e", ok(`{}`))
			ctx := pingone.WithSessionID(pingone.WithTransactionID(t.Context(), tc.tx), tc.session)
			assert.Equal(t, tc.wantTx, pingone.TransactionID(ctx))
			_, err := c.Environments.Get(ctx, "e")
			require.NoError(t, err)
			h := f.last().Header
			assert.Equal(t, tc.wantTx, h.Get("X-Ping-External-Transaction-ID"))
			assert.Equal(t, tc.wantSession, h.Get("X-Ping-External-Session-ID"))
			_, txSet := h["X-Ping-External-Transaction-Id"]
			assert.Equal(t, tc.wantTx != "", txSet)
		})
	}
}

type failingTokenSource struct{}

func (failingTokenSource) Token() (*oauth2.Token, error) { return nil, errors.New("invalid_client") }

func TestAuthorization(t *testing.T) {
	t.Parallel()
	t.Run("bearer from token source", func(t *testing.T) {
		t.Parallel()
		ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok-123", TokenType: "Bearer"})
		c, f := newClient(t, pingone.WithTokenSource(ts))
		f.on(http.MethodGet, "/environments/e", ok(`{}`))
		_, err := c.Environments.Get(t.Context(), "e")
		require.NoError(t, err)
		assert.Equal(t, "Bearer tok-123", f.last().Header.Get("Authorization"))
	})
	t.Run("none without token source", func(t *testing.T) {
		t.Parallel()
		c, f := newClient(t)
		f.on(http.MethodGet, "/environments/e", ok(`{}`))
		_, err := c.Environments.Get(t.Context(), "e")
		require.NoError(t, err)
		assert.Empty(t, f.last().Header.Get("Authorization"))
	})
	t.Run("token failure sends nothing", func(t *testing.T) {
		t.Parallel()
		c, f := newClient(t, pingone.WithTokenSource(failingTokenSource{}))
		f.on(http.MethodGet, "/environments/e", ok(`{}`))
		_, err := c.Environments.Get(t.Context(), "e")
		var aerr *pingone.AuthError
		require.ErrorAs(t, err, &aerr)
		assert.Contains(t, err.Error(), "invalid_client")
		assert.Zero(t, f.count())
	})
}

func TestErrorDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		reply       reply
		wantStatus  int
		wantCode    string
		wantText    string
		notFound    bool
		rateLimited bool
		invalidData bool
		check       func(t *testing.T, e *pingone.Error)
	}{
		{
			name: "invalid data with details",
			reply: reply{status: 400, body: `{"id":"err-1","code":"INVALID_DATA","message":"One or more request values are invalid.",
				"details":[{"code":"UNIQUENESS_VIOLATION","target":"username","message":"username must be unique","innerError":{"existingId":"u-9"}},
				{"code":"INVALID_VALUE","target":"type","message":"bad type","innerError":{"allowedValues":["A","B"]}}]}`},
			wantStatus: 400, wantCode: "INVALID_DATA", invalidData: true,
			wantText: "PingOne 400 INVALID_DATA on GET /v1/environments/env-1/users/u-1: One or more request values are invalid." +
				" [username: UNIQUENESS_VIOLATION: username must be unique] [type: INVALID_VALUE: bad type (allowed: [A B])] (error id err-1)",
			check: func(t *testing.T, e *pingone.Error) {
				require.Len(t, e.Details, 2)
				assert.Equal(t, "username", e.Details[0].Target)
				assert.Equal(t, "u-9", e.Details[0].InnerError["existingId"])
				assert.Equal(t, "err-1", e.ID)
				assert.Equal(t, http.MethodGet, e.Method)
				assert.Equal(t, "/v1/environments/env-1/users/u-1", e.Path)
			},
		},
		{
			name:       "not found",
			reply:      reply{status: 404, body: `{"id":"err-2","code":"NOT_FOUND","message":"Unable to find user"}`},
			wantStatus: 404, wantCode: "NOT_FOUND", notFound: true,
			wantText: "PingOne 404 NOT_FOUND on GET /v1/environments/env-1/users/u-1: Unable to find user (error id err-2)",
		},
		{
			name: "rate limited with retry after",
			reply: reply{status: 429, body: `{"id":"err-3","code":"REQUEST_LIMITED","message":"Too many requests"}`,
				header: map[string]string{"Retry-After": "7"}},
			wantStatus: 429, wantCode: "REQUEST_LIMITED", rateLimited: true,
			wantText: "PingOne 429 REQUEST_LIMITED on GET /v1/environments/env-1/users/u-1: Too many requests (retry after 7) (error id err-3)",
			check:    func(t *testing.T, e *pingone.Error) { assert.Equal(t, "7", e.RetryAfter) },
		},
		{
			name:       "non-JSON body",
			reply:      reply{status: 502, body: "<html>Bad Gateway</html>"},
			wantStatus: 502,
			wantText:   "PingOne 502 on GET /v1/environments/env-1/users/u-1: <html>Bad Gateway</html>",
		},
		{
			name:       "empty body",
			reply:      reply{status: 403},
			wantStatus: 403,
			wantText:   "PingOne 403 on GET /v1/environments/env-1/users/u-1: Forbidden",
		},
		{
			name:       "long body truncated",
			reply:      reply{status: 500, body: strings.Repeat("x", 500)},
			wantStatus: 500,
			wantText:   "PingOne 500 on GET /v1/environments/env-1/users/u-1: " + strings.Repeat("x", 200) + "…",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t)
			f.on(http.MethodGet, "/environments/env-1/users/u-1", tc.reply)
			u, err := c.Users.Get(t.Context(), envID, "u-1", nil)
			require.Error(t, err)
			assert.Nil(t, u)
			var perr *pingone.Error
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, tc.wantStatus, perr.StatusCode)
			assert.Equal(t, tc.wantCode, perr.Code)
			assert.Equal(t, tc.wantText, err.Error())
			assert.Equal(t, tc.notFound, pingone.IsNotFound(err))
			assert.Equal(t, tc.rateLimited, pingone.IsRateLimited(err))
			assert.Equal(t, tc.invalidData, pingone.IsInvalidData(err))
			if tc.check != nil {
				tc.check(t, perr)
			}
		})
	}
}

func TestErrorHelpersOnOtherErrors(t *testing.T) {
	t.Parallel()
	err := errors.New("plain")
	assert.False(t, pingone.IsNotFound(err))
	assert.False(t, pingone.IsRateLimited(err))
	assert.False(t, pingone.IsInvalidData(err))
	assert.False(t, pingone.IsUnauthorized(nil))
	wrapped := fmt.Errorf("listing users: %w", &pingone.Error{StatusCode: 401})
	assert.True(t, pingone.IsUnauthorized(wrapped))
	assert.True(t, pingone.IsNotFound(fmt.Errorf("x: %w", &pingone.Error{StatusCode: 404})))
}

// fastRetries retries quickly so tests stay fast.
var fastRetries = pingone.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}

func TestRetries(t *testing.T) {
	t.Parallel()
	unavailable := reply{status: 503, body: `{"code":"SERVICE_UNAVAILABLE","message":"try later"}`}
	limited := reply{status: 429, body: `{"code":"REQUEST_LIMITED","message":"slow down"}`, header: map[string]string{"Retry-After": "0"}}
	internal := reply{status: 500, body: `{"code":"UNEXPECTED_ERROR","message":"oops"}`}
	dropped := reply{err: errors.New("connection reset by peer")}
	tests := []struct {
		name       string
		method     string
		replies    []reply
		policy     pingone.RetryPolicy
		wantCalls  int
		wantStatus int // 0: success
		wantNetErr bool
	}{
		{"GET retried on 503", http.MethodGet, []reply{unavailable, unavailable, ok(`{}`)}, fastRetries, 3, 0, false},
		{"GET retried on 429", http.MethodGet, []reply{limited, ok(`{}`)}, fastRetries, 2, 0, false},
		{"GET retried on 500", http.MethodGet, []reply{internal, ok(`{}`)}, fastRetries, 2, 0, false},
		{"GET not retried on 400", http.MethodGet, []reply{{status: 400, body: `{"code":"INVALID_DATA","message":"x"}`}, ok(`{}`)}, fastRetries, 1, 400, false},
		{"GET stops at MaxAttempts", http.MethodGet, []reply{unavailable}, pingone.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}, 3, 503, false},
		{"MaxAttempts 1 disables retries", http.MethodGet, []reply{unavailable, ok(`{}`)}, pingone.RetryPolicy{MaxAttempts: 1}, 1, 503, false},
		{"GET retried on dropped connection", http.MethodGet, []reply{dropped, ok(`{}`)}, fastRetries, 2, 0, false},
		{"GET dropped every time", http.MethodGet, []reply{dropped}, pingone.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}, 2, 0, true},
		{"POST retried on 429", http.MethodPost, []reply{limited, created(`{}`)}, fastRetries, 2, 0, false},
		{"POST not retried on 500", http.MethodPost, []reply{internal, created(`{}`)}, fastRetries, 1, 500, false},
		{"POST not retried on 503", http.MethodPost, []reply{unavailable, created(`{}`)}, fastRetries, 1, 503, false},
		{"POST not retried on dropped connection", http.MethodPost, []reply{dropped, created(`{}`)}, fastRetries, 1, 0, true},
		{"PATCH not retried on 502", http.MethodPatch, []reply{{status: 502}, ok(`{}`)}, fastRetries, 1, 502, false},
		{"PUT retried on 503", http.MethodPut, []reply{unavailable, ok(`{}`)}, fastRetries, 2, 0, false},
		{"DELETE retried on 503", http.MethodDelete, []reply{unavailable, noContent()}, fastRetries, 2, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t, pingone.WithRetryPolicy(tc.policy))
			var err error
			switch tc.method {
			case http.MethodGet:
				f.on(tc.method, "/environments/env-1/groups/g-1", tc.replies...)
				_, err = c.Groups.Get(t.Context(), envID, "g-1", nil)
			case http.MethodPost:
				f.on(tc.method, "/environments/env-1/groups", tc.replies...)
				_, err = c.Groups.Create(t.Context(), envID, &pingone.Group{Name: "G"})
			case http.MethodPatch:
				f.on(tc.method, "/environments/env-1/users/u-1", tc.replies...)
				_, err = c.Users.Update(t.Context(), envID, "u-1", &pingone.User{Nickname: "n"})
			case http.MethodPut:
				f.on(tc.method, "/environments/env-1/groups/g-1", tc.replies...)
				_, err = c.Groups.Update(t.Context(), envID, "g-1", &pingone.Group{Name: "G"})
			case http.MethodDelete:
				f.on(tc.method, "/environments/env-1/groups/g-1", tc.replies...)
				err = c.Groups.Delete(t.Context(), envID, "g-1")
			}
			assert.Equal(t, tc.wantCalls, f.count())
			switch {
			case tc.wantNetErr:
				var nerr *pingone.NetworkError
				require.ErrorAs(t, err, &nerr)
				assert.Contains(t, err.Error(), "connection reset by peer")
			case tc.wantStatus != 0:
				assert.Equal(t, tc.wantStatus, errorStatus(err), "err: %v", err)
			default:
				require.NoError(t, err)
			}
			// Every attempt of a write carries the same body.
			for _, cl := range f.all() {
				assert.Equal(t, f.all()[0].Body, cl.Body)
			}
		})
	}
}

// A policy whose own backoff would outlast the test deadline: the retry only
// happens in time if the Retry-After header is what the client waits for.
func TestRetryHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	slow := pingone.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Hour, MaxDelay: time.Hour}
	tests := []struct {
		name, retryAfter string
		status           int
	}{
		{"429 seconds", "0", 429},
		{"503 seconds", "0", 503},
		{"429 HTTP date in the past", "Mon, 01 Jan 2001 00:00:00 GMT", 429},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t, pingone.WithRetryPolicy(slow))
			f.on(http.MethodGet, "/environments/e", reply{status: tc.status, header: map[string]string{"Retry-After": tc.retryAfter}}, ok(`{"id":"e"}`))
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			env, err := c.Environments.Get(ctx, "e")
			require.NoError(t, err)
			assert.Equal(t, "e", env.ID)
			assert.Equal(t, 2, f.count())
		})
	}
}

func TestRetryStopsOnContextCancel(t *testing.T) {
	t.Parallel()
	c, f := newClient(t, pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	f.mt.RegisterResponder(http.MethodGet, apiBase+"/environments/e", func(req *http.Request) (*http.Response, error) {
		f.record(req)
		cancel() // the caller gives up while the client waits to retry
		return httpmock.NewStringResponse(503, ""), nil
	})
	_, err := c.Environments.Get(ctx, "e")
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, f.count())
}

func TestNextLinkGuard(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, next string }{
		{"other host", "https://evil.example.com/v1/environments/env-1/populations/page2"},
		{"other scheme", "http://api.pingone.com/v1/environments/env-1/populations/page2"},
		{"outside the base path", "https://api.pingone.com/v2/environments/env-1/populations/page2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok"})
			c, f := newClient(t, pingone.WithTokenSource(ts))
			f.on(http.MethodGet, "/environments/env-1/populations",
				ok(`{"_embedded":{"populations":[{"id":"p1","name":"A"}]},"_links":{"next":{"href":"`+tc.next+`"}}}`))
			f.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				f.record(req)
				return httpmock.NewStringResponse(200, `{}`), nil
			})
			page, err := c.Populations.List(t.Context(), envID, nil)
			require.NoError(t, err)
			require.Equal(t, tc.next, page.NextCursor, "a next link without a cursor parameter is the cursor")

			_, err = c.Populations.List(t.Context(), envID, &pingone.ListOptions{Cursor: page.NextCursor})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "refusing to follow link")

			var ids []string
			var iterErr error
			for p, err := range c.Populations.All(t.Context(), envID, nil) {
				if err != nil {
					iterErr = err
					break
				}
				ids = append(ids, p.ID)
			}
			assert.Equal(t, []string{"p1"}, ids)
			require.Error(t, iterErr)
			assert.Contains(t, iterErr.Error(), "refusing to follow link")
			assert.Equal(t, 2, f.count(), "only the two first pages went out, both to the API")
			for _, cl := range f.all() {
				assert.Equal(t, "api.pingone.com", cl.URL.Host)
			}
		})
	}
}

func TestNextLinkOnAPIHostFollowed(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodGet, "/environments/env-1/populations",
		ok(`{"_embedded":{"populations":[{"id":"p1"}]},"_links":{"next":{"href":"`+apiBase+`/environments/env-1/populations/more?x=1"}}}`))
	f.on(http.MethodGet, "/environments/env-1/populations/more", ok(`{"_embedded":{"populations":[{"id":"p2"}]}}`))
	var ids []string
	for p, err := range c.Populations.All(t.Context(), envID, nil) {
		require.NoError(t, err)
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"p1", "p2"}, ids)
	assert.Equal(t, "x=1", f.last().URL.RawQuery)
}

func TestBadIDsRejectedBeforeRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		do   func(ctx context.Context, c *pingone.Client) error
	}{
		{"empty environment", func(ctx context.Context, c *pingone.Client) error {
			_, err := c.Populations.Get(ctx, "", "p")
			return err
		}},
		{"empty id", func(ctx context.Context, c *pingone.Client) error { _, err := c.Environments.Get(ctx, ""); return err }},
		{"dot dot", func(ctx context.Context, c *pingone.Client) error {
			_, err := c.Users.Get(ctx, envID, "..", nil)
			return err
		}},
		{"dot", func(ctx context.Context, c *pingone.Client) error { return c.Groups.Delete(ctx, envID, ".") }},
		{"dot dot environment", func(ctx context.Context, c *pingone.Client) error {
			_, err := c.Applications.List(ctx, "..", nil)
			return err
		}},
		{"empty group to add", func(ctx context.Context, c *pingone.Client) error {
			_, err := c.Users.AddToGroup(ctx, envID, "u", "")
			return err
		}},
		{"empty population to set", func(ctx context.Context, c *pingone.Client) error {
			return c.Users.SetPopulation(ctx, envID, "u", "")
		}},
		{"empty group to remove", func(ctx context.Context, c *pingone.Client) error {
			return c.Users.RemoveFromGroup(ctx, envID, "u", "")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t)
			f.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				f.record(req)
				return httpmock.NewStringResponse(200, `{}`), nil
			})
			err := tc.do(t.Context(), c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "empty")
			assert.Zero(t, f.count())
		})
	}
}

func TestIDsAreEscaped(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		f.record(req)
		return httpmock.NewStringResponse(200, `{}`), nil
	})
	_, err := c.Users.Get(t.Context(), envID, "a/../b?x=1", nil)
	require.NoError(t, err)
	assert.Equal(t, "/v1/environments/env-1/users/a%2F..%2Fb%3Fx=1", f.last().URL.EscapedPath())
	assert.Empty(t, f.last().URL.RawQuery)
}

func TestDebugLogHasNoSecrets(t *testing.T) {
	t.Parallel()
	const token = "eyJ-super-secret-token"
	const password = "Tr0ub4dor&3-secret"
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})
	c, f := newClient(t, pingone.WithTokenSource(ts), pingone.WithLogger(logger), pingone.WithRetryPolicy(fastRetries))
	f.on(http.MethodPost, "/environments/env-1/users",
		reply{status: 429, header: map[string]string{"Retry-After": "0"}}, created(`{"id":"u-1","username":"jdoe"}`))
	f.on(http.MethodPut, "/environments/env-1/users/u-1/password",
		reply{status: 503}, ok(`{"status":"OK"}`))
	f.on(http.MethodGet, "/environments/env-1/users", reply{err: errors.New("connection refused")}, ok(`{}`))

	ctx := pingone.WithTransactionID(t.Context(), "tx-42")
	u, err := c.Users.Create(ctx, envID, &pingone.User{Username: "jdoe", Email: "j@example.com",
		Password: &pingone.UserPassword{Value: password, ForceChange: true}})
	require.NoError(t, err)
	require.NoError(t, c.Users.SetPassword(ctx, envID, u.ID, password, false))
	_, err = c.Users.List(ctx, envID, &pingone.ListOptions{Filter: `email eq "j@example.com"`})
	require.NoError(t, err)
	require.Equal(t, 6, f.count())
	assert.Contains(t, string(f.all()[0].Body), password, "the password did go in the body")

	logs := buf.String()
	assert.Contains(t, logs, "pingone request")
	assert.Contains(t, logs, "pingone retry")
	assert.Contains(t, logs, "tx-42")
	assert.NotContains(t, logs, token)
	assert.NotContains(t, logs, password)
	assert.NotContains(t, logs, "Bearer")
	assert.NotContains(t, logs, "j@example.com", "query strings (filters) are not logged")
}

func TestSecretsRedactedInFormatting(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-value"
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	pw := pingone.UserPassword{Value: secret}
	sec := pingone.ApplicationSecret{Secret: secret}
	logger.Info("x", "password", pw, "secret", sec)
	out := buf.String() + " " + fmtAll(pw, &pw, sec, &sec)
	assert.NotContains(t, out, secret)
	assert.Contains(t, out, "REDACTED")
}

func fmtAll(vs ...any) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%v %+v %s\n", v, v, v)
	}
	return b.String()
}
