package auth_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// vars is an environment for Resolve: no test sets process variables.
type vars map[string]string

func (v vars) get(k string) string { return v[k] }

// TestResolvePrecedence covers every branch of the grant choice and of the
// per-grant client id and scopes.
func TestResolvePrecedence(t *testing.T) {
	t.Parallel()
	profile := &auth.Profile{ClientID: "profile-client", Scopes: []string{"openid", "p1:read"}}
	cases := []struct {
		name   string
		opts   auth.SignInOptions
		env    vars
		grant  auth.GrantType
		client string
		scopes []string
	}{
		{name: "nothing", grant: ""},
		{name: "nothing but an empty profile", opts: auth.SignInOptions{Profile: &auth.Profile{}}, grant: ""},

		// 1. worker client id or secret
		{name: "worker client id given", opts: auth.SignInOptions{ClientID: " worker "},
			grant: auth.GrantClientCredentials, client: "worker"},
		{name: "worker client id from the environment", env: vars{auth.EnvClientID: "worker"},
			grant: auth.GrantClientCredentials, client: "worker"},
		{name: "a secret alone: the profile's client", opts: auth.SignInOptions{ClientSecret: "s3cret", Profile: profile},
			grant: auth.GrantClientCredentials, client: "profile-client"},
		{name: "a secret from the environment", env: vars{auth.EnvClientSecret: "s3cret"},
			grant: auth.GrantClientCredentials, client: ""},
		{name: "worker wins over everything else",
			env:   vars{auth.EnvClientID: "worker", auth.EnvAccessToken: "tok", auth.EnvAuthorizationCodeClientID: "ac", auth.EnvDeviceCodeClientID: "dc"},
			opts:  auth.SignInOptions{Profile: &auth.Profile{GrantType: "device_code", ClientID: "profile-client"}},
			grant: auth.GrantClientCredentials, client: "worker"},
		{name: "client credentials ask for no scopes",
			opts:  auth.SignInOptions{ClientID: "worker", Profile: profile},
			env:   vars{auth.EnvAuthorizationCodeScopes: "openid"},
			grant: auth.GrantClientCredentials, client: "worker"},

		// 2. static token
		{name: "static token", env: vars{auth.EnvAccessToken: " tok "}, grant: auth.GrantStatic},
		{name: "static token wins over the user grants",
			env:   vars{auth.EnvAccessToken: "tok", auth.EnvAuthorizationCodeClientID: "ac", auth.EnvDeviceCodeClientID: "dc"},
			grant: auth.GrantStatic},

		// 3. authorization code client id
		{name: "authorization code client", env: vars{auth.EnvAuthorizationCodeClientID: "ac", auth.EnvDeviceCodeClientID: "dc"},
			opts:  auth.SignInOptions{Profile: &auth.Profile{GrantType: "device_code", ClientID: "profile-client", Scopes: []string{"openid"}}},
			grant: auth.GrantAuthorizationCode, client: "ac", scopes: []string{"openid"}},
		{name: "authorization code scopes from the environment",
			env:   vars{auth.EnvAuthorizationCodeClientID: "ac", auth.EnvAuthorizationCodeScopes: "openid, profile p1:read", auth.EnvDeviceCodeScopes: "dc-scope"},
			opts:  auth.SignInOptions{Profile: profile},
			grant: auth.GrantAuthorizationCode, client: "ac", scopes: []string{"openid", "profile", "p1:read"}},

		// 4. device code client id
		{name: "device code client", env: vars{auth.EnvDeviceCodeClientID: "dc", auth.EnvDeviceCodeScopes: "openid,offline_access", auth.EnvAuthorizationCodeScopes: "ac-scope"},
			opts:  auth.SignInOptions{Profile: profile},
			grant: auth.GrantDeviceCode, client: "dc", scopes: []string{"openid", "offline_access"}},

		// 5. the profile's grant
		{name: "profile grant", opts: auth.SignInOptions{Profile: &auth.Profile{GrantType: "device_code", ClientID: "profile-client", Scopes: []string{"openid"}}},
			grant: auth.GrantDeviceCode, client: "profile-client", scopes: []string{"openid"}},
		{name: "profile grant client credentials", opts: auth.SignInOptions{Profile: &auth.Profile{GrantType: "client_credentials", ClientID: "profile-worker"}},
			grant: auth.GrantClientCredentials, client: "profile-worker"},
		{name: "profile grant unknown is kept for Check", opts: auth.SignInOptions{Profile: &auth.Profile{GrantType: "password"}},
			grant: "password"},

		// 6. the profile's client
		{name: "profile client", opts: auth.SignInOptions{Profile: profile},
			grant: auth.GrantAuthorizationCode, client: "profile-client", scopes: []string{"openid", "p1:read"}},

		// explicit grant
		{name: "explicit grant wins over a worker", opts: auth.SignInOptions{Grant: " device_code ", ClientID: "worker"},
			env:   vars{auth.EnvAccessToken: "tok"},
			grant: auth.GrantDeviceCode, client: "worker"},
		{name: "explicit authorization code: its variable's client first",
			opts:  auth.SignInOptions{Grant: auth.GrantAuthorizationCode, ClientID: "worker", Profile: profile},
			env:   vars{auth.EnvAuthorizationCodeClientID: "ac", auth.EnvDeviceCodeClientID: "dc"},
			grant: auth.GrantAuthorizationCode, client: "ac", scopes: []string{"openid", "p1:read"}},
		{name: "explicit device code: the worker id before the profile's",
			opts:  auth.SignInOptions{Grant: auth.GrantDeviceCode, Profile: profile},
			env:   vars{auth.EnvClientID: "worker", auth.EnvAuthorizationCodeClientID: "ac"},
			grant: auth.GrantDeviceCode, client: "worker", scopes: []string{"openid", "p1:read"}},
		{name: "explicit client credentials with a user client variable",
			opts:  auth.SignInOptions{Grant: auth.GrantClientCredentials},
			env:   vars{auth.EnvDeviceCodeClientID: "dc"},
			grant: auth.GrantClientCredentials, client: ""},
		{name: "explicit scopes win, whatever the grant",
			opts:  auth.SignInOptions{ClientID: "worker", Scopes: []string{"openid"}, Profile: profile},
			grant: auth.GrantClientCredentials, client: "worker", scopes: []string{"openid"}},
		{name: "explicit scopes win over the variable",
			opts:  auth.SignInOptions{Scopes: []string{"a"}},
			env:   vars{auth.EnvDeviceCodeClientID: "dc", auth.EnvDeviceCodeScopes: "b"},
			grant: auth.GrantDeviceCode, client: "dc", scopes: []string{"a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.opts.Getenv = tc.env.get
			s := auth.Resolve(tc.opts)
			assert.Equal(t, tc.grant, s.Grant, "grant")
			assert.Equal(t, tc.client, s.ClientID, "client id")
			assert.Equal(t, tc.scopes, s.Scopes, "scopes")
		})
	}
}

// TestResolveValues: explicit values win over variables, which win over
// the profile.
func TestResolveValues(t *testing.T) {
	t.Parallel()
	profile := &auth.Profile{RootDomain: "pingone.eu", APIURL: "http://profile/v1", AuthURL: "http://profile",
		EnvironmentID: "env-profile", StoreType: "file"}
	env := vars{
		auth.EnvRootDomain: "pingone.ca", auth.EnvAPIURL: "http://env/v1", auth.EnvAuthURL: "http://env",
		auth.EnvMCPEnvironmentID: "env-mcp", auth.EnvEnvironmentID: "env-plain",
		auth.EnvAuthorizationCodeRedirectURIPort: " 8123 ", auth.EnvAuthorizationCodeRedirectURIPath: "/cb",
	}

	s := auth.Resolve(auth.SignInOptions{Profile: profile, ProfileName: "work", Getenv: vars{}.get})
	assert.Equal(t, []string{"pingone.eu", "http://profile/v1", "http://profile", "env-profile", "file", "work"},
		[]string{s.RootDomain, s.APIURL, s.AuthURL, s.EnvironmentID, s.StoreType, s.ProfileName}, "the profile alone")
	assert.Empty(t, s.CallbackAddr+s.CallbackPath, "the session's defaults")

	s = auth.Resolve(auth.SignInOptions{Profile: profile, Getenv: env.get})
	assert.Equal(t, []string{"pingone.ca", "http://env/v1", "http://env", "env-mcp", "file", "127.0.0.1:8123", "/cb"},
		[]string{s.RootDomain, s.APIURL, s.AuthURL, s.EnvironmentID, s.StoreType, s.CallbackAddr, s.CallbackPath}, "variables over the profile")

	s = auth.Resolve(auth.SignInOptions{Profile: profile, Getenv: vars{auth.EnvEnvironmentID: "env-plain"}.get})
	assert.Equal(t, "env-plain", s.EnvironmentID, "PINGONE_ENVIRONMENT_ID when PINGONE_MCP_ENVIRONMENT_ID is not set")

	s = auth.Resolve(auth.SignInOptions{
		Profile: profile, Getenv: env.get,
		RootDomain: "pingone.asia", APIURL: " http://flag/v1 ", AuthURL: "http://flag", EnvironmentID: "env-flag", StoreType: "keychain",
		CallbackAddr: "127.0.0.1:0", CallbackPath: "/other", LoginHint: "admin", NoBrowser: true,
	})
	assert.Equal(t, []string{"pingone.asia", "http://flag/v1", "http://flag", "env-flag", "keychain", "127.0.0.1:0", "/other", "admin"},
		[]string{s.RootDomain, s.APIURL, s.AuthURL, s.EnvironmentID, s.StoreType, s.CallbackAddr, s.CallbackPath, s.LoginHint}, "explicit values over both")
	assert.True(t, s.NoBrowser)
}

// TestCheckNamesWhatIsMissing: the messages name each missing value by its
// variable, in the wording p1 has always printed.
func TestCheckNamesWhatIsMissing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		opts    auth.SignInOptions
		env     vars
		want    string   // the error text; "" for none
		missing []string // the MissingError's variables
	}{
		{name: "client credentials without a secret",
			opts: auth.SignInOptions{ClientID: "worker", EnvironmentID: "env"},
			want: "client credentials sign-in needs PINGONE_CLIENT_SECRET", missing: []string{auth.EnvClientSecret}},
		{name: "client credentials with a secret alone",
			env:     vars{auth.EnvClientSecret: "s3cret"},
			want:    "client credentials sign-in needs PINGONE_MCP_ENVIRONMENT_ID and PINGONE_CLIENT_ID",
			missing: []string{auth.EnvMCPEnvironmentID, auth.EnvClientID}},
		{name: "client credentials asked for with nothing",
			opts:    auth.SignInOptions{Grant: auth.GrantClientCredentials},
			want:    "client credentials sign-in needs PINGONE_MCP_ENVIRONMENT_ID and PINGONE_CLIENT_ID and PINGONE_CLIENT_SECRET",
			missing: []string{auth.EnvMCPEnvironmentID, auth.EnvClientID, auth.EnvClientSecret}},
		{name: "authorization code without an environment",
			env:  vars{auth.EnvAuthorizationCodeClientID: "ac"},
			want: "authorization_code sign-in needs PINGONE_MCP_ENVIRONMENT_ID", missing: []string{auth.EnvMCPEnvironmentID}},
		{name: "authorization code asked for with nothing",
			opts:    auth.SignInOptions{Grant: auth.GrantAuthorizationCode},
			want:    "authorization_code sign-in needs PINGONE_MCP_ENVIRONMENT_ID and PINGONE_AUTHORIZATION_CODE_CLIENT_ID",
			missing: []string{auth.EnvMCPEnvironmentID, auth.EnvAuthorizationCodeClientID}},
		{name: "device code asked for with nothing",
			opts:    auth.SignInOptions{Grant: auth.GrantDeviceCode},
			want:    "device_code sign-in needs PINGONE_MCP_ENVIRONMENT_ID and PINGONE_DEVICE_CODE_CLIENT_ID",
			missing: []string{auth.EnvMCPEnvironmentID, auth.EnvDeviceCodeClientID}},
		{name: "device code without a client",
			opts: auth.SignInOptions{Grant: auth.GrantDeviceCode, EnvironmentID: "env"},
			want: "device_code sign-in needs PINGONE_DEVICE_CODE_CLIENT_ID", missing: []string{auth.EnvDeviceCodeClientID}},
		{name: "a static profile without a token",
			opts: auth.SignInOptions{Profile: &auth.Profile{GrantType: "static"}},
			want: "static sign-in needs PINGONE_ACCESS_TOKEN", missing: []string{auth.EnvAccessToken}},
		{name: "an unknown grant in a profile",
			opts: auth.SignInOptions{ProfileName: "work", Profile: &auth.Profile{GrantType: "password"}},
			want: `auth: unknown grant type "password" (profile work) (want authorization_code, device_code or client_credentials)`},
		{name: "complete client credentials", opts: auth.SignInOptions{ClientID: "w", ClientSecret: "s", EnvironmentID: "e"}},
		{name: "complete device code", env: vars{auth.EnvDeviceCodeClientID: "dc", auth.EnvMCPEnvironmentID: "e"}},
		{name: "complete authorization code", opts: auth.SignInOptions{Profile: &auth.Profile{ClientID: "c", EnvironmentID: "e"}}},
		{name: "complete static", env: vars{auth.EnvAccessToken: "tok"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.opts.Getenv = tc.env.get
			err := auth.Resolve(tc.opts).Check()
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.EqualError(t, err, tc.want)
			var me *auth.MissingError
			if tc.missing == nil {
				assert.False(t, errors.As(err, &me))
				return
			}
			require.ErrorAs(t, err, &me)
			assert.Equal(t, tc.missing, me.Variables)
		})
	}

	err := auth.Resolve(auth.SignInOptions{Getenv: vars{}.get}).Check()
	require.ErrorIs(t, err, auth.ErrNoCredentials)
	for _, v := range []string{auth.EnvClientID, auth.EnvClientSecret, auth.EnvMCPEnvironmentID, auth.EnvAuthorizationCodeClientID, auth.EnvDeviceCodeClientID, auth.EnvAccessToken} {
		assert.Contains(t, err.Error(), v, "the error says what to set")
	}
}

// TestSignInNeverShowsSecrets formats the inputs and the choice every way
// a program might print or log them.
func TestSignInNeverShowsSecrets(t *testing.T) {
	t.Parallel()
	const secret, token = "worker-s3cret-value", "static-t0ken-value"
	opts := auth.SignInOptions{ClientID: "worker-id", ClientSecret: secret, EnvironmentID: "env-id",
		Getenv: vars{auth.EnvAccessToken: token}.get}
	s := auth.Resolve(opts)
	var texts []string
	for _, v := range []any{opts, &opts, s, *s} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			texts = append(texts, fmt.Sprintf(verb, v))
		}
		texts = append(texts, fmt.Sprint(v), fmt.Sprintln(v))
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		} {
			var b bytes.Buffer
			slog.New(h(&b)).Info("sign-in", "signin", v)
			texts = append(texts, b.String())
		}
		if data, err := json.Marshal(v); err == nil {
			texts = append(texts, string(data))
		}
	}
	texts = append(texts, auth.Resolve(auth.SignInOptions{Grant: auth.GrantClientCredentials, ClientSecret: secret, Getenv: vars{}.get}).Check().Error())
	for _, text := range texts {
		assert.NotContains(t, text, secret)
		assert.NotContains(t, text, token)
	}
	assert.Contains(t, fmt.Sprintf("%v", opts), "worker-id", "the rest is shown")
	assert.Contains(t, fmt.Sprintf("%+v", s), "[redacted]", "a set secret is marked")
	assert.Contains(t, fmt.Sprintf("%v", s), "env-id")
}

func TestTokenSourceClientCredentials(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	var logs bytes.Buffer
	s := auth.Resolve(auth.SignInOptions{Getenv: vars{
		auth.EnvAPIURL: srv.APIURL(), auth.EnvAuthURL: srv.AuthURL(), auth.EnvMCPEnvironmentID: d.AdminEnvironmentID,
		auth.EnvClientID: d.WorkerClientID, auth.EnvClientSecret: d.WorkerClientSecret,
	}.get})
	ts, err := s.TokenSource(t.Context(), auth.TokenSourceOptions{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	require.NoError(t, err)
	c, err := pingone.NewClient(append(s.ClientOptions(), pingone.WithTokenSource(ts))...)
	require.NoError(t, err)
	page, err := c.Environments.List(t.Context(), nil)
	require.NoError(t, err)
	assert.NotEmpty(t, page.Items)
	assert.Contains(t, logs.String(), "sign-in: client credentials")
	assert.NotContains(t, logs.String(), d.WorkerClientSecret)

	// A wrong secret: the error names the client, never the secret.
	s = auth.Resolve(auth.SignInOptions{AuthURL: srv.AuthURL(), EnvironmentID: d.AdminEnvironmentID,
		ClientID: d.WorkerClientID, ClientSecret: "not-the-secret", Getenv: vars{}.get})
	ts, err = s.TokenSource(t.Context(), auth.TokenSourceOptions{})
	require.NoError(t, err)
	_, err = ts.Token()
	require.Error(t, err)
	assert.Contains(t, err.Error(), d.WorkerClientID)
	assert.NotContains(t, err.Error(), "not-the-secret")

	_, err = s.Session(auth.TokenSourceOptions{})
	require.Error(t, err, "client credentials keep no session")
	assert.Contains(t, err.Error(), "TokenSource")
}

func TestTokenSourceStatic(t *testing.T) {
	t.Parallel()
	s := auth.Resolve(auth.SignInOptions{Getenv: vars{auth.EnvAccessToken: " tok "}.get})
	ts, err := s.TokenSource(t.Context(), auth.TokenSourceOptions{})
	require.NoError(t, err)
	tok, err := ts.Token()
	require.NoError(t, err)
	assert.Equal(t, "tok", tok.AccessToken)
}

func TestTokenSourceErrors(t *testing.T) {
	t.Parallel()
	_, err := auth.Resolve(auth.SignInOptions{Getenv: vars{}.get}).TokenSource(t.Context(), auth.TokenSourceOptions{})
	require.ErrorIs(t, err, auth.ErrNoCredentials)

	_, err = auth.Resolve(auth.SignInOptions{Grant: auth.GrantDeviceCode, Getenv: vars{}.get}).TokenSource(t.Context(), auth.TokenSourceOptions{})
	var me *auth.MissingError
	require.ErrorAs(t, err, &me)

	s := auth.Resolve(auth.SignInOptions{RootDomain: "pingone.example", ClientID: "w", ClientSecret: "s", EnvironmentID: "e", Getenv: vars{}.get})
	_, err = s.TokenSource(t.Context(), auth.TokenSourceOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pingone.example", "a bad root domain is named")
}

// TestSessionOfAUserSignIn: the user grants become a Session on the
// resolved auth host, with the profile's name and store.
func TestSessionOfAUserSignIn(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	d := pingonetest.Demo()
	store := auth.NewMemoryStore()
	s := auth.Resolve(auth.SignInOptions{ProfileName: "lab", Getenv: vars{
		auth.EnvAuthURL: srv.AuthURL(), auth.EnvMCPEnvironmentID: d.AdminEnvironmentID, auth.EnvDeviceCodeClientID: d.CLIClientID,
	}.get})
	ts, err := s.TokenSource(t.Context(), auth.TokenSourceOptions{Store: store, Background: true})
	require.NoError(t, err)
	sess, ok := ts.(*auth.Session)
	require.True(t, ok, "a user sign-in is a *Session")
	defer sess.Close()
	st, err := sess.Status()
	require.NoError(t, err)
	assert.Equal(t, auth.Status{Profile: "lab", Key: auth.StoreKey(srv.AuthURL(), d.AdminEnvironmentID, d.CLIClientID), Backend: "memory",
		AuthBaseURL: srv.AuthURL(), EnvironmentID: d.AdminEnvironmentID, ClientID: d.CLIClientID, Grant: auth.GrantDeviceCode}, st)

	// Background: the first call answers with the code to confirm.
	_, err = sess.Token()
	var pending *auth.SignInPendingError
	require.ErrorAs(t, err, &pending)
	assert.Equal(t, "lab", pending.Profile)

	// The root domain gives the auth host.
	s = auth.Resolve(auth.SignInOptions{Profile: &auth.Profile{RootDomain: "pingone.eu", EnvironmentID: "env", ClientID: "native"}, Getenv: vars{}.get})
	sess, err = s.Session(auth.TokenSourceOptions{Store: store})
	require.NoError(t, err)
	defer sess.Close()
	st, err = sess.Status()
	require.NoError(t, err)
	assert.Equal(t, "https://auth.pingone.eu", st.AuthBaseURL)
	assert.Equal(t, auth.GrantAuthorizationCode, st.Grant)
}

// TestSessionOpensTheConfiguredStore: without a Store, the keyring of the
// chosen store type is opened, its files in the config directory.
func TestSessionOpensTheConfiguredStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var notice bytes.Buffer
	s := auth.Resolve(auth.SignInOptions{StoreType: "file", Getenv: vars{
		auth.EnvConfigDir: dir, auth.EnvAuthURL: "http://127.0.0.1:9", auth.EnvMCPEnvironmentID: "env", auth.EnvDeviceCodeClientID: "native",
	}.get})
	sess, err := s.Session(auth.TokenSourceOptions{Prompt: &notice})
	require.NoError(t, err)
	defer sess.Close()
	assert.Equal(t, "file ("+filepath.Join(dir, "keyring")+")", sess.Backend())

	s.StoreType = "vault"
	_, err = s.Session(auth.TokenSourceOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "keychain or file")
}

func TestMissingErrorText(t *testing.T) {
	t.Parallel()
	e := &auth.MissingError{Grant: auth.GrantClientCredentials, Variables: []string{"A", "B"}}
	assert.Equal(t, "client credentials sign-in needs A and B", e.Error())
	e = &auth.MissingError{Grant: auth.GrantDeviceCode, Variables: []string{"A"}}
	assert.True(t, strings.HasPrefix(e.Error(), "device_code sign-in needs"))
}
