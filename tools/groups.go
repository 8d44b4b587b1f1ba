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

type listGroupsIn struct {
	envIn
	Filter string `json:"filter,omitempty" jsonschema:"SCIM filter, e.g. name eq \"Help Desk\", name sw \"Eng\", population.id eq \"…\"."`
	pageIn
}

func (listGroupsIn) tuneSchema(s *jsonschema.Schema) { pageSchema(s, 1000) }

type listGroupsOut struct {
	Groups     []GroupSummary `json:"groups"`
	NextCursor string         `json:"nextCursor,omitempty"`
}

type groupIn struct {
	envIn
	GroupID string `json:"groupId" jsonschema:"ID (UUID) of the group."`
}

type getGroupIn struct {
	groupIn
	IncludeMemberCounts bool `json:"includeMemberCounts,omitempty" jsonschema:"Also return totalMemberCounts (members including nested groups)."`
}

type groupOut struct {
	Group *pingone.Group `json:"group"`
}

// groupFields are the settable fields of a group.
type groupFields struct {
	Description *string        `json:"description,omitempty" jsonschema:"Description."`
	UserFilter  *string        `json:"userFilter,omitempty" jsonschema:"SCIM filter that makes this a dynamic group (members are the users it matches)."`
	ExternalID  *string        `json:"externalId,omitempty" jsonschema:"Identifier of the group in another system."`
	CustomData  map[string]any `json:"customData,omitempty" jsonschema:"Free-form JSON data kept with the group."`
}

func (f groupFields) patch(name string) map[string]any {
	m := map[string]any{"name": name}
	if f.Description != nil {
		m["description"] = *f.Description
	}
	if f.UserFilter != nil {
		m["userFilter"] = *f.UserFilter
	}
	if f.ExternalID != nil {
		m["externalId"] = *f.ExternalID
	}
	if f.CustomData != nil {
		m["customData"] = f.CustomData
	}
	return m
}

type createGroupIn struct {
	envIn
	Name         string `json:"name" jsonschema:"Group name, unique in the environment."`
	PopulationID string `json:"populationId,omitempty" jsonschema:"ID (UUID) of a population to scope the group to; omit for an environment-wide group."`
	groupFields
}

type updateGroupIn struct {
	groupIn
	Name string `json:"name" jsonschema:"Group name (send the current name to keep it)."`
	groupFields
}

func groupTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_groups", Title: "List groups", Collection: "groups", Effect: Read,
			Description: "Lists the groups of an environment, one page at a time (id, name, description, populationId, direct user count).",
		}, func(ctx context.Context, d Deps, in listGroupsIn) (listGroupsOut, error) {
			page, err := d.Client.Groups.List(ctx, in.EnvironmentID, in.options(in.Filter))
			if err != nil {
				return listGroupsOut{}, err
			}
			out := listGroupsOut{Groups: []GroupSummary{}, NextCursor: page.NextCursor}
			for _, g := range page.Items {
				s := GroupSummary{ID: g.ID, Name: g.Name, Description: g.Description}
				if g.Population != nil {
					s.PopulationID = g.Population.ID
				}
				if g.DirectMemberCounts != nil {
					s.DirectUsers = g.DirectMemberCounts.Users
				}
				out.Groups = append(out.Groups, s)
			}
			return out, nil
		}),
		New(Meta{
			Name: "get_group", Title: "Get group", Collection: "groups", Effect: Read,
			Description: "Returns one group in full. List its members with list_users and the filter memberOfGroups[id eq \"<groupId>\"].",
		}, func(ctx context.Context, d Deps, in getGroupIn) (groupOut, error) {
			g, err := d.Client.Groups.Get(ctx, in.EnvironmentID, in.GroupID, &pingone.GetGroupOptions{IncludeTotalMemberCounts: in.IncludeMemberCounts})
			return groupOut{Group: g}, err
		}),
		New(Meta{
			Name: "create_group", Title: "Create group", Collection: "groups", Effect: Create, EnvironmentArg: "environmentId",
			Description: "Creates a group. Add members with add_user_to_group, or give a userFilter to make it dynamic.",
		}, func(ctx context.Context, d Deps, in createGroupIn) (groupOut, error) {
			patch := in.patch(in.Name)
			if in.PopulationID != "" {
				patch["population"] = pingone.Ref(in.PopulationID)
			}
			g, err := mergeInto(&pingone.Group{}, patch)
			if err != nil {
				return groupOut{}, err
			}
			created, err := d.Client.Groups.Create(ctx, in.EnvironmentID, g)
			return groupOut{Group: created}, err
		}),
		New(Meta{
			Name: "update_group", Title: "Update group", Collection: "groups", Effect: Update, EnvironmentArg: "environmentId",
			Description: "Updates a group. Optional fields you omit keep their current values (p1kit reads the group first and merges).",
		}, func(ctx context.Context, d Deps, in updateGroupIn) (groupOut, error) {
			cur, err := d.Client.Groups.Get(ctx, in.EnvironmentID, in.GroupID, nil)
			if err != nil {
				return groupOut{}, err
			}
			next, err := mergeInto(cur, in.patch(in.Name))
			if err != nil {
				return groupOut{}, err
			}
			g, err := d.Client.Groups.Update(ctx, in.EnvironmentID, in.GroupID, next)
			return groupOut{Group: g}, err
		}),
		New(Meta{
			Name: "delete_group", Title: "Delete group", Collection: "groups", Effect: Delete, EnvironmentArg: "environmentId",
			Description: "Deletes a group. Its members stay; they lose the membership and whatever roles the group granted.",
		}, func(ctx context.Context, d Deps, in groupIn) (deleted, error) {
			err := d.Client.Groups.Delete(ctx, in.EnvironmentID, in.GroupID)
			return deleted{Deleted: err == nil, ID: in.GroupID}, err
		}),
	}
}
