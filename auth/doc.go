// Package auth signs p1kit in to PingOne: it provides the oauth2.TokenSource
// a pingone.Client uses.
//
// A [Session] signs a user in and keeps the tokens fresh:
//
//   - [GrantAuthorizationCode]: PKCE (S256) with a one-shot callback server
//     on a loopback address (127.0.0.1:7464/callback by default), the state
//     checked, the browser opened and the URL printed, a 5-minute limit.
//   - [GrantDeviceCode] (RFC 8628): the verification URL and user code are
//     printed; nothing is needed where p1kit runs (no browser, no D-Bus).
//     With Config.Background, calls return a [*SignInPendingError] at once
//     while polling continues, so an MCP server can show the code. The
//     polling waits on Config.Now and Config.After, so tests run it on a
//     fake clock.
//   - [GrantClientCredentials]: a worker application (client_secret_basic
//     or client_secret_post), the CI path; nothing is stored.
//
// A Session is safe for concurrent use: concurrent calls share one sign-in
// or refresh; the access token is renewed before it expires; the rotated
// refresh token is stored at once; pingone.Client retries a 401 once after
// [Session.Invalidate]; a refresh token that no longer works becomes a
// [*SignInRequiredError] saying which command signs in again. With
// Config.NoLogin (a program with nobody at a terminal) a call without a
// stored session fails at once with a *SignInRequiredError instead of
// starting a sign-in nobody would see. An auth host that gives no answer
// at all is an [*UnreachableError], never a refusal.
//
// Sessions live in a [Store], keyed by auth host, environment and client
// ([StoreKey]) so two tenants never overwrite each other. [OpenKeyring]
// uses the OS credential store (macOS Keychain, Windows Credential Manager,
// Secret Service or KWallet when a D-Bus session is announced, the Linux
// kernel keyring) and falls back, saying so, to files encrypted with the
// password in P1_KEYRING_PASSWORD (or typed at a terminal); there is never
// a plaintext token file. [MemoryStore] is for tests. The keyring library
// probes D-Bus when it is initialised; this package makes sure the probe
// never starts dbus-launch on a machine without a session bus.
//
// Choosing the sign-in is this package's too, so that p1, an MCP server
// started another way, the OpenAI and LangChainGo adapters and any Go
// program sign in the same way from the same inputs: [Resolve] settles
// [SignInOptions] (explicit values such as a command line's flags, the
// environment variables of the official PingOne MCP server and p1kit, and
// a [Profile] of the shared profile file, [ProfileFile]) into a [SignIn]:
// the grant, client, scopes, environment and hosts, in a documented order.
// [SignIn.Check] names what is missing by its variable ([MissingError],
// [ErrNoCredentials]); [SignIn.TokenSource] and [SignIn.Session] sign in
// with it; [SignIn.ClientOptions] points a pingone.Client at its hosts.
// Resolve reads the environment only through SignInOptions.Getenv, so
// tests need not set process variables.
//
// [ClientCredentials] and [StaticToken] remain for callers that need a bare
// token source.
//
// Nothing here logs or prints a token or a secret; errors name the client,
// the environment and the auth host, never the secret; formatting a
// SignIn or SignInOptions (fmt, slog) shows a set secret as [redacted].
package auth
