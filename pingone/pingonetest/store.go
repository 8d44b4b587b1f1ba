package pingonetest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// doc is a stored resource: a JSON object as decoded by encoding/json
// (map[string]any, []any, string, float64, bool, nil).
type doc = map[string]any

// idGen produces deterministic, version-4-shaped UUIDs and secrets from a
// fixed seed, so the demo tenant has the same IDs on every run.
type idGen struct{ r *rand.Rand }

func newIDGen() *idGen {
	return &idGen{r: rand.New(rand.NewPCG(0x5049_4e47_4f4e_4531, 0x7031_6b69_7421))}
}

func (g *idGen) uuid() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := g.r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// secret returns a 64-character URL-safe secret.
func (g *idGen) secret() string {
	b := make([]byte, 48)
	for i := 0; i < len(b); i += 8 {
		v := g.r.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// collection is an insertion-ordered set of docs indexed by id.
type collection struct {
	items []doc
	index map[string]int
}

func newCollection() *collection { return &collection{index: map[string]int{}} }

func (c *collection) add(d doc) {
	c.index[d["id"].(string)] = len(c.items)
	c.items = append(c.items, d)
}

func (c *collection) get(id string) doc {
	if i, ok := c.index[id]; ok {
		return c.items[i]
	}
	return nil
}

func (c *collection) put(d doc) {
	id := d["id"].(string)
	if i, ok := c.index[id]; ok {
		c.items[i] = d
		return
	}
	c.add(d)
}

func (c *collection) remove(id string) bool {
	i, ok := c.index[id]
	if !ok {
		return false
	}
	copy(c.items[i:], c.items[i+1:])
	c.items[len(c.items)-1] = nil
	c.items = c.items[:len(c.items)-1]
	delete(c.index, id)
	for j := i; j < len(c.items); j++ {
		c.index[c.items[j]["id"].(string)] = j
	}
	return true
}

func (c *collection) len() int { return len(c.items) }

// passwordRecord is what the emulator keeps of a user's password: never the value.
type passwordRecord struct {
	salt, hash    string
	forceChange   bool
	lastChangedAt string
}

func hashPassword(salt, value string) string {
	sum := sha256.Sum256([]byte(salt + "\x00" + value))
	return hex.EncodeToString(sum[:])
}

// envData holds everything that lives inside one environment.
type envData struct {
	populations *collection
	users       *collection
	groups      *collection
	apps        *collection

	usernames   map[string]string              // lower(username) → user id
	userGroups  map[string]map[string]struct{} // user id → group ids
	groupUsers  map[string]map[string]struct{} // group id → user ids
	passwords   map[string]passwordRecord      // user id → password
	secrets     map[string]string              // app id → current secret
	prevSecrets map[string]doc                 // app id → {secret, expiresAt}
	// roleAssignments and devices hang off users: user id → its items.
	roleAssignments map[string]*collection
	devices         map[string]*collection
	bom             doc
	bulkSequence    int
}

func newEnvData() *envData {
	return &envData{
		populations: newCollection(),
		users:       newCollection(),
		groups:      newCollection(),
		apps:        newCollection(),
		usernames:   map[string]string{},
		userGroups:  map[string]map[string]struct{}{},
		groupUsers:  map[string]map[string]struct{}{},
		passwords:   map[string]passwordRecord{},
		secrets:     map[string]string{},
		prevSecrets: map[string]doc{},

		roleAssignments: map[string]*collection{},
		devices:         map[string]*collection{},
	}
}

func (d *envData) defaultPopulation() doc {
	for _, p := range d.populations.items {
		if b, _ := p["default"].(bool); b {
			return p
		}
	}
	return nil
}

func (d *envData) addMember(userID, groupID string) {
	if d.userGroups[userID] == nil {
		d.userGroups[userID] = map[string]struct{}{}
	}
	if d.groupUsers[groupID] == nil {
		d.groupUsers[groupID] = map[string]struct{}{}
	}
	d.userGroups[userID][groupID] = struct{}{}
	d.groupUsers[groupID][userID] = struct{}{}
}

func (d *envData) removeMember(userID, groupID string) {
	delete(d.userGroups[userID], groupID)
	delete(d.groupUsers[groupID], userID)
}

func (d *envData) isMember(userID, groupID string) bool {
	_, ok := d.userGroups[userID][groupID]
	return ok
}

// groupsOf returns the groups a user is a direct member of, in group order.
func (d *envData) groupsOf(userID string) []doc {
	set := d.userGroups[userID]
	if len(set) == 0 {
		return nil
	}
	out := make([]doc, 0, len(set))
	for _, g := range d.groups.items {
		if _, ok := set[g["id"].(string)]; ok {
			out = append(out, g)
		}
	}
	return out
}

func (d *envData) userCount(populationID string) int {
	n := 0
	for _, u := range d.users.items {
		if str(u, "population.id") == populationID {
			n++
		}
	}
	return n
}

// state is the whole tenant. All access goes through Emulator.mu.
type state struct {
	ids      *idGen
	orgs     *collection
	licenses *collection
	envs     *collection
	envData  map[string]*envData
	tokens   *tokenStore
	roles    *collection // the system roles, organisation-wide
}

func newState() *state {
	return &state{
		ids:      newIDGen(),
		orgs:     newCollection(),
		licenses: newCollection(),
		envs:     newCollection(),
		envData:  map[string]*envData{},
		tokens:   newTokenStore(),
		roles:    newCollection(),
	}
}

// ---- JSON document helpers ----

// timeFormat is PingOne's timestamp format: RFC 3339, milliseconds, Z.
const timeFormat = "2006-01-02T15:04:05.000Z"

func ts(t time.Time) string { return t.UTC().Format(timeFormat) }

// deepCopy copies a JSON value.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, vv := range x {
			m[k] = deepCopy(vv)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, vv := range x {
			s[i] = deepCopy(vv)
		}
		return s
	case []string:
		s := make([]any, len(x))
		for i, vv := range x {
			s[i] = vv
		}
		return s
	default:
		return v
	}
}

func copyDoc(d doc) doc {
	if d == nil {
		return nil
	}
	return deepCopy(d).(doc)
}

// lookup returns the value at a dotted path.
func lookup(d doc, path string) (any, bool) {
	var cur any = d
	for part := range strings.SplitSeq(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = m[part]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// str returns the string at a dotted path, or "".
func str(d doc, path string) string {
	v, _ := lookup(d, path)
	s, _ := v.(string)
	return s
}

func ref(id string) doc { return doc{"id": id} }

// mergePatch applies an RFC 7396 JSON merge patch to dst in place.
func mergePatch(dst, patch doc) {
	for k, v := range patch {
		if v == nil {
			delete(dst, k)
			continue
		}
		if pm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergePatch(dm, pm)
				continue
			}
			nm := doc{}
			mergePatch(nm, pm)
			dst[k] = nm
			continue
		}
		dst[k] = deepCopy(v)
	}
}

func lower(s string) string { return strings.ToLower(s) }
