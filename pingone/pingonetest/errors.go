package pingonetest

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"
)

// PingOne error codes used by the emulator (top level).
const (
	codeInvalidData     = "INVALID_DATA"
	codeInvalidRequest  = "INVALID_REQUEST"
	codeRequestFailed   = "REQUEST_FAILED"
	codeAccessFailed    = "ACCESS_FAILED"
	codeNotFound        = "NOT_FOUND"
	codeRequestLimited  = "REQUEST_LIMITED"
	codeUnexpected      = "UNEXPECTED_ERROR"
	codeMethodNotAllowd = "METHOD_NOT_ALLOWED"
)

// PingOne error detail codes.
const (
	detailRequired      = "REQUIRED_VALUE"
	detailInvalidValue  = "INVALID_VALUE"
	detailUniqueness    = "UNIQUENESS_VIOLATION"
	detailConstraint    = "CONSTRAINT_VIOLATION"
	detailOutOfRange    = "OUT_OF_RANGE"
	detailInvalidFilter = "INVALID_FILTER"
	detailInvalidToken  = "INVALID_TOKEN"
	detailInsufficient  = "INSUFFICIENT_PERMISSIONS"
	detailLimitExceeded = "LIMIT_EXCEEDED"
)

const msgValidation = "The request could not be completed. One or more validation errors were in the request."

// errDetail is one entry of a PingOne error's details array.
type errDetail struct {
	Code       string         `json:"code"`
	Target     string         `json:"target,omitempty"`
	Message    string         `json:"message"`
	InnerError map[string]any `json:"innerError,omitempty"`
}

// apiError is a PingOne error response.
type apiError struct {
	Status  int         `json:"-"`
	ID      string      `json:"id"`
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Details []errDetail `json:"details,omitempty"`
	header  http.Header
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func newAPIError(status int, code, message string, details ...errDetail) *apiError {
	return &apiError{Status: status, ID: uuid.NewString(), Code: code, Message: message, Details: details}
}

// invalidData is a 400 INVALID_DATA with the given details.
func invalidData(details ...errDetail) *apiError {
	return newAPIError(http.StatusBadRequest, codeInvalidData, msgValidation, details...)
}

// invalidField is a 400 INVALID_DATA with one detail.
func invalidField(detailCode, target, message string) *apiError {
	return invalidData(errDetail{Code: detailCode, Target: target, Message: message})
}

func notFound(kind, id string) *apiError {
	return newAPIError(http.StatusNotFound, codeNotFound,
		fmt.Sprintf("Unable to find %s with id %s", kind, id))
}

func unauthorized(message string) *apiError {
	e := newAPIError(http.StatusUnauthorized, codeAccessFailed,
		"The request could not be completed. You do not have access to this resource.",
		errDetail{Code: detailInvalidToken, Message: message})
	e.header = http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}
	return e
}

func unsupportedMediaType(message string) *apiError {
	return newAPIError(http.StatusUnsupportedMediaType, codeInvalidRequest, message)
}

func methodNotAllowed(allowed ...string) *apiError {
	e := newAPIError(http.StatusMethodNotAllowed, codeMethodNotAllowd, "The request method is not supported for this resource.")
	e.header = http.Header{}
	for _, m := range allowed {
		e.header.Add("Allow", m)
	}
	return e
}

func routeNotFound() *apiError {
	return newAPIError(http.StatusNotFound, codeNotFound, "The requested resource was not found.")
}

// faultError builds the error body a Fault answers with.
func faultError(f Fault, now string) *apiError {
	code := f.Code
	var e *apiError
	switch {
	case f.Status == http.StatusTooManyRequests:
		if code == "" {
			code = codeRequestLimited
		}
		inner := map[string]any{}
		if now != "" {
			inner["retryAfter"] = now
		}
		d := errDetail{Code: detailLimitExceeded, Message: "The request was rate limited. Retry after the time given in the Retry-After header."}
		if len(inner) > 0 {
			d.InnerError = inner
		}
		e = newAPIError(f.Status, code, "The request could not be completed. Too many requests were made.", d)
	case f.Status >= 500:
		if code == "" {
			code = codeUnexpected
		}
		e = newAPIError(f.Status, code, "An unexpected error occurred. Please try again later.")
	default:
		if code == "" {
			code = defaultCodeForStatus(f.Status)
		}
		e = newAPIError(f.Status, code, fmt.Sprintf("Injected fault: %s", http.StatusText(f.Status)))
		switch f.Status {
		case http.StatusUnauthorized:
			e.Details = []errDetail{{Code: detailInvalidToken, Message: "The access token is invalid."}}
		case http.StatusForbidden:
			e.Details = []errDetail{{Code: detailInsufficient, Message: "The actor does not have permission to perform this operation."}}
		}
	}
	if f.RetryAfter != "" {
		e.header = http.Header{"Retry-After": {f.RetryAfter}}
	}
	return e
}

func defaultCodeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest:
		return codeInvalidData
	case http.StatusUnauthorized, http.StatusForbidden:
		return codeAccessFailed
	case http.StatusNotFound:
		return codeNotFound
	case http.StatusMethodNotAllowed:
		return codeMethodNotAllowd
	case http.StatusUnsupportedMediaType:
		return codeInvalidRequest
	case http.StatusTooManyRequests:
		return codeRequestLimited
	}
	if status >= 500 {
		return codeUnexpected
	}
	return codeRequestFailed
}
