package pingonetest

// groups: names unique per environment (case-insensitive). A group scoped
// to a population (population.id) holds that population's users only, and
// restricts its delete; the group's memberships and nestings go with it
// (declared on groupMemberships and groupNestings). directMemberCounts
// counts the DIRECT members; totalMemberCounts, shown with
// include=totalMemberCounts, adds the INDIRECT ones (members of groups
// nested in it).
var groups *resource

func declareGroups() *resource {
	return &resource{
		key: keyGroups, kind: "group", parent: keyEnvironments, name: "name",
		verbs: vCRUD, filter: groupsFilter, maxLimit: 1000,
		members: named([]member{
			{path: "externalId", kind: mString},
			{path: "population", kind: mRef},
			{path: "userFilter", kind: mString},
			{path: "customData", kind: mObject},
		}),
		readOnly: withCommon("directMemberCounts", "totalMemberCounts", "displayName", "sourceId", "sourceType"),
		unique:   []unique{{member: "name", foldCase: true}},
		refs:     []reference{{member: "population.id", target: keyPopulations, onDelete: restrict}},
		counts: []count{
			{member: "directMemberCounts.users", from: keyGroupMemberships, via: "id", when: "type", is: "DIRECT"},
			{member: "totalMemberCounts.users", from: keyGroupMemberships, via: "id", include: "totalMemberCounts"},
		},
		validate: validateUserFilter,
		check:    checkGroupPopulation,
	}
}

// validateUserFilter checks a dynamic group's userFilter as a users filter.
func validateUserFilter(v *validator, g doc) {
	uf, _ := g["userFilter"].(string)
	if uf == "" {
		return
	}
	if _, ferr := usersFilter.compile(uf); ferr != nil {
		msg := "userFilter is not a valid user filter"
		if len(ferr.Details) > 0 {
			msg += ": " + ferr.Details[0].Message
		}
		v.add(detailInvalidValue, "userFilter", msg)
	}
}

// checkGroupPopulation refuses to scope a group to a population some of its
// members are not in.
func checkGroupPopulation(w *write) *apiError {
	popID := str(w.body, "population.id")
	if w.cur == nil || popID == "" || popID == str(w.cur, "population.id") {
		return nil
	}
	for _, u := range w.d.coll(keyUsers).items {
		if w.d.isMember(u["id"].(string), w.id) && str(u, "population.id") != popID {
			return constraint("population.id", "The group has members outside that population; remove them first.")
		}
	}
	return nil
}
