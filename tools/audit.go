package tools

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"time"
)

// AuditRecord is one call, allowed or not. Arguments are redacted.
type AuditRecord struct {
	Time          time.Time       `json:"time"`
	FrontEnd      string          `json:"frontEnd,omitempty"`
	Tool          string          `json:"tool"`
	EnvironmentID string          `json:"environmentId,omitempty"`
	Arguments     json.RawMessage `json:"arguments,omitempty"`
	Decision      string          `json:"decision"`
	Outcome       string          `json:"outcome"`
	Error         string          `json:"error,omitempty"`
	Duration      time.Duration   `json:"durationNs"`
	TransactionID string          `json:"transactionId"`
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
var secretSuffixes = []string{"password", "passphrase", "passcode", "secret", "privatekey", "apikey", "token", "otp", "credential", "credentials"}

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
			if isSecretKey(k) {
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

func isSecretKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}
