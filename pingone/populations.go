package pingone

import (
	"context"
	"net/http"
)

// PopulationsService manages populations: /environments/{envID}/populations.
// List filters on `id eq`, `name eq` and `name sw`; PingOne refuses to
// delete a population that still has users.
type PopulationsService struct{ EnvCollection[Population] }

var populationsResource = Resource{Path: "populations", Key: "populations", Unique: "name",
	ReadOnly: []string{"_links", "createdAt", "environment", "id", "updatedAt", "userCount"}}

// Population is a set of users sharing a password policy and theme; Name is
// required.
type Population struct {
	Meta
	Name                   string     `json:"name"`
	Description            string     `json:"description,omitempty"`
	Default                *bool      `json:"default,omitempty"`
	PasswordPolicy         *ObjectRef `json:"passwordPolicy,omitempty"`
	Theme                  *ObjectRef `json:"theme,omitempty"`
	AlternativeIdentifiers []string   `json:"alternativeIdentifiers,omitempty"`
	PreferredLanguage      string     `json:"preferredLanguage,omitempty"`
	UserCount              *int       `json:"userCount,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// PopulationIdentityProvider is the identity provider a population's users
// sign on with by default: an external provider (ID and its Type), or
// PingOne's own directory (Type IdentityProviderPingOne, no ID).
type PopulationIdentityProvider struct {
	ID    string `json:"id,omitempty"`
	Type  string `json:"type,omitempty"`
	Links Links  `json:"_links,omitempty"`
}

// GetDefaultIdentityProvider reads a population's default identity provider.
func (s *PopulationsService) GetDefaultIdentityProvider(ctx context.Context, envID, populationID string) (*PopulationIdentityProvider, error) {
	var out PopulationIdentityProvider
	r := request{method: http.MethodGet, segs: []string{"defaultIdentityProvider"}}
	if err := s.call(ctx, "GetDefaultIdentityProvider", []string{envID, populationID}, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SetDefaultIdentityProvider makes the identity provider idpID (of the same
// environment) the one a population's users sign on with by default; an
// empty idpID makes it PingOne's own directory again. PingOne refuses a
// provider that does not exist, and then refuses to delete the provider
// while a population names it.
func (s *PopulationsService) SetDefaultIdentityProvider(ctx context.Context, envID, populationID, idpID string) (*PopulationIdentityProvider, error) {
	var body any = struct{}{}
	if idpID != "" {
		body = ObjectRef{ID: idpID}
	}
	var out PopulationIdentityProvider
	r := request{method: http.MethodPut, segs: []string{"defaultIdentityProvider"}, body: body}
	if err := s.call(ctx, "SetDefaultIdentityProvider", []string{envID, populationID}, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
