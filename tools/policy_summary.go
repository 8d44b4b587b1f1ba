package tools

import (
	"fmt"
	"strings"
)

// SummaryLine is one aspect of an effective policy, in words.
type SummaryLine struct {
	Aspect, Value string
}

// Summary describes in words the policy tk applies, tk having been built
// from p (p.Config): one line per aspect, defaults spelled out, for an
// operator checking a policy file (p1 policy check).
func (p *Policy) Summary(tk *Toolkit) []SummaryLine {
	cfg := tk.cfg
	var out []SummaryLine
	add := func(aspect, value string) { out = append(out, SummaryLine{aspect, value}) }
	onOff := func(b bool, on, off string) string {
		if b {
			return on
		}
		return off
	}
	list := func(l []string, empty string) string {
		if len(l) == 0 {
			return empty
		}
		return strings.Join(l, ", ")
	}
	add("tools", fmt.Sprintf("%d of %d available (%s)", len(tk.Tools()), len(tk.Registry().Tools()),
		onOff(cfg.Filter.AllowWrites, "writes enabled", "read-only mode")))
	add("production writes", onOff(cfg.AllowProductionWrites, "allowed", "refused"))
	add("production user data", onOff(cfg.Environments.ProtectProductionUserData, "refused ("+strings.Join(tk.Registry().PersonalDataTools(), ", ")+")", "readable"))
	add("other environments", onOff(cfg.Environments.WritesOnlyWhereAllowed, "read-only unless a rule below allows writes", "writable"))
	add("allowed environments", list(cfg.Environments.Allow, "all"))
	add("denied environments", list(cfg.Environments.Deny, "none"))
	for _, r := range cfg.Environments.Rules {
		var parts []string
		if r.Writes != nil {
			parts = append(parts, onOff(*r.Writes, "writes allowed", "read-only"))
		}
		if r.UserData != nil {
			parts = append(parts, onOff(*r.UserData, "user data readable", "user data refused"))
		}
		add(fmt.Sprintf("environment %q", r.Environment), strings.Join(parts, ", "))
	}
	add("confirmation", strings.Join(tk.ConfirmationTools(), ", "))
	add("dry run", onOff(cfg.DryRun, "every write", "when a call asks (dryRun: true or --dry-run)"))
	roles := "never granted: " + list(cfg.Rules.ProtectedRoles, strings.Join(DefaultProtectedRoles, ", "))
	if cfg.Rules.AllowProtectedRoles || (cfg.Rules.ProtectedRoles != nil && len(cfg.Rules.ProtectedRoles) == 0) {
		roles = "any role may be granted"
	}
	add("administrator roles", roles)
	adminEnv := cfg.Rules.AdministratorsEnvironment
	if adminEnv == "" {
		adminEnv = DefaultAdministratorsEnvironment
	}
	add("administrators environment", onOff(cfg.Rules.AllowAdministratorsEnvironment, "writes allowed", fmt.Sprintf("%q: writes refused", adminEnv)))
	page := "no cap beyond each tool's own"
	if cfg.Rules.MaxPageSize > 0 {
		page = fmt.Sprintf("at most %d (%s)", cfg.Rules.MaxPageSize, onOff(cfg.Rules.ClampPageSize, "larger limits are clamped", "larger limits are refused"))
	}
	add("page size", page)
	secrets := "redacted"
	if cfg.Output.RevealSecrets {
		secrets = "SHOWN in results (never in logs or audit)"
	}
	budget := fmt.Sprintf("%d bytes", cfg.Output.MaxResultBytes)
	switch b := cfg.Output.MaxResultBytes; {
	case b == 0:
		budget = fmt.Sprintf("%d bytes (the default)", DefaultMaxResultBytes)
	case b < 0:
		budget = "none"
	}
	add("secrets in results", secrets)
	add("result size budget", budget)
	audit := "off (unless --audit-log)"
	if p.Audit.Log != "" {
		audit = p.Audit.Log
	}
	add("audit log", audit)
	return out
}
