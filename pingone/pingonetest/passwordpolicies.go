package pingonetest

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

const keyPasswordPolicies = "passwordPolicies"

// The character classes of a policy's minCharacters, as PingOne spells its keys.
var passwordClasses = []string{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789", "~!@#$%^&*()-_=+[]{}|;:,.<>/?"}

// passwordPolicies: names unique per environment (case-insensitive); one
// policy is the environment's default (making another the default unsets
// it, and the default cannot be deleted); populationCount counts the
// populations naming it, and those restrict its delete (declared on them).
// The policy a user's password must satisfy is applied in passwordcheck.go.
var passwordPolicies *resource

func declarePasswordPolicies() *resource {
	return &resource{
		key: keyPasswordPolicies, kind: "password policy", parent: keyEnvironments, name: "name",
		verbs: vCRUD, maxLimit: 1000,
		members: named([]member{
			{path: "default", kind: mBool},
			{path: "excludesCommonlyUsed", kind: mBool, required: true},
			{path: "excludesProfileData", kind: mBool, required: true},
			{path: "notSimilarToCurrent", kind: mBool, required: true},
			{path: "history", kind: mObject},
			{path: "length", kind: mObject},
			{path: "lockout", kind: mObject},
			{path: "minCharacters", kind: mObject},
		}),
		readOnly: withCommon("populationCount"),
		unique:   []unique{{member: "name", foldCase: true}},
		counts:   []count{{member: "populationCount", from: keyPopulations, via: "passwordPolicy.id"}},
		validate: validatePasswordPolicy,
		check:    keepOneDefault("password policy"),
		refuse:   refuseDeleteDefault("password policy"),
	}
}

// validatePasswordPolicy checks the numeric rules the spec gives each
// member (PingOne answers 400 INVALID_VALUE naming the member).
func validatePasswordPolicy(v *validator, body doc) {
	intIn := func(path string, lo, hi int) (int, bool) {
		raw, ok := lookup(body, path)
		if !ok || raw == nil {
			return 0, false
		}
		f, isNum := raw.(float64)
		if !isNum || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
			v.add(detailInvalidValue, path, fmt.Sprintf("%s must be an integer from %d to %d", path, lo, hi))
			return 0, false
		}
		return int(f), true
	}
	intIn("history.count", 1, 100)
	intIn("history.retentionDays", 1, 3650)
	lo, hasLo := intIn("length.min", 8, 32)
	hi, hasHi := intIn("length.max", 1, 255)
	if hasLo && hasHi && hi < lo {
		v.add(detailInvalidValue, "length.max", "length.max must not be less than length.min")
	}
	intIn("lockout.failureCount", 1, 100)
	intIn("lockout.durationSeconds", 1, math.MaxInt32)
	minAge, _ := intIn("minAgeDays", 1, 3650) // 0 when absent
	if maxAge, ok := intIn("maxAgeDays", 1, 3650); ok && maxAge <= minAge+21 {
		v.add(detailInvalidValue, "maxAgeDays", "maxAgeDays must be greater than minAgeDays + 21 (the expiry warning interval)")
	}
	intIn("maxRepeatedCharacters", 1, 255)
	intIn("minUniqueCharacters", 1, 255)
	intIn("minComplexity", 1, math.MaxInt32)
	if mc, ok := body["minCharacters"].(map[string]any); ok {
		for k := range mc {
			if !slices.Contains(passwordClasses, k) {
				v.add(detailInvalidValue, "minCharacters", fmt.Sprintf("minCharacters key %q is not one of %s", k, strings.Join(passwordClasses, ", ")))
				continue
			}
			if f, isNum := mc[k].(float64); !isNum || f != math.Trunc(f) || f < 0 || f > 32 {
				v.add(detailInvalidValue, "minCharacters", fmt.Sprintf("minCharacters[%q] must be an integer from 0 to 32", k))
			}
		}
	}
}

// passwordPolicies seeds the three policies PingOne gives every new
// environment (Standard the default, Basic, Passphrase), makes every
// population of the environment name Standard, and returns their ids.
func (s *seeder) passwordPolicies(envID string) (standard, basic, passphrase string) {
	d := s.st.envData[envID]
	add := func(name, desc string, def bool, rules doc) string {
		id := s.st.ids.uuid()
		now := s.next()
		p := doc{"id": id, "environment": ref(envID), "name": name, "description": desc, "default": def,
			"excludesCommonlyUsed": true, "excludesProfileData": true, "notSimilarToCurrent": true,
			"createdAt": now, "updatedAt": now}
		for k, v := range rules {
			p[k] = v
		}
		d.coll(keyPasswordPolicies).add(p)
		return id
	}
	lockout := func() doc { return doc{"failureCount": float64(5), "durationSeconds": float64(900)} }
	standard = add("Standard", "A standard policy that incorporates industry best practices", true, doc{
		"length":  doc{"min": float64(8), "max": float64(255)},
		"history": doc{"count": float64(6), "retentionDays": float64(365)},
		"lockout": lockout(),
		"minCharacters": doc{passwordClasses[0]: float64(1), passwordClasses[1]: float64(1),
			passwordClasses[2]: float64(1), passwordClasses[3]: float64(1)},
		"maxAgeDays": float64(182), "minAgeDays": float64(1),
		"maxRepeatedCharacters": float64(2), "minUniqueCharacters": float64(5),
	})
	basic = add("Basic", "A basic policy: a length, nothing more", false, doc{
		"length": doc{"min": float64(8), "max": float64(255)}, "lockout": lockout(), "notSimilarToCurrent": false,
	})
	passphrase = add("Passphrase", "A policy that encourages the use of passphrases", false, doc{
		"length": doc{"min": float64(30), "max": float64(255)}, "lockout": lockout(),
		"minUniqueCharacters": float64(5), "history": doc{"count": float64(6), "retentionDays": float64(365)},
	})
	for _, p := range d.coll(keyPopulations).items {
		p["passwordPolicy"] = ref(standard)
	}
	return standard, basic, passphrase
}
