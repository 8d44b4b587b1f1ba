package tools

import (
	"context"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// GroupSummary is one row of list_groups.
type GroupSummary struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`
	PopulationID string `json:"populationId,omitempty"`
	DirectUsers  *int   `json:"directUsers,omitempty"`
}

// groupFields are the settable fields of a group.
type groupFields struct {
	Name         string         `json:"name" jsonschema:"Group name, unique in the environment."`
	PopulationID string         `json:"populationId,omitempty" jsonschema:"ID (UUID) of a population to scope the group to; omit for an environment-wide group."`
	Description  *string        `json:"description,omitempty" jsonschema:"Description."`
	UserFilter   *string        `json:"userFilter,omitempty" jsonschema:"SCIM filter that makes this a dynamic group (members are the users it matches)."`
	ExternalID   *string        `json:"externalId,omitempty" jsonschema:"Identifier of the group in another system."`
	CustomData   map[string]any `json:"customData,omitempty" jsonschema:"Free-form JSON data kept with the group."`
}

// tuneSchema frees externalId from the UUID pattern: it is the group's
// identifier in another system, not a PingOne id.
func (groupFields) tuneSchema(s *jsonschema.Schema) { prop(s, "externalId").Pattern = "" }

var groups = Family[pingone.Group, GroupSummary, groupFields]{
	Noun: "group", Collection: "groups",
	Client: func(c *pingone.Client) EnvResource[pingone.Group] { return &c.Groups.EnvCollection },
	Summary: func(g *pingone.Group) GroupSummary {
		s := GroupSummary{ID: g.ID, Name: g.Name, Description: g.Description}
		if g.Population != nil {
			s.PopulationID = g.Population.ID
		}
		if g.DirectMemberCounts != nil {
			s.DirectUsers = g.DirectMemberCounts.Users
		}
		return s
	},
	Name:   func(g *pingone.Group) string { return g.Name },
	Filter: "SCIM filter, e.g. name eq \"Help Desk\", name sw \"Eng\", population.id eq \"…\".",
	Omit:   VerbGet, // hand-written: it can include the total member counts
	Descriptions: Descriptions{
		List:   "Lists the groups of an environment, one page at a time (id, name, description, populationId, direct user count).",
		Create: "Creates a group. Add members with add_user_to_group, or give a userFilter to make it dynamic.",
		Update: "Updates a group. Fields you omit keep their current values (p1kit reads the group first and merges); clear removes optional ones, such as userFilter.",
		Delete: "Deletes a group. Its members stay; they lose the membership and whatever roles the group granted.",
	},
	Refs:       map[string]string{"populationId": "population"},
	CreateOnly: []string{"populationId"},
}

type getGroupIn struct {
	envIn
	GroupID             string `json:"groupId" jsonschema:"ID (UUID) of the group."`
	IncludeMemberCounts bool   `json:"includeMemberCounts,omitempty" jsonschema:"Also return totalMemberCounts (members including nested groups)."`
}

func groupTools() []*Tool {
	return append(groups.Tools(), New(Meta{
		Name: "get_group", Title: "Get group", Collection: "groups", Effect: Read,
		Description: "Returns one group in full. list_group_members lists its members.",
	}, func(ctx context.Context, d Deps, in getGroupIn) (map[string]*pingone.Group, error) {
		g, err := d.Client.Groups.Get(ctx, in.EnvironmentID, in.GroupID, &pingone.GetGroupOptions{IncludeTotalMemberCounts: in.IncludeMemberCounts})
		return groups.one(g), err
	}), listGroupMembers())
}

type listGroupMembersIn struct {
	envIn
	GroupID string `json:"groupId" jsonschema:"ID (UUID) of the group, from list_groups."`
	pageIn
}

func (listGroupMembersIn) tuneSchema(s *jsonschema.Schema) { pageSchema(s, 1000) }

// listGroupMembers lists a group's users through the users filter
// memberOfGroups[id eq …], PingOne's one way to read them.
func listGroupMembers() *Tool {
	return New(Meta{
		Name: "list_group_members", Title: "List group members", Collection: "groups", Effect: Read, PersonalData: true, Target: groups.Target(),
		Description: "Lists the users who are members of a group, one page at a time, as the same compact rows as list_users " +
			"(id, username, email, name, enabled, populationId, account and lifecycle status): {members, nextCursor, count}. Use cursor to continue; " +
			"list_user_groups tells for one user whether a membership is DIRECT or INDIRECT (through a nested group).",
	}, func(ctx context.Context, d Deps, in listGroupMembersIn) (listOut[UserSummary], error) {
		filter := `memberOfGroups[id eq "` + in.GroupID + `"]`
		page, err := d.Client.Users.List(ctx, in.EnvironmentID, in.options(filter))
		if err != nil {
			return listOut[UserSummary]{}, err
		}
		if len(page.Items) == 0 && in.Cursor == "" {
			// An unknown group matches no user: say so rather than "no members".
			if _, err := d.Client.Groups.Get(ctx, in.EnvironmentID, in.GroupID, nil); err != nil {
				return listOut[UserSummary]{}, err
			}
		}
		rows := make([]UserSummary, 0, len(page.Items))
		for _, u := range page.Items {
			rows = append(rows, summarizeUser(u))
		}
		return listOut[UserSummary]{key: "members", rows: rows, next: page.NextCursor, count: page.Count}, nil
	})
}
