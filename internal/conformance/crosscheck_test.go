package conformance_test

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// The three layers declare their families separately, so that the emulator
// checks the client instead of sharing its mistakes. This test holds the
// declarations together: every client resource has an emulator resource
// and a tools family with the same key and parent, the client and the
// emulator agree on what is read-only, and no tool lets a model set a
// read-only member. (The client's read-only sets are held to the OpenAPI
// files' readOnly flags in pingone's TestReadOnlyMatchesSpec.)

// asymmetry is a place where the layers knowingly differ, with the reason.
// The test fails when one is no longer needed, so the list stays true.
type asymmetry struct{ key, what, why string }

var asymmetries = []asymmetry{
	{"certificates", "read-only: emulator updatedAt, client ",
		"the emulator stamps updatedAt on a certificate it stores; the spec's Certificate names no updatedAt, so the client declares none"},
	{"actions", "read-only: emulator signOnPolicy, client ",
		"the spec does not flag an action's signOnPolicy; the emulator sets it from the path, so the reference sent back is ignored"},
	{"billOfMaterials", "no emulator resource",
		"a singleton below an environment; the emulator serves GET and PUT …/billOfMaterials by hand (environments.go)"},
	{"groupNestings", "no client resource",
		"the client serves a group's nestings through GroupsService's nesting methods, as it serves a user's memberships"},
	{"groupMemberships", "no client resource",
		"the client serves a user's memberships through UsersService.ListGroups, AddToGroup and RemoveFromGroup, not a declared collection"},
	{"sessions", "no client resource",
		"the client serves a user's sessions through UsersService.ListSessions and DeleteSession (offboard_user ends them); the spec gives them no schema"},
	{"populations", "read-only: emulator defaultIdentityProvider, client ",
		"the spec's Population names no defaultIdentityProvider; the emulator shows it on the population and sets it only through " +
			"…/defaultIdentityProvider (Populations.SetDefaultIdentityProvider), so a population PUT leaves it as it is"},
	{"users", "read-only: emulator account, client account.lockedAt account.secondsUntilUnlock",
		"the emulator ignores the whole account member on POST and PUT (the lock state changes only through its own verbs); " +
			"the client drops only the members the spec flags, and PATCHes account.canAuthenticate"},
}

// halEnvelope is left out of the read-only comparison: the emulator drops
// _embedded from every body, the client where the spec lists it.
var halEnvelope = []string{"_embedded"}

func TestDeclarationsAgree(t *testing.T) {
	t.Parallel()
	client, err := pingone.NewClient(pingone.WithBaseURL("http://127.0.0.1:1/v1"))
	require.NoError(t, err)
	// A resource is known by where it lives (its parent and path): two
	// resources may share a HAL key (a user's and a group's role
	// assignments). The emulator's keys are unique; they name the resource.
	clientRes := map[string]pingone.Resource{}
	for _, r := range client.Resources() {
		clientRes[clientParent(r)+"/"+r.Path] = r
	}
	emuRes := map[string]pingonetest.ResourceInfo{}
	for _, r := range pingonetest.Resources() {
		emuRes[r.Parent+"/"+r.Path] = r
	}
	families := map[string]tools.FamilyInfo{}
	for _, f := range tools.Families() {
		_, dup := families[f.Key]
		require.False(t, dup, "tools declare %s twice", f.Key)
		families[f.Key] = f
	}
	reg := tools.NewRegistry(tools.All()...)

	used := map[asymmetry]bool{}
	known := func(key, what string) bool {
		for _, a := range asymmetries {
			if a.key == key && a.what == what {
				used[a] = true
				return true
			}
		}
		return false
	}

	keys := map[string]bool{}
	for k := range clientRes {
		keys[k] = true
	}
	for k := range emuRes {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)

	for _, where := range sorted {
		c, inClient := clientRes[where]
		e, inEmu := emuRes[where]
		key := e.Key
		if !inEmu {
			key = c.Key
		}
		switch {
		case !inClient && !known(key, "no client resource"):
			t.Errorf("%s: the emulator declares it, the client does not", key)
		case !inEmu && !known(key, "no emulator resource"):
			t.Errorf("%s: the client declares it, the emulator does not", key)
		}

		fam, inTools := families[key]
		if assert.True(t, inTools, "%s: no tools family serves it (declare a Family, or list its hand-written tools)", key) {
			for _, name := range fam.Tools {
				_, ok := reg.Get(name)
				assert.True(t, ok, "%s: tools family names %s, which is not a tool", key, name)
			}
			assert.NotEmpty(t, fam.Tools, "%s: a family with no tools", key)
		}

		if !inClient || !inEmu {
			continue
		}
		assert.Equal(t, c.Key, halKey(e), "%s: HAL key", key)
		// A create whose answer is lost is looked up by the client's unique
		// member: the emulator must hold it unique too.
		if c.Unique != "" {
			assert.Contains(t, e.Unique, c.Unique, "%s: the client looks lost creates up by %s, which the emulator does not hold unique", key, c.Unique)
		}

		cro, ero := without(c.ReadOnly, halEnvelope), without(e.ReadOnly, halEnvelope)
		if !slices.Equal(cro, ero) {
			what := "read-only: emulator " + strings.Join(minus(ero, cro), " ") + ", client " + strings.Join(minus(cro, ero), " ")
			if !known(key, what) {
				t.Errorf("%s: client and emulator disagree on the read-only members: %s\n  client:   %v\n  emulator: %v", key, what, cro, ero)
			}
		}
		if inTools {
			for _, m := range fam.Settable {
				assert.False(t, covers(c.ReadOnly, m), "%s: the tools let a model set %s, which is read-only", key, m)
				assert.False(t, covers(e.ReadOnly, m), "%s: the tools let a model set %s, which the emulator ignores", key, m)
			}
		}
	}
	for _, a := range asymmetries {
		assert.True(t, used[a], "stale asymmetry %s (%s): the layers agree now, remove it", a.key, a.what)
	}
	served := map[string]bool{}
	for _, r := range clientRes {
		served[r.Key] = true
	}
	for _, r := range emuRes {
		served[r.Key] = true
	}
	for key := range families {
		assert.True(t, served[key], "tools family %s serves no declared resource", key)
	}
}

// clientParent is the client's parent in the emulator's terms: "" below an
// environment, "organization" at organisation level, else the parent's key.
func clientParent(r pingone.Resource) string {
	if r.Organization {
		return "organization"
	}
	return r.Parent
}

// halKey is the key an emulator resource's items sit under in _embedded.
func halKey(e pingonetest.ResourceInfo) string {
	if e.HAL != "" {
		return e.HAL
	}
	return e.Key
}

func without(list, drop []string) []string {
	out := slices.DeleteFunc(slices.Clone(list), func(s string) bool { return slices.Contains(drop, s) })
	slices.Sort(out)
	return out
}

func minus(a, b []string) []string {
	return slices.DeleteFunc(slices.Clone(a), func(s string) bool { return slices.Contains(b, s) })
}

// covers reports whether a read-only list holds member or a member above it.
func covers(readOnly []string, member string) bool {
	for _, r := range readOnly {
		if r == member || strings.HasPrefix(member, r+".") {
			return true
		}
	}
	return false
}
