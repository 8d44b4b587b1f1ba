package pingone

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// PopulationsService manages populations: /environments/{envID}/populations.
type PopulationsService service

// Population is a set of users sharing a password policy and theme.
type Population struct {
	ID                     string     `json:"id,omitempty"`
	Environment            *ObjectRef `json:"environment,omitempty"`
	Name                   string     `json:"name"`
	Description            string     `json:"description,omitempty"`
	Default                *bool      `json:"default,omitempty"`
	PasswordPolicy         *ObjectRef `json:"passwordPolicy,omitempty"`
	Theme                  *ObjectRef `json:"theme,omitempty"`
	AlternativeIdentifiers []string   `json:"alternativeIdentifiers,omitempty"`
	PreferredLanguage      string     `json:"preferredLanguage,omitempty"`
	UserCount              *int       `json:"userCount,omitempty"`
	CreatedAt              *time.Time `json:"createdAt,omitempty"`
	UpdatedAt              *time.Time `json:"updatedAt,omitempty"`
	Links                  Links      `json:"_links,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (p *Population) UnmarshalJSON(b []byte) error {
	type plain Population
	return unmarshalKeep(b, (*plain)(p), &p.Extra)
}

// MarshalJSON writes Extra back.
func (p Population) MarshalJSON() ([]byte, error) {
	type plain Population
	return marshalKeep(plain(p), p.Extra)
}

func populationsPath(envID string, more ...string) []string {
	return append([]string{"environments", envID, "populations"}, more...)
}

// List returns one page of populations. Filters: `id eq`, `name eq`, `name sw`.
func (s *PopulationsService) List(ctx context.Context, envID string, opts *ListOptions) (*Page[*Population], error) {
	return listPage[*Population](ctx, s.c, populationsPath(envID), "populations", nil, opts)
}

// All iterates over every population matching opts.
func (s *PopulationsService) All(ctx context.Context, envID string, opts *ListOptions) iter.Seq2[*Population, error] {
	return listAll[*Population](ctx, s.c, populationsPath(envID), "populations", nil, opts)
}

// Get returns one population.
func (s *PopulationsService) Get(ctx context.Context, envID, populationID string) (*Population, error) {
	var p Population
	_, err := s.c.do(ctx, request{method: http.MethodGet, segs: populationsPath(envID, populationID)}, &p)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Create creates a population; Name is required.
func (s *PopulationsService) Create(ctx context.Context, envID string, p *Population) (*Population, error) {
	var out Population
	_, err := s.c.do(ctx, request{method: http.MethodPost, segs: populationsPath(envID), body: p, readOnly: populationReadOnly}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Update replaces a population (PUT): fields left empty are cleared.
func (s *PopulationsService) Update(ctx context.Context, envID, populationID string, p *Population) (*Population, error) {
	var out Population
	_, err := s.c.do(ctx, request{method: http.MethodPut, segs: populationsPath(envID, populationID), body: p, readOnly: populationReadOnly}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes a population. PingOne refuses while it still has users.
func (s *PopulationsService) Delete(ctx context.Context, envID, populationID string) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, segs: populationsPath(envID, populationID)}, nil)
	return err
}
