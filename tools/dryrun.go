package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"sort"

	"github.com/p1kit/p1kit/pingone"
)

// Dry run: a write call with dryRun true (or in a toolkit with
// Config.DryRun, or a context from WithDryRun) runs its handler with a
// client that sends its GETs but captures the first request that would
// change the tenant instead of sending it. The result is a DryRunResult.
// The guard still applies (a dry run shows what the real call would meet);
// confirmation does not (nothing changes).

type dryRunKey struct{}

// WithDryRun returns a context in which every write call is a dry run.
func WithDryRun(ctx context.Context) context.Context {
	return context.WithValue(ctx, dryRunKey{}, true)
}

// DryRunResult is the result of a dry run.
type DryRunResult struct {
	DryRun bool `json:"dryRun"`
	// Request is what would have been sent; nil when the handler sent no
	// request that changes the tenant.
	Request *DryRunRequest `json:"request"`
	// Before and After are the resource before and after an update (PUT or
	// PATCH); After is Before with the request applied. A delete shows only
	// Before: what it would remove.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Diff lists the members the update changes.
	Diff []Change `json:"diff,omitempty"`
}

// DryRunRequest is a request a dry run did not send. Secret-looking
// members of the body are redacted; Authorization is never included.
type DryRunRequest struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

// Change is one member an update changes, by JSON path ("name",
// "tokenEndpointAuthMethod", "name.given"); Before is absent for a new member.
type Change struct {
	Path   string          `json:"path"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after"`
}

func (tk *Toolkit) isDryRun(ctx context.Context, t *Tool, args map[string]json.RawMessage) bool {
	if !t.IsWrite() {
		return false
	}
	var v bool
	if json.Unmarshal(args[dryRunArg], &v) == nil && v {
		return true
	}
	on, _ := ctx.Value(dryRunKey{}).(bool)
	return on || tk.cfg.DryRun
}

// dryRunResult turns a captured request into the tool's result. Members
// named like secrets are redacted, and so is every string equal to a secret
// argument of the call (a password travels as {"value": …}).
func dryRunResult(dr *pingone.DryRunRequest, secrets []string) *DryRunResult {
	res := dryRunShow(dr)
	if len(secrets) > 0 {
		redactStrings(&res.Request.Body, secrets)
		redactStrings(&res.Before, secrets)
		redactStrings(&res.After, secrets)
		for i := range res.Diff {
			redactStrings(&res.Diff[i].Before, secrets)
			redactStrings(&res.Diff[i].After, secrets)
		}
	}
	return res
}

// redactStrings replaces, in a JSON document, every string equal to one of
// secrets.
func redactStrings(raw *json.RawMessage, secrets []string) {
	if len(*raw) == 0 {
		return
	}
	var v any
	if json.Unmarshal(*raw, &v) != nil {
		return
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			if slices.Contains(secrets, x) {
				return "[REDACTED]"
			}
		case map[string]any:
			for k, e := range x {
				x[k] = walk(e)
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	*raw = mustJSON(walk(v))
}

// secretValues collects the values of the secret-looking arguments of a call.
func secretValues(args map[string]json.RawMessage) []string {
	var out []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case string:
			if isSecretKey(key) && x != "" {
				out = append(out, x)
			}
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		}
	}
	for k, raw := range args {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			walk(k, v)
		}
	}
	return out
}

func dryRunShow(dr *pingone.DryRunRequest) *DryRunResult {
	req := &DryRunRequest{Method: dr.Method, URL: dr.URL, Headers: map[string]string{}}
	for k := range dr.Header {
		req.Headers[k] = dr.Header.Get(k)
	}
	if len(dr.Body) > 0 {
		req.Body = redactArguments(dr.Body)
	}
	res := &DryRunResult{DryRun: true, Request: req}
	if dr.Method == http.MethodDelete && len(dr.Before) > 0 {
		// What the delete would remove.
		var before map[string]any
		if json.Unmarshal(dr.Before, &before) == nil {
			delete(before, "_links")
			res.Before = redactArguments(mustJSON(before))
		}
		return res
	}
	if len(dr.Before) == 0 || len(dr.Body) == 0 {
		return res
	}
	var before, body map[string]any
	if json.Unmarshal(dr.Before, &before) != nil || json.Unmarshal(dr.Body, &body) != nil {
		return res
	}
	delete(before, "_links")
	after := cloneJSON(before)
	// PUT replaces and PATCH merges; either way the members a person cares
	// about are those the request sets (read-only members are not sent and
	// are not lost).
	overlay(after, body, dr.Method == http.MethodPatch)
	var changes []Change
	diff("", before, after, &changes)
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	res.Before = redactArguments(mustJSON(before))
	res.After = redactArguments(mustJSON(after))
	for i := range changes {
		if isSecretPath(changes[i].Path) {
			changes[i].Before, changes[i].After = redactedJSON, redactedJSON
		}
	}
	res.Diff = changes
	if res.Diff == nil {
		res.Diff = []Change{}
	}
	return res
}

var redactedJSON = json.RawMessage(`"[REDACTED]"`)

func isSecretPath(path string) bool {
	last := path
	if i := bytes.LastIndexByte([]byte(path), '.'); i >= 0 {
		last = path[i+1:]
	}
	return isSecretKey(last)
}

// overlay sets the members of body onto dst; nested objects are merged,
// and with mergePatch a null removes the member (JSON merge patch).
func overlay(dst, body map[string]any, mergePatch bool) {
	for k, v := range body {
		if v == nil && mergePatch {
			delete(dst, k)
			continue
		}
		if sub, ok := v.(map[string]any); ok {
			if cur, ok := dst[k].(map[string]any); ok {
				overlay(cur, sub, mergePatch)
				continue
			}
		}
		dst[k] = v
	}
}

func diff(prefix string, before, after map[string]any, out *[]Change) {
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	for k := range keys {
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		b, inB := before[k]
		a, inA := after[k]
		bm, bok := b.(map[string]any)
		am, aok := a.(map[string]any)
		switch {
		case bok && aok:
			diff(path, bm, am, out)
		case inB && inA && reflect.DeepEqual(a, b):
		case !inA:
			*out = append(*out, Change{Path: path, Before: mustJSON(b), After: json.RawMessage("null")})
		case !inB:
			*out = append(*out, Change{Path: path, After: mustJSON(a)})
		default:
			*out = append(*out, Change{Path: path, Before: mustJSON(b), After: mustJSON(a)})
		}
	}
}

func cloneJSON(m map[string]any) map[string]any {
	var out map[string]any
	_ = json.Unmarshal(mustJSON(m), &out)
	return out
}

func mustJSON(v any) json.RawMessage {
	b, _ := marshalResult(v)
	return b
}
