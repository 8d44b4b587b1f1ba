// Package auth signs p1kit in to PingOne: it provides the oauth2.TokenSource
// a pingone.Client uses.
//
// Today it offers the two non-interactive ways, which need no browser, no
// keychain and no D-Bus: a worker application's client credentials
// ([ClientCredentials], the CI path) and an access token obtained elsewhere
// ([StaticToken], for scripts). Interactive sign-in (authorization code with
// PKCE, device code), the token store and sessions build on these.
//
// A token source never logs or prints a secret or a token; errors name the
// client and the token URL, never the secret.
package auth
