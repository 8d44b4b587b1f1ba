package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/p1kit/p1kit/pingone"
)

// Config is the policy and dependencies of a toolkit.
type Config struct {
	// Filter decides which tools exist (read-only by default).
	Filter Filter
	// AllowProductionWrites lets write tools act on PRODUCTION environments.
	// Off by default: the production guard refuses them.
	AllowProductionWrites bool
	// EnvironmentTypeTTL is how long a looked-up environment type is trusted.
	// Default 5 minutes.
	EnvironmentTypeTTL time.Duration
	// Environments is the per-environment guard: allow and deny lists,
	// per-environment rules, protection of user data in PRODUCTION.
	Environments EnvironmentPolicy
	// Rules are the argument rules (protected roles, the administrators
	// environment, page size cap).
	Rules Rules
	// ConfirmTools adds tools whose calls need confirmation, beyond the
	// built-in list (see confirm.go).
	ConfirmTools []string
	// DryRun makes every write call a dry run.
	DryRun bool
	// Audit, if set, receives one record per call, allowed or not.
	Audit func(context.Context, AuditRecord)
	// FrontEnd names the front end in audit records ("mcp", "cli", …).
	FrontEnd string
	// Profile names the sign-in profile in audit records.
	Profile string
	// Logger receives debug records; never arguments or results.
	Logger *slog.Logger
	// Output is what results may show: secrets redacted, tenant text
	// neutralised, a size budget (see OutputPolicy).
	Output OutputPolicy
	// ResolveNames lets an id argument of a declared family hold the
	// object's exact name instead (names.go); several objects of that name,
	// or none, fail the call with what was found. The CLI sets it; MCP
	// only when a policy file asks (names.resolve).
	ResolveNames bool
	// DefaultEnvironment fills environmentId when a tool takes one and a
	// call leaves it out: an id, or a name when ResolveNames is set.
	DefaultEnvironment string
}

// Toolkit is a registry seen through a policy, with the client the tools
// use: the one object every front end takes. Safe for concurrent use.
type Toolkit struct {
	reg     *Registry
	deps    Deps
	cfg     Config
	filter  *filterResult
	visible map[string]*Tool
	// session is the X-Session-Id of every call, drawn on the first.
	session func() string

	confirmTools []string
	defs         definitions

	mu       sync.Mutex
	envCache map[string]envInfo
}

type envInfo struct {
	typ, name string
	at        time.Time
}

// NewToolkit applies cfg.Filter to reg. It fails on unknown names in the
// filter, never silently ignoring them.
func NewToolkit(reg *Registry, client *pingone.Client, cfg Config) (*Toolkit, error) {
	if client == nil {
		return nil, errors.New("tools: NewToolkit needs a *pingone.Client")
	}
	fr, err := cfg.Filter.apply(reg)
	if err != nil {
		return nil, err
	}
	for _, n := range cfg.ConfirmTools {
		t, ok := reg.Get(n)
		if !ok {
			return nil, fmt.Errorf("confirmation: unknown tool %q; `p1 tool list --all` shows every tool name", n)
		}
		if !t.IsWrite() {
			return nil, fmt.Errorf("confirmation: tool %q only reads; confirmation applies to tools that change the tenant", n)
		}
	}
	if cfg.EnvironmentTypeTTL <= 0 {
		cfg.EnvironmentTypeTTL = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	tk := &Toolkit{
		reg: reg, deps: Deps{Client: client}, cfg: cfg, filter: fr,
		visible:      map[string]*Tool{},
		session:      sync.OnceValue(uuid.NewString),
		envCache:     map[string]envInfo{},
		confirmTools: cfg.ConfirmTools,
	}
	for i, t := range fr.visible {
		if slices.Contains(cfg.ConfirmTools, t.Name) {
			if t, err = t.withConfirmArgument(); err != nil {
				return nil, fmt.Errorf("confirmation: %s: %w", fr.visible[i].Name, err)
			}
			fr.visible[i] = t
		}
		tk.visible[t.Name] = t
	}
	return tk, nil
}

// Tools returns the tools this toolkit exposes, sorted by name.
func (tk *Toolkit) Tools() []*Tool { return tk.filter.visible }

// Tool returns a visible tool by name.
func (tk *Toolkit) Tool(name string) (*Tool, bool) { t, ok := tk.visible[name]; return t, ok }

// Registry returns the registry behind the toolkit (every tool, visible or not).
func (tk *Toolkit) Registry() *Registry { return tk.reg }

// HiddenReason says why a registered tool is not exposed ("" if it is).
func (tk *Toolkit) HiddenReason(name string) string { return tk.filter.hidden[name] }

// Warnings are notes for the operator from building the toolkit (for example
// write tools dropped by read-only mode).
func (tk *Toolkit) Warnings() []string { return tk.filter.warnings }

// Result is a successful call's output.
type Result struct {
	// Data is the tool's output as a JSON object.
	Data json.RawMessage
	// TransactionID is the id sent to PingOne as X-Ping-External-Transaction-ID.
	TransactionID string
}

// Call runs one tool call through the pipeline: look up → validate → guard →
// handler → shape → audit. A failure is an *Error whose Kind says why.
func (tk *Toolkit) Call(ctx context.Context, name string, args json.RawMessage) (*Result, error) {
	start := time.Now()
	tx := uuid.NewString()
	rec := AuditRecord{Time: start.UTC(), FrontEnd: tk.cfg.FrontEnd, Profile: tk.cfg.Profile, Tool: echoName(name), TransactionID: tx, Decision: DecisionAllow}
	res, err := tk.call(pingone.WithSessionID(pingone.WithTransactionID(ctx, tx), tk.session()), name, args, &rec)
	rec.Duration = time.Since(start)
	rec.Outcome = "ok"
	if err != nil {
		var te *Error
		if !errors.As(err, &te) {
			te = classify(name, err)
			err = te
		}
		// Whatever the failure quoted (an argument, PingOne's answer), the
		// message stays short enough for any front end to pass on.
		te.Message = cutMessage(te.Message)
		rec.Outcome = te.Kind.String()
		rec.Error = te.Message
		switch te.Kind {
		case KindDenied, KindUnknownTool, KindInvalidArguments:
			rec.Decision = DecisionDeny
		case KindNeedsConfirmation:
			rec.Decision = DecisionConfirmRequired
		}
	}
	if tk.cfg.Audit != nil {
		tk.cfg.Audit(ctx, rec)
	}
	return res, err
}

func (tk *Toolkit) call(ctx context.Context, name string, args json.RawMessage, rec *AuditRecord) (*Result, error) {
	// 1. look up: unknown and filtered-out names do nothing else.
	t, ok := tk.visible[name]
	if !ok {
		return nil, tk.unknownTool(name)
	}
	// 2. validate, after the default environment and names are filled in.
	args, err := tk.prepareArguments(ctx, t, args)
	if err != nil {
		return nil, err
	}
	norm, err := t.validate(args)
	if err != nil {
		var te *Error
		errors.As(err, &te)
		te.Tool = name
		return nil, te
	}
	rec.Arguments = redactArguments(norm)
	var m map[string]json.RawMessage
	if err := json.Unmarshal(norm, &m); err != nil {
		return nil, &Error{Kind: KindInvalidArguments, Tool: name, Message: "arguments must be a JSON object: " + err.Error()}
	}
	envID := t.environmentOf(m)
	rec.EnvironmentID = envID
	if t.Target != nil {
		var id string
		if json.Unmarshal(m[t.Target.Arg], &id) == nil && id != "" {
			rec.Target = &AuditTarget{Kind: t.Target.Kind, ID: id}
		}
	}
	// 3. guard: environment policy, argument rules, confirmation, dry run.
	info, err := tk.guard(ctx, t, m, envID)
	rec.EnvironmentName = info.name
	if err != nil {
		return nil, err
	}
	if m, err = tk.applyRules(ctx, t, m, envID, info); err != nil {
		return nil, err
	}
	dry := tk.isDryRun(ctx, t, m)
	// The handler gets the arguments as validated, without the policy
	// arguments (encoded again only when there were some, or a rule
	// changed them).
	handlerArgs := norm
	confirmRaw, confirmed := m[confirmArg]
	_, dryArg := m[dryRunArg]
	// Of the rules, only the page size cap edits arguments.
	if rulesChanged := tk.cfg.Rules.MaxPageSize > 0; confirmed || dryArg || rulesChanged {
		delete(m, confirmArg)
		delete(m, dryRunArg)
		if handlerArgs, err = json.Marshal(m); err != nil {
			return nil, &Error{Kind: KindInternal, Tool: name, Message: "encoding the arguments: " + err.Error(), Err: err}
		}
		if confirmed {
			m[confirmArg] = confirmRaw
		}
	}
	if !dry && tk.callNeedsConfirmation(t, m) {
		if err := tk.confirm(ctx, t, m, envID, info.name); err != nil {
			// A workflow's confirmation carries its plan.
			return nil, tk.withPlan(ctx, t, handlerArgs, err)
		}
	}
	delete(m, confirmArg)
	hctx := ctx
	if dry {
		rec.Decision = DecisionDryRun
		hctx = pingone.WithDryRun(ctx)
	}
	// 4. handler.
	out, err := t.call(hctx, tk.deps, handlerArgs)
	if dry {
		var captured *pingone.DryRunRequest
		switch {
		case errors.As(err, &captured):
			out, err = dryRunResult(captured, secretValues(m)), nil
		case err == nil:
			if _, planned := out.(*Report); !planned {
				// The handler changed nothing (it only read).
				out = &DryRunResult{DryRun: true}
			}
		}
	}
	if err != nil {
		// PingOne's message may quote what it refused: never a secret argument.
		te := classify(name, err)
		tk.checkOutcome(te)
		return nil, withoutSecrets(te, secretValues(m))
	}
	out = tk.scopeListing(out)
	// 5. shape.
	data, err := tk.shape(ctx, t, handlerArgs, out)
	if err != nil {
		return nil, &Error{Kind: KindInternal, Tool: name, Message: "encoding the result: " + err.Error(), Err: err}
	}
	return &Result{Data: data, TransactionID: pingone.TransactionID(ctx)}, nil
}

// withPlan adds a workflow's plan to the confirmation it waits for, so that
// the one confirmation of the whole task says what it will change: the
// handler runs as a dry run (it reads, and sends nothing) and its report's
// counts go into the prompt.
func (tk *Toolkit) withPlan(ctx context.Context, t *Tool, args json.RawMessage, err error) error {
	var te *Error
	if !t.plans || !errors.As(err, &te) || te.Kind != KindNeedsConfirmation || te.Confirmation == nil {
		return err
	}
	out, perr := t.call(pingone.WithDryRun(ctx), tk.deps, args)
	r, ok := out.(*Report)
	if perr != nil || !ok {
		return err
	}
	te.Confirmation.Plan = r.summary()
	te.Message += " The plan: " + te.Confirmation.Plan + " (dryRun true lists every step)."
	return te
}

func (tk *Toolkit) unknownTool(name string) *Error {
	if len(name) > MaxToolNameBytes {
		return &Error{Kind: KindUnknownTool, Message: fmt.Sprintf(
			"unknown tool %s: tool names are at most %d bytes; list the tools to see their names", echo(name), MaxToolNameBytes)}
	}
	if why := tk.filter.hidden[name]; why != "" {
		// The tool exists: the policy hides it, which is a refusal, not a typo.
		return &Error{Kind: KindDenied, Tool: name, Message: fmt.Sprintf("tool %q is not available: %s", name, why)}
	}
	// No Tool: the name is no tool's, and the message quotes it (escaped),
	// with the names it most likely meant.
	if hint := DidYouMean(tk.suggestTools(name)); hint != "" {
		return &Error{Kind: KindUnknownTool, Message: fmt.Sprintf("unknown tool %s; %s (list the tools to see their names)", echo(name), hint)}
	}
	return &Error{Kind: KindUnknownTool, Message: fmt.Sprintf("unknown tool %s; list the tools to see their names", echo(name))}
}

func marshalResult(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// environmentOf reads the tool's environment argument, if it has one: the
// declared EnvironmentArg, else an environmentId argument (read tools name
// their environment too, for the environment policy and the audit).
func (t *Tool) environmentOf(m map[string]json.RawMessage) string {
	arg := t.EnvironmentArg
	if arg == "" {
		if _, ok := t.InputSchema().Properties["environmentId"]; !ok {
			return ""
		}
		arg = "environmentId"
	}
	var id string
	_ = json.Unmarshal(m[arg], &id)
	return id
}
