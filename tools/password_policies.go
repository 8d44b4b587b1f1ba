package tools

import (
	"encoding/json"
	"time"

	"github.com/p1kit/p1kit/pingone"
)

// PasswordPolicySummary is one row of list_password_policies.
type PasswordPolicySummary struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Default         bool       `json:"default"`
	MinLength       *int       `json:"minLength,omitempty"`
	PopulationCount *int       `json:"populationCount,omitempty"`
	CreatedAt       *time.Time `json:"createdAt,omitempty"`
}

// passwordPolicyFields are the settable fields of a password policy.
type passwordPolicyFields struct {
	Name                  string             `json:"name" jsonschema:"Password policy name, unique in the environment."`
	Description           *string            `json:"description,omitempty" jsonschema:"Description."`
	Default               *bool              `json:"default,omitempty" jsonschema:"Make this the environment's default policy (used by populations that name none); the previous default stops being one."`
	ExcludesCommonlyUsed  bool               `json:"excludesCommonlyUsed" jsonschema:"Refuse commonly used passwords."`
	ExcludesProfileData   bool               `json:"excludesProfileData" jsonschema:"Refuse a password equal to one of the user's profile values (username, email, name, phone)."`
	NotSimilarToCurrent   bool               `json:"notSimilarToCurrent" jsonschema:"Refuse a new password too similar to the current one (checked when the user gives both)."`
	Length                *passwordLengthIn  `json:"length,omitempty" jsonschema:"Length bounds {\"min\": 8 to 32, \"max\": up to 255}."`
	MinCharacters         *minCharactersIn   `json:"minCharacters,omitempty" jsonschema:"How many characters of each class a password needs, e.g. {\"upper\": 1, \"digits\": 1}."`
	History               *passwordHistoryIn `json:"history,omitempty" jsonschema:"Refuse reuse of prior passwords {\"count\": how many, \"retentionDays\": for how long}."`
	Lockout               *passwordLockoutIn `json:"lockout,omitempty" jsonschema:"Lock the account after repeated failed sign-ons {\"failureCount\", \"durationSeconds\"}."`
	MaxAgeDays            *int               `json:"maxAgeDays,omitempty" jsonschema:"Days before a password must be changed; more than minAgeDays + 21."`
	MinAgeDays            *int               `json:"minAgeDays,omitempty" jsonschema:"Days a password must be kept before it can be changed."`
	MaxRepeatedCharacters *int               `json:"maxRepeatedCharacters,omitempty" jsonschema:"Most times one character may repeat in a row."`
	MinUniqueCharacters   *int               `json:"minUniqueCharacters,omitempty" jsonschema:"Fewest different characters a password needs."`
}

// minCharactersIn names PingOne's character classes so that every client
// accepts the argument (PingOne keys minCharacters by the classes' own
// characters, which some tool schemas refuse as property names); it is
// sent with PingOne's keys.
type minCharactersIn struct {
	Upper   *int `json:"upper,omitempty" jsonschema:"Upper-case letters A to Z."`
	Lower   *int `json:"lower,omitempty" jsonschema:"Lower-case letters a to z."`
	Digits  *int `json:"digits,omitempty" jsonschema:"Digits 0 to 9."`
	Special *int `json:"special,omitempty" jsonschema:"Special characters of ~!@#$%^&*()-_=+[]{}|;:,.<>/?"`
}

// MarshalJSON writes the classes with PingOne's keys.
func (m minCharactersIn) MarshalJSON() ([]byte, error) {
	out := map[string]int{}
	for class, n := range map[string]*int{pingone.PasswordClassUpper: m.Upper, pingone.PasswordClassLower: m.Lower,
		pingone.PasswordClassDigits: m.Digits, pingone.PasswordClassSpecial: m.Special} {
		if n != nil {
			out[class] = *n
		}
	}
	return json.Marshal(out)
}

type passwordLengthIn struct {
	Min *int `json:"min,omitempty" jsonschema:"Minimum length, 8 to 32."`
	Max *int `json:"max,omitempty" jsonschema:"Maximum length, up to 255."`
}

type passwordHistoryIn struct {
	Count         *int `json:"count,omitempty" jsonschema:"How many prior passwords cannot be reused."`
	RetentionDays *int `json:"retentionDays,omitempty" jsonschema:"How many days prior passwords are kept."`
}

type passwordLockoutIn struct {
	FailureCount    *int `json:"failureCount,omitempty" jsonschema:"Failed sign-ons in a row that lock the account."`
	DurationSeconds *int `json:"durationSeconds,omitempty" jsonschema:"Seconds the account stays locked."`
}

var passwordPolicies = Family[pingone.PasswordPolicy, PasswordPolicySummary, passwordPolicyFields]{
	Noun: "password_policy", Collection: "password_policies",
	Client: func(c *pingone.Client) EnvResource[pingone.PasswordPolicy] { return c.PasswordPolicies },
	Summary: func(p *pingone.PasswordPolicy) PasswordPolicySummary {
		s := PasswordPolicySummary{ID: p.ID, Name: p.Name, Default: p.Default != nil && *p.Default, PopulationCount: p.PopulationCount, CreatedAt: p.CreatedAt}
		if p.Length != nil {
			s.MinLength = p.Length.Min
		}
		return s
	},
	Name: func(p *pingone.PasswordPolicy) string { return p.Name },
	Descriptions: Descriptions{
		List: "Lists the password policies of an environment (id, name, default, minLength, populationCount, createdAt). " +
			"A population names its policy (get_population's passwordPolicy.id); the default policy applies to populations that name none.",
		Get: "Returns one password policy in full: length, character classes (minCharacters), history, lockout, age limits.",
		Create: "Creates a password policy. name must be unique in the environment; excludesCommonlyUsed, excludesProfileData and notSimilarToCurrent are required. " +
			"Assign it with update_population (passwordPolicy {\"id\": …}).",
		Update: "Updates a password policy. New rules apply to passwords set from now on.",
		Delete: "Deletes a password policy. PingOne refuses while a population names it (give those populations another policy first) and for the default policy.",
	},
}

func passwordPolicyTools() []*Tool { return passwordPolicies.Tools() }
