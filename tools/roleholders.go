package tools

import (
	"context"
	"slices"

	"github.com/p1kit/p1kit/pingone"
)

// RoleHolder is one holder of a role: a user, a group, a worker
// application, or a user holding it through a group.
type RoleHolder struct {
	// ActorType is USER, GROUP or APPLICATION.
	ActorType string `json:"actorType"`
	ActorID   string `json:"actorId"`
	// ActorName is a user's username, a group's or an application's name.
	ActorName string `json:"actorName"`
	// Via is the group a user holds the role through (a member of it, or
	// of a group nested in it); absent for a direct assignment.
	Via            *NestingSummary       `json:"via,omitempty"`
	RoleAssignment RoleAssignmentSummary `json:"roleAssignment"`
}

type listRoleHoldersIn struct {
	envIn
	RoleIDs []string `json:"roleIds,omitempty" jsonschema:"Only these roles (ids from list_roles or list_custom_roles), e.g. the admin roles; omitted, every role."`
}

type listRoleHoldersOut struct {
	Holders []RoleHolder `json:"holders"`
	Count   int          `json:"count"`
}

// The actor types of RoleHolder.
const (
	actorUser        = "USER"
	actorGroup       = "GROUP"
	actorApplication = "APPLICATION"
)

// listRoleHolders answers "who holds this role" in one call: PingOne has no
// listing of an environment's role assignments, so it reads those of every
// user, group and worker application (the only applications that hold
// roles) and the members of each group holding a role.
func listRoleHolders() *Tool {
	return New(Meta{
		Name: "list_role_holders", Title: "List who holds roles", Collection: "roles", Effect: Read, PersonalData: true,
		Description: "Lists everyone in an environment holding an administrator role, in one call: every user, group and worker application " +
			"with a role assignment, and every user holding a group's role as a member of it (or of a group nested in it, via names the group). " +
			"Each row: actorType (USER, GROUP, APPLICATION), actorId, actorName, via, and the roleAssignment (id, roleId, roleName, scopeType, scopeId). " +
			"Pass roleIds (from list_roles, list_custom_roles) to keep only those roles, e.g. the admin roles. It reads every user's assignments, " +
			"so it takes one PingOne request per user, group and worker application.",
	}, func(ctx context.Context, d Deps, in listRoleHoldersIn) (listRoleHoldersOut, error) {
		out := listRoleHoldersOut{Holders: []RoleHolder{}}
		names, err := roleNames(ctx, d, in.EnvironmentID)
		if err != nil {
			return out, err
		}
		env := in.EnvironmentID
		// held are the matching assignments of one actor, summarised.
		held := func(r RoleAssignments, actorID string) ([]RoleAssignmentSummary, error) {
			list, err := r.ListRoleAssignments(ctx, env, actorID)
			if err != nil {
				return nil, err
			}
			var rows []RoleAssignmentSummary
			for _, a := range list {
				if s := summarizeAssignment(a, names); len(in.RoleIDs) == 0 || slices.Contains(in.RoleIDs, s.RoleID) {
					rows = append(rows, s)
				}
			}
			return rows, nil
		}
		add := func(typ, id, name string, via *NestingSummary, rows []RoleAssignmentSummary) {
			for _, s := range rows {
				out.Holders = append(out.Holders, RoleHolder{ActorType: typ, ActorID: id, ActorName: name, Via: via, RoleAssignment: s})
			}
		}
		for u, err := range d.Client.Users.All(ctx, env, nil) {
			if err != nil {
				return out, err
			}
			rows, err := held(d.Client.Users, u.ID)
			if err != nil {
				return out, err
			}
			add(actorUser, u.ID, u.Username, nil, rows)
		}
		for g, err := range d.Client.Groups.All(ctx, env, nil) {
			if err != nil {
				return out, err
			}
			rows, err := held(d.Client.Groups, g.ID)
			if err != nil || len(rows) == 0 {
				if err != nil {
					return out, err
				}
				continue
			}
			add(actorGroup, g.ID, g.Name, nil, rows)
			via := &NestingSummary{ID: g.ID, Name: g.Name}
			for m, err := range d.Client.Users.All(ctx, env, &pingone.ListOptions{Filter: `memberOfGroups[id eq "` + g.ID + `"]`}) {
				if err != nil {
					return out, err
				}
				add(actorUser, m.ID, m.Username, via, rows)
			}
		}
		for a, err := range d.Client.Applications.All(ctx, env, nil) {
			if err != nil {
				return out, err
			}
			if a.Type != pingone.AppTypeWorker {
				continue
			}
			rows, err := held(d.Client.Applications, a.ID)
			if err != nil {
				return out, err
			}
			add(actorApplication, a.ID, a.Name, nil, rows)
		}
		out.Count = len(out.Holders)
		return out, nil
	})
}
