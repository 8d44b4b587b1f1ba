package pingone_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/p1kit/p1kit/pingone"
)

const groupJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/groups/g-1"}},
 "id":"g-1","environment":{"id":"env-1"},"name":"Help Desk","description":"Tier 1",
 "population":{"id":"pop-1"},"userFilter":"title eq \"Agent\"","externalId":"hd-1",
 "customData":{"costCenter":"42","tags":["a","b"]},"sourceType":"IDP","sourceId":"idp-1",
 "directMemberCounts":{"users":3,"groups":1},"totalMemberCounts":{"users":5},
 "displayName":"Help Desk (Tier 1)","riskLevel":"LOW","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z"}`

func checkGroup(t *testing.T, g *pingone.Group) {
	t.Helper()
	assert.Equal(t, "g-1", g.ID)
	assert.Equal(t, "env-1", g.Environment.ID)
	assert.Equal(t, "Help Desk", g.Name)
	assert.Equal(t, "Tier 1", g.Description)
	assert.Equal(t, "pop-1", g.Population.ID)
	assert.Equal(t, `title eq "Agent"`, g.UserFilter)
	assert.Equal(t, "hd-1", g.ExternalID)
	assert.Equal(t, map[string]any{"costCenter": "42", "tags": []any{"a", "b"}}, g.CustomData)
	assert.Equal(t, pingone.GroupSourceIDP, g.SourceType)
	assert.Equal(t, "idp-1", g.SourceID)
	assert.Equal(t, &pingone.GroupMemberCounts{Users: pingone.Ptr(3), Groups: pingone.Ptr(1)}, g.DirectMemberCounts)
	assert.Equal(t, &pingone.GroupMemberCounts{Users: pingone.Ptr(5)}, g.TotalMemberCounts)
	assert.NotNil(t, g.CreatedAt)
	assert.JSONEq(t, `"Help Desk (Tier 1)"`, string(g.Extra["displayName"]))
}

func TestGroupsGetOptions(t *testing.T) {
	t.Parallel()
	get := func(opts *pingone.GetGroupOptions) func(ctx context.Context, c *pingone.Client) (any, error) {
		return func(ctx context.Context, c *pingone.Client) (any, error) {
			return c.Groups.Get(ctx, envID, "g-1", opts)
		}
	}
	check := func(t *testing.T, out any) { checkGroup(t, out.(*pingone.Group)) }
	runAPICases(t, []apiCase{
		{name: "no options", method: http.MethodGet, path: "/environments/env-1/groups/g-1", reply: ok(groupJSON),
			do: get(nil), check: check},
		{name: "total member counts", method: http.MethodGet, path: "/environments/env-1/groups/g-1", reply: ok(groupJSON),
			do: get(&pingone.GetGroupOptions{IncludeTotalMemberCounts: true}), wantQuery: url.Values{"include": {"totalMemberCounts"}}, check: check},
		{name: "empty options", method: http.MethodGet, path: "/environments/env-1/groups/g-1", reply: ok(groupJSON),
			do: get(&pingone.GetGroupOptions{}), check: check},
	})
}
