package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each action type is refused without the members PingOne requires of it,
// and accepted with them.
func TestSignOnPolicyActionTypes(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	coll := env(sb, "signOnPolicies", c.mk(env(sb, "signOnPolicies"), map[string]any{"name": "Types"}), "actions")
	ref := map[string]any{"id": unknownID}
	for _, tc := range []struct {
		typ     string
		missing []string       // details (REQUIRED target) of the bare action
		valid   map[string]any // members that make it valid
	}{
		{typ: "LOGIN", valid: map[string]any{"socialProviders": []any{}}},
		{typ: "MULTI_FACTOR_AUTHENTICATION", valid: map[string]any{"deviceAuthenticationPolicy": map[string]any{"id": Demo().SandboxStrictMFAPolicyID}}},
		{typ: "IDENTIFIER_FIRST", valid: map[string]any{"discoveryRules": []any{}}},
		{typ: "IDENTITY_PROVIDER", missing: []string{"identityProvider"}, valid: map[string]any{"identityProvider": map[string]any{"id": Demo().SandboxGoogleIdPID}}},
		{typ: "AGREEMENT", missing: []string{"agreement"}, valid: map[string]any{"agreement": ref}},
		{typ: "PROGRESSIVE_PROFILING",
			missing: []string{"preventMultiplePromptsPerFlow", "promptIntervalSeconds", "promptText", "attributes"},
			valid: map[string]any{"preventMultiplePromptsPerFlow": true, "promptIntervalSeconds": 86400, "promptText": "More, please",
				"attributes": []any{map[string]any{"name": "mobilePhone", "required": false}}}},
		{typ: "PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION", missing: []string{"offlineMode", "uniqueUserAttribute"},
			valid: map[string]any{"offlineMode": map[string]any{"enabled": false}, "uniqueUserAttribute": map[string]any{"name": "username"}}},
		{typ: "PINGID_AUTHENTICATION"},
	} {
		priority := len(c.get(coll).items("actions")) + 1
		bare := map[string]any{"type": tc.typ, "priority": priority}
		if tc.missing != nil {
			r := c.do(http.MethodPost, coll, bare)
			require.Equal(t, http.StatusBadRequest, r.Status, tc.typ)
			var want []string
			for _, m := range tc.missing {
				want = append(want, detailRequired+" "+m)
			}
			assert.ElementsMatch(t, want, detailPairs(r), tc.typ)
		}
		for k, v := range tc.valid {
			bare[k] = v
		}
		made := c.do(http.MethodPost, coll, bare)
		require.Equal(t, http.StatusCreated, made.Status, "%s: %s", tc.typ, made.Raw)
		assert.Equal(t, tc.typ, made.str("type"))
	}

	// A profiling attribute needs a name and whether it is required.
	r := c.do(http.MethodPost, coll, map[string]any{"type": "PROGRESSIVE_PROFILING", "priority": 99, "preventMultiplePromptsPerFlow": true,
		"promptIntervalSeconds": 0, "promptText": "x", "attributes": []any{map[string]any{"name": "email"}}})
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.ElementsMatch(t, []string{detailInvalidValue + " promptIntervalSeconds", detailRequired + " attributes[0].required"}, detailPairs(r))

	for _, p := range []any{0, 1.5, "1"} {
		r := c.do(http.MethodPost, coll, map[string]any{"type": "LOGIN", "priority": p})
		require.Equal(t, http.StatusBadRequest, r.Status, "priority %v", p)
		assert.Equal(t, []string{detailInvalidValue + " priority"}, detailPairs(r))
	}
	r = c.do(http.MethodPost, coll, map[string]any{"type": "LOGIN"})
	assert.Equal(t, []string{detailRequired + " priority"}, detailPairs(r))
}

// Actions are served lowest priority first, no two share one, and an
// action keeps its type and names its policy.
func TestSignOnPolicyActionOrder(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	coll := env(dm.SandboxEnvironmentID, "signOnPolicies", dm.SandboxMultiFactorPolicyID, "actions")
	types := func() []string {
		var out []string
		for _, a := range c.get(coll).items("actions") {
			out = append(out, a["type"].(string))
		}
		return out
	}
	require.Equal(t, []string{"LOGIN", "MULTI_FACTOR_AUTHENTICATION"}, types())
	login := c.get(coll + "/" + dm.SandboxMultiFactorActionIDs[0])
	assert.Equal(t, dm.SandboxMultiFactorPolicyID, login.str("signOnPolicy.id"))
	assert.Contains(t, login.str("_links.signOnPolicy.href"), "/signOnPolicies/"+dm.SandboxMultiFactorPolicyID)

	clash := c.do(http.MethodPost, coll, map[string]any{"type": "AGREEMENT", "priority": 2, "agreement": map[string]any{"id": unknownID}})
	require.Equal(t, http.StatusBadRequest, clash.Status)
	assert.Equal(t, []string{detailUniqueness + " priority"}, detailPairs(clash))
	assert.Equal(t, dm.SandboxMultiFactorActionIDs[1], str(clash.Body["details"].([]any)[0].(map[string]any), "innerError.existingId"))

	c.mk(coll, map[string]any{"type": "AGREEMENT", "priority": 3, "agreement": map[string]any{"id": unknownID}})
	put := c.do(http.MethodPut, coll+"/"+dm.SandboxMultiFactorActionIDs[0], map[string]any{"type": "LOGIN", "priority": 10})
	require.Equal(t, http.StatusOK, put.Status, string(put.Raw))
	assert.Equal(t, []string{"MULTI_FACTOR_AUTHENTICATION", "AGREEMENT", "LOGIN"}, types(), "by priority, not by creation")
	keep := c.do(http.MethodPut, coll+"/"+dm.SandboxMultiFactorActionIDs[0], map[string]any{"type": "LOGIN", "priority": 10})
	assert.Equal(t, http.StatusOK, keep.Status, "an action keeps its own priority")

	retype := c.do(http.MethodPut, coll+"/"+dm.SandboxMultiFactorActionIDs[0], map[string]any{"type": "IDENTIFIER_FIRST", "priority": 10})
	require.Equal(t, http.StatusBadRequest, retype.Status)
	assert.Equal(t, []string{detailInvalidValue + " type"}, detailPairs(retype))
}

// One policy is the environment's default: it cannot be deleted or unset,
// and making another the default moves the flag.
func TestDefaultSignOnPolicy(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	single := env(sb, "signOnPolicies", dm.SandboxSingleFactorPolicyID)
	multi := env(sb, "signOnPolicies", dm.SandboxMultiFactorPolicyID)
	require.Equal(t, true, c.get(single).Body["default"])

	del := c.do(http.MethodDelete, single, nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Equal(t, []string{detailConstraint}, del.detailCodes())
	unset := c.do(http.MethodPut, single, map[string]any{"name": "Single_Factor", "default": false})
	require.Equal(t, http.StatusBadRequest, unset.Status)
	assert.Equal(t, []string{detailConstraint + " default"}, detailPairs(unset))

	require.Equal(t, http.StatusOK, c.do(http.MethodPut, multi, map[string]any{"name": "Multi_Factor", "default": true}).Status)
	assert.Equal(t, false, c.get(single).Body["default"])
	assert.Equal(t, true, c.get(multi).Body["default"])
	// Single_Factor is neither default nor assigned now: it goes.
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, single, nil).Status)
	assert.Len(t, c.get(env(sb, "signOnPolicies")).items("signOnPolicies"), 1)
}

func TestSignOnPolicyNames(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	coll := env(Demo().SandboxEnvironmentID, "signOnPolicies")
	for name, ok := range map[string]bool{"Step-up MFA v2.1": true, "urn:example:policy": true, "Bad/Name": false, "Émoji": false, "not a uri: x": false} {
		r := c.do(http.MethodPost, coll, map[string]any{"name": name})
		if ok {
			assert.Equal(t, http.StatusCreated, r.Status, "%q: %s", name, r.Raw)
		} else {
			assert.Equal(t, []string{detailInvalidValue + " name"}, detailPairs(r), name)
		}
	}
}

// An application's assignments name policies that exist, once each, at
// distinct priorities, served in priority order.
func TestSignOnPolicyAssignments(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	coll := env(sb, "applications", dm.SandboxWebAppID, "signOnPolicyAssignments")
	seeded := c.get(coll).items("signOnPolicyAssignments")
	require.Len(t, seeded, 1)
	assert.Equal(t, dm.SandboxWebAppPolicyAssignmentID, seeded[0]["id"])
	assert.Equal(t, dm.SandboxMultiFactorPolicyID, str(seeded[0], "signOnPolicy.id"))
	assert.Equal(t, dm.SandboxWebAppID, str(seeded[0], "application.id"))

	missing := c.do(http.MethodPost, coll, map[string]any{"signOnPolicy": map[string]any{"id": unknownID}, "priority": 2})
	require.Equal(t, http.StatusBadRequest, missing.Status)
	assert.Equal(t, []string{detailInvalidValue + " signOnPolicy.id"}, detailPairs(missing))
	other := c.do(http.MethodPost, coll, map[string]any{"signOnPolicy": map[string]any{"id": dm.ProductionMultiFactorPolicyID}, "priority": 2})
	assert.Equal(t, []string{detailInvalidValue + " signOnPolicy.id"}, detailPairs(other), "a policy of another environment")
	same := c.do(http.MethodPost, coll, map[string]any{"signOnPolicy": map[string]any{"id": dm.SandboxSingleFactorPolicyID}, "priority": 1})
	assert.Equal(t, []string{detailUniqueness + " priority"}, detailPairs(same))

	made := c.mk(coll, map[string]any{"signOnPolicy": map[string]any{"id": dm.SandboxSingleFactorPolicyID}, "priority": 2})
	require.Equal(t, http.StatusOK, c.do(http.MethodPut, coll+"/"+dm.SandboxWebAppPolicyAssignmentID,
		map[string]any{"signOnPolicy": map[string]any{"id": dm.SandboxMultiFactorPolicyID}, "priority": 5}).Status)
	assert.Equal(t, []string{made, dm.SandboxWebAppPolicyAssignmentID}, ids(c.get(coll).items("signOnPolicyAssignments")))

	// The assigned Multi_Factor cannot go while HR Portal uses it.
	del := c.do(http.MethodDelete, env(sb, "signOnPolicies", dm.SandboxMultiFactorPolicyID), nil)
	require.Equal(t, http.StatusBadRequest, del.Status)
	assert.Contains(t, del.Body["details"].([]any)[0].(map[string]any)["message"], "1 sign-on policy assignment(s) refer to it by signOnPolicy.id")
}
