package pingonetest

import (
	"fmt"
	"slices"
)

// handlers maps HTTP methods to handlers for one route.
type handlers map[string]func() result

func dispatch(method string, hs handlers) result {
	if h, ok := hs[method]; ok {
		return h()
	}
	var allowed []string
	for m := range hs {
		allowed = append(allowed, m)
	}
	slices.Sort(allowed)
	return errResult(methodNotAllowed(allowed...))
}

// route dispatches a management API request (path below /v1): the declared
// organisation-level collections and what lives below them, and the
// organisations.
func (e *Emulator) route(c *rctx) result {
	s := c.segs
	if len(s) == 0 {
		return errResult(routeNotFound())
	}
	if s[0] == "organizations" {
		return e.routeOrganizations(c, s[1:])
	}
	for _, r := range registry {
		if r.level() == 1 && r.segment() == s[0] {
			return e.serveResource(c, r, place{}, s[1:])
		}
	}
	return errResult(routeNotFound())
}

// envLocked returns an environment's data. Call with e.mu held.
func (e *Emulator) envLocked(envID string) (*envData, *apiError) {
	// PingOne may answer 403 for an environment the token cannot see; the
	// emulator has no per-environment permissions, so it says 404.
	if d := e.st.envData[envID]; d != nil {
		return d, nil
	}
	return nil, notFound("environment", envID)
}

// ---- validation helpers ----

type validator struct{ details []errDetail }

func (v *validator) add(code, target, msg string) {
	v.details = append(v.details, errDetail{Code: code, Target: target, Message: msg})
}

func (v *validator) addInner(code, target, msg string, inner map[string]any) {
	v.details = append(v.details, errDetail{Code: code, Target: target, Message: msg, InnerError: inner})
}

func (v *validator) err() *apiError {
	if len(v.details) == 0 {
		return nil
	}
	return invalidData(v.details...)
}

// reqString reads a required non-empty string at key (dotted target for messages).
func (v *validator) reqString(d doc, key, target string) string {
	raw, present := d[key]
	if !present || raw == nil {
		v.add(detailRequired, target, fmt.Sprintf("%s is required", target))
		return ""
	}
	s, ok := raw.(string)
	if !ok {
		v.add(detailInvalidValue, target, fmt.Sprintf("%s must be a string", target))
		return ""
	}
	if s == "" {
		v.add(detailInvalidValue, target, fmt.Sprintf("%s must not be empty", target))
	}
	return s
}

// optString reads an optional string at key.
func (v *validator) optString(d doc, key, target string) (string, bool) {
	raw, present := d[key]
	if !present || raw == nil {
		return "", false
	}
	s, ok := raw.(string)
	if !ok {
		v.add(detailInvalidValue, target, fmt.Sprintf("%s must be a string", target))
		return "", false
	}
	return s, true
}

func (v *validator) reqBool(d doc, key, target string) bool {
	raw, present := d[key]
	if !present || raw == nil {
		v.add(detailRequired, target, fmt.Sprintf("%s is required", target))
		return false
	}
	b, ok := raw.(bool)
	if !ok {
		v.add(detailInvalidValue, target, fmt.Sprintf("%s must be a boolean", target))
	}
	return b
}

func (v *validator) optBool(d doc, key, target string) (bool, bool) {
	raw, present := d[key]
	if !present || raw == nil {
		return false, false
	}
	b, ok := raw.(bool)
	if !ok {
		v.add(detailInvalidValue, target, fmt.Sprintf("%s must be a boolean", target))
		return false, false
	}
	return b, true
}

// enum checks s against allowed (s == "" is skipped: reported elsewhere).
func (v *validator) enum(target, s string, allowed []string) bool {
	if s == "" {
		return false
	}
	if slices.Contains(allowed, s) {
		return true
	}
	inner := map[string]any{"allowedValues": toAnySlice(allowed)}
	v.addInner(detailInvalidValue, target, fmt.Sprintf("%s must be one of %v, got %q", target, allowed, s), inner)
	return false
}

// optRefID reads an optional {id: "…"} reference at key.
func (v *validator) optRefID(d doc, key string) (string, bool) {
	raw, present := d[key]
	if !present || raw == nil {
		return "", false
	}
	m, ok := raw.(map[string]any)
	if !ok {
		v.add(detailInvalidValue, key, fmt.Sprintf("%s must be an object with an id", key))
		return "", false
	}
	return v.reqString(m, "id", key+".id"), true
}

// optStringList reads an optional array of strings (each in allowed when allowed != nil).
func (v *validator) optStringList(d doc, key string, allowed []string) ([]string, bool) {
	raw, present := d[key]
	if !present || raw == nil {
		return nil, false
	}
	list, ok := raw.([]any)
	if !ok {
		v.add(detailInvalidValue, key, fmt.Sprintf("%s must be an array of strings", key))
		return nil, false
	}
	out := make([]string, 0, len(list))
	for i, el := range list {
		s, ok := el.(string)
		if !ok {
			v.add(detailInvalidValue, fmt.Sprintf("%s[%d]", key, i), fmt.Sprintf("%s must contain strings only", key))
			continue
		}
		if allowed != nil {
			v.enum(fmt.Sprintf("%s[%d]", key, i), s, allowed)
		}
		out = append(out, s)
	}
	return out, true
}

func toAnySlice(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// uniqueness is a 400 INVALID_DATA UNIQUENESS_VIOLATION detail.
func uniqueness(target, message, existingID string) *apiError {
	d := errDetail{Code: detailUniqueness, Target: target, Message: message}
	if existingID != "" {
		d.InnerError = map[string]any{"existingId": existingID}
	}
	return invalidData(d)
}

// constraint is a 400 INVALID_DATA CONSTRAINT_VIOLATION detail.
func constraint(target, message string) *apiError {
	return invalidData(errDetail{Code: detailConstraint, Target: target, Message: message})
}

// lock takes the write lock (write) or the read lock and returns its unlock.
func (e *Emulator) lock(write bool) (unlock func()) {
	if write {
		e.mu.Lock()
		return e.mu.Unlock
	}
	e.mu.RLock()
	return e.mu.RUnlock
}

// inEnv runs fn on an environment's data under the write lock (write) or
// the read lock, answering 404 NOT_FOUND for an unknown environment.
func (e *Emulator) inEnv(envID string, write bool, fn func(d *envData) result) result {
	defer e.lock(write)()
	d, aerr := e.envLocked(envID)
	if aerr != nil {
		return errResult(aerr)
	}
	return fn(d)
}
