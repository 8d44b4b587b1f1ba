package tools

import (
	"context"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

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

type listPopulationsIn struct {
	envIn
	Filter string `json:"filter,omitempty" jsonschema:"SCIM filter on id or name only, e.g. name sw \"Emp\" or id eq \"…\"."`
	pageIn
}

func (listPopulationsIn) tuneSchema(s *jsonschema.Schema) { pageSchema(s, 1000) }

type listPopulationsOut struct {
	Populations []PopulationSummary `json:"populations"`
	NextCursor  string              `json:"nextCursor,omitempty"`
}

type populationIn struct {
	envIn
	PopulationID string `json:"populationId" jsonschema:"ID (UUID) of the population."`
}

type populationOut struct {
	Population *pingone.Population `json:"population"`
}

// populationFields are the settable fields of a population.
type populationFields struct {
	Description            *string  `json:"description,omitempty" jsonschema:"Description."`
	AlternativeIdentifiers []string `json:"alternativeIdentifiers,omitempty" jsonschema:"Alternative identifiers of the population."`
	PreferredLanguage      *string  `json:"preferredLanguage,omitempty" jsonschema:"Preferred language code, e.g. en or fr."`
	PasswordPolicy         *refIn   `json:"passwordPolicy,omitempty" jsonschema:"Password policy {\"id\": \"…\"}."`
	Theme                  *refIn   `json:"theme,omitempty" jsonschema:"Branding theme {\"id\": \"…\"}."`
}

type createPopulationIn struct {
	envIn
	Name string `json:"name" jsonschema:"Population name, unique in the environment."`
	populationFields
}

type updatePopulationIn struct {
	populationIn
	Name string `json:"name" jsonschema:"Population name (send the current name to keep it)."`
	populationFields
}

func (f populationFields) patch(name string) map[string]any {
	m := map[string]any{"name": name}
	if f.Description != nil {
		m["description"] = *f.Description
	}
	if f.AlternativeIdentifiers != nil {
		m["alternativeIdentifiers"] = f.AlternativeIdentifiers
	}
	if f.PreferredLanguage != nil {
		m["preferredLanguage"] = *f.PreferredLanguage
	}
	if f.PasswordPolicy != nil {
		m["passwordPolicy"] = f.PasswordPolicy.ref()
	}
	if f.Theme != nil {
		m["theme"] = f.Theme.ref()
	}
	return m
}

func populationTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_populations", Title: "List populations", Collection: "populations", Effect: Read,
			Description: "Lists the populations of an environment, one page at a time (id, name, default, userCount, createdAt).",
		}, func(ctx context.Context, d Deps, in listPopulationsIn) (listPopulationsOut, error) {
			page, err := d.Client.Populations.List(ctx, in.EnvironmentID, in.options(in.Filter))
			if err != nil {
				return listPopulationsOut{}, err
			}
			out := listPopulationsOut{Populations: []PopulationSummary{}, NextCursor: page.NextCursor}
			for _, p := range page.Items {
				out.Populations = append(out.Populations, PopulationSummary{
					ID: p.ID, Name: p.Name, Default: p.Default != nil && *p.Default, UserCount: p.UserCount, CreatedAt: p.CreatedAt,
				})
			}
			return out, nil
		}),
		New(Meta{
			Name: "get_population", Title: "Get population", Collection: "populations", Effect: Read,
			Description: "Returns one population in full.",
		}, func(ctx context.Context, d Deps, in populationIn) (populationOut, error) {
			p, err := d.Client.Populations.Get(ctx, in.EnvironmentID, in.PopulationID)
			return populationOut{Population: p}, err
		}),
		New(Meta{
			Name: "create_population", Title: "Create population", Collection: "populations", Effect: Create, EnvironmentArg: "environmentId",
			Description: "Creates a population in an environment. name must be unique in the environment.",
		}, func(ctx context.Context, d Deps, in createPopulationIn) (populationOut, error) {
			p, err := mergeInto(&pingone.Population{}, in.patch(in.Name))
			if err != nil {
				return populationOut{}, err
			}
			created, err := d.Client.Populations.Create(ctx, in.EnvironmentID, p)
			return populationOut{Population: created}, err
		}),
		New(Meta{
			Name: "update_population", Title: "Update population", Collection: "populations", Effect: Update, EnvironmentArg: "environmentId",
			Description: "Updates a population. Optional fields you omit keep their current values (p1kit reads the population first and merges).",
		}, func(ctx context.Context, d Deps, in updatePopulationIn) (populationOut, error) {
			cur, err := d.Client.Populations.Get(ctx, in.EnvironmentID, in.PopulationID)
			if err != nil {
				return populationOut{}, err
			}
			next, err := mergeInto(cur, in.patch(in.Name))
			if err != nil {
				return populationOut{}, err
			}
			p, err := d.Client.Populations.Update(ctx, in.EnvironmentID, in.PopulationID, next)
			return populationOut{Population: p}, err
		}),
		New(Meta{
			Name: "delete_population", Title: "Delete population", Collection: "populations", Effect: Delete, EnvironmentArg: "environmentId",
			Description: "Deletes a population. PingOne refuses while the population still has users (move or delete them first) and for the default population.",
		}, func(ctx context.Context, d Deps, in populationIn) (deleted, error) {
			err := d.Client.Populations.Delete(ctx, in.EnvironmentID, in.PopulationID)
			return deleted{Deleted: err == nil, ID: in.PopulationID}, err
		}),
	}
}
