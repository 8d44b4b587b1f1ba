package pingone

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// Writes whose outcome is unknown.
//
// A write whose request reached PingOne but whose answer was lost (the
// connection dropped, a timeout, a 5xx from PingOne or a gateway in front
// of it) may or may not have been applied. Reporting it as a plain failure
// invites a retry that creates a second user, or a report that a deletion
// which happened did not. The client therefore finds out by reading back,
// and answers with what is true:
//
//   - done: the call returns as if the answer had arrived, with the object
//     read back (a create found by its unique key, an update whose members
//     read as sent, a membership that exists, a deletion whose GET is 404);
//   - not done: the write is sent again while the retry policy allows (it
//     cannot duplicate anything now); when it does not, a *NotAppliedError
//     says that trying again is safe;
//   - unknown, where no read can tell (no unique key, a verb with no state to
//     compare, the read itself failing): an *OutcomeUnknownError that says
//     the write may have been applied and names the read to run.
//
// PUT and DELETE are sent again before any read, as HTTP allows for them; a
// DELETE answered 404 after an attempt whose answer was lost is a success,
// and any other refusal after such an attempt is read back too (it may come
// from the first attempt having been applied: a password set again against
// the history policy). POST and PATCH are never sent twice without a
// read-back in between.

// OutcomeUnknownError is a write that may have been applied: PingOne got the
// request, its answer was lost and no read could tell whether the change was
// made. Do not repeat the write before running Read: a create could be
// duplicated.
type OutcomeUnknownError struct {
	// Method and Path name the write (no query string).
	Method, Path string
	// Resource is the HAL key of the items written ("users", "groups"), "" if
	// the write is no collection's.
	Resource string
	// ID is the object written, when the path names one.
	ID string
	// Key and Value are the unique member a create was for and the value
	// sent ("username", "jdoe"); empty for other writes.
	Key, Value string
	// Read is the request that tells whether the write was applied, as
	// "GET /v1/…"; empty when only the object's state as a whole can.
	Read string
	// Why says why the read-back could not tell; empty when none was tried.
	Why string
	// Err is how the answer was lost: a *NetworkError, a 5xx *Error or the
	// context's error.
	Err error
}

func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "outcome unknown: %s %s may have been applied by PingOne (its answer was lost: %v)", e.Method, e.Path, e.Err)
	if e.Why != "" {
		b.WriteString("; " + e.Why)
	}
	if e.Read != "" {
		fmt.Fprintf(&b, "; check with %s before trying again", e.Read)
	} else {
		b.WriteString("; read the object's state before trying again")
	}
	return b.String()
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// IsOutcomeUnknown reports whether err is (or wraps) an *OutcomeUnknownError.
func IsOutcomeUnknown(err error) bool {
	var e *OutcomeUnknownError
	return errors.As(err, &e)
}

// NotAppliedError is a write whose answer was lost and that a read-back
// showed was not applied, after every attempt the retry policy allows:
// trying again later is safe. Err is how the last answer was lost.
type NotAppliedError struct {
	Method, Path string
	// Read is the request that showed the write was not applied.
	Read string
	Err  error
}

func (e *NotAppliedError) Error() string {
	return fmt.Sprintf("%v; %s showed the write was not applied, so trying again is safe", e.Err, e.Read)
}

func (e *NotAppliedError) Unwrap() error { return e.Err }

// outcomeCheck tells the client how to read back a write whose answer is
// lost; the collection types fill it.
type outcomeCheck struct {
	// resource is the HAL key of the collection's items.
	resource string
	// key is the unique member of a create, looked up in the collection the
	// POST went to ("username").
	key string
	// item are the segments of the object a POST creates at a known path (a
	// membership: …/memberOfGroups/{groupID}), read with a GET.
	item []string
	// id is the object the request names (the user of …/users/{userID} and
	// of its sub-resources), "" for a collection.
	id string
}

// verdict is what a read-back found.
type verdict int

const (
	unknown verdict = iota
	applied
	notApplied
)

// lostAnswer says whether a write's attempt may have been applied without
// its answer arriving, and how the answer was lost.
func lostAnswer(ctx context.Context, method, path string, resp *Response, err error, sent bool) error {
	if err != nil {
		var ne *NetworkError
		if sent && (errors.As(err, &ne) || ctx.Err() != nil) {
			return err
		}
		return nil
	}
	if resp.StatusCode >= 500 {
		return newError(method, path, resp)
	}
	return nil
}

// resendable reports whether a write may be sent again without reading
// back first: PUT and DELETE.
func (r request) resendable() bool {
	return r.method == http.MethodPut || r.method == http.MethodDelete
}

// refusal reports whether PingOne refused an attempt with a 4xx (a rate
// limit only when no attempt is left): after an earlier attempt whose
// answer was lost, the refusal may come from that attempt having been
// applied (a DELETE's 404, a password set again against the history
// policy), and a last rate limit leaves the earlier attempt unsettled.
func refusal(resp *Response, retriesLeft bool) bool {
	if resp == nil || resp.StatusCode < 400 || resp.StatusCode >= 500 {
		return false
	}
	return resp.StatusCode != http.StatusTooManyRequests || !retriesLeft
}

// isWrite reports whether the method changes the tenant.
func isWrite(method string) bool { return method != http.MethodGet && method != http.MethodHead }

// readResult is what a read-back found: the verdict, the object read (for
// applied), the read that tells (as "GET /v1/…") and, for unknown, why it
// could not tell.
type readResult struct {
	verdict verdict
	object  json.RawMessage
	resp    *Response
	read    string
	why     string
}

// readBack finds out whether a write whose answer was lost was applied.
func (c *Client) readBack(ctx context.Context, r request, u *url.URL, payload []byte) readResult {
	if ctx.Err() != nil {
		return readResult{why: "the call was cancelled before it could be checked"}
	}
	failed := func(read string, err error) readResult {
		return readResult{read: read, why: "reading it back failed: " + err.Error()}
	}
	switch {
	case r.method == http.MethodDelete:
		read := "GET " + u.Path
		resp, err := c.do(ctx, request{method: http.MethodGet, href: u.String()}, nil)
		switch {
		case IsNotFound(err):
			return readResult{verdict: applied, resp: resp, read: read}
		case err == nil:
			return readResult{verdict: notApplied, read: read}
		}
		return failed(read, err)
	case r.method == http.MethodPost && r.outcome.key != "":
		return c.findCreated(ctx, r, u, payload)
	case r.method == http.MethodPost && len(r.outcome.item) > 0:
		iu, err := c.resolve(request{method: http.MethodGet, segs: r.outcome.item})
		if err != nil {
			return readResult{why: err.Error()}
		}
		read := "GET " + iu.Path
		var raw json.RawMessage
		resp, err := c.do(ctx, request{method: http.MethodGet, href: iu.String()}, &raw)
		switch {
		case IsNotFound(err):
			return readResult{verdict: notApplied, read: read}
		case err != nil:
			return failed(read, err)
		}
		var m struct{ Type string }
		if json.Unmarshal(raw, &m) == nil && m.Type == "INDIRECT" {
			// A member through a nested group only: the direct one is missing.
			return readResult{verdict: notApplied, read: read}
		}
		return readResult{verdict: applied, object: raw, resp: resp, read: read}
	case (r.method == http.MethodPut || r.method == http.MethodPatch) && r.contentType == "":
		// The object (or member) reads back as it was written: compare.
		read := "GET " + u.Path
		var raw json.RawMessage
		resp, err := c.do(ctx, request{method: http.MethodGet, href: u.String()}, &raw)
		if err != nil {
			return failed(read, err)
		}
		switch holds(raw, payload, false) {
		case matchAll:
			return readResult{verdict: applied, object: raw, resp: resp, read: read}
		case matchNone:
			return readResult{read: read, why: "what reads back there does not hold the members sent, so it cannot show whether they were set"}
		}
		return readResult{verdict: notApplied, read: read}
	}
	// A POST with no key (an action on an object, a create of something no
	// member identifies) or a verb of its own media type (a password set,
	// whose state never shows the value): no read tells which call made
	// what it shows.
	return readResult{read: "GET " + u.Path}
}

// maxLookupPages bounds a create's read-back in a collection that cannot be
// filtered on its unique member.
const maxLookupPages = 50

// findCreated looks for the object a POST would have created by its unique
// member: with a SCIM filter, or through the whole collection where PingOne
// takes none.
func (c *Client) findCreated(ctx context.Context, r request, u *url.URL, payload []byte) readResult {
	key := r.outcome.key
	var sent map[string]any
	_ = json.Unmarshal(payload, &sent)
	value, _ := sent[key].(string)
	if value == "" {
		return readResult{read: "GET " + u.Path, why: "the request holds no " + key + " to look the object up by"}
	}
	filter := fmt.Sprintf("%s eq %q", key, value)
	read := fmt.Sprintf("GET %s?filter=%s", u.Path, filter)
	var (
		found *json.RawMessage
		resp  *Response
	)
	next := request{method: http.MethodGet, href: u.String(), query: url.Values{"filter": {filter}}}
	filtered := true
	for page := 0; ; page++ {
		if page == maxLookupPages {
			return readResult{read: read, why: fmt.Sprintf("the collection has more than %d pages to look through", maxLookupPages)}
		}
		var hp halPage
		pr, err := c.do(ctx, next, &hp)
		if err != nil && filtered && IsInvalidData(err) {
			// No filter on that member here: look through every item.
			filtered = false
			next = request{method: http.MethodGet, href: u.String()}
			page = -1
			continue
		}
		if err != nil {
			return readResult{read: read, why: "reading it back failed: " + err.Error()}
		}
		var items []json.RawMessage
		if raw, ok := hp.Embedded[r.outcome.resource]; ok {
			if err := json.Unmarshal(raw, &items); err != nil {
				return readResult{read: read, why: "reading it back failed: " + err.Error()}
			}
		}
		for i := range items {
			var m map[string]any
			if json.Unmarshal(items[i], &m) != nil {
				continue
			}
			if s, _ := m[key].(string); strings.EqualFold(s, value) {
				if found != nil {
					return readResult{read: read, why: "more than one object has that " + key}
				}
				found, resp = &items[i], pr
			}
		}
		link, ok := hp.Links["next"]
		if !ok || link.Href == "" {
			break
		}
		next = request{method: http.MethodGet, href: link.Href}
	}
	if found == nil {
		return readResult{verdict: notApplied, read: read}
	}
	if holds(*found, payload, true) == matchSome {
		return readResult{read: read, why: "an object with that " + key + " exists but differs from what was sent: it may have existed before"}
	}
	return readResult{verdict: applied, object: *found, resp: resp, read: read}
}

// match is how far an object read back holds the members of a request body.
type match int

const (
	matchNone match = iota // no member sent could be compared
	matchSome              // some member differs
	matchAll               // every member compared is as sent
)

// holds compares the members of a request body with an object read back.
// A member sent as null or empty matches one that is absent. A member sent
// but absent from the object is a difference, unless absentOK (a create:
// write-only members such as a password are never read back).
func holds(object, body json.RawMessage, absentOK bool) match {
	var got, sent map[string]any
	if json.Unmarshal(object, &got) != nil || json.Unmarshal(body, &sent) != nil {
		return matchNone
	}
	compared := 0
	if !subset(got, sent, absentOK, &compared) {
		return matchSome
	}
	if compared == 0 {
		return matchNone
	}
	return matchAll
}

func subset(got, sent map[string]any, absentOK bool, compared *int) bool {
	for k, want := range sent {
		have, ok := got[k]
		if !ok {
			if isEmpty(want) {
				*compared++
				continue
			}
			if absentOK {
				continue
			}
			return false
		}
		if wm, isMap := want.(map[string]any); isMap {
			hm, _ := have.(map[string]any)
			if hm == nil {
				return false
			}
			if !subset(hm, wm, absentOK, compared) {
				return false
			}
			continue
		}
		*compared++
		if !reflect.DeepEqual(have, want) {
			return false
		}
	}
	return true
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}
