package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Policy is a policy file: the whole policy of a toolkit in one JSON or
// YAML document, loaded by every front end (`--policy FILE`, P1_POLICY).
// Command-line flags override it. Unknown keys are errors. Every member is
// optional; an absent member keeps the built-in default, which is the
// safest setting. docs/policy.md documents each key;
// testdata/policy/example.yaml is an annotated example.
type Policy struct {
	Filter       PolicyFilter       `yaml:"filter"`
	Guard        PolicyGuard        `yaml:"guard"`
	Confirmation PolicyConfirmation `yaml:"confirmation"`
	// DryRun makes every write call a dry run.
	DryRun bool         `yaml:"dryRun"`
	Rules  PolicyRules  `yaml:"rules"`
	Output PolicyOutput `yaml:"output"`
	Audit  PolicyAudit  `yaml:"audit"`
	Names  PolicyNames  `yaml:"names"`

	// File is the path the policy was read from.
	File string `yaml:"-"`
}

// PolicyFilter is the filter section: which tools exist.
type PolicyFilter struct {
	// ReadOnly, when false, turns read-only mode off (--disable-read-only).
	ReadOnly           *bool    `yaml:"readOnly"`
	IncludeTools       []string `yaml:"includeTools"`
	ExcludeTools       []string `yaml:"excludeTools"`
	IncludeCollections []string `yaml:"includeCollections"`
	ExcludeCollections []string `yaml:"excludeCollections"`
	// Toolsets selects the tools by toolset (--toolsets); "all" is every one.
	Toolsets []string `yaml:"toolsets"`
}

// PolicyGuard is the guard section: per-call checks of the environment.
type PolicyGuard struct {
	ProductionWrites          bool                `yaml:"productionWrites"`
	ProtectProductionUserData bool                `yaml:"protectProductionUserData"`
	WritesOnlyWhereAllowed    bool                `yaml:"writesOnlyWhereAllowed"`
	EnvironmentTypeTTL        string              `yaml:"environmentTypeTTL"`
	AllowEnvironments         []string            `yaml:"allowEnvironments"`
	DenyEnvironments          []string            `yaml:"denyEnvironments"`
	Environments              []PolicyEnvironment `yaml:"environments"`
}

// PolicyEnvironment is the policy of one environment, by id or name.
type PolicyEnvironment struct {
	Environment string `yaml:"environment"`
	Writes      *bool  `yaml:"writes"`
	UserData    *bool  `yaml:"userData"`
}

// PolicyConfirmation is the confirmation section.
type PolicyConfirmation struct {
	// Tools adds tools (names or patterns) whose calls need confirmation.
	Tools []string `yaml:"tools"`
}

// PolicyRules is the rules section: argument rules.
type PolicyRules struct {
	ProtectedRoles                 []string `yaml:"protectedRoles"`
	AllowProtectedRoles            bool     `yaml:"allowProtectedRoles"`
	AdministratorsEnvironment      string   `yaml:"administratorsEnvironment"`
	AllowAdministratorsEnvironment bool     `yaml:"allowAdministratorsEnvironment"`
	MaxPageSize                    int      `yaml:"maxPageSize"`
	// PageSize is "refuse" (default) or "clamp": what a larger limit gets.
	PageSize string `yaml:"pageSize"`
}

// PolicyOutput is the output section (secrets, result size).
type PolicyOutput struct {
	RevealSecrets  bool `yaml:"revealSecrets"`
	MaxResultBytes int  `yaml:"maxResultBytes"`
	// Links keeps PingOne's HAL _links in results (dropped by default).
	Links bool `yaml:"links"`
}

// PolicyNames is the names section.
type PolicyNames struct {
	// Resolve lets id arguments hold names (Config.ResolveNames); the CLI
	// resolves names whatever the file says, MCP only when it is set.
	Resolve bool `yaml:"resolve"`
}

// PolicyAudit is the audit section.
type PolicyAudit struct {
	// Log is the audit log: a file (appended, created 0600) or "-" for stderr.
	Log string `yaml:"log"`
}

// PolicyError is one problem in a policy file, at a line and column.
type PolicyError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e PolicyError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// PolicyErrors are all the problems found in a policy file.
type PolicyErrors []PolicyError

func (es PolicyErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// LoadPolicyFile reads and checks a policy file against reg (tool names and
// patterns must match registered tools). The error is PolicyErrors when the
// file was read but is wrong.
func LoadPolicyFile(file string, reg *Registry) (*Policy, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	defer f.Close()
	// Read one byte past the limit: /dev/zero or a runaway file must not
	// be read into memory whole.
	data, err := io.ReadAll(io.LimitReader(f, MaxPolicyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	return ParsePolicy(file, data, reg)
}

// MaxPolicyBytes is the largest policy file p1kit reads; real ones are a
// few KiB.
const MaxPolicyBytes = 1 << 20

// ErrPolicyTooLarge is the error (wrapped) for a policy file larger than
// MaxPolicyBytes.
var ErrPolicyTooLarge = errors.New("policy file too large")

type policyTooLarge struct{ file string }

func (e policyTooLarge) Error() string {
	return fmt.Sprintf("policy file %s is larger than %s, the limit for a policy file", e.file, byteSize(MaxPolicyBytes))
}

func (e policyTooLarge) Is(target error) bool { return target == ErrPolicyTooLarge }

// ParsePolicy parses and checks a policy document (JSON or YAML); file
// names it in errors. With a nil reg, tool names and patterns are not
// checked (NewToolkit still refuses unknown ones).
func ParsePolicy(file string, data []byte, reg *Registry) (*Policy, error) {
	p := &Policy{File: file}
	if len(data) > MaxPolicyBytes {
		return nil, policyTooLarge{file}
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		// JSON: report its syntax errors as JSON, and let the YAML parser
		// (which gives positions) read it: outside strings a tab is only
		// white space in JSON, but YAML refuses tabs, so they become spaces
		// (one for one: columns stay right).
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, PolicyErrors{jsonError(file, data, err)}
		}
		data = bytes.ReplaceAll(data, []byte{'\t'}, []byte{' '})
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return p, nil // an empty file is the default policy
		}
		return nil, PolicyErrors{syntaxError(file, err)}
	}
	pc := &policyChecker{file: file}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	pc.walk(root, reflect.TypeFor[Policy](), "")
	if len(pc.errs) > 0 {
		return nil, pc.errs
	}
	if err := root.Decode(p); err != nil {
		return nil, PolicyErrors{syntaxError(file, err)}
	}
	pc.semantics(p, reg)
	if len(pc.errs) > 0 {
		sort.SliceStable(pc.errs, func(i, j int) bool {
			return pc.errs[i].Line < pc.errs[j].Line || pc.errs[i].Line == pc.errs[j].Line && pc.errs[i].Col < pc.errs[j].Col
		})
		return nil, pc.errs
	}
	return p, nil
}

// jsonError places a JSON syntax error at its line and column.
func jsonError(file string, data []byte, err error) PolicyError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(len(data))
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // the offset is just after the offending byte
	case errors.As(err, &te):
		off = te.Offset
	}
	line, col := 1, 1
	for _, b := range data[:min(int(off), len(data))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return PolicyError{File: file, Line: line, Col: col, Msg: "invalid JSON: " + err.Error()}
}

// syntaxError places a YAML error ("yaml: line 3: …") at its line.
func syntaxError(file string, err error) PolicyError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if _, err := fmt.Sscanf(msg, "line %d:", &line); err == nil {
		msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return PolicyError{File: file, Line: line, Col: 1, Msg: msg}
}

type policyChecker struct {
	file string
	errs PolicyErrors
	pos  map[string]*yaml.Node // dotted path → its value node
}

func (pc *policyChecker) errorf(n *yaml.Node, format string, a ...any) {
	pc.errs = append(pc.errs, PolicyError{File: pc.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, a...)})
}

// walk checks the shape of the document against the Go type: known keys
// only, and the right kind of value for each.
func (pc *policyChecker) walk(n *yaml.Node, t reflect.Type, at string) {
	if pc.pos == nil {
		pc.pos = map[string]*yaml.Node{}
	}
	pc.pos[at] = n
	name := at
	if name == "" {
		name = "the policy"
	}
	if n.Kind == yaml.AliasNode {
		pc.errorf(n, "%s: aliases are not supported in a policy file", name)
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty section keeps the defaults
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			pc.errorf(n, "%s must be a mapping of keys to values, not %s", name, kindOf(n))
			return
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := range t.NumField() {
			f := t.Field(i)
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			fields[tag] = f
			names = append(names, tag)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			f, ok := fields[k.Value]
			if !ok {
				msg := fmt.Sprintf("unknown key %q in %s (known keys: %s)", k.Value, name, strings.Join(names, ", "))
				if s := closest(k.Value, names); s != "" {
					msg = fmt.Sprintf("unknown key %q in %s; did you mean %q? (known keys: %s)", k.Value, name, s, strings.Join(names, ", "))
				}
				pc.errorf(k, "%s", msg)
				continue
			}
			pc.walk(v, f.Type, join(at, k.Value))
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			pc.errorf(n, "%s must be a list, not %s", name, kindOf(n))
			return
		}
		for i, item := range n.Content {
			pc.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", at, i))
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			pc.errorf(n, "%s must be true or false, not %s", name, valueOf(n))
		}
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			pc.errorf(n, "%s must be a whole number, not %s", name, valueOf(n))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			pc.errorf(n, "%s must be a string, not %s", name, kindOf(n))
		}
	}
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return valueOf(n)
}

func valueOf(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return kindOf(n)
	}
	return fmt.Sprintf("%q", n.Value)
}

// closest suggests the known key a misspelt one was meant to be.
func closest(key string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(key), strings.ToLower(n)); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// node returns the node at a path, or the nearest parent that exists.
func (pc *policyChecker) node(at string) *yaml.Node {
	for {
		if n, ok := pc.pos[at]; ok {
			return n
		}
		i := strings.LastIndexAny(at, ".[")
		if i < 0 {
			return pc.pos[""]
		}
		at = at[:i]
	}
}

// semantics checks values: tool and collection names, durations, enums.
func (pc *policyChecker) semantics(p *Policy, reg *Registry) {
	var tools, cols []string
	if reg != nil {
		for _, t := range reg.Tools() {
			tools = append(tools, t.Name)
		}
		cols = reg.Collections()
	}
	names := func(at string, list []string, all []string, what string) {
		if reg == nil {
			return
		}
		for i, e := range list {
			n := pc.node(fmt.Sprintf("%s[%d]", at, i))
			if _, err := path.Match(e, ""); err != nil {
				pc.errorf(n, "malformed %s pattern %q in %s (%v)", what, e, at, err)
				continue
			}
			if !matchesSome(e, all) {
				if isPattern(e) {
					pc.errorf(n, "%s pattern %q in %s matches no %s", what, e, at, what)
				} else {
					pc.errorf(n, "unknown %s %q in %s (known: %s)", what, e, at, strings.Join(all, ", "))
				}
			}
		}
	}
	names("filter.includeTools", p.Filter.IncludeTools, tools, "tool")
	names("filter.excludeTools", p.Filter.ExcludeTools, tools, "tool")
	names("filter.includeCollections", p.Filter.IncludeCollections, cols, "tool collection")
	names("filter.excludeCollections", p.Filter.ExcludeCollections, cols, "tool collection")
	if reg != nil {
		var sets []string
		for _, ts := range reg.Toolsets() {
			sets = append(sets, ts.Name)
		}
		for i, e := range p.Filter.Toolsets {
			if e != AllToolsets && !slices.Contains(sets, e) {
				pc.errorf(pc.node(fmt.Sprintf("filter.toolsets[%d]", i)), "unknown toolset %q in filter.toolsets (known: %s, or %s)", e, strings.Join(sets, ", "), AllToolsets)
			}
		}
	}
	var writeTools []string
	if reg != nil {
		for _, t := range reg.Tools() {
			if t.IsWrite() {
				writeTools = append(writeTools, t.Name)
			}
		}
	}
	names("confirmation.tools", p.Confirmation.Tools, writeTools, "write tool")
	if s := p.Guard.EnvironmentTypeTTL; s != "" {
		if d, err := time.ParseDuration(s); err != nil || d <= 0 {
			pc.errorf(pc.node("guard.environmentTypeTTL"), "guard.environmentTypeTTL %q is not a positive duration (for example 5m, 30s, 1h)", s)
		}
	}
	for i, e := range p.Guard.Environments {
		at := fmt.Sprintf("guard.environments[%d]", i)
		if strings.TrimSpace(e.Environment) == "" {
			pc.errorf(pc.node(at), "%s needs environment: the id or name of the environment it governs", at)
		}
		if e.Writes == nil && e.UserData == nil {
			pc.errorf(pc.node(at), "%s sets neither writes nor userData, so it changes nothing", at)
		}
	}
	for _, list := range []struct {
		at   string
		vals []string
	}{{"guard.allowEnvironments", p.Guard.AllowEnvironments}, {"guard.denyEnvironments", p.Guard.DenyEnvironments}, {"rules.protectedRoles", p.Rules.ProtectedRoles}} {
		for i, v := range list.vals {
			if strings.TrimSpace(v) == "" {
				pc.errorf(pc.node(fmt.Sprintf("%s[%d]", list.at, i)), "%s has an empty entry", list.at)
			}
		}
	}
	switch p.Rules.PageSize {
	case "", "refuse", "clamp":
	default:
		pc.errorf(pc.node("rules.pageSize"), "rules.pageSize %q is not refuse or clamp", p.Rules.PageSize)
	}
	if p.Rules.MaxPageSize < 0 {
		pc.errorf(pc.node("rules.maxPageSize"), "rules.maxPageSize %d is negative (0 means no cap)", p.Rules.MaxPageSize)
	}
	if p.Rules.PageSize != "" && p.Rules.MaxPageSize == 0 {
		pc.errorf(pc.node("rules.pageSize"), "rules.pageSize has no effect without rules.maxPageSize")
	}
	if b := p.Output.MaxResultBytes; b > 0 && b < MinResultBytes {
		pc.errorf(pc.node("output.maxResultBytes"), "output.maxResultBytes %d is below the smallest budget, %d (0 means the default budget, a negative value none)", b, MinResultBytes)
	}
	if n := pc.pos["audit.log"]; n != nil && strings.TrimSpace(p.Audit.Log) == "" {
		pc.errorf(n, "audit.log is empty: give a file path, or - for standard error")
	}
}

// Config returns the toolkit configuration the policy describes (the
// front end adds the audit sink and its own name). Tool patterns in
// confirmation.tools are expanded against reg.
func (p *Policy) Config(reg *Registry) Config {
	origin := "policy file " + p.File
	cfg := Config{
		Filter: Filter{
			AllowWrites:        p.Filter.ReadOnly != nil && !*p.Filter.ReadOnly,
			IncludeTools:       p.Filter.IncludeTools,
			ExcludeTools:       p.Filter.ExcludeTools,
			IncludeCollections: p.Filter.IncludeCollections,
			ExcludeCollections: p.Filter.ExcludeCollections,
			Toolsets:           p.Filter.Toolsets,
			Origins:            map[string]string{},
		},
		AllowProductionWrites: p.Guard.ProductionWrites,
		Environments: EnvironmentPolicy{
			Allow:                     p.Guard.AllowEnvironments,
			Deny:                      p.Guard.DenyEnvironments,
			ProtectProductionUserData: p.Guard.ProtectProductionUserData,
			WritesOnlyWhereAllowed:    p.Guard.WritesOnlyWhereAllowed,
		},
		Rules: Rules{
			ProtectedRoles:                 p.Rules.ProtectedRoles,
			AllowProtectedRoles:            p.Rules.AllowProtectedRoles,
			AdministratorsEnvironment:      p.Rules.AdministratorsEnvironment,
			AllowAdministratorsEnvironment: p.Rules.AllowAdministratorsEnvironment,
			MaxPageSize:                    p.Rules.MaxPageSize,
			ClampPageSize:                  p.Rules.PageSize == "clamp",
		},
		DryRun:       p.DryRun,
		ResolveNames: p.Names.Resolve,
	}
	for list, set := range map[string]bool{
		"include-tools": len(p.Filter.IncludeTools) > 0, "exclude-tools": len(p.Filter.ExcludeTools) > 0,
		"include-tool-collections": len(p.Filter.IncludeCollections) > 0, "exclude-tool-collections": len(p.Filter.ExcludeCollections) > 0,
		"disable-read-only": p.Filter.ReadOnly != nil, "toolsets": len(p.Filter.Toolsets) > 0,
	} {
		if set {
			cfg.Filter.Origins[list] = origin
		}
	}
	if d, err := time.ParseDuration(p.Guard.EnvironmentTypeTTL); err == nil {
		cfg.EnvironmentTypeTTL = d
	}
	for _, e := range p.Guard.Environments {
		cfg.Environments.Rules = append(cfg.Environments.Rules, EnvironmentRule{Environment: e.Environment, Writes: e.Writes, UserData: e.UserData})
	}
	if reg != nil {
		for _, t := range reg.Tools() {
			if t.IsWrite() && matchAny(p.Confirmation.Tools, t.Name) != "" {
				cfg.ConfirmTools = append(cfg.ConfirmTools, t.Name)
			}
		}
	}
	cfg.Output = OutputPolicy{RevealSecrets: p.Output.RevealSecrets, MaxResultBytes: p.Output.MaxResultBytes, Links: p.Output.Links}
	return cfg
}
