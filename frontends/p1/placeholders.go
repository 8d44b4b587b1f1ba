package main

import (
	"strings"

	"github.com/p1kit/p1kit/auth"
)

// A value copied from an example and never filled in (<environment id…>,
// ${CLIENT_ID}) would make a broken token or authorize URL and a puzzling
// answer from PingOne: it is refused, naming where the value goes.

// isPlaceholder reports whether v looks like an example's placeholder.
func isPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	return strings.ContainsAny(v, "<>…") || strings.HasPrefix(v, "${") || strings.HasPrefix(v, "{{") ||
		strings.EqualFold(v, "CHANGEME") || strings.HasPrefix(strings.ToUpper(v), "YOUR_")
}

// checkPlaceholders refuses a sign-in holding a placeholder (exit 4).
func checkPlaceholders(s *auth.SignIn) error {
	for _, c := range []struct{ value, setting string }{
		{s.EnvironmentID, "the sign-in environment id (--environment-id, " + auth.EnvMCPEnvironmentID + " or " + auth.EnvEnvironmentID + ", or the profile's environment_id)"},
		{s.ClientID, "the client id (--client-id, " + auth.EnvClientID + ", " + auth.EnvAuthorizationCodeClientID + " or " + auth.EnvDeviceCodeClientID + ", or the profile's client_id)"},
		{s.RootDomain, "the root domain (--root-domain, " + auth.EnvRootDomain + ", or the profile's root_domain)"},
		{s.APIURL, "the API URL (--api-url, " + auth.EnvAPIURL + ", or the profile's api_url)"},
		{s.AuthURL, "the auth URL (--auth-url, " + auth.EnvAuthURL + ", or the profile's auth_url)"},
	} {
		if isPlaceholder(c.value) {
			return authErrorf("%s is %s, a placeholder left from an example: put in the real value", c.setting, cut(c.value))
		}
	}
	return nil
}
