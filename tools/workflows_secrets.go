package tools

import (
	"context"
	"time"

	"github.com/p1kit/p1kit/pingone"
)

// The secrets part of review_applications: an application that
// authenticates with a client secret has one more read, its secret, which
// says whether the previous secret of a rotation is still valid and when
// it was last used. The secrets' values never leave this file: only dates
// do.

// secretFindings reads an application's secret and says what needs a
// person: a previous secret still valid. Applications without a secret
// cost no call.
func secretFindings(ctx context.Context, d Deps, envID string, app *pingone.Application, now time.Time) ([]string, error) {
	if !usesSecret(app) {
		return nil, nil
	}
	sec, err := d.Client.Applications.GetSecret(ctx, envID, app.ID)
	if pingone.IsNotFound(err) {
		return nil, nil // no secret after all (PingOne's view wins)
	}
	if err != nil {
		return nil, err
	}
	p := sec.Previous
	if p == nil || p.ExpiresAt == nil || !now.Before(*p.ExpiresAt) {
		return nil, nil
	}
	used := "never since the rotation"
	if p.LastUsed != nil {
		used = p.LastUsed.UTC().Format(time.RFC3339)
	}
	return []string{"previous client secret still valid until " + p.ExpiresAt.UTC().Format(time.RFC3339) + "; last used " + used +
		"; once no client uses it, delete it with delete_application_previous_secret"}, nil
}

// usesSecret reports whether an application authenticates with a client
// secret (PingOne keeps one for it).
func usesSecret(app *pingone.Application) bool {
	if app.Protocol != "OPENID_CONNECT" {
		return false
	}
	switch app.TokenEndpointAuthMethod {
	case pingone.TokenAuthClientSecretBasic, pingone.TokenAuthClientSecretPost, pingone.TokenAuthClientSecretJWT:
		return true
	}
	return false
}
