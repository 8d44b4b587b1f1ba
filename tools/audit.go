package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// The decisions an audit record holds.
const (
	// DecisionAllow: the call passed the policy (its outcome says how it went).
	DecisionAllow = "allow"
	// DecisionDeny: the policy refused the call, or it never named a usable
	// tool with valid arguments; nothing was sent to PingOne.
	DecisionDeny = "deny"
	// DecisionConfirmRequired: a destructive call waited for confirmation;
	// nothing was sent to PingOne.
	DecisionConfirmRequired = "confirm-required"
	// DecisionDryRun: a write ran as a dry run; its change was not sent.
	DecisionDryRun = "dry-run"
)

// AuditRecord is one call, allowed or not. Arguments are redacted.
type AuditRecord struct {
	Time            time.Time `json:"time"`
	FrontEnd        string    `json:"frontEnd,omitempty"`
	Profile         string    `json:"profile,omitempty"`
	Tool            string    `json:"tool"`
	EnvironmentID   string    `json:"environmentId,omitempty"`
	EnvironmentName string    `json:"environmentName,omitempty"`
	// Target is the object the call acts on, for a tool that declares one.
	Target        *AuditTarget    `json:"target,omitempty"`
	Arguments     json.RawMessage `json:"arguments,omitempty"`
	Decision      string          `json:"decision"`
	Outcome       string          `json:"outcome"`
	Error         string          `json:"error,omitempty"`
	Duration      time.Duration   `json:"durationNs"`
	TransactionID string          `json:"transactionId"`
}

// AuditTarget is the object a call acts on: its kind and id (never its
// name, which may be personal data).
type AuditTarget struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// OpenAuditLog opens an audit log: "-" writes to stderr, anything else is
// a file, appended to and created with mode 0600 (an existing file's mode
// is left alone). close flushes nothing and closes the file.
func OpenAuditLog(path string, stderr io.Writer) (audit func(context.Context, AuditRecord), closeFn func() error, err error) {
	if path == "-" {
		return JSONLinesAudit(stderr), func() error { return nil }, nil
	}
	if strings.TrimSpace(path) == "" {
		return nil, nil, errors.New("audit log: empty path (give a file, or - for standard error)")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("audit log: %w", err)
	}
	return JSONLinesAudit(f), f.Close, nil
}

// JSONLinesAudit returns an audit hook writing one JSON line per call to w.
func JSONLinesAudit(w io.Writer) func(context.Context, AuditRecord) {
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	return func(_ context.Context, r AuditRecord) {
		mu.Lock()
		defer mu.Unlock()
		_ = enc.Encode(r)
	}
}

// secretSuffixes end the names of arguments whose values never reach an
// audit record ("password", "clientSecret", "privateKey", "refreshToken", …).
// Matching on whole name endings, not substrings, keeps settings such as
// tokenEndpointAuthMethod readable.
// The output step redacts result members by the same list.
var secretSuffixes = []string{"password", "passphrase", "passcode", "secret", "privatekey", "apikey", "token", "otp", "credential", "credentials", "signingkey"}

// redactArguments replaces the values of secret-looking members, at any depth.
func redactArguments(raw json.RawMessage) json.RawMessage {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	out, _ := json.Marshal(redactValue(v))
	return out
}

func redactValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if _, obj := val.(map[string]any); isSecretKey(k) && !(obj && isMFASettings(k)) {
				x[k] = "[REDACTED]"
				continue
			}
			x[k] = redactValue(val)
		}
	case []any:
		for i := range x {
			x[i] = redactValue(x[i])
		}
	}
	return v
}

// withoutSecrets replaces, in an error's message, every occurrence of one
// of secrets (the values of a call's secret arguments), so that a message
// quoting what it refused shows no password to the model or the audit.
func withoutSecrets(e *Error, secrets []string) *Error {
	for _, s := range secrets {
		e.Message = strings.ReplaceAll(e.Message, s, "[REDACTED]")
	}
	return e
}

// isMFASettings reports whether a member named k holding an object is a
// device authentication policy's settings rather than a secret: its
// passcode rules ("otp": {lifeTime, failure, otpLength}) and its
// authenticator-app method ("totp": {enabled, otp, …}). A passcode itself
// is always a string. The members inside are still checked one by one.
func isMFASettings(k string) bool { return strings.EqualFold(k, "otp") || strings.EqualFold(k, "totp") }

func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}
