package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// membershipTypes maps a user's groups to their membership type.
func membershipTypes(c *client, envID, userID string) map[string]string {
	out := map[string]string{}
	for _, m := range c.get(env(envID, "users", userID, "memberOfGroups")).items("groupMemberships") {
		out[m["id"].(string)] = m["type"].(string)
	}
	return out
}

func TestNestedGroupsMakeIndirectMembers(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	helpDeskUser := c.get(env(sb, "users") + "?filter=" + q(`memberOfGroups[id eq "`+dm.SandboxHelpDeskGroupID+`"]`)).items("users")[0]["id"].(string)

	// Seeded: Help Desk is nested in Staff.
	nest := c.get(env(sb, "groups", dm.SandboxHelpDeskGroupID, "memberOfGroups"))
	require.Equal(t, http.StatusOK, nest.Status, string(nest.Raw))
	require.Len(t, nest.items("groupMemberships"), 1, "the HAL key PingOne answers with")
	assert.Equal(t, dm.SandboxStaffGroupID, nest.items("groupMemberships")[0]["id"])
	assert.Equal(t, map[string]string{dm.SandboxHelpDeskGroupID: "DIRECT", dm.SandboxStaffGroupID: "INDIRECT"}, membershipTypes(c, sb, helpDeskUser))
	staff := c.get(env(sb, "groups", dm.SandboxStaffGroupID) + "?include=totalMemberCounts")
	assert.Equal(t, 0.0, staff.Body["directMemberCounts"].(map[string]any)["users"])
	assert.Equal(t, 5.0, staff.Body["totalMemberCounts"].(map[string]any)["users"])

	// Transitively: Staff nested in Auditors makes Help Desk's members indirect members of Auditors.
	r := c.do(http.MethodPost, env(sb, "groups", dm.SandboxStaffGroupID, "memberOfGroups"), map[string]any{"id": dm.SandboxEmptyGroupID})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.Equal(t, "DIRECT", r.str("type"))
	assert.Equal(t, "INDIRECT", membershipTypes(c, sb, helpDeskUser)[dm.SandboxEmptyGroupID])

	// An indirect membership is not removed on its own; a direct add turns it direct.
	ind := env(sb, "users", helpDeskUser, "memberOfGroups", dm.SandboxEmptyGroupID)
	assert.Equal(t, []string{detailConstraint}, c.do(http.MethodDelete, ind, nil).detailCodes())
	r = c.do(http.MethodPost, env(sb, "users", helpDeskUser, "memberOfGroups"), map[string]any{"id": dm.SandboxEmptyGroupID})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.Equal(t, "DIRECT", c.get(ind).str("type"))
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, ind, nil).Status)
	assert.Equal(t, "INDIRECT", c.get(ind).str("type"), "still a member through Staff")

	// Refused: itself, twice, a cycle, an unknown group.
	for name, tc := range map[string]struct {
		group, outer, code string
	}{
		"itself":  {dm.SandboxAdminsGroupID, dm.SandboxAdminsGroupID, detailConstraint},
		"twice":   {dm.SandboxHelpDeskGroupID, dm.SandboxStaffGroupID, detailUniqueness},
		"cycle":   {dm.SandboxEmptyGroupID, dm.SandboxHelpDeskGroupID, detailConstraint},
		"unknown": {dm.SandboxAdminsGroupID, unknownID, detailInvalidValue},
	} {
		r := c.do(http.MethodPost, env(sb, "groups", tc.group, "memberOfGroups"), map[string]any{"id": tc.outer})
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, []string{tc.code}, r.detailCodes(), name)
	}

	// Removing a nesting, or deleting the outer group, ends the indirect memberships.
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "groups", dm.SandboxStaffGroupID, "memberOfGroups", dm.SandboxEmptyGroupID), nil).Status)
	assert.NotContains(t, membershipTypes(c, sb, helpDeskUser), dm.SandboxEmptyGroupID)
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "groups", dm.SandboxStaffGroupID), nil).Status)
	assert.Equal(t, map[string]string{dm.SandboxHelpDeskGroupID: "DIRECT"}, membershipTypes(c, sb, helpDeskUser))
	assert.Empty(t, c.get(env(sb, "groups", dm.SandboxHelpDeskGroupID, "memberOfGroups")).items("groupMemberships"), "the nesting went with the group")
}
