package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/p1kit/p1kit/pingone"
)

// Rules are argument rules: checks of what a call asks for, after the
// environment guard and before confirmation. Each fails closed.
type Rules struct {
	// ProtectedRoles are role names no call may grant (through any tool that
	// declares a Grant). nil means DefaultProtectedRoles;
	// an empty non-nil list protects none.
	ProtectedRoles []string
	// AllowProtectedRoles turns the protected-role rule off.
	AllowProtectedRoles bool
	// AdministratorsEnvironment is the id or name of the environment holding
	// the organisation's administrators; write tools never act on it, and no
	// role is granted with it as the scope.
	// "" means DefaultAdministratorsEnvironment.
	AdministratorsEnvironment string
	// AllowAdministratorsEnvironment turns the administrators-environment
	// rule off.
	AllowAdministratorsEnvironment bool
	// MaxPageSize caps the limit argument of list tools (0: no cap beyond
	// the tool's own maximum). An omitted limit whose default is larger is
	// set to the cap.
	MaxPageSize int
	// ClampPageSize lowers a larger limit to MaxPageSize instead of
	// refusing the call.
	ClampPageSize bool
}

// The rule defaults.
var (
	DefaultProtectedRoles            = []string{"Organization Admin", "Environment Admin"}
	DefaultAdministratorsEnvironment = "Administrators"
)

func (r Rules) protectedRoles() []string {
	if r.AllowProtectedRoles {
		return nil
	}
	if r.ProtectedRoles == nil {
		return DefaultProtectedRoles
	}
	return r.ProtectedRoles
}

func (r Rules) adminEnvironment() string {
	if r.AllowAdministratorsEnvironment {
		return ""
	}
	if r.AdministratorsEnvironment == "" {
		return DefaultAdministratorsEnvironment
	}
	return r.AdministratorsEnvironment
}

// applyRules checks the argument rules and returns the arguments to use
// (a clamped page size changes them).
func (tk *Toolkit) applyRules(ctx context.Context, t *Tool, args map[string]json.RawMessage, envID string, info envInfo) (map[string]json.RawMessage, error) {
	r := tk.cfg.Rules
	if admin := r.adminEnvironment(); t.IsWrite() && envID != "" && matchEnv([]string{admin}, envID, info) {
		return nil, denied(t, "refused by the rule that protects the administrators environment: %s holds the organisation's administrators, "+
			"and write operations are never allowed there. Nothing was sent to PingOne.", info.describe(envID))
	}
	if t.Grant != nil && t.IsWrite() {
		if err := tk.checkGrantScope(ctx, t, args, r.adminEnvironment()); err != nil {
			return nil, err
		}
	}
	if roles := r.protectedRoles(); t.IsWrite() && len(roles) > 0 && t.Grant != nil {
		if err := tk.checkProtectedRoles(ctx, t, args, envID, roles); err != nil {
			return nil, err
		}
	}
	if max := r.MaxPageSize; max > 0 {
		if _, ok := t.InputSchema().Properties["limit"]; ok {
			var limit int
			_ = json.Unmarshal(args["limit"], &limit)
			switch {
			case limit == 0 && defaultLimit > max:
				args["limit"] = json.RawMessage(fmt.Sprint(max))
			case limit > max && r.ClampPageSize:
				args["limit"] = json.RawMessage(fmt.Sprint(max))
			case limit > max:
				return nil, denied(t, "refused by the page size rule: limit %d is larger than the policy's maximum page size %d; "+
					"pass limit %d or less and follow nextCursor for more.", limit, max, max)
			}
			// A p1kit cursor carries the page size it continues; one larger
			// than the cap was not made under this policy.
			var cursor string
			_ = json.Unmarshal(args["cursor"], &cursor)
			if pc, ok := parsePageCursor(cursor); ok && pc.Limit > max {
				return nil, denied(t, "refused by the page size rule: the cursor continues pages of %d items, larger than the policy's "+
					"maximum page size %d; start again without a cursor and with limit %d or less.", pc.Limit, max, max)
			}
		}
	}
	return args, nil
}

// checkGrantScope refuses a grant whose scope is the administrators
// environment: it would hand out power over the organisation's
// administrators from another environment.
func (tk *Toolkit) checkGrantScope(ctx context.Context, t *Tool, args map[string]json.RawMessage, admin string) error {
	var typ, id string
	_ = json.Unmarshal(args[t.Grant.ScopeTypeArg], &typ)
	_ = json.Unmarshal(args[t.Grant.ScopeIDArg], &id)
	if admin == "" || typ != pingone.ScopeEnvironment || id == "" {
		return nil
	}
	info, err := tk.environment(ctx, id)
	if err != nil && !matchEnv([]string{admin}, id, envInfo{}) {
		if pingone.IsNotFound(err) {
			return nil // PingOne answers for a scope that does not exist
		}
		return &Error{Kind: KindDenied, Tool: t.Name, Err: err, Message: fmt.Sprintf(
			"refused by the rule that protects the administrators environment: could not read the name of scope environment %s, so the grant was not attempted (%v)", id, err)}
	}
	if matchEnv([]string{admin}, id, info) {
		return denied(t, "refused by the rule that protects the administrators environment: the grant's scope is %s, which holds the organisation's administrators; "+
			"roles are never granted there through p1kit. Nothing was sent to PingOne.", info.describe(id))
	}
	return nil
}

// checkProtectedRoles refuses a grant of a protected role, and a grant or
// definition of a custom role carrying a permission only protected roles
// carry: it would hand out their power under another name.
func (tk *Toolkit) checkProtectedRoles(ctx context.Context, t *Tool, args map[string]json.RawMessage, envID string, roles []string) error {
	const rule = "refused by the rule that protects administrator roles: "
	protected := func(name string) bool {
		return slices.ContainsFunc(roles, func(p string) bool { return strings.EqualFold(p, name) })
	}
	var perms []string
	what := "the role's permissions"
	if arg := t.Grant.RoleArg; arg != "" {
		var roleID string
		_ = json.Unmarshal(args[arg], &roleID)
		name, custom, err := tk.role(ctx, envID, roleID)
		if err != nil {
			return &Error{Kind: KindDenied, Tool: t.Name, Err: err, Message: fmt.Sprintf(
				rule+"could not read the name of role %s (neither a system role nor a custom role of this environment), so the grant was not attempted (%v)", roleID, err)}
		}
		if protected(name) {
			return denied(t, rule+"role %q (id %s) is never granted through p1kit (protected roles: %s). Nothing was sent to PingOne.",
				name, roleID, strings.Join(roles, ", "))
		}
		if custom == nil {
			return nil
		}
		for _, p := range custom.Permissions {
			perms = append(perms, p.ID)
		}
		what = fmt.Sprintf("custom role %q (id %s)", name, roleID)
	}
	if arg := t.Grant.PermissionsArg; arg != "" && args[arg] != nil {
		_ = json.Unmarshal(args[arg], &perms)
		what = "the permissions given"
	}
	if len(perms) == 0 {
		return nil
	}
	only, err := tk.protectedPermissions(ctx, protected)
	if err != nil {
		return &Error{Kind: KindDenied, Tool: t.Name, Err: err, Message: fmt.Sprintf(
			rule+"could not read the system roles' permissions, so the call was not attempted (%v)", err)}
	}
	for _, p := range perms {
		if holder, ok := only[p]; ok {
			return denied(t, rule+"%s include %q, which only the protected role %q carries (protected roles: %s); "+
				"a custom role never hands out their power through p1kit. Nothing was sent to PingOne.", what, p, holder, strings.Join(roles, ", "))
		}
	}
	return nil
}

// role reads the role a grant names: a system role (organisation-wide), or
// else a custom role of the environment, which it also returns.
func (tk *Toolkit) role(ctx context.Context, envID, roleID string) (string, *pingone.CustomRole, error) {
	r, err := tk.deps.Client.Roles.Get(ctx, roleID)
	if err == nil {
		return r.Name, nil, nil
	}
	if !pingone.IsNotFound(err) || envID == "" {
		return "", nil, err
	}
	c, cerr := tk.deps.Client.CustomRoles.Get(ctx, envID, roleID)
	if cerr != nil {
		return "", nil, cerr
	}
	return c.Name, c, nil
}

// protectedPermissions maps each permission that only protected system
// roles carry to one of them.
func (tk *Toolkit) protectedPermissions(ctx context.Context, protected func(string) bool) (map[string]string, error) {
	roles, err := tk.deps.Client.Roles.List(ctx)
	if err != nil {
		return nil, err
	}
	only, shared := map[string]string{}, map[string]bool{}
	for _, r := range roles {
		for _, p := range r.Permissions {
			if protected(r.Name) {
				only[p.ID] = r.Name
			} else {
				shared[p.ID] = true
			}
		}
	}
	for p := range shared {
		delete(only, p)
	}
	return only, nil
}
