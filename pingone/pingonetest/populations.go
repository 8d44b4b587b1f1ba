package pingonetest

import "fmt"

// populations: names unique per environment (case-insensitive); userCount
// counts the users in it. Users and groups restrict its delete (declared on
// them); role assignments scoped to it go with it. The password policy it
// names must exist, and cannot be deleted while it does.
var populations = &resource{
	key: keyPopulations, kind: "population", parent: keyEnvironments, name: "name",
	verbs: vCRUD, filter: populationsFilter, maxLimit: 1000,
	members: []member{
		{path: "name", kind: mString, required: true},
		{path: "description", kind: mString},
		{path: "preferredLanguage", kind: mString},
		{path: "default", kind: mBool},
		{path: "passwordPolicy", kind: mRef},
		{path: "theme", kind: mRef},
		{path: "alternativeIdentifiers", kind: mStrings},
	},
	readOnly: withCommon("userCount"),
	unique:   []unique{{member: "name", foldCase: true}},
	refs:     []reference{{member: "passwordPolicy.id", target: keyPasswordPolicies, onDelete: restrict, link: "passwordPolicy"}},
	counts:   []count{{member: "userCount", from: keyUsers, via: "population.id"}},
	check:    oneDefault("population"),
	refuse:   refuseDefault("population", "make another population the default first"),
}

// oneDefault keeps one default object of a collection (populations,
// password policies): the default cannot be unset, only moved by making
// another object the default, which unsets the one before.
func oneDefault(kind string) func(w *write) *apiError {
	return func(w *write) *apiError {
		isDefault, _ := w.body["default"].(bool)
		wasDefault := w.cur != nil && w.cur["default"] == true
		if _, has := w.body["default"]; has && wasDefault && !isDefault {
			return constraint("default", fmt.Sprintf("The default %s cannot be unset; make another %s the default instead.", kind, kind))
		}
		w.body["default"] = wasDefault || isDefault
		if isDefault && !wasDefault {
			for _, p := range w.items().items {
				if p["default"] == true {
					p["default"] = false
					p["updatedAt"] = w.now
				}
			}
		}
		return nil
	}
}

// refuseDefault refuses the delete of the default object; how says what to
// do instead.
func refuseDefault(kind, how string) func(_ *loc, d doc) *apiError {
	return func(_ *loc, d doc) *apiError {
		if d["default"] != true {
			return nil
		}
		return constraint("id", fmt.Sprintf("%s %q is the environment's default %s and cannot be deleted; %s.", capitalize(kind), str(d, "name"), kind, how))
	}
}
