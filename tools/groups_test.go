package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

func TestListGroupMembers(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{})
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID

	out, terr := call(t, tk, "list_group_members", map[string]any{"environmentId": sb, "groupId": demo.SandboxAdminsGroupID})
	require.Nil(t, terr)
	members := out["members"].([]any)
	require.Len(t, members, 3, "Admins has three seeded members")
	assert.EqualValues(t, 3, out["count"])
	var names []string
	for _, m := range members {
		names = append(names, m.(map[string]any)["username"].(string))
	}
	assert.Contains(t, names, "jdoe")

	out, terr = call(t, tk, "list_group_members", map[string]any{"environmentId": sb, "groupId": demo.SandboxHelpDeskGroupID, "limit": 2})
	require.Nil(t, terr)
	assert.Len(t, out["members"], 2)
	require.NotEmpty(t, out["nextCursor"], "five members, two a page")

	out, terr = call(t, tk, "list_group_members", map[string]any{"environmentId": sb, "groupId": demo.SandboxEmptyGroupID})
	require.Nil(t, terr)
	assert.Empty(t, out["members"])

	_, terr = call(t, tk, "list_group_members", map[string]any{"environmentId": sb, "groupId": "00000000-0000-4000-8000-000000000000"})
	require.NotNil(t, terr, "an unknown group is not an empty one")
	assert.Equal(t, tools.KindNotFound, terr.Kind)
}

func TestAddUserToGroupIsIdempotent(t *testing.T) {
	t.Parallel()
	tk, srv := writeKit(t)
	demo := pingonetest.Demo()
	args := map[string]any{"environmentId": demo.SandboxEnvironmentID, "userId": demo.SandboxUserID, "groupId": demo.SandboxHelpDeskGroupID}

	out, terr := call(t, tk, "add_user_to_group", args)
	require.Nil(t, terr)
	assert.Equal(t, true, out["member"])
	assert.Nil(t, out["alreadyMember"], "a new membership")

	out, terr = call(t, tk, "add_user_to_group", args)
	require.Nil(t, terr, "adding an existing member is not an error")
	assert.Equal(t, map[string]any{"userId": demo.SandboxUserID, "groupId": demo.SandboxHelpDeskGroupID, "member": true, "alreadyMember": true}, out)

	// Other refusals stay errors: a dynamic group takes no direct members.
	dyn, terr := call(t, tk, "create_group", map[string]any{"environmentId": demo.SandboxEnvironmentID, "name": "Dynamic", "userFilter": `username sw "x"`})
	require.Nil(t, terr)
	args["groupId"] = dyn["group"].(map[string]any)["id"]
	_, terr = call(t, tk, "add_user_to_group", args)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindAPI, terr.Kind)
	assert.Contains(t, terr.Message, "dynamic group")
	assert.NotEmpty(t, writes(srv))
}

func TestGroupNestingTools(t *testing.T) {
	t.Parallel()
	tk, _ := writeKit(t)
	demo := pingonetest.Demo()
	sb := demo.SandboxEnvironmentID
	nest := map[string]any{"environmentId": sb, "groupId": demo.SandboxAdminsGroupID, "outerGroupId": demo.SandboxEmptyGroupID}

	out, terr := call(t, tk, "add_group_to_group", nest)
	require.Nil(t, terr)
	assert.Equal(t, true, out["nested"])
	assert.Nil(t, out["alreadyNested"])
	out, terr = call(t, tk, "add_group_to_group", nest)
	require.Nil(t, terr, "nesting again is not an error")
	assert.Equal(t, true, out["alreadyNested"])

	out, terr = call(t, tk, "list_user_groups", map[string]any{"environmentId": sb, "userId": demo.SandboxUserID})
	require.Nil(t, terr)
	types := map[string]any{}
	for _, g := range out["groups"].([]any) {
		types[g.(map[string]any)["name"].(string)] = g.(map[string]any)["type"]
	}
	assert.Equal(t, "DIRECT", types["Admins"])
	assert.Equal(t, "INDIRECT", types["Auditors"], "jdoe is in Admins, nested in Auditors")

	out, terr = call(t, tk, "list_group_nestings", map[string]any{"environmentId": sb, "groupId": demo.SandboxAdminsGroupID})
	require.Nil(t, terr)
	assert.Equal(t, []any{map[string]any{"id": demo.SandboxEmptyGroupID, "name": "Auditors", "type": "DIRECT"}}, out["nestedIn"])
	out, terr = call(t, tk, "get_group_nesting", nest)
	require.Nil(t, terr)
	assert.Equal(t, true, out["nested"])

	cycle := map[string]any{"environmentId": sb, "groupId": demo.SandboxEmptyGroupID, "outerGroupId": demo.SandboxAdminsGroupID}
	_, terr = call(t, tk, "add_group_to_group", cycle)
	require.NotNil(t, terr, "a cycle is refused, not reported as already nested")
	assert.Contains(t, terr.Message, "cycle")

	rm := map[string]any{"environmentId": sb, "groupId": demo.SandboxAdminsGroupID, "outerGroupId": demo.SandboxEmptyGroupID, "confirm": "Admins"}
	out, terr = call(t, tk, "remove_group_from_group", rm)
	require.Nil(t, terr)
	assert.Equal(t, false, out["nested"])
	_, terr = call(t, tk, "get_group_nesting", nest)
	require.NotNil(t, terr)
	assert.Equal(t, tools.KindNotFound, terr.Kind)
}
