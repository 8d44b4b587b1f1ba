package auth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

// The environment variables a sign-in reads: the official PingOne MCP
// server's names, and p1kit's own for worker applications, hosts and
// static tokens.
const (
	// EnvMCPEnvironmentID is the environment holding the sign-in application.
	EnvMCPEnvironmentID = "PINGONE_MCP_ENVIRONMENT_ID"
	// EnvEnvironmentID is read when EnvMCPEnvironmentID is not set.
	EnvEnvironmentID = "PINGONE_ENVIRONMENT_ID"
	// EnvRootDomain selects the hosts: pingone.com, pingone.eu, … (see pingone.RootDomains).
	EnvRootDomain = "PINGONE_ROOT_DOMAIN"
	// EnvAPIURL and EnvAuthURL set the hosts explicitly (a proxy, the emulator).
	EnvAPIURL  = "PINGONE_API_URL"
	EnvAuthURL = "PINGONE_AUTH_URL"
	// EnvClientID and EnvClientSecret are a worker application's (client credentials).
	EnvClientID     = "PINGONE_CLIENT_ID"
	EnvClientSecret = "PINGONE_CLIENT_SECRET"
	// EnvAccessToken is a token obtained elsewhere (GrantStatic).
	EnvAccessToken = "PINGONE_ACCESS_TOKEN"

	EnvAuthorizationCodeClientID        = "PINGONE_AUTHORIZATION_CODE_CLIENT_ID"
	EnvAuthorizationCodeScopes          = "PINGONE_AUTHORIZATION_CODE_SCOPES"
	EnvAuthorizationCodeRedirectURIPort = "PINGONE_AUTHORIZATION_CODE_REDIRECT_URI_PORT"
	EnvAuthorizationCodeRedirectURIPath = "PINGONE_AUTHORIZATION_CODE_REDIRECT_URI_PATH"
	EnvDeviceCodeClientID               = "PINGONE_DEVICE_CODE_CLIENT_ID"
	EnvDeviceCodeScopes                 = "PINGONE_DEVICE_CODE_SCOPES"
)

// GrantStatic uses a token obtained elsewhere (EnvAccessToken) as it is;
// nothing can renew it. A SignIn may choose it; a Session does not take it.
const GrantStatic GrantType = "static"

// ErrNoCredentials is what SignIn.Check returns when nothing says how to
// sign in: no grant, no client, no token, no profile.
var ErrNoCredentials = errors.New("auth: no PingOne credentials: set " +
	EnvClientID + ", " + EnvClientSecret + " and " + EnvMCPEnvironmentID + " (a worker application), or " +
	EnvAuthorizationCodeClientID + " or " + EnvDeviceCodeClientID + " and " + EnvMCPEnvironmentID +
	" (an administrator), or " + EnvAccessToken + ", or choose a profile")

// MissingError says what a chosen sign-in lacks, naming each value by the
// environment variable that gives it.
type MissingError struct {
	Grant GrantType
	// Variables are the missing values' variables, e.g. PINGONE_CLIENT_SECRET.
	Variables []string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("%s sign-in needs %s", grantName(e.Grant), strings.Join(e.Variables, " and "))
}

// grantName is how messages name a grant: "client credentials" for the
// worker grant, the grant type itself for the others.
func grantName(g GrantType) string {
	if g == GrantClientCredentials {
		return "client credentials"
	}
	return string(g)
}

// SignInOptions are what a front end knows about how to sign in: values
// it was given explicitly (a command line's flags; "" means not given), a
// lookup of environment variables, and the selected profile. Resolve
// settles them into a SignIn. Explicit values win over variables, which
// win over the profile.
//
// Formatting SignInOptions (fmt, slog) never shows ClientSecret.
type SignInOptions struct {
	// Grant is the grant asked for (the official server's --grant-type);
	// "" lets Resolve choose.
	Grant GrantType
	// ClientID is the application's (EnvClientID). For the user grants,
	// EnvAuthorizationCodeClientID and EnvDeviceCodeClientID win over it.
	ClientID string
	// ClientSecret is the worker application's secret (EnvClientSecret).
	ClientSecret string `json:"-"`
	// EnvironmentID holds the application (EnvMCPEnvironmentID, EnvEnvironmentID).
	EnvironmentID string
	// RootDomain, APIURL and AuthURL select the hosts (EnvRootDomain,
	// EnvAPIURL, EnvAuthURL); see pingone.WithRootDomain.
	RootDomain, APIURL, AuthURL string
	// Scopes win over the variables and the profile, whatever the grant.
	Scopes []string
	// StoreType is "keychain" or "file" (see KeyringOptions.Type).
	StoreType string
	// CallbackAddr is the authorization-code callback's loopback address,
	// e.g. "127.0.0.1:0"; default 127.0.0.1 and the port in
	// EnvAuthorizationCodeRedirectURIPort, else DefaultCallbackAddr.
	CallbackAddr string
	// CallbackPath is the callback's path; default
	// EnvAuthorizationCodeRedirectURIPath, else /callback.
	CallbackPath string
	// LoginHint pre-fills the username on the sign-in page.
	LoginHint string
	// NoBrowser prints the sign-in URL without opening a browser.
	NoBrowser bool

	// ProfileName names the profile (in messages and SignInRequiredError);
	// Profile is its content (see ProfileFile.Select); nil is an empty one.
	ProfileName string
	Profile     *Profile

	// Getenv looks environment variables up; nil means os.Getenv. Tests
	// and programs with their own configuration pass a map's lookup.
	Getenv func(string) string `json:"-"`
}

// SignIn is a settled choice of how to sign in: the grant, the client,
// the scopes, the environment and the hosts. Resolve makes one; Check says
// what it lacks; TokenSource and Session sign in with it.
//
// The client secret and the static token it holds are unexported, and
// formatting a SignIn (fmt, slog) never shows them.
type SignIn struct {
	// Grant is "" when nothing says how to sign in.
	Grant         GrantType
	ProfileName   string
	EnvironmentID string
	ClientID      string
	// Scopes requested; PingOne's default when empty. Client credentials
	// send none (a worker's access comes from its roles).
	Scopes                      []string
	RootDomain, APIURL, AuthURL string
	StoreType                   string
	CallbackAddr, CallbackPath  string
	LoginHint                   string
	NoBrowser                   bool

	secret string
	token  string
	getenv func(string) string
}

// Resolve settles opts into a SignIn. It reads nothing but opts.Getenv and
// checks nothing: Check (and TokenSource) say what is missing, so a front
// end can show a half-configured sign-in.
//
// The grant is opts.Grant, else the first that applies of:
//
//  1. a worker client id or secret (ClientID, ClientSecret, or EnvClientID,
//     EnvClientSecret): GrantClientCredentials;
//  2. EnvAccessToken: GrantStatic;
//  3. EnvAuthorizationCodeClientID: GrantAuthorizationCode;
//  4. EnvDeviceCodeClientID: GrantDeviceCode;
//  5. the profile's grant type;
//  6. the profile's client id: GrantAuthorizationCode.
//
// The client id is, for client credentials, the worker's, else the
// profile's; for the authorization code (device code) grant,
// EnvAuthorizationCodeClientID (EnvDeviceCodeClientID), else the worker
// client id, else the profile's. The scopes of those two grants are
// opts.Scopes, else EnvAuthorizationCodeScopes (EnvDeviceCodeScopes,
// separated by spaces or commas), else the profile's.
func Resolve(opts SignInOptions) *SignIn {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	env := func(names ...string) string {
		for _, n := range names {
			if v := strings.TrimSpace(getenv(n)); v != "" {
				return v
			}
		}
		return ""
	}
	p := opts.Profile
	if p == nil {
		p = &Profile{}
	}
	pick := func(explicit, fromEnv, fromProfile string) string {
		return cmp.Or(strings.TrimSpace(explicit), fromEnv, fromProfile)
	}
	s := &SignIn{
		ProfileName:   opts.ProfileName,
		RootDomain:    pick(opts.RootDomain, env(EnvRootDomain), p.RootDomain),
		APIURL:        pick(opts.APIURL, env(EnvAPIURL), p.APIURL),
		AuthURL:       pick(opts.AuthURL, env(EnvAuthURL), p.AuthURL),
		EnvironmentID: pick(opts.EnvironmentID, env(EnvMCPEnvironmentID, EnvEnvironmentID), p.EnvironmentID),
		StoreType:     cmp.Or(strings.TrimSpace(opts.StoreType), p.StoreType),
		CallbackAddr:  strings.TrimSpace(opts.CallbackAddr),
		CallbackPath:  cmp.Or(strings.TrimSpace(opts.CallbackPath), env(EnvAuthorizationCodeRedirectURIPath)),
		LoginHint:     opts.LoginHint,
		NoBrowser:     opts.NoBrowser,
		secret:        cmp.Or(opts.ClientSecret, getenv(EnvClientSecret)), // a secret is used as given
		token:         env(EnvAccessToken),
		getenv:        getenv,
	}
	if s.CallbackAddr == "" {
		if port := env(EnvAuthorizationCodeRedirectURIPort); port != "" {
			s.CallbackAddr = "127.0.0.1:" + port
		}
	}
	workerID := pick(opts.ClientID, env(EnvClientID), "")
	acID, devID := env(EnvAuthorizationCodeClientID), env(EnvDeviceCodeClientID)

	s.Grant = GrantType(strings.TrimSpace(string(opts.Grant)))
	if s.Grant == "" {
		switch {
		case workerID != "" || s.secret != "":
			s.Grant = GrantClientCredentials
		case s.token != "":
			s.Grant = GrantStatic
		case acID != "":
			s.Grant = GrantAuthorizationCode
		case devID != "":
			s.Grant = GrantDeviceCode
		case p.GrantType != "":
			s.Grant = GrantType(p.GrantType)
		case p.ClientID != "":
			s.Grant = GrantAuthorizationCode
		}
	}
	switch s.Grant {
	case GrantClientCredentials:
		s.ClientID = cmp.Or(workerID, p.ClientID)
	case GrantAuthorizationCode:
		s.ClientID = cmp.Or(acID, workerID, p.ClientID)
		s.Scopes = firstList(splitScopes(getenv(EnvAuthorizationCodeScopes)), p.Scopes)
	case GrantDeviceCode:
		s.ClientID = cmp.Or(devID, workerID, p.ClientID)
		s.Scopes = firstList(splitScopes(getenv(EnvDeviceCodeScopes)), p.Scopes)
	}
	if len(opts.Scopes) > 0 {
		s.Scopes = append([]string(nil), opts.Scopes...)
	}
	return s
}

func firstList(ls ...[]string) []string {
	for _, l := range ls {
		if len(l) > 0 {
			return l
		}
	}
	return nil
}

func splitScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
}

// Check says whether s can sign in: nil, ErrNoCredentials when no grant
// was chosen, a *MissingError naming what the grant lacks, or an error for
// a grant type p1kit does not know (from a profile).
func (s *SignIn) Check() error {
	var missing []string
	need := func(ok bool, variable string) {
		if !ok {
			missing = append(missing, variable)
		}
	}
	switch s.Grant {
	case "":
		return ErrNoCredentials
	case GrantStatic:
		need(s.token != "", EnvAccessToken)
	case GrantClientCredentials:
		need(s.EnvironmentID != "", EnvMCPEnvironmentID)
		need(s.ClientID != "", EnvClientID)
		need(s.secret != "", EnvClientSecret)
	case GrantAuthorizationCode:
		need(s.EnvironmentID != "", EnvMCPEnvironmentID)
		need(s.ClientID != "", EnvAuthorizationCodeClientID)
	case GrantDeviceCode:
		need(s.EnvironmentID != "", EnvMCPEnvironmentID)
		need(s.ClientID != "", EnvDeviceCodeClientID)
	default:
		return fmt.Errorf("auth: unknown grant type %q%s (want authorization_code, device_code or client_credentials)", s.Grant, profileSuffix(s.ProfileName))
	}
	if len(missing) > 0 {
		return &MissingError{Grant: s.Grant, Variables: missing}
	}
	return nil
}

// ClientOptions are the pingone.Client options for the hosts of s: its
// root domain, API URL and auth URL, those that are set.
func (s *SignIn) ClientOptions() []pingone.Option {
	var opts []pingone.Option
	if s.RootDomain != "" {
		opts = append(opts, pingone.WithRootDomain(s.RootDomain))
	}
	if s.APIURL != "" {
		opts = append(opts, pingone.WithBaseURL(s.APIURL))
	}
	if s.AuthURL != "" {
		opts = append(opts, pingone.WithAuthBaseURL(s.AuthURL))
	}
	return opts
}

// tokenURL is the token endpoint of s's environment on s's auth host.
func (s *SignIn) tokenURL() (string, error) {
	probe, err := pingone.NewClient(s.ClientOptions()...)
	if err != nil {
		return "", err
	}
	return probe.TokenURL(s.EnvironmentID), nil
}

// TokenSourceOptions are what signing in needs besides the choice: where
// sessions are kept and where the user and the log are told things.
type TokenSourceOptions struct {
	// Store keeps user sessions; nil opens the keyring of s.StoreType
	// (OpenKeyring), with its encrypted files in ConfigDir()/keyring.
	Store Store
	// Logger gets debug records; never a token or a secret.
	Logger *slog.Logger
	// Prompt receives what the user must see: the sign-in URL, the device
	// code, the keyring fallback notice (typically os.Stderr).
	Prompt io.Writer
	// Background: see Config.Background (device code only).
	Background bool
	// SignInCommand: see Config.SignInCommand.
	SignInCommand string
	// NoLogin and NoLoginReason: see Config.NoLogin. A program without a
	// person at a terminal sets them, so that a call without a session
	// fails at once instead of waiting for a sign-in nobody sees.
	NoLogin       bool
	NoLoginReason string
}

// TokenSource signs in with s: a static token source (GrantStatic), a
// client-credentials source (GrantClientCredentials; nothing is stored),
// or a *Session (the user grants; Close it when done). Nothing is sent
// before the first token is needed. The errors are Check's, a host error
// from pingone.NewClient, or the keyring's.
func (s *SignIn) TokenSource(ctx context.Context, opts TokenSourceOptions) (oauth2.TokenSource, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	switch s.Grant {
	case GrantStatic:
		log.Debug("sign-in: static access token from " + EnvAccessToken)
		return StaticToken(s.token)
	case GrantClientCredentials:
		tokenURL, err := s.tokenURL()
		if err != nil {
			return nil, err
		}
		log.Debug("sign-in: client credentials", "environment", s.EnvironmentID, "client", s.ClientID)
		return ClientCredentials(ctx, tokenURL, s.ClientID, s.secret)
	}
	return s.Session(opts)
}

// Session returns the Session of a user sign-in (GrantAuthorizationCode or
// GrantDeviceCode), for Login, Status and Logout. It checks s first.
func (s *SignIn) Session(opts TokenSourceOptions) (*Session, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if s.Grant != GrantAuthorizationCode && s.Grant != GrantDeviceCode {
		return nil, fmt.Errorf("auth: a %s sign-in has no session to keep; use TokenSource", grantName(s.Grant))
	}
	tokenURL, err := s.tokenURL()
	if err != nil {
		return nil, err
	}
	store := opts.Store
	if store == nil {
		dir, err := ConfigDir(s.getenv)
		if err != nil {
			return nil, fmt.Errorf("auth: %w", err)
		}
		if store, err = OpenKeyring(KeyringOptions{Type: s.StoreType, FileDir: filepath.Join(dir, "keyring"), Notice: opts.Prompt}); err != nil {
			return nil, err
		}
	}
	return NewSession(Config{
		Profile:       s.ProfileName,
		AuthBaseURL:   strings.TrimSuffix(tokenURL, "/"+s.EnvironmentID+"/as/token"),
		EnvironmentID: s.EnvironmentID,
		ClientID:      s.ClientID,
		Grant:         s.Grant,
		Scopes:        s.Scopes,
		Store:         store,
		Logger:        opts.Logger,
		Prompt:        opts.Prompt,
		NoBrowser:     s.NoBrowser,
		CallbackAddr:  s.CallbackAddr,
		CallbackPath:  s.CallbackPath,
		LoginHint:     s.LoginHint,
		Background:    opts.Background && s.Grant == GrantDeviceCode,
		SignInCommand: opts.SignInCommand,
		NoLogin:       opts.NoLogin,
		NoLoginReason: opts.NoLoginReason,
	})
}

// ---- formatting without secrets ----

// redacted stands for a secret that is set.
const redacted = "[redacted]"

func secretMark(v string) string {
	if v == "" {
		return ""
	}
	return redacted
}

// signInView is what formatting a SignIn or SignInOptions shows.
type signInView struct {
	Grant                       GrantType
	ProfileName                 string
	EnvironmentID, ClientID     string
	ClientSecret, AccessToken   string
	Scopes                      []string
	RootDomain, APIURL, AuthURL string
	StoreType                   string
	CallbackAddr, CallbackPath  string
	LoginHint                   string
	NoBrowser                   bool
}

// attrs are the view's members that are set.
func (v signInView) attrs() []slog.Attr {
	var attrs []slog.Attr
	add := func(k, val string) {
		if val != "" {
			attrs = append(attrs, slog.String(k, val))
		}
	}
	add("grant", string(v.Grant))
	add("profile", v.ProfileName)
	add("environment", v.EnvironmentID)
	add("client", v.ClientID)
	add("client_secret", v.ClientSecret)
	add("access_token", v.AccessToken)
	add("scopes", strings.Join(v.Scopes, " "))
	add("root_domain", v.RootDomain)
	add("api_url", v.APIURL)
	add("auth_url", v.AuthURL)
	add("store_type", v.StoreType)
	add("callback_addr", v.CallbackAddr)
	add("callback_path", v.CallbackPath)
	add("login_hint", v.LoginHint)
	if v.NoBrowser {
		add("no_browser", "true")
	}
	return attrs
}

func (v signInView) text(typ string) string {
	var b strings.Builder
	b.WriteString(typ + "{")
	for i, a := range v.attrs() {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%q", a.Key, a.Value.String())
	}
	b.WriteByte('}')
	return b.String()
}

func (s SignIn) view() signInView {
	return signInView{
		Grant: s.Grant, ProfileName: s.ProfileName, EnvironmentID: s.EnvironmentID, ClientID: s.ClientID,
		ClientSecret: secretMark(s.secret), AccessToken: secretMark(s.token), Scopes: s.Scopes,
		RootDomain: s.RootDomain, APIURL: s.APIURL, AuthURL: s.AuthURL, StoreType: s.StoreType,
		CallbackAddr: s.CallbackAddr, CallbackPath: s.CallbackPath, LoginHint: s.LoginHint, NoBrowser: s.NoBrowser,
	}
}

// String describes s by its members that are set; a secret shows as
// [redacted].
func (s SignIn) String() string { return s.view().text("auth.SignIn") }

// Format implements fmt.Formatter: every verb prints String, so that no
// verb (%v, %+v, %#v, %s, %x, %d …) reaches the secret.
func (s SignIn) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue implements slog.LogValuer, without the secrets.
func (s SignIn) LogValue() slog.Value { return slog.GroupValue(s.view().attrs()...) }

func (o SignInOptions) view() signInView {
	return signInView{
		Grant: o.Grant, ProfileName: o.ProfileName, EnvironmentID: o.EnvironmentID, ClientID: o.ClientID,
		ClientSecret: secretMark(o.ClientSecret), Scopes: o.Scopes,
		RootDomain: o.RootDomain, APIURL: o.APIURL, AuthURL: o.AuthURL, StoreType: o.StoreType,
		CallbackAddr: o.CallbackAddr, CallbackPath: o.CallbackPath, LoginHint: o.LoginHint, NoBrowser: o.NoBrowser,
	}
}

// String describes o by its members that are set; the client secret shows
// as [redacted].
func (o SignInOptions) String() string { return o.view().text("auth.SignInOptions") }

// Format implements fmt.Formatter: every verb prints String.
func (o SignInOptions) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue implements slog.LogValuer, without the client secret.
func (o SignInOptions) LogValue() slog.Value { return slog.GroupValue(o.view().attrs()...) }
