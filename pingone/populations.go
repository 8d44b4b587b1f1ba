package pingone

// PopulationsService manages populations: /environments/{envID}/populations.
// List filters on `id eq`, `name eq` and `name sw`; PingOne refuses to
// delete a population that still has users.
type PopulationsService struct{ EnvCollection[Population] }

var populationsResource = Resource{Path: "populations", Key: "populations",
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
