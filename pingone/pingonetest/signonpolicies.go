package pingonetest

import (
	"cmp"
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/p1kit/p1kit/internal/lazy"
)

const (
	keySignOnPolicies          = "signOnPolicies"
	keySignOnPolicyActions     = "actions"
	keySignOnPolicyAssignments = "signOnPolicyAssignments"
)

// actionTypes are the sign-on policy action types (mgmt EnumSignOnPolicyType).
var actionTypes = []string{"LOGIN", "MULTI_FACTOR_AUTHENTICATION", "IDENTIFIER_FIRST", "IDENTITY_PROVIDER",
	"PROGRESSIVE_PROFILING", "AGREEMENT", "PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION", "PINGID_AUTHENTICATION"}

// signOnPolicies: names unique per environment (case-insensitive) and of
// the spec's pattern; one policy is the environment's default (used by
// applications without an assignment), which cannot be unset or deleted.
// Its actions go with it; an application's assignment of it restricts its
// delete (declared on the assignments).
var signOnPolicies = &resource{
	key: keySignOnPolicies, kind: "sign-on policy", parent: keyEnvironments, name: "name",
	verbs: vCRUD, maxLimit: 1000,
	members: named([]member{
		{path: "default", kind: mBool},
	}),
	readOnly: withCommon(),
	unique:   []unique{{member: "name", foldCase: true}},
	validate: validatePolicyName,
	check:    keepOneDefault("sign-on policy"),
	refuse:   refuseDeleteDefault("sign-on policy"),
}

var policyNamePattern = lazy.Regexp(`^[a-zA-Z0-9_. -]+$`)

// validatePolicyName: letters, digits, underscore, hyphen, period and
// spaces, or an absolute URI when the name holds a colon.
func validatePolicyName(v *validator, p doc) {
	name, _ := p["name"].(string)
	if name == "" {
		return // said by the declared member
	}
	if strings.Contains(name, ":") {
		if u, err := url.Parse(name); err != nil || !u.IsAbs() {
			v.add(detailInvalidValue, "name", "name holds a colon, so it must be an absolute URI")
		}
		return
	}
	if !policyNamePattern().MatchString(name) {
		v.add(detailInvalidValue, "name", "name may hold only letters, digits, spaces and _ . - (or be an absolute URI)")
	}
}

// signOnPolicyActions: the steps of a policy, served in priority order
// (lowest first; no two share a priority), each validated for its type.
// The type of an action never changes. Each names its policy. The provider
// an IDENTITY_PROVIDER action names, and the device authentication policy
// an MFA action names, must exist and cannot be deleted while it does.
var signOnPolicyActions = &resource{
	key: keySignOnPolicyActions, kind: "sign-on policy action", parent: keySignOnPolicies,
	verbs: vCRUD,
	members: []member{
		{path: "type", kind: mString, required: true, enum: actionTypes},
		{path: "condition", kind: mObject},
	},
	readOnly: []string{"id", "environment", "_links", "_embedded", "signOnPolicy"},
	refs: []reference{{member: "identityProvider.id", when: "type", is: "IDENTITY_PROVIDER", target: keyIdentityProviders,
		onDelete: restrict, link: "identityProvider"},
		{member: "deviceAuthenticationPolicy.id", when: "type", is: "MULTI_FACTOR_AUTHENTICATION", target: keyDeviceAuthenticationPolicies,
			onDelete: restrict, link: "deviceAuthenticationPolicy"}},
	validate: validateAction,
	check:    checkAction,
	order:    byPriority,
	render: func(_ *loc, _, out doc) {
		links := out["_links"].(doc)
		links["signOnPolicy"] = links[signOnPolicies.kind]
		delete(links, signOnPolicies.kind)
	},
}

// validateAction checks the members each action type requires.
func validateAction(v *validator, a doc) {
	v.priority(a, "priority", true)
	typ, _ := a["type"].(string)
	switch typ {
	case "IDENTITY_PROVIDER":
		v.reqRef(a, "identityProvider")
	case "AGREEMENT":
		v.reqRef(a, "agreement")
	case "MULTI_FACTOR_AUTHENTICATION":
		v.optRefID(a, "deviceAuthenticationPolicy")
	case "LOGIN", "IDENTIFIER_FIRST":
		v.refList(a, "socialProviders")
	case "PROGRESSIVE_PROFILING":
		v.reqBool(a, "preventMultiplePromptsPerFlow", "preventMultiplePromptsPerFlow")
		v.priority(a, "promptIntervalSeconds", true)
		v.reqString(a, "promptText", "promptText")
		attrs, ok := a["attributes"].([]any)
		switch {
		case a["attributes"] == nil:
			v.add(detailRequired, "attributes", "attributes is required")
		case !ok || len(attrs) == 0:
			v.add(detailInvalidValue, "attributes", "attributes must be a non-empty array of {name, required}")
		}
		for i, x := range attrs {
			at := fmt.Sprintf("attributes[%d]", i)
			m, ok := x.(map[string]any)
			if !ok {
				v.add(detailInvalidValue, at, at+" must be an object {name, required}")
				continue
			}
			v.reqString(m, "name", at+".name")
			v.reqBool(m, "required", at+".required")
		}
	case "PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION":
		for _, k := range []string{"offlineMode", "uniqueUserAttribute"} {
			if _, ok := a[k].(map[string]any); !ok {
				v.add(detailRequired, k, k+" is required (an object)")
			}
		}
	}
}

// checkAction keeps an action's type and the priorities of its policy
// distinct, and names the policy in the action.
func checkAction(w *write) *apiError {
	if w.cur != nil && w.cur["type"] != w.body["type"] {
		return invalidField(detailInvalidValue, "type", fmt.Sprintf(
			"The type of a sign-on policy action cannot be changed (it is %s); delete the action and create one of the new type", w.cur["type"]))
	}
	if aerr := w.distinctPriority(); aerr != nil {
		return aerr
	}
	w.body["signOnPolicy"] = ref(w.parent)
	return nil
}

// signOnPolicyAssignments: the policies an application uses, in priority
// order (lowest first; no two share a priority, and a policy is assigned
// once). The policy must exist in the environment, and cannot be deleted
// while an application uses it; the assignments go with their application.
var signOnPolicyAssignments = &resource{
	key: keySignOnPolicyAssignments, kind: "sign-on policy assignment", parent: keyApplications,
	verbs: vCRUD,
	members: []member{
		{path: "signOnPolicy", kind: mRef, required: true},
	},
	readOnly: []string{"id", "environment", "_links", "_embedded", "application"},
	unique:   []unique{{member: "signOnPolicy.id"}},
	refs:     []reference{{member: "signOnPolicy.id", target: keySignOnPolicies, onDelete: restrict, link: "signOnPolicy"}},
	validate: func(v *validator, a doc) { v.priority(a, "priority", true) },
	check: func(w *write) *apiError {
		if aerr := w.distinctPriority(); aerr != nil {
			return aerr
		}
		w.body["application"] = ref(w.parent)
		return nil
	},
	order: byPriority,
}

// byPriority orders actions and assignments as PingOne evaluates them.
func byPriority(a, b doc) int {
	pa, _ := a["priority"].(float64)
	pb, _ := b["priority"].(float64)
	return cmp.Compare(pa, pb)
}

// distinctPriority refuses a priority another object of the collection has.
func (w *write) distinctPriority() *apiError {
	p := w.body["priority"]
	for _, o := range w.items().all() {
		if o["id"] != w.id && o["priority"] == p {
			return uniqueness("priority", fmt.Sprintf("Another %s of this %s has priority %v; give each a distinct priority",
				w.r.kind, byKey[w.r.parent].kind, p), o["id"].(string))
		}
	}
	return nil
}

// priority reads a positive integer at key (required, or optional).
func (v *validator) priority(d doc, key string, required bool) {
	switch p := d[key].(type) {
	case nil:
		if required {
			v.add(detailRequired, key, key+" is required")
		}
	case float64:
		if p < 1 || p != math.Trunc(p) {
			v.add(detailInvalidValue, key, key+" must be an integer of at least 1")
		}
	default:
		v.add(detailInvalidValue, key, key+" must be an integer")
	}
}

// reqRef reads a required {id: "…"} reference at key.
func (v *validator) reqRef(d doc, key string) {
	if d[key] == nil {
		v.add(detailRequired, key, key+" is required (an object with an id)")
		return
	}
	v.optRefID(d, key)
}

// refList reads an optional array of {id: "…"} references at key.
func (v *validator) refList(d doc, key string) {
	if d[key] == nil {
		return
	}
	list, ok := d[key].([]any)
	if !ok {
		v.add(detailInvalidValue, key, key+" must be an array of objects with an id")
		return
	}
	for i, x := range list {
		at := fmt.Sprintf("%s[%d]", key, i)
		if m, ok := x.(map[string]any); ok {
			v.reqString(m, "id", at+".id")
		} else {
			v.add(detailInvalidValue, at, at+" must be an object with an id")
		}
	}
}
