package tools

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/p1kit/p1kit/pingone"
)

// The workflows collection: whole tasks in one call (workflow.go says how a
// write workflow plans, confirms and runs). The review workflows only read:
// they stream the tenant through the client's iterators with bounded
// concurrency and answer counts plus the first rows that need a person.

// maxFindings bounds the rows a review answers by default; counts cover all.
const (
	defaultFindings = 50
	maxFindings     = 1000
	// reviewConcurrency is how many per-object reads a review runs at once.
	reviewConcurrency = 8
)

type offboardIn struct {
	userIn
	Delete bool `json:"delete,omitempty" jsonschema:"true also deletes the user, last, once everything else is removed; default false keeps the disabled user for audit."`
}

type moveUsersIn struct {
	envIn
	Filter       string `json:"filter" jsonschema:"SCIM filter choosing the users to move, as list_users takes it, e.g. population.id eq \"…\" or email ew \"@contractor.example\"."`
	PopulationID string `json:"populationId" jsonschema:"ID (UUID) of the population to move them to, from list_populations."`
}

type reviewUsersIn struct {
	envIn
	PopulationID string `json:"populationId,omitempty" jsonschema:"Only the users of this population (ID from list_populations); default all."`
	Limit        int    `json:"limit,omitempty" jsonschema:"How many users to list (1-1000, default 50); the counts cover every user."`
}

type staleUsersIn struct {
	reviewUsersIn
	Days int `json:"days,omitempty" jsonschema:"A user is stale when their last sign-on (or, never signed on, their creation) is older than this many days (1-3650, default 90)."`
}

// UserFinding is one user a review lists.
type UserFinding struct {
	ID         string     `json:"id"`
	Username   string     `json:"username"`
	Population string     `json:"population,omitempty"`
	Reason     string     `json:"reason"`
	LastSignOn *time.Time `json:"lastSignOn,omitempty"`
}

// UserReview is the answer of a user review.
type UserReview struct {
	Review string `json:"review"`
	// Checked counts the users read; Found those the review lists.
	Checked int `json:"checked"`
	Found   int `json:"found"`
	// ByPopulation counts the users found in each population, by name.
	ByPopulation map[string]int `json:"byPopulation"`
	Users        []UserFinding  `json:"users"`
	// More counts the users found but not listed (raise limit, or narrow
	// by populationId).
	More int `json:"more,omitempty"`
}

// AdminHolder is one role assignment a principal holds.
type AdminHolder struct {
	Kind string `json:"kind"` // user, group, application (a worker)
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
	// ScopeType and ScopeID say where the role applies.
	ScopeType string `json:"scopeType"`
	ScopeID   string `json:"scopeId"`
	// Members counts a group's members, who hold its roles.
	Members *int `json:"members,omitempty"`
}

// AdminReview is the answer of who_holds_admin_roles.
type AdminReview struct {
	EnvironmentID string `json:"environmentId"`
	// Users, Groups and Applications count the principals holding at
	// least one role.
	Users        int           `json:"users"`
	Groups       int           `json:"groups"`
	Applications int           `json:"applications"`
	Assignments  int           `json:"assignments"`
	Holders      []AdminHolder `json:"holders"`
	More         int           `json:"more,omitempty"`
	Notes        []string      `json:"notes,omitempty"`
}

// AppFinding is one application with risky settings.
type AppFinding struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Findings []string `json:"findings"`
}

// AppReview is the answer of review_applications.
type AppReview struct {
	Checked  int          `json:"checked"`
	Found    int          `json:"found"`
	Findings []AppFinding `json:"applications"`
}

func workflowTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "offboard_user", Title: "Offboard a user", Collection: "workflows", Effect: Delete, EnvironmentArg: "environmentId",
			Target: users.Target(),
			Description: "Offboards a user in one call: disables the account, then ends their open sessions and removes their group " +
				"memberships, role assignments and MFA devices, and (delete true) deletes the user last. dryRun true answers the plan (every write, counted) and " +
				"changes nothing. The report says what was done, what failed and what was not done; a rerun does only what is left.",
		}, func(ctx context.Context, d Deps, in offboardIn) (*Report, error) {
			p, err := planOffboard(ctx, d, in)
			if err != nil {
				return nil, err
			}
			return p.carryOut(ctx)
		}),
		New(Meta{
			Name: "move_users", Title: "Move users to a population", Collection: "workflows", Effect: Update, EnvironmentArg: "environmentId",
			Target: populations.Target(), Confirm: Confirm{Required: true},
			Description: "Moves every user matching a SCIM filter to another population, as one planned change with one confirmation " +
				"(users already there are left alone). dryRun true answers the plan. For one user use move_user_to_population.",
		}, func(ctx context.Context, d Deps, in moveUsersIn) (*Report, error) {
			p, err := planMoveUsers(ctx, d, in)
			if err != nil {
				return nil, err
			}
			return p.carryOut(ctx)
		}),
		New(Meta{
			Name: "who_holds_admin_roles", Title: "Who holds admin roles", Collection: "workflows", Effect: Read, PersonalData: true,
			Description: "Lists every user, group and worker application of an environment holding a PingOne administrator role (system or custom), " +
				"with the role and the scope it applies at (a group's roles are held by its members, counted; list_group_members names them). " +
				"One call over the whole environment: {users, groups, applications, assignments, holders}.",
		}, func(ctx context.Context, d Deps, in envIn) (*AdminReview, error) {
			return reviewAdmins(ctx, d, in.EnvironmentID)
		}),
		New(Meta{
			Name: "find_users_without_mfa", Title: "Find users without MFA", Collection: "workflows", Effect: Read, PersonalData: true,
			Description: "Finds the users who cannot use MFA: MFA disabled on the account, or no ACTIVE MFA device. Streams every user " +
				"(optionally of one population) and answers counts by population and the first users found, with their last sign-on.",
		}, func(ctx context.Context, d Deps, in reviewUsersIn) (*UserReview, error) {
			return reviewUsers(ctx, d, "users without MFA", in, func(ctx context.Context, u *pingone.User) (string, error) {
				if u.MFAEnabled != nil && !*u.MFAEnabled {
					return "MFA disabled", nil
				}
				devs, err := d.Client.MFADevices.List(ctx, in.EnvironmentID, u.ID)
				if err != nil {
					return "", err
				}
				for _, dev := range devs {
					if dev.Status == "ACTIVE" {
						return "", nil
					}
				}
				if len(devs) > 0 {
					return "no ACTIVE MFA device (pairing unfinished)", nil
				}
				return "no MFA device", nil
			})
		}),
		New(Meta{
			Name: "find_stale_users", Title: "Find stale users", Collection: "workflows", Effect: Read, PersonalData: true,
			Description: "Finds the users who have not signed on for a number of days (default 90), or never did since their account was " +
				"made that long ago. Streams every user (optionally of one population): counts by population and the first users found.",
		}, func(ctx context.Context, d Deps, in staleUsersIn) (*UserReview, error) {
			days := in.Days
			if days == 0 {
				days = 90
			}
			if days < 1 || days > 3650 {
				return nil, &Error{Kind: KindInvalidArguments, Message: "days must be between 1 and 3650"}
			}
			cutoff := time.Now().AddDate(0, 0, -days)
			return reviewUsers(ctx, d, "stale users", in.reviewUsersIn, func(_ context.Context, u *pingone.User) (string, error) {
				if u.LastSignOn != nil && u.LastSignOn.At != nil {
					if u.LastSignOn.At.Before(cutoff) {
						return "no sign-on for more than " + strconv.Itoa(days) + " days", nil
					}
					return "", nil
				}
				if u.CreatedAt != nil && u.CreatedAt.Before(cutoff) {
					return "never signed on, created more than " + strconv.Itoa(days) + " days ago", nil
				}
				return "", nil
			})
		}),
		New(Meta{
			Name: "review_applications", Title: "Review applications", Collection: "workflows", Effect: Read,
			Description: "Reviews every application of an environment for risky settings: the implicit grant, http or wildcard redirect " +
				"URIs, public clients (no client secret) without PKCE, refresh tokens living longer than 30 days, and a previous client " +
				"secret still valid after a rotation (with when it was last used): one finding per setting, per application. " +
				"Secrets' values are never part of the answer.",
		}, func(ctx context.Context, d Deps, in envIn) (*AppReview, error) {
			out := &AppReview{Findings: []AppFinding{}}
			var mu sync.Mutex
			now := time.Now()
			err := concurrently(ctx, d.Client.Applications.All(ctx, in.EnvironmentID, nil), reviewConcurrency, func(ctx context.Context, app *pingone.Application) error {
				f := appFindings(app)
				sf, err := secretFindings(ctx, d, in.EnvironmentID, app, now)
				if err != nil {
					return err
				}
				f = append(f, sf...)
				mu.Lock()
				defer mu.Unlock()
				out.Checked++
				if len(f) > 0 {
					out.Found++
					out.Findings = append(out.Findings, AppFinding{ID: app.ID, Name: app.Name, Findings: f})
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			// Concurrent reads finish in any order: list by name.
			sort.Slice(out.Findings, func(i, j int) bool { return out.Findings[i].Name < out.Findings[j].Name })
			return out, nil
		}),
	}
}

// gone treats a 404 as done: what a removal removes is already gone.
func gone(err error) error {
	if pingone.IsNotFound(err) {
		return nil
	}
	return err
}

func planOffboard(ctx context.Context, d Deps, in offboardIn) (*plan, error) {
	env, id := in.EnvironmentID, in.UserID
	u, err := d.Client.Users.Get(ctx, env, id, nil)
	if err != nil {
		return nil, err
	}
	p := &plan{name: "offboard_user"}
	if u.Enabled == nil || *u.Enabled {
		p.add(0, "disable user", "user", id, u.Username, func(ctx context.Context) error {
			_, err := d.Client.Users.SetEnabled(ctx, env, id, false)
			return err
		})
	}
	var via []string
	for m, err := range d.Client.Users.AllGroups(ctx, env, id, nil) {
		if err != nil {
			return nil, err
		}
		if m.Type != "" && m.Type != "DIRECT" {
			via = append(via, cmp.Or(m.Name, m.ID))
			continue
		}
		groupID := m.ID
		p.add(1, "remove from group", "group", groupID, m.Name, func(ctx context.Context) error {
			return gone(d.Client.Users.RemoveFromGroup(ctx, env, id, groupID))
		})
		if ras, err := d.Client.Groups.ListRoleAssignments(ctx, env, groupID); err == nil && len(ras) > 0 {
			p.note("held %d role assignment(s) through group %q: they end with the membership", len(ras), cmp.Or(m.Name, groupID))
		}
	}
	if len(via) > 0 {
		p.note("member of %s through nested groups: those memberships end with the direct ones", strings.Join(via, ", "))
	}
	ras, err := d.Client.Users.ListRoleAssignments(ctx, env, id)
	if err != nil {
		return nil, err
	}
	for _, a := range ras {
		aid := a.ID
		role := ""
		if a.Role != nil {
			role = a.Role.ID
		}
		p.add(1, "remove role assignment", "role assignment", aid, role, func(ctx context.Context) error {
			return gone(d.Client.Users.DeleteRoleAssignment(ctx, env, id, aid))
		})
	}
	devs, err := d.Client.MFADevices.List(ctx, env, id)
	if err != nil {
		return nil, err
	}
	for _, dev := range devs {
		did := dev.ID
		p.add(1, "delete MFA device", "MFA device", did, strings.TrimSpace(dev.Type+" "+dev.Nickname), func(ctx context.Context) error {
			return gone(d.Client.MFADevices.Delete(ctx, env, id, did))
		})
	}
	// Ended after the account is disabled (phase 0), so that no new
	// session opens behind them.
	for sess, err := range d.Client.Users.AllSessions(ctx, env, id, nil) {
		if err != nil {
			return nil, err
		}
		sid := sess.ID
		p.add(1, "end session", "session", sid, sessionLabel(sess), func(ctx context.Context) error {
			return gone(d.Client.Users.DeleteSession(ctx, env, id, sid))
		})
	}
	if in.Delete {
		p.add(2, "delete user", "user", id, u.Username, func(ctx context.Context) error {
			return gone(d.Client.Users.Delete(ctx, env, id))
		})
	}
	return p, nil
}

// sessionLabel names a session by its last sign-on, when PingOne gives it.
func sessionLabel(s *pingone.UserSession) string {
	if s.LastSignOn == nil || s.LastSignOn.At == nil {
		return ""
	}
	return "signed on " + s.LastSignOn.At.UTC().Format(time.RFC3339)
}

func planMoveUsers(ctx context.Context, d Deps, in moveUsersIn) (*plan, error) {
	env := in.EnvironmentID
	if strings.TrimSpace(in.Filter) == "" {
		return nil, &Error{Kind: KindInvalidArguments, Message: "filter is required: a SCIM filter choosing the users, e.g. population.id eq \"…\""}
	}
	dest, err := d.Client.Populations.Get(ctx, env, in.PopulationID)
	if err != nil {
		return nil, err
	}
	p := &plan{name: "move_users"}
	already := 0
	for u, err := range d.Client.Users.All(ctx, env, &pingone.ListOptions{Filter: in.Filter}) {
		if err != nil {
			return nil, err
		}
		if u.Population != nil && u.Population.ID == dest.ID {
			already++
			continue
		}
		uid := u.ID
		p.add(0, "move to population "+dest.Name, "user", uid, u.Username, func(ctx context.Context) error {
			return d.Client.Users.SetPopulation(ctx, env, uid, dest.ID)
		})
	}
	if already > 0 {
		p.note("%d matching user(s) are in population %q already", already, dest.Name)
	}
	return p, nil
}

// concurrently calls fn for every item of seq, at most n at a time, and
// returns the first error (of the sequence or of fn); it stops reading on
// an error.
func concurrently[T any](ctx context.Context, seq iter.Seq2[*T, error], n int, fn func(context.Context, *T) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for item, err := range seq {
		if err != nil {
			cancel(err)
			break
		}
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := fn(ctx, item); err != nil {
				cancel(err)
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// reviewUsers streams an environment's users (of one population) through
// check, which says why a user is listed ("" leaves it out).
func reviewUsers(ctx context.Context, d Deps, name string, in reviewUsersIn, check func(context.Context, *pingone.User) (string, error)) (*UserReview, error) {
	limit := in.Limit
	if limit == 0 {
		limit = defaultFindings
	}
	if limit < 1 || limit > maxFindings {
		return nil, &Error{Kind: KindInvalidArguments, Message: "limit must be between 1 and 1000"}
	}
	popNames := map[string]string{}
	for pop, err := range d.Client.Populations.All(ctx, in.EnvironmentID, nil) {
		if err != nil {
			return nil, err
		}
		popNames[pop.ID] = pop.Name
	}
	opts := &pingone.ListOptions{Limit: 1000}
	if in.PopulationID != "" {
		if _, ok := popNames[in.PopulationID]; !ok {
			return nil, &Error{Kind: KindNotFound, Message: "population " + in.PopulationID + " not found in the environment: list_populations shows its populations"}
		}
		opts.Filter = `population.id eq "` + in.PopulationID + `"`
	}
	out := &UserReview{Review: name, ByPopulation: map[string]int{}, Users: []UserFinding{}}
	var mu sync.Mutex
	progress := progressOf(ctx)
	err := concurrently(ctx, d.Client.Users.All(ctx, in.EnvironmentID, opts), reviewConcurrency, func(ctx context.Context, u *pingone.User) error {
		reason, err := check(ctx, u)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		out.Checked++
		if out.Checked%500 == 0 {
			progress(out.Checked, 0, name+": checked "+strconv.Itoa(out.Checked)+" users")
		}
		if reason == "" {
			return nil
		}
		out.Found++
		pop := ""
		if u.Population != nil {
			pop = cmp.Or(popNames[u.Population.ID], u.Population.ID)
		}
		out.ByPopulation[pop]++
		if len(out.Users) >= limit {
			out.More++
			return nil
		}
		f := UserFinding{ID: u.ID, Username: u.Username, Population: pop, Reason: reason}
		if u.LastSignOn != nil {
			f.LastSignOn = u.LastSignOn.At
		}
		out.Users = append(out.Users, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Concurrent checks finish in any order: list by username.
	sort.Slice(out.Users, func(i, j int) bool { return out.Users[i].Username < out.Users[j].Username })
	return out, nil
}

// kindOrder is the order of the holders' kinds in an AdminReview.
var kindOrder = map[string]int{"user": 0, "group": 1, "application": 2}

func reviewAdmins(ctx context.Context, d Deps, envID string) (*AdminReview, error) {
	roleNames, err := roleNames(ctx, d, envID)
	if err != nil {
		return nil, err
	}
	out := &AdminReview{EnvironmentID: envID, Holders: []AdminHolder{}}
	var mu sync.Mutex
	addHolders := func(kind, id, name string, ras []*pingone.RoleAssignment, members *int) {
		mu.Lock()
		defer mu.Unlock()
		if len(ras) == 0 {
			return
		}
		switch kind {
		case "user":
			out.Users++
		case "group":
			out.Groups++
		default:
			out.Applications++
		}
		for _, a := range ras {
			out.Assignments++
			if len(out.Holders) >= maxFindings {
				out.More++
				continue
			}
			h := AdminHolder{Kind: kind, ID: id, Name: name, Members: members}
			if a.Role != nil {
				h.Role = cmp.Or(roleNames[a.Role.ID], a.Role.ID)
			}
			if a.Scope != nil {
				h.ScopeType, h.ScopeID = a.Scope.Type, a.Scope.ID
			}
			out.Holders = append(out.Holders, h)
		}
	}
	err = concurrently(ctx, d.Client.Users.All(ctx, envID, &pingone.ListOptions{Limit: 1000}), reviewConcurrency, func(ctx context.Context, u *pingone.User) error {
		ras, err := d.Client.Users.ListRoleAssignments(ctx, envID, u.ID)
		if err != nil {
			return err
		}
		addHolders("user", u.ID, u.Username, ras, nil)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = concurrently(ctx, d.Client.Groups.All(ctx, envID, nil), reviewConcurrency, func(ctx context.Context, g *pingone.Group) error {
		ras, err := d.Client.Groups.ListRoleAssignments(ctx, envID, g.ID)
		if err != nil || len(ras) == 0 {
			return err
		}
		page, err := d.Client.Users.List(ctx, envID, &pingone.ListOptions{Filter: `memberOfGroups[id eq "` + g.ID + `"]`, Limit: 1})
		if err != nil {
			return err
		}
		members := page.Count
		addHolders("group", g.ID, g.Name, ras, &members)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Only worker applications hold roles; PingOne refuses them to the others.
	err = concurrently(ctx, d.Client.Applications.All(ctx, envID, nil), reviewConcurrency, func(ctx context.Context, a *pingone.Application) error {
		if a.Type != pingone.AppTypeWorker {
			return nil
		}
		ras, err := d.Client.Applications.ListRoleAssignments(ctx, envID, a.ID)
		if err != nil {
			return err
		}
		addHolders("application", a.ID, a.Name, ras, nil)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out.Holders, func(i, j int) bool {
		a, b := out.Holders[i], out.Holders[j]
		if a.Kind != b.Kind {
			return kindOrder[a.Kind] < kindOrder[b.Kind] // users, then groups, then applications
		}
		return a.Name < b.Name
	})
	return out, nil
}

// appFindings lists an application's risky settings.
func appFindings(app *pingone.Application) []string {
	var f []string
	for _, g := range app.GrantTypes {
		if g == "IMPLICIT" {
			f = append(f, "uses the implicit grant (tokens in the browser's URL): prefer the authorization code grant with PKCE")
		}
	}
	for _, u := range app.RedirectURIs {
		switch {
		case strings.Contains(u, "*"):
			f = append(f, "wildcard redirect URI "+u)
		case strings.HasPrefix(u, "http://") && !isLoopback(u):
			f = append(f, "plain http redirect URI "+u)
		}
	}
	if app.Protocol == "OPENID_CONNECT" && app.TokenEndpointAuthMethod == "NONE" &&
		app.PKCEEnforcement != "S256_REQUIRED" && app.PKCEEnforcement != "REQUIRED" {
		f = append(f, "public client (no client secret) without PKCE required")
	}
	if app.RefreshTokenDuration != nil && *app.RefreshTokenDuration > 30*24*3600 {
		f = append(f, "refresh tokens live "+strconv.Itoa(*app.RefreshTokenDuration/86400)+" days (more than 30)")
	}
	return f
}

func isLoopback(u string) bool {
	rest := strings.TrimPrefix(u, "http://")
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, ":")
	return host == "localhost" || host == "127.0.0.1" || host == "[::1]"
}
