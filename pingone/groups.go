package pingone

import (
	"context"
	"net/url"
)

// GroupsService manages groups: /environments/{envID}/groups, and their
// nesting in other groups. List takes a Limit of 1–1000 and SCIM filters
// such as `name eq "Help Desk"`; Delete leaves the members. Get takes
// options, so it shadows the collection's.
type GroupsService struct {
	EnvCollection[Group]
	nestings collection[GroupNesting]
	RoleAssignments
}

// A group's role assignments are granted to its members (and to the members
// of the groups nested in it); they go with the group.
var groupRoleAssignmentsResource = Resource{Parent: "groups", Path: "roleAssignments", Key: "roleAssignments",
	ReadOnly: []string{"_links", "environment", "gateway", "group", "id", "readOnly"}}

// A group's nestings are a relation, served but not declared. PingOne
// answers them under _embedded.groupMemberships (the spec names no key).
var nestingsResource = Resource{Parent: "groups", Path: "memberOfGroups", Key: "groupMemberships", ReadOnly: []string{"_links", "type"}}

// The spec's Group omits createdAt and updatedAt, which PingOne returns.
var groupsResource = Resource{Path: "groups", Key: "groups", ReadOnly: []string{"_links", "createdAt", "directMemberCounts",
	"displayName", "environment", "id", "sourceId", "sourceType", "totalMemberCounts", "updatedAt"}}

// Group source types: where an externally managed group comes from.
const (
	GroupSourceGateway = "GATEWAY"
	GroupSourceIDP     = "IDP"
)

// Group is a set of users. A group with Population set is scoped to that
// population; one with UserFilter is dynamic (its members are the users the
// SCIM filter matches).
type Group struct {
	Meta
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	Population  *ObjectRef     `json:"population,omitempty"`
	UserFilter  string         `json:"userFilter,omitempty"`
	ExternalID  string         `json:"externalId,omitempty"`
	CustomData  map[string]any `json:"customData,omitempty"`
	// SourceType is GroupSourceGateway or GroupSourceIDP for groups managed outside PingOne.
	SourceType         string             `json:"sourceType,omitempty"`
	SourceID           string             `json:"sourceId,omitempty"`
	DirectMemberCounts *GroupMemberCounts `json:"directMemberCounts,omitempty"`
	// TotalMemberCounts is returned by Get with GetGroupOptions.IncludeTotalMemberCounts.
	TotalMemberCounts *GroupMemberCounts `json:"totalMemberCounts,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// GroupMemberCounts counts a group's members.
type GroupMemberCounts struct {
	Users  *int `json:"users,omitempty"`
	Groups *int `json:"groups,omitempty"`
}

// GetGroupOptions asks Get for more than the group itself. A nil
// *GetGroupOptions is allowed.
type GetGroupOptions struct {
	// IncludeTotalMemberCounts fills Group.TotalMemberCounts, nested members
	// included (include=totalMemberCounts).
	IncludeTotalMemberCounts bool
}

// Get returns one group, with its total member counts if opts asks for them.
func (s *GroupsService) Get(ctx context.Context, envID, groupID string, opts *GetGroupOptions) (*Group, error) {
	var q url.Values
	if opts != nil && opts.IncludeTotalMemberCounts {
		q = url.Values{"include": {"totalMemberCounts"}}
	}
	return s.get(ctx, q, envID, groupID)
}

// GroupNesting says that a group is nested in another: the members of the
// nested group are INDIRECT members of the outer one.
type GroupNesting struct {
	Meta
	// ID is the outer group's id.
	// Type is the nesting's type (DIRECT); PingOne sets it.
	Type string `json:"type,omitempty"`
	// Extra keeps members this type does not name.
	Extra Extra `json:"-"`
}

// ListNestings returns every group a group is nested in directly (the
// groups its members belong to INDIRECTLY).
func (s *GroupsService) ListNestings(ctx context.Context, envID, groupID string) ([]*GroupNesting, error) {
	return collect(s.nestings.all(ctx, nil, envID, groupID))
}

// GetNesting returns the nesting of a group in outerGroupID; a 404 when
// the group is not nested there.
func (s *GroupsService) GetNesting(ctx context.Context, envID, groupID, outerGroupID string) (*GroupNesting, error) {
	if outerGroupID == "" {
		return nil, errEmptyID("GetNesting", "outerGroupID")
	}
	return s.nestings.get(ctx, nil, envID, groupID, outerGroupID)
}

// AddToGroup nests a group in outerGroupID. PingOne refuses a group nested
// in itself, nested twice in one group, or a cycle (400 INVALID_DATA).
func (s *GroupsService) AddToGroup(ctx context.Context, envID, groupID, outerGroupID string) (*GroupNesting, error) {
	return s.nestings.relate(ctx, "AddToGroup", "outerGroupID", outerGroupID, envID, groupID)
}

// RemoveFromGroup ends the nesting of a group in outerGroupID.
func (s *GroupsService) RemoveFromGroup(ctx context.Context, envID, groupID, outerGroupID string) error {
	if outerGroupID == "" {
		return errEmptyID("RemoveFromGroup", "outerGroupID")
	}
	return s.nestings.delete(ctx, envID, groupID, outerGroupID)
}
