package tools

import (
	"context"

	"github.com/p1kit/p1kit/pingone"
)

// A population's default identity provider: the special verbs of the
// populations collection beside its family declaration.

type populationIn struct {
	envIn
	PopulationID string `json:"populationId" jsonschema:"ID (UUID) of the population, from list_populations."`
}

type setPopulationIdPIn struct {
	populationIn
	IdentityProviderID string `json:"identityProviderId,omitempty" jsonschema:"ID (UUID) of an identity provider, from list_identity_providers; omit for PingOne's own directory."`
}

// PopulationIdentityProvider is a population's default identity provider
// in a result: the provider's id, type and name, or type PING_ONE alone for
// PingOne's own directory.
type PopulationIdentityProvider struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type"`
	// Name is empty for PingOne's directory and when the provider could not be read.
	Name string `json:"name,omitempty"`
}

type populationIdPOut struct {
	PopulationID            string                     `json:"populationId"`
	DefaultIdentityProvider PopulationIdentityProvider `json:"defaultIdentityProvider"`
}

// namedPopulationIdP names the provider (left out if it cannot be read:
// what PingOne answered stands).
func namedPopulationIdP(ctx context.Context, d Deps, envID, popID string, p *pingone.PopulationIdentityProvider) populationIdPOut {
	out := populationIdPOut{PopulationID: popID, DefaultIdentityProvider: PopulationIdentityProvider{ID: p.ID, Type: p.Type}}
	if p.ID != "" {
		if idp, err := d.Client.IdentityProviders.Get(ctx, envID, p.ID); err == nil {
			out.DefaultIdentityProvider.Name = idp.Name
		}
	}
	return out
}

func populationIdPTools() []*Tool {
	const coll = "populations"
	return []*Tool{
		New(Meta{
			Name: "get_population_default_identity_provider", Title: "Get a population's default identity provider", Collection: coll, Effect: Read,
			Description: "Returns the identity provider a population's users sign on with by default: an external provider (id, type, name) " +
				"or PingOne's own directory (type PING_ONE, no id).",
		}, func(ctx context.Context, d Deps, in populationIn) (populationIdPOut, error) {
			p, err := d.Client.Populations.GetDefaultIdentityProvider(ctx, in.EnvironmentID, in.PopulationID)
			if err != nil {
				return populationIdPOut{}, err
			}
			return namedPopulationIdP(ctx, d, in.EnvironmentID, in.PopulationID, p), nil
		}),
		New(Meta{
			Name: "set_population_default_identity_provider", Title: "Set a population's default identity provider", Collection: coll, Effect: Update,
			EnvironmentArg: "environmentId", Target: populations.Target(), Confirm: Confirm{Required: true},
			Description: "Makes an external identity provider of the environment (identityProviderId) the one a population's users sign on with " +
				"by default, or, without identityProviderId, PingOne's own directory again. PingOne refuses a provider that does not exist in the " +
				"environment, and then refuses to delete the provider while the population names it. This changes how the population's users " +
				"sign on, so it asks for confirmation.",
		}, func(ctx context.Context, d Deps, in setPopulationIdPIn) (populationIdPOut, error) {
			p, err := d.Client.Populations.SetDefaultIdentityProvider(ctx, in.EnvironmentID, in.PopulationID, in.IdentityProviderID)
			if err != nil {
				return populationIdPOut{}, err
			}
			return namedPopulationIdP(ctx, d, in.EnvironmentID, in.PopulationID, p), nil
		}),
	}
}
