package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// ClientCredentials returns a token source for a PingOne worker application
// (OAuth 2.0 client credentials, client_secret_basic). tokenURL is the
// environment's token endpoint, pingone.Client.TokenURL(envID). Tokens are
// cached and fetched again shortly before they expire.
//
// ctx bounds nothing but carries values (such as oauth2.HTTPClient); each
// token request has its own 30-second limit, so the source outlives the
// context of the call that created it.
func ClientCredentials(ctx context.Context, tokenURL, clientID, clientSecret string) (oauth2.TokenSource, error) {
	var missing []string
	if strings.TrimSpace(tokenURL) == "" {
		missing = append(missing, "token URL")
	}
	if strings.TrimSpace(clientID) == "" {
		missing = append(missing, "client id")
	}
	if clientSecret == "" {
		missing = append(missing, "client secret")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("auth: client credentials need a %s", strings.Join(missing, ", a "))
	}
	cfg := clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TokenURL:     tokenURL,
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	if _, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); !ok {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: 30 * time.Second})
	}
	return &describedSource{src: cfg.TokenSource(context.WithoutCancel(ctx)), client: clientID, tokenURL: tokenURL}, nil
}

// StaticToken returns a token source that always gives token, for a token
// obtained elsewhere (PINGONE_ACCESS_TOKEN). PingOne rejects it once it
// expires; nothing here can renew it.
func StaticToken(token string) (oauth2.TokenSource, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, errors.New("auth: the static access token is empty")
	}
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"}), nil
}

// describedSource says which client failed to sign in, without the secret.
type describedSource struct {
	src              oauth2.TokenSource
	client, tokenURL string
}

func (s *describedSource) Token() (*oauth2.Token, error) {
	tok, err := s.src.Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode != "" {
			return nil, fmt.Errorf("token request for client %s at %s refused: %s %s (check the client id, secret and environment)", s.client, s.tokenURL, re.ErrorCode, re.ErrorDescription)
		}
		if unreachable(err) {
			return nil, &UnreachableError{What: "token request for client " + s.client, AuthURL: s.tokenURL, Err: err}
		}
		return nil, fmt.Errorf("token request for client %s at %s failed: %w", s.client, s.tokenURL, err)
	}
	return tok, nil
}
