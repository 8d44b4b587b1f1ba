package pingonetest

import (
	"fmt"
	"slices"

	"github.com/p1kit/p1kit/internal/lazy"
)

// keyScopes is the key of a protected resource's scopes.
const keyScopes = "scopes"

// oidcScopeNames are the scopes PingOne builds into the openid resource.
var oidcScopeNames = []string{"openid", "profile", "email", "address", "phone"}

var (
	// scopeTokenPattern is RFC 6749's scope-token: printable ASCII but
	// space, double quote and backslash.
	scopeTokenPattern = lazy.Regexp(`^[\x21\x23-\x5B\x5D-\x7E]+$`)
	// customP1Scope is the only form of scope that may be added to the
	// PingOne API resource: p1:read:user:{suffix} or p1:update:user:{suffix}.
	customP1Scope = lazy.Regexp(`^p1:(read|update):user:[A-Za-z0-9_.-]+$`)
	// userScope names the PingOne API scopes that take schemaAttributes.
	userScope = lazy.Regexp(`^p1:(read|update):user(:[A-Za-z0-9_.-]+)?$`)
)

// scopes: the scopes of a protected resource, which applications are
// granted (grants). Names are unique within the resource and scope tokens
// (no spaces or quotes). A CUSTOM resource takes any scope; the openid
// resource keeps its built-in scopes (openid, profile, email, address,
// phone) and takes custom ones with mappedClaims; the PingOne API resource
// keeps its platform scopes and takes only p1:read:user:{suffix} and
// p1:update:user:{suffix}, which with p1:read:user and p1:update:user may
// limit the user attributes they reach (schemaAttributes). A built-in
// scope is neither renamed nor deleted. Scopes go with their resource; a
// grant naming a scope restricts its delete (declared on grants).
var scopes = &resource{
	key: keyScopes, kind: "scope", parent: keyResources, name: "name",
	verbs: vCRUD,
	members: named([]member{
		{path: "schemaAttributes", kind: mStrings},
		{path: "mappedClaims", kind: mStrings},
	}),
	readOnly: withCommon("resource"),
	unique:   []unique{{member: "name"}},
	validate: validateScope,
	check:    checkScope,
	refuse:   refuseBuiltInScope,
}

func validateScope(v *validator, s doc) {
	if name, _ := s["name"].(string); name != "" && !scopeTokenPattern().MatchString(name) {
		v.add(detailInvalidValue, "name", "name must be a scope token: printable characters without spaces, double quotes or backslashes")
	}
	attrs := stringsOf(s["schemaAttributes"])
	if slices.Contains(attrs, "*") && len(attrs) > 1 {
		v.add(detailInvalidValue, "schemaAttributes", "schemaAttributes: the wildcard * includes every attribute and cannot be listed with others")
	}
	if list, ok := s["schemaAttributes"].([]any); ok && len(list) == 0 {
		v.add(detailInvalidValue, "schemaAttributes", "schemaAttributes must name at least one attribute (or * for all)")
	}
}

// builtInScope reports whether a scope named name of a resource of type
// typ is one PingOne built in.
func builtInScope(typ, name string) bool {
	switch typ {
	case "OPENID_CONNECT":
		return slices.Contains(oidcScopeNames, name)
	case "PINGONE_API":
		return !customP1Scope().MatchString(name)
	}
	return false
}

// checkScope applies the rules of the resource's type and names the
// resource in the scope.
func checkScope(w *write) *apiError {
	res := w.d.coll(keyResources).get(w.parent)
	typ, resName := str(res, "type"), str(res, "name")
	name := str(w.body, "name")
	switch {
	case w.cur != nil && builtInScope(typ, str(w.cur, "name")):
		if name != str(w.cur, "name") {
			return invalidField(detailInvalidValue, "name", fmt.Sprintf("Scope %q is built into resource %q and cannot be renamed", str(w.cur, "name"), resName))
		}
	case typ == "OPENID_CONNECT" && builtInScope(typ, name):
		return invalidField(detailInvalidValue, "name", fmt.Sprintf("%q is a built-in OpenID Connect scope name", name))
	case typ == "PINGONE_API" && builtInScope(typ, name):
		return invalidField(detailInvalidValue, "name", fmt.Sprintf(
			"Scopes added to resource %q must be named p1:read:user:{suffix} or p1:update:user:{suffix}, got %q", resName, name))
	}
	if _, has := w.body["schemaAttributes"]; has && !(typ == "PINGONE_API" && userScope().MatchString(name)) {
		return invalidField(detailInvalidValue, "schemaAttributes",
			"schemaAttributes applies only to the PingOne API scopes p1:read:user, p1:update:user, p1:read:user:{suffix} and p1:update:user:{suffix}")
	}
	if _, has := w.body["mappedClaims"]; has && typ != "OPENID_CONNECT" {
		return invalidField(detailInvalidValue, "mappedClaims", "mappedClaims applies only to scopes of the openid (OPENID_CONNECT) resource")
	}
	w.body["resource"] = ref(w.parent)
	return nil
}

func refuseBuiltInScope(l *loc, s doc) *apiError {
	res := l.d.coll(keyResources).get(l.parent)
	if !builtInScope(str(res, "type"), str(s, "name")) {
		return nil
	}
	return constraint("id", fmt.Sprintf("Scope %q is built into resource %q and cannot be deleted.", str(s, "name"), str(res, "name")))
}
