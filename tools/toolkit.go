package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	// Audit, if set, receives one record per call, allowed or not.
	Audit func(context.Context, AuditRecord)
	// FrontEnd names the front end in audit records ("mcp", "cli", …).
	FrontEnd string
	// Logger receives debug records; never arguments or results.
	Logger *slog.Logger
	// Output is what results may show: secrets redacted, tenant text
	// neutralised, a size budget (see OutputPolicy).
	Output OutputPolicy
}

// Toolkit is a registry seen through a policy, with the client the tools
// use: the one object every front end takes. Safe for concurrent use.
type Toolkit struct {
	reg     *Registry
	deps    Deps
	cfg     Config
	filter  *filterResult
	visible map[string]*Tool
	session string

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
	if cfg.EnvironmentTypeTTL <= 0 {
		cfg.EnvironmentTypeTTL = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	tk := &Toolkit{
		reg: reg, deps: Deps{Client: client}, cfg: cfg, filter: fr,
		visible:  map[string]*Tool{},
		session:  uuid.NewString(),
		envCache: map[string]envInfo{},
	}
	for _, t := range fr.visible {
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
	rec := AuditRecord{Time: start.UTC(), FrontEnd: tk.cfg.FrontEnd, Tool: name, TransactionID: tx, Decision: "allow"}
	res, err := tk.call(pingone.WithSessionID(pingone.WithTransactionID(ctx, tx), tk.session), name, args, &rec)
	rec.Duration = time.Since(start)
	rec.Outcome = "ok"
	if err != nil {
		var te *Error
		if !errors.As(err, &te) {
			te = classify(name, err)
			err = te
		}
		rec.Outcome = te.Kind.String()
		rec.Error = te.Message
		if te.Kind == KindDenied || te.Kind == KindUnknownTool || te.Kind == KindInvalidArguments {
			rec.Decision = "deny"
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
	// 2. validate.
	norm, err := t.validate(args)
	if err != nil {
		var te *Error
		errors.As(err, &te)
		te.Tool = name
		return nil, te
	}
	rec.Arguments = redactArguments(norm)
	rec.EnvironmentID = t.environmentOf(norm)
	// 3. guard.
	if err := tk.guard(ctx, t, norm); err != nil {
		return nil, err
	}
	// 4. handler.
	out, err := t.call(ctx, tk.deps, norm)
	if err != nil {
		return nil, classify(name, err)
	}
	// 5. shape.
	data, err := tk.shape(ctx, t, norm, out)
	if err != nil {
		return nil, &Error{Kind: KindInternal, Tool: name, Message: "encoding the result: " + err.Error(), Err: err}
	}
	return &Result{Data: data, TransactionID: pingone.TransactionID(ctx)}, nil
}

func (tk *Toolkit) unknownTool(name string) *Error {
	if why := tk.filter.hidden[name]; why != "" {
		// The tool exists: the policy hides it, which is a refusal, not a typo.
		return &Error{Kind: KindDenied, Tool: name, Message: fmt.Sprintf("tool %q is not available: %s", name, why)}
	}
	return &Error{Kind: KindUnknownTool, Tool: name, Message: fmt.Sprintf("unknown tool %q; list the tools to see their names", name)}
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

// environmentOf reads the tool's environment argument, if it has one.
func (t *Tool) environmentOf(args json.RawMessage) string {
	if t.EnvironmentArg == "" {
		return ""
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(args, &m) != nil {
		return ""
	}
	var id string
	_ = json.Unmarshal(m[t.EnvironmentArg], &id)
	return id
}
