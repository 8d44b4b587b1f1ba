package pingone

// The collections a service holds unexported, because PingOne serves only
// some of their verbs, for the conformance table in collection_test.go.

// RolesOf returns the collection behind c.Roles.
func RolesOf(c *Client) *OrgCollection[Role] { return &c.Roles.roles }

// RoleAssignmentsOf returns the collection behind the Users role assignment verbs.
func RoleAssignmentsOf(c *Client) *ChildCollection[RoleAssignment] {
	return &c.Users.RoleAssignments.roleAssignments
}

// GroupRoleAssignmentsOf returns the collection behind the Groups role assignment verbs.
func GroupRoleAssignmentsOf(c *Client) *ChildCollection[RoleAssignment] {
	return &c.Groups.RoleAssignments.roleAssignments
}

// DevicesOf returns the collection behind c.MFADevices.
func DevicesOf(c *Client) *ChildCollection[MFADevice] { return &c.MFADevices.devices }

// BillOfMaterialsOf returns the singleton behind the Environments bill of materials verbs.
func BillOfMaterialsOf(c *Client) *Singleton[BillOfMaterials] { return &c.Environments.billOfMaterials }

// CertificatesOf returns the collection behind c.Certificates.
func CertificatesOf(c *Client) *EnvCollection[Certificate] { return &c.Certificates.certs }
