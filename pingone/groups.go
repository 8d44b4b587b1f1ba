package pingone

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// GroupsService manages groups: /environments/{envID}/groups.
type GroupsService service

// Group source types: where an externally managed group comes from.
const (
	GroupSourceGateway = "GATEWAY"
	GroupSourceIDP     = "IDP"
)

// Group is a set of users. A group with Population set is scoped to that
// population; one with UserFilter is dynamic (its members are the users the
// SCIM filter matches).
type Group struct {
	ID          string         `json:"id,omitempty"`
	Environment *ObjectRef     `json:"environment,omitempty"`
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
	CreatedAt         *time.Time         `json:"createdAt,omitempty"`
	UpdatedAt         *time.Time         `json:"updatedAt,omitempty"`
	Links             Links              `json:"_links,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (g *Group) UnmarshalJSON(b []byte) error {
	type plain Group
	return unmarshalKeep(b, (*plain)(g), &g.Extra)
}

// MarshalJSON writes Extra back.
func (g Group) MarshalJSON() ([]byte, error) {
	type plain Group
	return marshalKeep(plain(g), g.Extra)
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

func groupsPath(envID string, more ...string) []string {
	return append([]string{"environments", envID, "groups"}, more...)
}

// List returns one page of groups. Limit is 1–1000; Filter is SCIM, e.g. `name eq "Help Desk"`.
func (s *GroupsService) List(ctx context.Context, envID string, opts *ListOptions) (*Page[*Group], error) {
	return listPage[*Group](ctx, s.c, groupsPath(envID), "groups", nil, opts)
}

// All iterates over every group matching opts.
func (s *GroupsService) All(ctx context.Context, envID string, opts *ListOptions) iter.Seq2[*Group, error] {
	return listAll[*Group](ctx, s.c, groupsPath(envID), "groups", nil, opts)
}

// Get returns one group.
func (s *GroupsService) Get(ctx context.Context, envID, groupID string, opts *GetGroupOptions) (*Group, error) {
	var q url.Values
	if opts != nil && opts.IncludeTotalMemberCounts {
		q = url.Values{"include": {"totalMemberCounts"}}
	}
	var g Group
	if _, err := s.c.do(ctx, request{method: http.MethodGet, segs: groupsPath(envID, groupID), query: q}, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// Create creates a group; Name is required.
func (s *GroupsService) Create(ctx context.Context, envID string, g *Group) (*Group, error) {
	var out Group
	if _, err := s.c.do(ctx, request{method: http.MethodPost, segs: groupsPath(envID), body: g, readOnly: groupReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update replaces a group (PUT): fields left empty are cleared.
func (s *GroupsService) Update(ctx context.Context, envID, groupID string, g *Group) (*Group, error) {
	var out Group
	if _, err := s.c.do(ctx, request{method: http.MethodPut, segs: groupsPath(envID, groupID), body: g, readOnly: groupReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes a group; its members stay.
func (s *GroupsService) Delete(ctx context.Context, envID, groupID string) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, segs: groupsPath(envID, groupID)}, nil)
	return err
}
