package pingonetest

import (
	"fmt"
)

var (
	bulkGiven  = []string{"Alex", "Bea", "Chidi", "Dana", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemal", "Lina", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tala"}
	bulkFamily = []string{"Adeyemi", "Berg", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ito", "Jensen", "Kowalski", "López", "Müller", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Singh", "Tanaka"}
)

// AddUsers adds n generated users to a population of an environment, quickly
// (for benchmarks and paging tests: 10,000 users take well under 100 ms).
// Usernames are bulk.user.<n>; every fifth user is disabled and every third
// has mfaEnabled.
func (e *Emulator) AddUsers(envID, populationID string, n int) error {
	if n < 0 {
		return fmt.Errorf("pingonetest: AddUsers: negative count %d", n)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.st.envData[envID]
	if d == nil {
		return fmt.Errorf("pingonetest: AddUsers: no environment %s", envID)
	}
	if d.coll(keyPopulations).get(populationID) == nil {
		return fmt.Errorf("pingonetest: AddUsers: no population %s in environment %s", populationID, envID)
	}
	now := ts(e.now())
	users := d.coll(keyUsers)
	users.grow(n)
	taken := make(map[string]bool, users.len())
	for _, u := range users.items {
		taken[lower(str(u, "username"))] = true
	}
	for range n {
		var username string
		for {
			d.bulkSequence++
			username = fmt.Sprintf("bulk.user.%d", d.bulkSequence)
			if !taken[username] {
				break
			}
		}
		k := d.bulkSequence
		given, family := bulkGiven[k%len(bulkGiven)], bulkFamily[(k/len(bulkGiven))%len(bulkFamily)]
		id := e.st.ids.uuid()
		users.add(doc{
			"id": id, "environment": ref(envID), "population": ref(populationID),
			"username": username, "email": username + "@example.com", "emailVerified": true,
			"name":    doc{"given": given, "family": family, "formatted": given + " " + family},
			"enabled": k%5 != 0, "mfaEnabled": k%3 == 0, "verifyStatus": "NOT_INITIATED",
			"account":          doc{"canAuthenticate": true, "status": "OK"},
			"lifecycle":        doc{"status": "ACCOUNT_OK"},
			"identityProvider": doc{"type": "PING_ONE"},
			"createdAt":        now, "updatedAt": now,
		})
	}
	return nil
}
