package pingone_test

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const groupJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/groups/g-1"}},
 "id":"g-1","environment":{"id":"env-1"},"name":"Help Desk","description":"Tier 1",
 "population":{"id":"pop-1"},"userFilter":"title eq \"Agent\"","externalId":"hd-1",
 "customData":{"costCenter":"42","tags":["a","b"]},"sourceType":"IDP","sourceId":"idp-1",
 "directMemberCounts":{"users":3,"groups":1},"totalMemberCounts":{"users":5},
 "displayName":"Help Desk (Tier 1)","riskLevel":"LOW","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z"}`

func TestGroupsAPI(t *testing.T) {
	t.Parallel()
	checkGroup := func(t *testing.T, out any) {
		g := out.(*pingone.Group)
		assert.Equal(t, "g-1", g.ID)
		assert.Equal(t, "env-1", g.Environment.ID)
		assert.Equal(t, "Help Desk", g.Name)
		assert.Equal(t, "Tier 1", g.Description)
		assert.Equal(t, "pop-1", g.Population.ID)
		assert.Equal(t, `title eq "Agent"`, g.UserFilter)
		assert.Equal(t, "hd-1", g.ExternalID)
		assert.Equal(t, map[string]any{"costCenter": "42", "tags": []any{"a", "b"}}, g.CustomData)
		assert.Equal(t, pingone.GroupSourceIDP, g.SourceType)
		assert.Equal(t, &pingone.GroupMemberCounts{Users: pingone.Ptr(3), Groups: pingone.Ptr(1)}, g.DirectMemberCounts)
		assert.Equal(t, &pingone.GroupMemberCounts{Users: pingone.Ptr(5)}, g.TotalMemberCounts)
		assert.NotNil(t, g.CreatedAt)
		assert.JSONEq(t, `"Help Desk (Tier 1)"`, string(g.Extra["displayName"]))
	}
	runAPICases(t, []apiCase{
		{
			name: "List", method: http.MethodGet, path: "/environments/env-1/groups",
			reply: ok(`{"_embedded":{"groups":[` + groupJSON + `]},"count":1,"size":1}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Groups.List(ctx, envID, &pingone.ListOptions{Filter: `name eq "Help Desk"`})
			},
			wantQuery: url.Values{"filter": {`name eq "Help Desk"`}},
			check: func(t *testing.T, out any) {
				p := out.(*pingone.Page[*pingone.Group])
				require.Len(t, p.Items, 1)
				checkGroup(t, p.Items[0])
			},
		},
		{
			name: "Get", method: http.MethodGet, path: "/environments/env-1/groups/g-1", reply: ok(groupJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Groups.Get(ctx, envID, "g-1", nil)
			},
			check: checkGroup,
		},
		{
			name: "Get with total member counts", method: http.MethodGet, path: "/environments/env-1/groups/g-1", reply: ok(groupJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Groups.Get(ctx, envID, "g-1", &pingone.GetGroupOptions{IncludeTotalMemberCounts: true})
			},
			wantQuery: url.Values{"include": {"totalMemberCounts"}},
			check:     checkGroup,
		},
		{
			name: "Get with empty options", method: http.MethodGet, path: "/environments/env-1/groups/g-1", reply: ok(groupJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Groups.Get(ctx, envID, "g-1", &pingone.GetGroupOptions{})
			},
			check: checkGroup,
		},
		{
			name: "Create", method: http.MethodPost, path: "/environments/env-1/groups", reply: created(groupJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Groups.Create(ctx, envID, &pingone.Group{
					Name: "Help Desk", Population: pingone.Ref("pop-1"), UserFilter: `title eq "Agent"`,
					CustomData: map[string]any{"costCenter": "42"},
				})
			},
			wantCT:   "application/json",
			wantBody: `{"name":"Help Desk","population":{"id":"pop-1"},"userFilter":"title eq \"Agent\"","customData":{"costCenter":"42"}}`,
			check:    checkGroup,
		},
		{
			name: "Update", method: http.MethodPut, path: "/environments/env-1/groups/g-1", reply: ok(groupJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Groups.Update(ctx, envID, "g-1", &pingone.Group{Name: "Help Desk", Description: "Tier 2", ExternalID: "hd-2"})
			},
			wantCT:   "application/json",
			wantBody: `{"name":"Help Desk","description":"Tier 2","externalId":"hd-2"}`,
			check:    checkGroup,
		},
		{
			name: "Delete", method: http.MethodDelete, path: "/environments/env-1/groups/g-1", reply: noContent(),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.Groups.Delete(ctx, envID, "g-1")
			},
		},
	})
}

func TestGroupsPagination(t *testing.T) {
	t.Parallel()
	testPagination(t, "/environments/env-1/groups", "groups",
		func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) (*pingone.Page[*pingone.Group], error) {
			return c.Groups.List(ctx, envID, o)
		},
		func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) iter.Seq2[*pingone.Group, error] {
			return c.Groups.All(ctx, envID, o)
		},
		func(g *pingone.Group) string { return g.ID })
}

func TestGroupExtraRoundTrip(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodGet, "/environments/env-1/groups/g-1", ok(groupJSON))
	f.on(http.MethodPut, "/environments/env-1/groups/g-1", ok(groupJSON))
	g, err := c.Groups.Get(t.Context(), envID, "g-1", nil)
	require.NoError(t, err)
	g.Description = "Tier 2"
	_, err = c.Groups.Update(t.Context(), envID, "g-1", g)
	require.NoError(t, err)
	var sent map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(f.last().Body, &sent))
	assert.JSONEq(t, `"LOW"`, string(sent["riskLevel"]), "an unknown member survives the update")
	for _, readOnly := range []string{"displayName", "id", "_links", "directMemberCounts", "createdAt", "sourceType"} {
		assert.NotContains(t, sent, readOnly, "read-only members are not sent back")
	}
	assert.JSONEq(t, `"Tier 2"`, string(sent["description"]))
	assert.JSONEq(t, `{"costCenter":"42","tags":["a","b"]}`, string(sent["customData"]))
}
