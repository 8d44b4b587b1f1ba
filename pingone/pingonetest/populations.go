package pingonetest

// populations: names unique per environment (case-insensitive); userCount
// counts the users in it. Users and groups restrict its delete (declared on
// them); role assignments scoped to it go with it. The password policy it
// names must exist, and cannot be deleted while it does.
var populations = &resource{
	key: keyPopulations, kind: "population", parent: keyEnvironments, name: "name",
	verbs: vCRUD, filter: populationsFilter, maxLimit: 1000,
	members: named([]member{
		{path: "preferredLanguage", kind: mString},
		{path: "default", kind: mBool},
		{path: "passwordPolicy", kind: mRef},
		{path: "theme", kind: mRef},
		{path: "alternativeIdentifiers", kind: mStrings},
	}),
	readOnly: withCommon("userCount"),
	unique:   []unique{{member: "name", foldCase: true}},
	refs:     []reference{{member: "passwordPolicy.id", target: keyPasswordPolicies, onDelete: restrict, link: "passwordPolicy"}},
	counts:   []count{{member: "userCount", from: keyUsers, via: "population.id"}},
	check:    keepOneDefault("population"),
	refuse:   refuseDeleteDefault("population"),
}
