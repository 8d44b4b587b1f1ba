package pingonetest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
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

// get returns the item with id, or nil (also from a nil collection).
func (c *collection) get(id string) doc {
	if c == nil {
		return nil
	}
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

func (c *collection) len() int { return len(c.all()) }

// all returns the items in order (none from a nil collection).
func (c *collection) all() []doc {
	if c == nil {
		return nil
	}
	return c.items
}

// grow makes room for n more items.
func (c *collection) grow(n int) { c.items = slices.Grow(c.items, n) }

// passwordRecord is what the emulator keeps of a user's password: never the value.
type passwordRecord struct {
	salt, hash    string
	forceChange   bool
	lastChangedAt string
	previous      []passwordRecord // the passwords before it, newest first (a policy's history)
	failures      int              // failed sign-ons since the last success (a policy's lockout)
}

func hashPassword(salt, value string) string {
	sum := sha256.Sum256([]byte(salt + "\x00" + value))
	return hex.EncodeToString(sum[:])
}

// envData holds everything that lives inside one environment.
type envData struct {
	// colls are the environment-level collections by resource key; sub the
	// collections below an environment-level object, by resource key and
	// parent id (created on first write).
	colls map[string]*collection
	sub   map[string]map[string]*collection

	passwords    map[string]passwordRecord // user id → password
	secrets      map[string]string         // app id → current secret
	prevSecrets  map[string]doc            // app id → {secret, expiresAt}
	bom          doc
	bulkSequence int
}

func newEnvData() *envData {
	d := &envData{
		colls:       map[string]*collection{},
		sub:         map[string]map[string]*collection{},
		passwords:   map[string]passwordRecord{},
		secrets:     map[string]string{},
		prevSecrets: map[string]doc{},
	}
	for _, r := range registry {
		switch r.level() {
		case 2:
			d.colls[r.key] = newCollection()
		case 3:
			d.sub[r.key] = map[string]*collection{}
		}
	}
	return d
}

// coll returns an environment-level collection.
func (d *envData) coll(key string) *collection { return d.colls[key] }

// below returns the collection of resource key below parent; nil when it
// holds nothing yet, unless create.
func (d *envData) below(key, parent string, create bool) *collection {
	c := d.sub[key][parent]
	if c == nil && create {
		c = newCollection()
		d.sub[key][parent] = c
	}
	return c
}

func (d *envData) defaultPopulation() doc {
	for _, p := range d.coll(keyPopulations).items {
		if b, _ := p["default"].(bool); b {
			return p
		}
	}
	return nil
}

// userByName finds a user by username, case-insensitively.
func (d *envData) userByName(username string) doc {
	for _, u := range d.coll(keyUsers).items {
		if strings.EqualFold(str(u, "username"), username) {
			return u
		}
	}
	return nil
}

// addMember makes a user a direct member of a group.
func (d *envData) addMember(envID, userID, groupID string) doc {
	m := doc{"id": groupID, "environment": ref(envID), "type": "DIRECT"}
	d.below(keyGroupMemberships, userID, true).add(m)
	return m
}

func (d *envData) isMember(userID, groupID string) bool {
	ms := d.below(keyGroupMemberships, userID, false)
	return ms != nil && ms.get(groupID) != nil
}

// groupsOf returns the groups a user is a direct member of, in group order.
func (d *envData) groupsOf(userID string) []doc {
	ms := d.below(keyGroupMemberships, userID, false)
	if ms == nil || ms.len() == 0 {
		return nil
	}
	var out []doc
	for _, g := range d.coll(keyGroups).items {
		if ms.get(g["id"].(string)) != nil {
			out = append(out, g)
		}
	}
	return out
}

// state is the whole tenant. All access goes through Emulator.mu.
type state struct {
	ids      *idGen
	orgs     *collection
	licenses *collection
	colls    map[string]*collection // organisation-level collections by resource key
	envData  map[string]*envData
	tokens   *tokenStore
}

func newState() *state {
	st := &state{
		ids:      newIDGen(),
		orgs:     newCollection(),
		licenses: newCollection(),
		colls:    map[string]*collection{},
		envData:  map[string]*envData{},
		tokens:   newTokenStore(),
	}
	for _, r := range registry {
		if r.level() == 1 {
			st.colls[r.key] = newCollection()
		}
	}
	return st
}

func (st *state) envs() *collection { return st.colls[keyEnvironments] }

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
