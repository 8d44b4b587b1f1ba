package pingone

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// Error is a non-2xx answer from PingOne, with its error body.
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int `json:"-"`
	// Method and Path name the call that failed (no query string).
	Method string `json:"-"`
	Path   string `json:"-"`
	// RetryAfter is the Retry-After header of a 429 or 503, if any.
	RetryAfter string `json:"-"`

	// ID is PingOne's error id, logged server side: quote it to Ping support.
	ID string `json:"id,omitempty"`
	// Code is the general code: INVALID_DATA, NOT_FOUND, ACCESS_FAILED, REQUEST_LIMITED, …
	Code    string        `json:"code,omitempty"`
	Message string        `json:"message,omitempty"`
	Details []ErrorDetail `json:"details,omitempty"`
}

// ErrorDetail is one entry of an error's details: which field (Target) is
// wrong and why.
type ErrorDetail struct {
	Code       string         `json:"code,omitempty"`
	Target     string         `json:"target,omitempty"`
	Message    string         `json:"message,omitempty"`
	InnerError map[string]any `json:"innerError,omitempty"`
}

func newError(method, path string, resp *Response) *Error {
	e := &Error{StatusCode: resp.StatusCode, Method: method, Path: path, RetryAfter: resp.Header.Get("Retry-After")}
	if err := json.Unmarshal(resp.Body, e); err != nil || (e.Code == "" && e.Message == "") {
		e.Code = ""
		e.Message = strings.TrimSpace(string(truncate(resp.Body, 200)))
	}
	return e
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return append(b[:n:n], "…"...)
	}
	return b
}

// Error reads like: `PingOne 400 INVALID_DATA on POST /v1/environments/…/users:
// One or more request values are invalid. [username: UNIQUENESS_VIOLATION: username must be unique]`.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "PingOne %d", e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Method != "" {
		fmt.Fprintf(&b, " on %s %s", e.Method, e.Path)
	}
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	b.WriteString(": " + msg)
	for _, d := range e.Details {
		b.WriteString(" [")
		if d.Target != "" {
			b.WriteString(d.Target + ": ")
		}
		if d.Code != "" {
			b.WriteString(d.Code)
			if d.Message != "" {
				b.WriteString(": ")
			}
		}
		b.WriteString(d.Message)
		if allowed, ok := d.InnerError["allowedValues"]; ok {
			fmt.Fprintf(&b, " (allowed: %v)", allowed)
		}
		// What each failed requirement says (a password policy's length,
		// minCharacters, history, …), so the next call can satisfy it.
		for _, k := range slices.Sorted(maps.Keys(d.InnerError)) {
			if s, ok := d.InnerError[k].(string); ok && k != "allowedPattern" && k != "existingId" {
				fmt.Fprintf(&b, " (%s: %s)", k, s)
			}
		}
		b.WriteString("]")
	}
	if e.RetryAfter != "" {
		b.WriteString(" (retry after " + e.RetryAfter + ")")
	}
	if e.ID != "" {
		b.WriteString(" (error id " + e.ID + ")")
	}
	return b.String()
}

// IsNotFound reports whether err is a PingOne 404.
func IsNotFound(err error) bool { return statusIs(err, http.StatusNotFound) }

// IsRateLimited reports whether err is a PingOne 429.
func IsRateLimited(err error) bool { return statusIs(err, http.StatusTooManyRequests) }

// IsInvalidData reports whether err is a 400 whose code is INVALID_DATA.
func IsInvalidData(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusBadRequest && e.Code == "INVALID_DATA"
}

// IsUnauthorized reports whether err is a 401 (token missing, expired or revoked).
func IsUnauthorized(err error) bool { return statusIs(err, http.StatusUnauthorized) }

func statusIs(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == status
}

// NetworkError is a call that got no HTTP answer: DNS, refused or dropped
// connection, timeout.
type NetworkError struct {
	Method, Path string
	Err          error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("PingOne unreachable on %s %s: %v (check the network and the root domain or base URL)", e.Method, e.Path, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// AuthError is a failure to obtain an access token before a call.
type AuthError struct{ Err error }

func (e *AuthError) Error() string {
	return "PingOne sign-in failed: " + e.Err.Error()
}

func (e *AuthError) Unwrap() error { return e.Err }
