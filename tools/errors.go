package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/p1kit/p1kit/pingone"
)

// Kind classifies why a call failed, so front ends can map it (an MCP tool
// error, a CLI exit code) without knowing PingOne.
type Kind int

// The kinds of failure.
const (
	// KindInternal is a bug or an unexpected failure.
	KindInternal Kind = iota
	// KindUnknownTool: no such tool.
	KindUnknownTool
	// KindInvalidArguments: the arguments do not match the tool's schema.
	KindInvalidArguments
	// KindDenied: the policy refused the call (the guard, or the filter hides
	// the tool); nothing was sent to PingOne.
	KindDenied
	// KindNotFound: PingOne answered 404.
	KindNotFound
	// KindAPI: PingOne refused the request (4xx other than 401/403/404, or 5xx).
	KindAPI
	// KindAuth: no valid credentials, or PingOne answered 401/403.
	KindAuth
	// KindNetwork: PingOne could not be reached.
	KindNetwork
	// KindNeedsConfirmation: the call is destructive and was not confirmed;
	// Error.Confirmation says what to confirm. Nothing was sent to PingOne.
	KindNeedsConfirmation
	// KindOutcomeUnknown: a write reached PingOne, its answer was lost and
	// no read could tell whether it was applied. It may have been: the
	// message names the read that tells, to run before trying again. Never
	// a plain failure (a blind retry could create a second object).
	KindOutcomeUnknown
)

func (k Kind) String() string {
	return [...]string{"internal", "unknown_tool", "invalid_arguments", "denied", "not_found", "api_error", "auth", "network",
		"needs_confirmation", "outcome_unknown"}[k]
}

// Error is a failed tool call. Its message is written for the model or the
// person who made the call: it says what to fix.
type Error struct {
	Kind Kind
	// Tool is the tool called; empty for KindUnknownTool (no tool has the
	// name, which the message quotes, escaped and cut short).
	Tool    string
	Message string
	// Err is the underlying error, if any (a *pingone.Error for API failures).
	Err error
	// Confirmation describes the call to confirm (KindNeedsConfirmation only).
	Confirmation *Confirmation
	// Report is the report of a workflow that did not finish, whose
	// message says the same in words.
	Report *Report
}

func (e *Error) Error() string {
	if e.Tool != "" {
		return e.Tool + ": " + e.Message
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// classify turns a handler error into an *Error.
func classify(tool string, err error) *Error {
	var te *Error
	if errors.As(err, &te) {
		if te.Tool == "" {
			te.Tool = tool
		}
		return te
	}
	var pe *pingone.Error
	var ne *pingone.NetworkError
	var ae *pingone.AuthError
	var ou *pingone.OutcomeUnknownError
	var na *pingone.NotAppliedError
	switch {
	case errors.As(err, &ou):
		// Described by the toolkit, which knows the tools that read (check).
		return &Error{Kind: KindOutcomeUnknown, Tool: tool, Message: neutraliseMessage(ou.Error()), Err: err}
	case errors.As(err, &na):
		// Not applied, and a read showed it: the kind is the last answer's.
		te := classify(tool, na.Err)
		te.Message = neutraliseMessage(na.Error())
		te.Err = err
		return te
	case errors.As(err, &pe):
		kind := KindAPI
		switch pe.StatusCode {
		case 404:
			kind = KindNotFound
		case 401, 403:
			kind = KindAuth
		}
		// PingOne's message can quote tenant data: neutralised like a result.
		return &Error{Kind: kind, Tool: tool, Message: neutraliseMessage(pe.Error()), Err: err}
	case errors.As(err, &ae):
		return &Error{Kind: KindAuth, Tool: tool, Message: ae.Error(), Err: err}
	case errors.As(err, &ne):
		return &Error{Kind: KindNetwork, Tool: tool, Message: ne.Error(), Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &Error{Kind: KindNetwork, Tool: tool, Message: "the call was cancelled or timed out: " + err.Error(), Err: err}
	}
	return &Error{Kind: KindInternal, Tool: tool, Message: err.Error(), Err: err}
}

func invalidArgs(format string, a ...any) *Error {
	return &Error{Kind: KindInvalidArguments, Message: fmt.Sprintf(format, a...)}
}

// checkOutcome rewrites the message of a KindOutcomeUnknown error for the
// model or person who made the call: what happened, and which tool shows
// whether the write was applied, in place of the HTTP read.
func (tk *Toolkit) checkOutcome(te *Error) {
	var ou *pingone.OutcomeUnknownError
	if te.Kind != KindOutcomeUnknown || !errors.As(te.Err, &ou) {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "outcome unknown: PingOne received this call but its answer was lost (%v), so it may have been applied", ou.Err)
	if ou.Why != "" {
		b.WriteString("; " + ou.Why)
	}
	if check := tk.readFor(te.Tool, ou); check != "" {
		b.WriteString(". Do not repeat the call yet: check with " + check + ", and repeat it only if that shows it was not applied")
	} else if ou.Read != "" {
		b.WriteString(". Do not repeat the call yet: check with " + ou.Read + ", and repeat it only if that shows it was not applied")
	} else {
		b.WriteString(". Do not repeat the call before reading the object's state")
	}
	te.Message = neutraliseMessage(b.String())
}

// readFor names the tool call that shows whether the write of an unknown
// outcome was applied: the get tool of its family for an object it names,
// the list tool for a create (with the filter on its unique member), or ""
// when the registry has neither.
func (tk *Toolkit) readFor(tool string, ou *pingone.OutcomeUnknownError) string {
	fam, ok := familyOfTool(tool)
	if !ok {
		if fam, ok = familyOfKey(ou.Resource); !ok {
			return ""
		}
	}
	if ou.ID != "" {
		for _, name := range append([]string{"get_" + fam.Noun}, fam.Tools...) {
			if t, ok := tk.reg.Get(name); ok && strings.HasPrefix(name, "get_") {
				if arg := idArgument(t); arg != "" {
					return fmt.Sprintf("%s (%s %q)", name, arg, ou.ID)
				}
				return name
			}
		}
	}
	for _, name := range append([]string{"list_" + fam.Collection}, fam.Tools...) {
		t, ok := tk.reg.Get(name)
		if !ok || !strings.HasPrefix(name, "list_") {
			continue
		}
		if ou.Key == "" {
			return name
		}
		if _, ok := t.InputSchema().Properties["filter"]; ok {
			return fmt.Sprintf("%s (filter %s eq %q)", name, ou.Key, ou.Value)
		}
		return fmt.Sprintf("%s, looking for %s %q", name, ou.Key, ou.Value)
	}
	return ""
}

// familyOfTool is the family whose declaration lists the tool.
func familyOfTool(tool string) (FamilyInfo, bool) {
	for _, f := range Families() {
		if slices.Contains(f.Tools, tool) {
			return f, true
		}
	}
	return FamilyInfo{}, false
}

// familyOfKey is the family serving a client resource's items.
func familyOfKey(key string) (FamilyInfo, bool) {
	for _, f := range Families() {
		if key != "" && f.Key == key {
			return f, true
		}
	}
	return FamilyInfo{}, false
}

// idArgument is the argument of a get tool naming its object: the last
// required one ending in Id, other than the environment's.
func idArgument(t *Tool) string {
	arg := ""
	for _, name := range t.InputSchema().Required {
		if strings.HasSuffix(name, "Id") && name != "environmentId" {
			arg = name
		}
	}
	return arg
}
