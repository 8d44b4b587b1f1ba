package pingonetest

import "fmt"

// keyGrants is the key of an application's resource grants.
const keyGrants = "grants"

// grants: the scopes of a protected resource an application may request.
// One grant per resource and application (the resource is unique in the
// application); every scope must be one of that resource's, named once.
// A grant goes with its application and with its resource; while it names
// a scope, the scope cannot be deleted (remove it from the grant first).
var grants *resource

func declareGrants() *resource {
	return &resource{
		key: keyGrants, kind: "grant", parent: keyApplications,
		verbs: vCRUD,
		members: []member{
			{path: "resource", kind: mRef, required: true},
		},
		readOnly: []string{"id", "application", "createdAt", "updatedAt", "_links", "_embedded"},
		unique:   []unique{{member: "resource.id"}},
		refs: []reference{
			{member: "resource.id", target: keyResources, onDelete: cascade, link: "resource"},
			{member: "scopes.id", target: keyScopes, onDelete: restrict},
		},
		validate: validateGrant,
		check:    checkGrant,
	}
}

func validateGrant(v *validator, g doc) {
	list, ok := g["scopes"].([]any)
	switch {
	case g["scopes"] == nil:
		v.add(detailRequired, "scopes", "scopes is required (an array of objects with an id)")
	case !ok:
		v.add(detailInvalidValue, "scopes", "scopes must be an array of objects with an id")
	case len(list) == 0:
		v.add(detailInvalidValue, "scopes", "scopes must hold at least one scope of the resource")
	default:
		v.refList(g, "scopes")
	}
}

// checkGrant keeps a grant's scopes to its resource, each once, and names
// the application in it.
func checkGrant(w *write) *apiError {
	resID := str(w.body, "resource.id")
	own := w.d.below(keyScopes, resID, false)
	seen := map[string]bool{}
	for i, id := range refIDs(w.body, "scopes.id") {
		at := fmt.Sprintf("scopes[%d].id", i)
		if seen[id] {
			return invalidField(detailInvalidValue, at, fmt.Sprintf("Scope %s is named twice", id))
		}
		seen[id] = true
		if own.get(id) == nil {
			return invalidField(detailInvalidValue, at, fmt.Sprintf("Scope %s is not a scope of resource %s; a grant holds scopes of its own resource only", id, resID))
		}
	}
	w.body["application"] = ref(w.parent)
	return nil
}
