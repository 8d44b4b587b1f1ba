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
//     while polling continues, so an MCP server can show the code.
//   - [GrantClientCredentials]: a worker application (client_secret_basic
//     or client_secret_post), the CI path; nothing is stored.
//
// A Session is safe for concurrent use: concurrent calls share one sign-in
// or refresh; the access token is renewed before it expires; the rotated
// refresh token is stored at once; pingone.Client retries a 401 once after
// [Session.Invalidate]; a refresh token that no longer works becomes a
// [*SignInRequiredError] saying which command signs in again.
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
// [ClientCredentials] and [StaticToken] remain for callers that need a bare
// token source.
//
// Nothing here logs or prints a token or a secret; errors name the client,
// the environment and the auth host, never the secret.
package auth
