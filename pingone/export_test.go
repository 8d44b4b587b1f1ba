package pingone

// The collections a service holds unexported, because PingOne serves only
// some of their verbs, for the conformance table in collection_test.go.

func RolesOf(c *Client) *OrgCollection[Role]                       { return &c.Roles.roles }
func RoleAssignmentsOf(c *Client) *ChildCollection[RoleAssignment] { return &c.Users.roleAssignments }
func DevicesOf(c *Client) *ChildCollection[MFADevice]              { return &c.MFADevices.devices }
func BillOfMaterialsOf(c *Client) *Singleton[BillOfMaterials]      { return &c.Environments.billOfMaterials }
