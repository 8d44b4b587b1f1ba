package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/p1kit/p1kit/pingone"
)

// guard runs the per-call policy before any handler: it fails closed, so a
// write whose target cannot be checked is refused, not let through.
//
// The production guard: a tool that changes the tenant and names an
// environment (Meta.EnvironmentArg) is refused when that environment's type
// is PRODUCTION, and an environment write that would set type PRODUCTION is
// refused too (a promotion would otherwise slip past as a SANDBOX write).
// Config.AllowProductionWrites turns it off.
func (tk *Toolkit) guard(ctx context.Context, t *Tool, args json.RawMessage) error {
	if !t.IsWrite() || tk.cfg.AllowProductionWrites {
		return nil
	}
	if promotesToProduction(t, args) {
		return &Error{Kind: KindDenied, Tool: t.Name, Message: "refused by the production guard: this call would make an environment PRODUCTION, " +
			"and write operations are not allowed against PRODUCTION environments. Nothing was sent to PingOne."}
	}
	envID := t.environmentOf(args)
	if envID == "" {
		return nil
	}
	info, err := tk.environment(ctx, envID)
	if err != nil {
		if pingone.IsNotFound(err) {
			return &Error{Kind: KindNotFound, Tool: t.Name, Err: err,
				Message: fmt.Sprintf("environment %s was not found; list_environments shows the environments you can use (%v)", envID, err)}
		}
		return &Error{Kind: KindDenied, Tool: t.Name, Err: err,
			Message: fmt.Sprintf("refused by the production guard: could not confirm that environment %s is not PRODUCTION, so the write was not attempted (%v)", envID, err)}
	}
	if info.typ == pingone.EnvironmentTypeProduction {
		return &Error{Kind: KindDenied, Tool: t.Name, Message: fmt.Sprintf(
			"refused by the production guard: this write operation is not allowed against PRODUCTION environments "+
				"(environment ID: %s, name: %s). Nothing was sent to PingOne; use a SANDBOX environment, "+
				"or ask the administrator to allow production writes.", envID, info.name)}
	}
	return nil
}

func promotesToProduction(t *Tool, args json.RawMessage) bool {
	if t.Collection != "environments" {
		return false
	}
	var m struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(args, &m)
	return m.Type == pingone.EnvironmentTypeProduction
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
