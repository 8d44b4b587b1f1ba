package pingonetest

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// passwordHistoryKept is how many earlier passwords the emulator keeps per
// user, enough for any history.count a test sets.
const passwordHistoryKept = 24

// msgPasswordPolicy is PingOne's detail message for a password its policy refuses.
const msgPasswordPolicy = "User password did not satisfy password policy requirements"

// commonPasswords stand for PingOne's list of commonly used passwords
// (excludesCommonlyUsed), compared case-insensitively.
var commonPasswords = []string{
	"password", "password1", "password1!", "password123", "passw0rd", "p@ssw0rd", "p@ssword1", "123456", "12345678", "123456789",
	"qwerty", "qwerty123", "qwertyuiop", "letmein", "welcome", "welcome1", "welcome1!", "admin", "admin123", "iloveyou",
	"monkey", "dragon", "sunshine", "princess", "football", "baseball", "abc123", "111111", "changeme", "secret",
}

// policyFor is the password policy a user's password must satisfy: the
// one its population names, else the environment's default; nil when the
// environment has none.
func (d *envData) policyFor(u doc) doc {
	if p := d.coll(keyPopulations).get(str(u, "population.id")); p != nil {
		if pp := d.coll(keyPasswordPolicies).get(str(p, "passwordPolicy.id")); pp != nil {
			return pp
		}
	}
	for _, pp := range d.coll(keyPasswordPolicies).items {
		if pp["default"] == true {
			return pp
		}
	}
	return nil
}

// checkPassword refuses a password for user u that breaks its policy, as
// PingOne does: 400 INVALID_DATA with one INVALID_VALUE detail at target
// whose innerError names each requirement that failed. Without a policy
// the password needs minPasswordLen characters.
func (d *envData) checkPassword(u doc, value, target string) *apiError {
	failed := map[string]any{}
	p := d.policyFor(u)
	if p == nil {
		p = doc{"length": doc{"min": float64(minPasswordLen)}}
	}
	num := func(path string) int {
		f, _ := lookup(p, path)
		n, _ := f.(float64)
		return int(n)
	}
	n := utf8.RuneCountInString(value)
	if lo, hi := num("length.min"), num("length.max"); n < lo || hi > 0 && n > hi {
		failed["length"] = fmt.Sprintf("The password must be %d to %d characters long; it has %d.", lo, max(hi, lo), n)
		if hi == 0 {
			failed["length"] = fmt.Sprintf("The password must be at least %d characters long; it has %d.", lo, n)
		}
	}
	if mc, ok := p["minCharacters"].(map[string]any); ok {
		var missing []string
		for _, class := range passwordClasses {
			want, _ := mc[class].(float64)
			have := 0
			for _, r := range value {
				if strings.ContainsRune(class, r) {
					have++
				}
			}
			if have < int(want) {
				missing = append(missing, fmt.Sprintf("%d of %s", int(want), class))
			}
		}
		if len(missing) > 0 {
			failed["minCharacters"] = "The password needs at least " + strings.Join(missing, ", and ") + "."
		}
	}
	if limit := num("maxRepeatedCharacters"); limit > 0 && longestRun(value) > limit {
		failed["maxRepeatedCharacters"] = fmt.Sprintf("The password repeats a character more than %d times in a row.", limit)
	}
	if limit := num("minUniqueCharacters"); limit > 0 {
		seen := map[rune]bool{}
		for _, r := range value {
			seen[r] = true
		}
		if len(seen) < limit {
			failed["minUniqueCharacters"] = fmt.Sprintf("The password needs at least %d different characters; it has %d.", limit, len(seen))
		}
	}
	if p["excludesCommonlyUsed"] == true && slices.Contains(commonPasswords, strings.ToLower(value)) {
		failed["excludesCommonlyUsed"] = "The password is a commonly used password."
	}
	if p["excludesProfileData"] == true {
		for _, attr := range []string{"username", "email", "name.given", "name.family", "name.formatted", "nickname", "mobilePhone", "primaryPhone", "externalId"} {
			if s := str(u, attr); s != "" && strings.EqualFold(s, value) {
				failed["excludesProfileData"] = "The password is the value of the user's " + attr + "."
				break
			}
		}
	}
	if count := num("history.count"); count > 0 {
		if id, _ := u["id"].(string); id != "" {
			if cur, ok := d.passwords[id]; ok {
				recent := append([]passwordRecord{cur}, cur.previous...)
				for _, old := range recent[:min(count, len(recent))] {
					if hashPassword(old.salt, value) == old.hash {
						failed["history"] = fmt.Sprintf("The password is one of the user's last %d passwords.", count)
						break
					}
				}
			}
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return invalidData(errDetail{Code: detailInvalidValue, Target: target, Message: msgPasswordPolicy, InnerError: failed})
}

// longestRun is the length of the longest run of one repeated character.
func longestRun(s string) int {
	best, run := 0, 0
	var prev rune = -1
	for _, r := range s {
		if r == prev {
			run++
		} else {
			run = 1
		}
		prev = r
		best = max(best, run)
	}
	return best
}

// setPassword stores a user's new password, keeping the ones before it for
// the policies' history.
func (d *envData) setPassword(userID string, rec passwordRecord) {
	if old, ok := d.passwords[userID]; ok {
		prev := old.previous
		old.previous = nil
		rec.previous = append([]passwordRecord{old}, prev...)
		if len(rec.previous) > passwordHistoryKept {
			rec.previous = rec.previous[:passwordHistoryKept]
		}
	}
	d.passwords[userID] = rec
}
