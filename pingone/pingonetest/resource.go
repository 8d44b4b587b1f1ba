package pingonetest

import (
	"slices"
	"strings"
	"sync"
)

// Resource keys: the HAL key under _embedded, which is also the path segment
// (but for groupMemberships, served at users/{id}/memberOfGroups).
const (
	keyEnvironments     = "environments"
	keyPopulations      = "populations"
	keyUsers            = "users"
	keyGroups           = "groups"
	keyApplications     = "applications"
	keyRoles            = "roles"
	keyRoleAssignments  = "roleAssignments"
	keyDevices          = "devices"
	keyGroupMemberships = "groupMemberships"
	keyGroupNestings    = "groupNestings"
	// keyGroupRoleAssignments are served at groups/{id}/roleAssignments,
	// under the HAL key roleAssignments.
	keyGroupRoleAssignments = "groupRoleAssignments"
	keySessions             = "sessions"
)

// organization is the Parent of an organisation-level resource in [ResourceInfo].
const organization = "organization"

// resource declares one collection the emulator serves: where it lives, what
// a body may hold, what is unique in it, what its objects point at and what
// becomes of them when that goes away. One generic store and router
// (serve.go, references.go) serve every declaration; what a family needs
// beyond that is a hook, or a handler written by hand beside the declaration
// when it would need more than two hooks.
type resource struct {
	key  string // HAL key and path segment
	path string // path segment when it is not key
	hal  string // HAL key when it is not key (two collections share one: groupMemberships)
	kind string // singular noun for messages and for the link to a parent ("population")
	// parent is the key of the resource the collection lives below:
	// keyEnvironments for an environment-level collection, keyUsers for one
	// below a user, "" at organisation level.
	parent string
	// name is the member that names an object in messages ("" = its id).
	name string

	verbs    verb        // what the generic router serves
	filter   *filterSpec // SCIM filter attributes and operators; nil = no filter
	maxLimit int         // largest limit; 0 = one page, no limit, cursor or filter (the specs declare none)

	members  []member           // what a create or replace body may hold, checked in order
	readOnly []string           // members the emulator sets itself: dropped from a body, kept across a replace
	unique   []unique           // members unique within one collection
	refs     []reference        // members holding the id of another object (the parent link is implied)
	counts   []count            // computed members: how many objects point at this one
	links    []string           // sub-resources every item links to (users/{id}/password)
	order    func(a, b doc) int // the order lists are served in; nil = the order of creation

	// Hand-written handlers, used instead of the generic ones for a verb.
	list, create, replace, patch placeHandler
	// action serves a POST to one object: PingOne's verbs chosen by the
	// request's Content-Type (a user's account lock and unlock).
	action placeHandler
	// sub holds hand-written routes below one item, by the path below it
	// (users/{id}/password, environments/{id}/metrics/activeIdentityCounts).
	sub map[string]placeHandler
	// act serves a POST on one item: an action named by its content type
	// (activate a device); clear a DELETE on the collection itself (drop a
	// user's device order). Both hand-written; nil = not served.
	act, clear placeHandler

	// Hooks, all optional.
	validate func(v *validator, body doc)                   // body rules beyond members, before the lock; may fill defaults
	check    func(w *write) *apiError                       // under the lock, after 404, uniqueness and references; may amend the body, and the store when it returns nil
	render   func(l *loc, src, out doc)                     // members and links beyond the declared ones
	attr     func(l *loc, src doc, path string) (any, bool) // filter attributes that are not stored members
	refuse   func(l *loc, d doc) *apiError                  // delete refusals beyond references
	forget   func(st *state, envID string, d doc)           // drop what a deleted object owns in the special stores
}

// placeHandler serves a request for object id (or the collection, for a
// create) of a collection at a place.
type placeHandler func(e *Emulator, c *rctx, at place, id string) result

// verb is a set of operations a collection serves.
type verb uint8

const (
	vList    verb = 1 << iota // GET collection
	vGet                      // GET item
	vCreate                   // POST collection
	vReplace                  // PUT item (full replace)
	vPatch                    // PATCH item (hand-written only)
	vDelete                   // DELETE item
	vQuery                    // POST collection as a query with its filter in the body (hand-written list only)

	vRead = vList | vGet
	vCRUD = vRead | vCreate | vReplace | vDelete
)

// memberKind is the JSON type a declared member must have.
type memberKind int

const (
	mString  memberKind = iota
	mBool               // true or false
	mRef                // an object {id: "…"}
	mStrings            // an array of strings
	mObject             // any object
	mInt                // a whole number
)

// member is one member a body may hold.
type member struct {
	path     string // dotted for a nested member; its parent is declared first
	kind     memberKind
	required bool
	enum     []string // allowed values of a string (or of each string of an array)
}

// named are the members of an object PingOne names: a required name and an
// optional description, then more.
func named(more []member) []member {
	return append([]member{{path: "name", kind: mString, required: true}, {path: "description", kind: mString}}, more...)
}

// unique says that no two objects of one collection share a member's value
// (an absent or empty value is not compared).
type unique struct {
	member   string
	foldCase bool // compared case-insensitively
}

// deleteRule is what the delete of a referenced object does to its referrers.
type deleteRule int

const (
	restrict deleteRule = iota // the delete is refused while a referrer exists
	cascade                    // the referrers are deleted with it
)

func (d deleteRule) String() string {
	if d == cascade {
		return "cascade"
	}
	return "restrict"
}

// reference says that a member holds the id of an object of another
// resource. It is checked on write (the object must exist) and consulted on
// every delete of such an object.
type reference struct {
	member string // dotted path of the id; "" for the parent link (the object lives below its target)
	// when and is restrict the reference to objects whose member when has
	// the value is (scope.id names a population where scope.type is POPULATION).
	when, is string
	target   string // key of the referenced resource
	// or is a second resource the id may name instead of target (a role
	// assignment's role is a system role or a custom role of its
	// environment); "" = none. The delete rule holds for both.
	or       string
	onDelete deleteRule
	anyEnv   bool   // the target may live in any environment of the organisation
	link     string // name of the HAL link rendered to the target; "" = none
}

func (ref reference) applies(d doc) bool { return ref.when == "" || str(d, ref.when) == ref.is }

// targets splits a reference with an alternative target into one
// reference per target.
func (ref reference) targets() []reference {
	if ref.or == "" {
		return []reference{ref}
	}
	alt := ref
	alt.target, alt.or = ref.or, ""
	ref.or = ""
	return []reference{ref, alt}
}

// count is a computed member: the number of objects of resource from, in
// the same environment, whose member via holds this object's id.
type count struct {
	member  string // dotted for a nested member ("directMemberCounts.users")
	from    string
	via     string
	include string // rendered only when the request's include parameter names it; "" = always
	// when and is count only the objects whose member when has the value
	// is (the DIRECT memberships of a group).
	when, is string
}

func (n count) applies(d doc) bool { return n.when == "" || str(d, n.when) == n.is }

// halKey is the key of the collection's items under _embedded.
func (r *resource) halKey() string {
	if r.hal != "" {
		return r.hal
	}
	return r.key
}

func (r *resource) segment() string {
	if r.path != "" {
		return r.path
	}
	return r.key
}

// level is 1 for an organisation-level collection, 2 for one below an
// environment and 3 for one below an environment-level object.
func (r *resource) level() int {
	switch r.parent {
	case "":
		return 1
	case keyEnvironments:
		return 2
	}
	return 3
}

// sets reports whether the emulator sets member itself (it is read-only).
func (r *resource) sets(member string) bool { return slices.Contains(r.readOnly, member) }

// allRefs is the parent link (if any) followed by the declared references.
func (r *resource) allRefs() []reference {
	if r.parent == "" {
		return r.refs
	}
	return append([]reference{{target: r.parent, onDelete: cascade}}, r.refs...)
}

// readOnlyCommon are the members every object gets from the emulator.
var readOnlyCommon = []string{"id", "environment", "createdAt", "updatedAt", "_links", "_embedded"}

func withCommon(extra ...string) []string { return append(slices.Clone(readOnlyCommon), extra...) }

// inbound is a reference seen from its target.
type inbound struct {
	from *resource
	ref  reference
}

// The registry, filled by declare from the declarations in the family
// files: on first use, not at program start, so that a program linking
// the emulator (p1, for --sandbox) builds none of it unless it serves one.
var (
	registry []*resource          // in declaration order
	byKey    map[string]*resource // by key
	children map[string][]*resource
	pointers map[string][]inbound // target key → the references to it
)

var declared sync.Once

// declare builds every resource and the registry, once; New, Resources
// and Demo call it before anything reads them.
func declare() {
	declared.Do(func() {
		activities = declareActivities()
		apiResources = declareApiResources()
		applications = declareApplications()
		applicationAttributes = declareApplicationAttributes()
		certificates = declareCertificates()
		customRoles = declareCustomRoles()
		deviceAuthenticationPolicies = declareDeviceAuthenticationPolicies()
		environments = declareEnvironments()
		grants = declareGrants()
		groups = declareGroups()
		identityProviders = declareIdentityProviders()
		identityProviderAttributes = declareIdentityProviderAttributes()
		groupMemberships = declareGroupMemberships()
		devices = declareDevices()
		groupNestings = declareGroupNestings()
		passwordPolicies = declarePasswordPolicies()
		populations = declarePopulations()
		roles = declareRoles()
		roleAssignments = declareRoleAssignments()
		groupRoleAssignments = declareGroupRoleAssignments()
		applicationRoleAssignments = declareApplicationRoleAssignments()
		scopes = declareScopes()
		sessions = declareSessions()
		signOnPolicies = declareSignOnPolicies()
		signOnPolicyActions = declareSignOnPolicyActions()
		signOnPolicyAssignments = declareSignOnPolicyAssignments()
		users = declareUsers()
		register(environments, populations, users, groups, applications, roles, roleAssignments, devices, groupMemberships,
			signOnPolicies, signOnPolicyActions, signOnPolicyAssignments, identityProviders, apiResources, groupNestings, groupRoleAssignments, passwordPolicies, certificates,
			scopes, grants, applicationAttributes, customRoles, applicationRoleAssignments, activities,
			identityProviderAttributes, deviceAuthenticationPolicies, sessions)
	})
}

func register(rs ...*resource) {
	byKey = map[string]*resource{}
	children = map[string][]*resource{}
	pointers = map[string][]inbound{}
	for _, r := range rs {
		if _, dup := byKey[r.key]; dup {
			panic("pingonetest: resource " + r.key + " declared twice")
		}
		byKey[r.key] = r
		registry = append(registry, r)
		if r.parent != "" {
			children[r.parent] = append(children[r.parent], r)
		}
	}
	for _, r := range rs {
		if r.parent != "" && byKey[r.parent] == nil {
			panic("pingonetest: resource " + r.key + " lives below undeclared " + r.parent)
		}
		for _, ref := range r.allRefs() {
			for _, t := range ref.targets() {
				if byKey[t.target] == nil {
					panic("pingonetest: resource " + r.key + " refers to undeclared " + t.target)
				}
				pointers[t.target] = append(pointers[t.target], inbound{from: r, ref: t})
			}
		}
	}
}

// ResourceInfo describes one collection the emulator serves, for tests that
// check the emulator against the client and the tools.
type ResourceInfo struct {
	// Key is the HAL key under _embedded ("populations").
	Key string
	// HAL is the key under _embedded when it is not Key (a group's role
	// assignments are listed as roleAssignments, like a user's).
	HAL string
	// Path is the path segment of the collection (the same as Key but for
	// groupMemberships, served at users/{userID}/memberOfGroups).
	Path string
	// Parent is the key of the resource the collection lives below ("users"
	// for users/{userID}/devices), "" for an environment-level collection and
	// "organization" for an organisation-level one (environments, roles).
	Parent string
	// ReadOnly are the members the emulator sets itself and drops from a
	// create or replace body, dotted for nested members, sorted.
	ReadOnly []string
	// Unique are the members no two objects of one collection share.
	Unique []string
	// References are the members holding the id of another object.
	References []ReferenceInfo
}

// ReferenceInfo is one reference of a [ResourceInfo].
type ReferenceInfo struct {
	// Member is the dotted path of the id ("population.id"); "" for the
	// parent link: the object lives below its target in the path
	// (environments/{envID}/populations, users/{userID}/devices).
	Member string
	// When, if set, limits the reference to objects with that member value
	// ("scope.type=POPULATION").
	When string
	// Target is the key of the referenced resource.
	Target string
	// OnDelete is "restrict" (the target's delete is refused while the
	// reference exists) or "cascade" (the referring object goes with it).
	OnDelete string
}

// Resources describes the collections the emulator serves, sorted by Key.
func Resources() []ResourceInfo {
	declare()
	out := make([]ResourceInfo, 0, len(registry))
	for _, r := range registry {
		ri := ResourceInfo{Key: r.key, HAL: r.hal, Path: r.segment(), ReadOnly: slices.Sorted(slices.Values(r.readOnly))}
		switch r.parent {
		case "":
			ri.Parent = organization
		case keyEnvironments:
		default:
			ri.Parent = r.parent
		}
		for _, u := range r.unique {
			ri.Unique = append(ri.Unique, u.member)
		}
		for _, either := range r.allRefs() {
			for _, ref := range either.targets() {
				info := ReferenceInfo{Member: ref.member, Target: ref.target, OnDelete: ref.onDelete.String()}
				if ref.when != "" {
					info.When = ref.when + "=" + ref.is
				}
				ri.References = append(ri.References, info)
			}
		}
		out = append(out, ri)
	}
	slices.SortFunc(out, func(a, b ResourceInfo) int { return strings.Compare(a.Key, b.Key) })
	return out
}
