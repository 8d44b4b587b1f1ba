package pingone

// PasswordPoliciesService manages password policies:
// /environments/{envID}/passwordPolicies. A population names the policy its
// users' passwords must satisfy; the environment's default policy applies
// to a population that names none. PingOne refuses to delete a policy a
// population still uses.
type PasswordPoliciesService struct{ EnvCollection[PasswordPolicy] }

var passwordPoliciesResource = Resource{Path: "passwordPolicies", Key: "passwordPolicies",
	ReadOnly: []string{"_links", "createdAt", "environment", "id", "populationCount", "updatedAt"}}

// PasswordPolicy says what a password must be (length, character classes,
// history) and what repeated failed sign-ons do (lockout). Name,
// ExcludesCommonlyUsed, ExcludesProfileData and NotSimilarToCurrent are
// required; a member left out is not enforced.
type PasswordPolicy struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Default is true for the policy of the populations that name none;
	// making one policy the default unsets the others.
	Default              *bool `json:"default,omitempty"`
	ExcludesCommonlyUsed bool  `json:"excludesCommonlyUsed"`
	ExcludesProfileData  bool  `json:"excludesProfileData"`
	NotSimilarToCurrent  bool  `json:"notSimilarToCurrent"`
	// History forbids reusing the last Count passwords.
	History *PasswordHistory `json:"history,omitempty"`
	Length  *PasswordLength  `json:"length,omitempty"`
	// Lockout locks the account after FailureCount failed sign-ons.
	Lockout *PasswordLockout `json:"lockout,omitempty"`
	// MinCharacters maps a character class (PasswordClassUpper, …) to how
	// many of its characters a password needs.
	MinCharacters         map[string]int `json:"minCharacters,omitempty"`
	MaxAgeDays            *int           `json:"maxAgeDays,omitempty"`
	MinAgeDays            *int           `json:"minAgeDays,omitempty"`
	MaxRepeatedCharacters *int           `json:"maxRepeatedCharacters,omitempty"`
	MinUniqueCharacters   *int           `json:"minUniqueCharacters,omitempty"`
	MinComplexity         *int           `json:"minComplexity,omitempty"`
	PopulationCount       *int           `json:"populationCount,omitempty"`
	// Extra keeps members this type does not name (the sequence rules), so
	// an update does not drop them.
	Extra Extra `json:"-"`
}

// The character classes of PasswordPolicy.MinCharacters, as PingOne spells
// its keys.
const (
	PasswordClassUpper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	PasswordClassLower   = "abcdefghijklmnopqrstuvwxyz"
	PasswordClassDigits  = "0123456789"
	PasswordClassSpecial = "~!@#$%^&*()-_=+[]{}|;:,.<>/?"
)

// PasswordHistory keeps prior passwords so they are not reused.
type PasswordHistory struct {
	Count         *int `json:"count,omitempty"`
	RetentionDays *int `json:"retentionDays,omitempty"`
}

// PasswordLength bounds a password's length (Min 8 to 32; Max up to 255).
type PasswordLength struct {
	Min *int `json:"min,omitempty"`
	Max *int `json:"max,omitempty"`
}

// PasswordLockout locks an account after FailureCount failed sign-ons, for
// DurationSeconds.
type PasswordLockout struct {
	FailureCount    *int `json:"failureCount,omitempty"`
	DurationSeconds *int `json:"durationSeconds,omitempty"`
}
