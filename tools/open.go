package tools

import (
	"context"
	"errors"

	"github.com/p1kit/p1kit/pingone"
)

// Option configures the toolkit Open builds.
type Option func(*openConfig) error

type openConfig struct {
	reg    *Registry
	cfg    Config
	policy *Policy
}

// WithConfig sets the whole configuration (the policy and the audit sink);
// options after it change parts of it.
func WithConfig(cfg Config) Option { return func(o *openConfig) error { o.cfg = cfg; return nil } }

// WithPolicy applies a policy file read with ParsePolicy: the filter, the
// guard, the rules, confirmation, dry run and the output policy.
func WithPolicy(p *Policy) Option {
	return func(o *openConfig) error {
		if p == nil {
			return errors.New("tools: WithPolicy(nil)")
		}
		o.policy = p
		return nil
	}
}

// WithWrites exposes the write tools (the default is read-only). The
// production guard and confirmation still apply.
func WithWrites() Option {
	return func(o *openConfig) error { o.cfg.Filter.AllowWrites = true; return nil }
}

// WithTools serves these tools instead of All (your own, or All plus yours).
func WithTools(tools ...*Tool) Option {
	return func(o *openConfig) error { o.reg = NewRegistry(tools...); return nil }
}

// WithAudit sends one record per call to audit, allowed or not.
func WithAudit(audit func(context.Context, AuditRecord)) Option {
	return func(o *openConfig) error { o.cfg.Audit = audit; return nil }
}

// WithFrontEnd names the front end in audit records ("mcp", "cli", …).
func WithFrontEnd(name string) Option {
	return func(o *openConfig) error { o.cfg.FrontEnd = name; return nil }
}

// Open builds a toolkit over client in one call: every tool p1kit ships,
// read-only, under the default guard, unless options say otherwise. A
// policy (WithPolicy) replaces the configuration it covers; the audit sink
// and front-end name set by options are kept.
func Open(client *pingone.Client, opts ...Option) (*Toolkit, error) {
	o := &openConfig{}
	for _, opt := range opts {
		if err := opt(o); err != nil {
			return nil, err
		}
	}
	if o.reg == nil {
		o.reg = NewRegistry(All()...)
	}
	cfg := o.cfg
	if o.policy != nil {
		cfg = o.policy.Config(o.reg)
		cfg.Audit, cfg.FrontEnd, cfg.Profile, cfg.Logger = o.cfg.Audit, o.cfg.FrontEnd, o.cfg.Profile, o.cfg.Logger
		cfg.Filter.AllowWrites = cfg.Filter.AllowWrites || o.cfg.Filter.AllowWrites
	}
	return NewToolkit(o.reg, client, cfg)
}
