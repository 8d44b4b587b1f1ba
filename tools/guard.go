package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/p1kit/p1kit/pingone"
)

// EnvironmentPolicy is the per-environment part of the guard. Environments
// are named by id or by name (names are compared ignoring case and resolved
// through the cached environment lookup).
type EnvironmentPolicy struct {
	// Allow, when non-empty, lists the only environments a call may name.
	Allow []string
	// Deny lists environments no call may name. Deny wins over Allow and
	// over Rules.
	Deny []string
	// ProtectProductionUserData refuses reads of user data (the tools that
	// declare PersonalData; Registry.PersonalDataTools lists them) in
	// PRODUCTION environments.
	ProtectProductionUserData bool
	// WritesOnlyWhereAllowed makes every environment read-only unless a
	// rule sets Writes (by default only PRODUCTION is read-only).
	WritesOnlyWhereAllowed bool
	// Rules override the defaults for single environments; the first rule
	// naming an environment applies.
	Rules []EnvironmentRule
}

// EnvironmentRule is the guard policy of one environment.
type EnvironmentRule struct {
	// Environment is the environment's id or name.
	Environment string
	// Writes, when set, allows (true) or refuses (false) write tools in the
	// environment, whatever its type.
	Writes *bool
	// UserData, when set, allows (true) or refuses (false) the tools that
	// read user data, whatever its type.
	UserData *bool
}

func (p EnvironmentPolicy) active() bool {
	return len(p.Allow) > 0 || len(p.Deny) > 0 || len(p.Rules) > 0 || p.ProtectProductionUserData
}

// guard runs the per-call policy before any handler: it fails closed, so a
// call whose environment cannot be checked is refused, not let through. In
// order:
//
//  1. promotion: a write that would set an environment's type to PRODUCTION
//     is refused unless production writes are allowed;
//  2. the environment is looked up (type and name, cached for
//     Config.EnvironmentTypeTTL) when a write names one, or when the
//     environment policy needs it; a failed lookup refuses the call;
//  3. the deny list, then the allow list;
//  4. writes: a rule's Writes, else PRODUCTION is read-only unless
//     Config.AllowProductionWrites, else other environments are writable
//     unless WritesOnlyWhereAllowed;
//  5. user data: a rule's UserData, else ProtectProductionUserData in PRODUCTION.
//
// It returns what it learnt of the environment (for the audit record).
func (tk *Toolkit) guard(ctx context.Context, t *Tool, args map[string]json.RawMessage, envID string) (envInfo, error) {
	if t.IsWrite() && !tk.cfg.AllowProductionWrites && promotesToProduction(t, args) {
		return envInfo{}, &Error{Kind: KindDenied, Tool: t.Name, Message: "refused by the production guard: this call would make an environment PRODUCTION, " +
			"and write operations are not allowed against PRODUCTION environments. Nothing was sent to PingOne."}
	}
	ep := tk.cfg.Environments
	userData := t.PersonalData
	if envID == "" || !(t.IsWrite() || ep.active()) {
		return envInfo{}, nil
	}
	info, err := tk.environment(ctx, envID)
	if err != nil {
		if pingone.IsNotFound(err) {
			return envInfo{}, &Error{Kind: KindNotFound, Tool: t.Name, Err: err,
				Message: fmt.Sprintf("environment %s was not found; list_environments shows the environments you can use (%v)", envID, err)}
		}
		if t.IsWrite() {
			return envInfo{}, &Error{Kind: KindDenied, Tool: t.Name, Err: err,
				Message: fmt.Sprintf("refused by the production guard: could not confirm that environment %s is not PRODUCTION, so the write was not attempted (%v)", envID, err)}
		}
		return envInfo{}, &Error{Kind: KindDenied, Tool: t.Name, Err: err,
			Message: fmt.Sprintf("refused by the environment policy: could not read the name and type of environment %s, so the call was not attempted (%v)", envID, err)}
	}
	where := info.describe(envID)
	if matchEnv(ep.Deny, envID, info) {
		return info, denied(t, "refused by the environment policy: %s is on the deny list. Nothing was sent to PingOne.", where)
	}
	if len(ep.Allow) > 0 && !matchEnv(ep.Allow, envID, info) {
		return info, denied(t, "refused by the environment policy: %s is not on the allow list (%s). Nothing was sent to PingOne.",
			where, strings.Join(ep.Allow, ", "))
	}
	rule := ep.rule(envID, info)
	prod := info.typ == pingone.EnvironmentTypeProduction
	if t.IsWrite() {
		switch {
		case rule != nil && rule.Writes != nil:
			if !*rule.Writes {
				return info, denied(t, "refused by the environment policy: %s is read-only, so this write operation was not attempted. Nothing was sent to PingOne.", where)
			}
		case prod && !tk.cfg.AllowProductionWrites:
			return info, denied(t, "refused by the production guard: this write operation is not allowed against PRODUCTION environments "+
				"(environment ID: %s, name: %s). Nothing was sent to PingOne; use a SANDBOX environment, "+
				"or ask the administrator to allow production writes.", envID, info.name)
		case !prod && ep.WritesOnlyWhereAllowed:
			return info, denied(t, "refused by the environment policy: writes are allowed only in the environments the policy names, and %s is not one of them. Nothing was sent to PingOne.", where)
		}
	}
	if userData {
		protected := prod && ep.ProtectProductionUserData
		if rule != nil && rule.UserData != nil {
			protected = !*rule.UserData
		}
		if protected {
			return info, denied(t, "refused by the environment policy: reading user data is not allowed in %s. No user data was read.", where)
		}
	}
	return info, nil
}

// scopeListing leaves out of an environment listing the environments the
// allow and deny lists keep calls away from, so that a model is not shown
// targets it may not use. The listing also refreshes the type cache.
func (tk *Toolkit) scopeListing(out any) any {
	l, ok := out.(listEnvironmentsOut)
	if !ok {
		return out
	}
	now := time.Now()
	tk.mu.Lock()
	for _, e := range l.Environments {
		tk.envCache[e.ID] = envInfo{typ: e.Type, name: e.Name, at: now}
	}
	tk.mu.Unlock()
	ep := tk.cfg.Environments
	if len(ep.Allow) == 0 && len(ep.Deny) == 0 {
		return out
	}
	kept := make([]EnvironmentSummary, 0, len(l.Environments))
	for _, e := range l.Environments {
		info := envInfo{name: e.Name}
		if matchEnv(ep.Deny, e.ID, info) || len(ep.Allow) > 0 && !matchEnv(ep.Allow, e.ID, info) {
			continue
		}
		kept = append(kept, e)
	}
	l.Environments = kept
	return l
}

func denied(t *Tool, format string, a ...any) *Error {
	return &Error{Kind: KindDenied, Tool: t.Name, Message: fmt.Sprintf(format, a...)}
}

func (p EnvironmentPolicy) rule(envID string, info envInfo) *EnvironmentRule {
	for i := range p.Rules {
		if matchEnv([]string{p.Rules[i].Environment}, envID, info) {
			return &p.Rules[i]
		}
	}
	return nil
}

// matchEnv reports whether list names the environment by id or name.
func matchEnv(list []string, envID string, info envInfo) bool {
	for _, e := range list {
		e = strings.TrimSpace(e)
		if strings.EqualFold(e, envID) || (info.name != "" && strings.EqualFold(e, info.name)) {
			return true
		}
	}
	return false
}

func (i envInfo) describe(envID string) string {
	if i.name == "" {
		return "environment " + envID
	}
	return fmt.Sprintf("environment %q (id %s, %s)", i.name, envID, i.typ)
}

func promotesToProduction(t *Tool, args map[string]json.RawMessage) bool {
	if t.EnvironmentTypeArg == "" {
		return false
	}
	var typ string
	_ = json.Unmarshal(args[t.EnvironmentTypeArg], &typ)
	return typ == pingone.EnvironmentTypeProduction
}

// environment returns the type and name of an environment, cached for
// Config.EnvironmentTypeTTL.
func (tk *Toolkit) environment(ctx context.Context, envID string) (envInfo, error) {
	tk.mu.Lock()
	info, ok := tk.envCache[envID]
	tk.mu.Unlock()
	if ok && time.Since(info.at) < tk.cfg.EnvironmentTypeTTL {
		return info, nil
	}
	env, err := tk.deps.Client.Environments.Get(ctx, envID)
	if err != nil {
		return envInfo{}, err
	}
	info = envInfo{typ: env.Type, name: env.Name, at: time.Now()}
	tk.mu.Lock()
	tk.envCache[envID] = info
	tk.mu.Unlock()
	return info, nil
}
