package pingonetest

// devices: a user's MFA devices (MFA API), seeded for a few Sandbox users;
// listed in one page, read and deleted. They live below the user and go
// with it.
var devices = &resource{
	key: keyDevices, kind: "device", parent: keyUsers,
	verbs:    vList | vGet | vDelete,
	readOnly: withCommon("user"),
}
