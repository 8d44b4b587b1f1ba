package tools

import (
	"context"
	"errors"
	"fmt"

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
)

func (k Kind) String() string {
	return [...]string{"internal", "unknown_tool", "invalid_arguments", "denied", "not_found", "api_error", "auth", "network", "needs_confirmation"}[k]
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
	switch {
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
