package pingonetest

import "fmt"

// populations: names unique per environment (case-insensitive); userCount
// counts the users in it. Users and groups restrict its delete (declared on
// them); role assignments scoped to it go with it.
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
	counts:   []count{{member: "userCount", from: keyUsers, via: "population.id"}},
	check:    checkDefaultPopulation,
	refuse:   refuseDefaultPopulation,
}

// checkDefaultPopulation keeps one default population: the default cannot
// be unset, only moved by making another population the default.
func checkDefaultPopulation(w *write) *apiError {
	isDefault, _ := w.body["default"].(bool)
	wasDefault := w.cur != nil && w.cur["default"] == true
	if _, has := w.body["default"]; has && wasDefault && !isDefault {
		return constraint("default", "The default population cannot be unset; make another population the default instead.")
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

func refuseDefaultPopulation(_ *loc, p doc) *apiError {
	if p["default"] != true {
		return nil
	}
	return constraint("id", fmt.Sprintf("Population %q is the environment's default population and cannot be deleted; make another population the default first.", str(p, "name")))
}
