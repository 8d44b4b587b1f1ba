package tools

import (
	"time"

	"github.com/p1kit/p1kit/pingone"
)

// PopulationSummary is one row of list_populations.
type PopulationSummary struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Default   bool       `json:"default"`
	UserCount *int       `json:"userCount,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
}

// populationFields are the settable fields of a population.
type populationFields struct {
	Name                   string   `json:"name" jsonschema:"Population name, unique in the environment."`
	Description            *string  `json:"description,omitempty" jsonschema:"Description."`
	Default                *bool    `json:"default,omitempty" jsonschema:"true makes this the environment's default population, where new users go when no population is given; PingOne keeps exactly one default, so the previous one stops being it. The default cannot be set to false: make another population the default instead."`
	AlternativeIdentifiers []string `json:"alternativeIdentifiers,omitempty" jsonschema:"Alternative identifiers of the population."`
	PreferredLanguage      *string  `json:"preferredLanguage,omitempty" jsonschema:"Preferred language code, e.g. en or fr."`
	PasswordPolicy         *refIn   `json:"passwordPolicy,omitempty" jsonschema:"Password policy {\"id\": \"…\"}."`
	Theme                  *refIn   `json:"theme,omitempty" jsonschema:"Branding theme {\"id\": \"…\"}."`
}

var populations = Family[pingone.Population, PopulationSummary, populationFields]{
	Noun: "population", Collection: "populations",
	Client: func(c *pingone.Client) EnvResource[pingone.Population] { return c.Populations },
	Summary: func(p *pingone.Population) PopulationSummary {
		return PopulationSummary{ID: p.ID, Name: p.Name, Default: p.Default != nil && *p.Default, UserCount: p.UserCount, CreatedAt: p.CreatedAt}
	},
	Name:   func(p *pingone.Population) string { return p.Name },
	Filter: "SCIM filter on id or name only, e.g. name sw \"Emp\" or id eq \"…\".",
	Descriptions: Descriptions{
		List:   "Lists the populations of an environment (id, name, default, userCount, createdAt).",
		Get:    "Returns one population in full.",
		Create: "Creates a population in an environment, where users can be placed or moved; it may become the default.",
		Update: "Updates a population: its name, description, default flag, password policy, theme or other settings.",
		Delete: "Deletes a population. PingOne refuses while the population still has users (move or delete them first) and for the default population.",
	},
}

func populationTools() []*Tool { return populations.Tools() }
