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
		List:   "Lists the groups of an environment (id, name, description, populationId, direct user count).",
		Create: "Creates a group. Add members with add_user_to_group, or give a userFilter to make it dynamic.",
		Update: "Updates a group: its name, description, userFilter, externalId or customData.",
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
	return append(append(groups.Tools(), New(Meta{
		Name: "get_group", Title: "Get group", Collection: "groups", Effect: Read,
		Description: "Returns one group in full. list_group_members lists its members.",
	}, func(ctx context.Context, d Deps, in getGroupIn) (map[string]*pingone.Group, error) {
		g, err := d.Client.Groups.Get(ctx, in.EnvironmentID, in.GroupID, &pingone.GetGroupOptions{IncludeTotalMemberCounts: in.IncludeMemberCounts})
		return groups.one(g), err
	}), listGroupMembers()), nestingTools()...)
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
		Description: "Lists the users who are members of a group, as list_users' compact rows: {members, nextCursor, count}. " +
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

type nestingIn struct {
	envIn
	GroupID      string `json:"groupId" jsonschema:"ID (UUID) of the nested group (the inner one), from list_groups."`
	OuterGroupID string `json:"outerGroupId" jsonschema:"ID (UUID) of the group it is nested in (the outer one), from list_groups."`
}

type groupIn struct {
	envIn
	GroupID string `json:"groupId" jsonschema:"ID (UUID) of the group, from list_groups."`
}

// NestingSummary is one group another group is nested in.
type NestingSummary struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

type listNestingsOut struct {
	GroupID  string           `json:"groupId"`
	NestedIn []NestingSummary `json:"nestedIn"`
}

type nestingOut struct {
	GroupID      string `json:"groupId"`
	OuterGroupID string `json:"outerGroupId"`
	Nested       bool   `json:"nested"`
	// AlreadyNested says an add found the nesting in place already.
	AlreadyNested bool `json:"alreadyNested,omitempty"`
}

// nestingTools are PingOne's group nestings (…/groups/{id}/memberOfGroups):
// the members of a nested group are INDIRECT members of the outer group,
// and hold the roles granted to it.
func nestingTools() []*Tool {
	group := groups.Target()
	return []*Tool{
		New(Meta{
			Name: "list_group_nestings", Title: "List the groups a group is nested in", Collection: "groups", Effect: Read, Target: group,
			Description: "Lists the groups a group is nested in directly (id, name): its members are INDIRECT members of each, " +
				"and of the groups those are nested in. add_group_to_group nests a group; list_user_groups shows a user's INDIRECT memberships.",
		}, func(ctx context.Context, d Deps, in groupIn) (listNestingsOut, error) {
			list, err := d.Client.Groups.ListNestings(ctx, in.EnvironmentID, in.GroupID)
			if err != nil {
				return listNestingsOut{}, err
			}
			out := listNestingsOut{GroupID: in.GroupID, NestedIn: []NestingSummary{}}
			for _, n := range list {
				row := NestingSummary{ID: n.ID, Type: n.Type}
				if g, err := d.Client.Groups.Get(ctx, in.EnvironmentID, n.ID, nil); err == nil {
					row.Name = g.Name // a failed lookup only leaves the name out
				}
				out.NestedIn = append(out.NestedIn, row)
			}
			return out, nil
		}),
		New(Meta{
			Name: "get_group_nesting", Title: "Get a group nesting", Collection: "groups", Effect: Read, Target: group,
			Description: "Says whether a group is nested directly in another (outerGroupId); not-found when it is not.",
		}, func(ctx context.Context, d Deps, in nestingIn) (nestingOut, error) {
			n, err := d.Client.Groups.GetNesting(ctx, in.EnvironmentID, in.GroupID, in.OuterGroupID)
			if err != nil {
				return nestingOut{}, err
			}
			return nestingOut{GroupID: in.GroupID, OuterGroupID: in.OuterGroupID, Nested: n != nil}, nil
		}),
		New(Meta{
			Name: "add_group_to_group", Title: "Nest a group in another", Collection: "groups", Effect: Create, EnvironmentArg: "environmentId", Target: group,
			Description: "Nests a group (groupId) in another (outerGroupId): its members become INDIRECT members of the outer group " +
				"and hold the roles granted to it. PingOne refuses nesting a group in itself or making a cycle. " +
				"Nesting a group where it is nested already is not an error: the result says alreadyNested true.",
		}, func(ctx context.Context, d Deps, in nestingIn) (nestingOut, error) {
			already, err := addOnce(func() error {
				_, err := d.Client.Groups.AddToGroup(ctx, in.EnvironmentID, in.GroupID, in.OuterGroupID)
				return err
			}, func() bool {
				_, err := d.Client.Groups.GetNesting(ctx, in.EnvironmentID, in.GroupID, in.OuterGroupID)
				return err == nil
			})
			return nestingOut{GroupID: in.GroupID, OuterGroupID: in.OuterGroupID, Nested: err == nil, AlreadyNested: already}, err
		}),
		New(Meta{
			Name: "remove_group_from_group", Title: "Remove a group nesting", Collection: "groups", Effect: Delete, EnvironmentArg: "environmentId", Target: group,
			Description: "Ends the nesting of a group (groupId) in another (outerGroupId): its members stop being INDIRECT members of the outer group " +
				"(unless another path remains) and lose the roles they held through it.",
		}, func(ctx context.Context, d Deps, in nestingIn) (nestingOut, error) {
			err := d.Client.Groups.RemoveFromGroup(ctx, in.EnvironmentID, in.GroupID, in.OuterGroupID)
			return nestingOut{GroupID: in.GroupID, OuterGroupID: in.OuterGroupID, Nested: err != nil}, err
		}),
	}
}
