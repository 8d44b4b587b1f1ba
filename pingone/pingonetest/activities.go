package pingonetest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

const keyActivities = "activities"

// DefaultActivityLimit is how many activities an environment keeps unless
// WithActivityLimit says otherwise; the oldest are dropped beyond it.
const DefaultActivityLimit = 2000

// WithActivityLimit bounds the activities each environment keeps (n > 0):
// when a new one would pass the bound, the oldest are dropped.
func WithActivityLimit(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.activityLimit = n
		}
	}
}

// activities: PingOne's audit log, /environments/{envID}/activities.
// Nothing writes to it through the API: the emulator records an activity
// for every write it serves (recorded, called from serve) and every sign-on
// (SignOn). A query needs a filter with a time range on recordedAt (or
// createdAt), sent as the filter parameter of a GET or, for a long filter,
// as {"filter": "…"} in the body of a POST to the same path.
var activities *resource

func declareActivities() *resource {
	return &resource{
		key: keyActivities, kind: "activity", parent: keyEnvironments,
		verbs:    vList | vGet | vQuery,
		filter:   activitiesFilter,
		maxLimit: 1000,
		readOnly: []string{"_links", "action", "actors", "correlationId", "createdAt", "id", "recordedAt", "resources", "result"},
		order:    func(a, b doc) int { return strings.Compare(str(a, "recordedAt"), str(b, "recordedAt")) },
		list:     queryActivities, // GET, and POST: the long-filter form of the query
		attr:     activityAttr,
	}
}

var opsRange = []filter.CompareOperator{filter.GT, filter.GE, filter.LT, filter.LE}

// activitiesFilter is what PingOne documents for the audit query: a range
// on recordedAt or createdAt, and eq on the correlation id, the action
// type, the actors, and the resources' id, type and population.
var activitiesFilter = &filterSpec{
	attrs: []attrSpec{
		{"recordedAt", kTime, opsRange},
		{"createdAt", kTime, opsRange},
		{"correlationId", kString, opsEq},
		{"action.type", kString, opsEq},
		{"actors.user.id", kString, opsEq},
		{"actors.user.name", kString, opsEq},
		{"actors.client.id", kString, opsEq},
		{"resources.id", kString, opsEq},
		{"resources.type", kString, opsEq},
		{"resources.population.id", kString, opsEq},
	},
	logical: andOr,
}

// activityAttr resolves resources.* over every resource of an activity.
func activityAttr(_ *loc, d doc, path string) (any, bool) {
	sub, ok := strings.CutPrefix(path, "resources.")
	if !ok {
		return lookup(d, path)
	}
	list, _ := d["resources"].([]any)
	var out []any
	for _, el := range list {
		if m, ok := el.(map[string]any); ok {
			if v, ok := lookup(m, sub); ok {
				out = append(out, v)
			}
		}
	}
	return out, len(out) > 0
}

// queryActivities serves GET …/activities?filter=…&limit=…&cursor=… and
// its long-filter form, POST …/activities with {"filter", "limit",
// "cursor"} in the body (the spec declares no query parameter for the
// POST). The filter must bound recordedAt (or createdAt) from below and
// from above. A POST's next link carries only the cursor and the limit:
// the next page is posted again with the same filter.
func queryActivities(e *Emulator, c *rctx, at place, _ string) result {
	posted := c.r.Method == http.MethodPost
	if posted {
		body, aerr := c.jsonObject()
		if aerr != nil {
			return errResult(aerr)
		}
		for _, p := range []string{"filter", "limit", "cursor"} {
			if c.query.Has(p) {
				return errResult(invalidField(detailInvalidValue, p, "A POST query takes "+p+" in its body, not in the query string."))
			}
		}
		f, ok := body["filter"].(string)
		if !ok {
			return errResult(invalidField(detailRequired, "filter", `The body must hold the query's filter as a string: {"filter": "recordedAt gt \"…\" and recordedAt lt \"…\""}.`))
		}
		q := map[string][]string{"filter": {f}}
		if raw, has := body["limit"]; has {
			n, isNum := raw.(float64)
			if !isNum || n != float64(int(n)) {
				return errResult(invalidField(detailInvalidValue, "limit", "limit must be an integer."))
			}
			q["limit"] = []string{strconv.Itoa(int(n))}
		}
		if raw, has := body["cursor"]; has {
			cur, isStr := raw.(string)
			if !isStr {
				return errResult(invalidField(detailInvalidValue, "cursor", "cursor must be a string."))
			}
			q["cursor"] = []string{cur}
		}
		cc := *c
		cc.query = q
		c = &cc
	}
	if aerr := requireTimeRange(c.query.Get("filter")); aerr != nil {
		return errResult(aerr)
	}
	res := e.list(c, byKey[keyActivities], at)
	if page, ok := res.body.(doc); ok && posted {
		if next, ok := lookup(page, "_links.next.href"); ok {
			u, err := url.Parse(next.(string))
			if err == nil {
				q := u.Query()
				q.Del("filter")
				u.RawQuery = encodeQuery(q)
				setPath(page, "_links.next.href", u.String())
			}
		}
	}
	return res
}

// requireTimeRange refuses a filter that does not bound recordedAt (or
// createdAt) on both sides at its top level (joined by and).
func requireTimeRange(raw string) *apiError {
	msg := `The filter must include a time range: recordedAt gt "<RFC 3339 date-time>" and recordedAt lt "<RFC 3339 date-time>" (or createdAt), joined by and.`
	if strings.TrimSpace(raw) == "" {
		return activitiesFilter.filterError(msg)
	}
	expr, err := parseFilter(raw)
	if err != nil {
		return nil // compiled again by the list, which says what is wrong
	}
	var from, to bool
	var walk func(x filter.Expression)
	walk = func(x filter.Expression) {
		switch n := x.(type) {
		case *filter.LogicalExpression:
			if strings.EqualFold(string(n.Operator), string(filter.AND)) {
				walk(n.Left)
				walk(n.Right)
			}
		case *filter.AttributeExpression:
			name := n.AttributePath.AttributeName
			if !strings.EqualFold(name, "recordedAt") && !strings.EqualFold(name, "createdAt") {
				return
			}
			switch filter.CompareOperator(strings.ToLower(string(n.Operator))) {
			case filter.GT, filter.GE:
				from = true
			case filter.LT, filter.LE:
				to = true
			}
		}
	}
	walk(expr)
	if !from || !to {
		return activitiesFilter.filterError(msg)
	}
	return nil
}

// activityLog is the bookkeeping of the activities: the bound per
// environment and the ids, drawn from a generator of their own so that
// recording an activity does not shift the ids of the objects created
// after it.
type activityLog struct {
	limit int
	ids   *idGen
}

func newActivityLog(limit int) activityLog {
	return activityLog{limit: limit, ids: &idGen{r: rand.New(rand.NewPCG(0x6175_6469_7431, 0x6c6f_6721))}}
}

// activityEntry is what an activity says, before it is stored.
type activityEntry struct {
	action, description string
	status, reason      string // SUCCESS or FAILED, and why it failed
	correlationID       string
	client, user        doc // the actors; nil when absent
	resources           []any
}

// addActivity stores one activity in an environment at now, dropping the
// oldest beyond the bound. Call with e.mu held for writing.
func (e *Emulator) addActivity(d *envData, now time.Time, a activityEntry) {
	if a.correlationID == "" {
		a.correlationID = e.acts.ids.uuid()
	}
	at := ts(now)
	act := doc{
		"id": e.acts.ids.uuid(), "recordedAt": at, "createdAt": at, "correlationId": a.correlationID,
		"action": doc{"type": a.action, "description": a.description},
		"result": doc{"status": a.status}, "resources": a.resources,
	}
	if a.reason != "" {
		setPath(act, "result.description", a.reason)
	}
	actors := doc{}
	if a.client != nil {
		actors["client"] = a.client
	}
	if a.user != nil {
		actors["user"] = a.user
	}
	act["actors"] = actors
	if a.resources == nil {
		act["resources"] = []any{}
	}
	c := d.coll(keyActivities)
	c.add(act)
	if over := len(c.items) - e.acts.limit; over > 0 {
		dropOldest(c, over)
	}
}

// dropOldest removes the first n items of a collection at once.
func dropOldest(c *collection, n int) {
	for _, d := range c.items[:n] {
		delete(c.index, d["id"].(string))
	}
	c.items = slices.Delete(c.items, 0, n)
	for i, d := range c.items {
		c.index[d["id"].(string)] = i
	}
}

// activityName is PingOne's name for an activity's type: the resource kind
// in upper snake case and what happened to it ("sign-on policy", "DELETED"
// → SIGN_ON_POLICY.DELETED).
func activityName(kind, what string) string { return resourceType(kind) + "." + what }

// resourceType is PingOne's name for a kind of object in an activity
// ("sign-on policy" → SIGN_ON_POLICY, "activeIdentityCounts" →
// ACTIVE_IDENTITY_COUNTS).
func resourceType(kind string) string {
	var b strings.Builder
	for i, r := range kind {
		switch {
		case r == ' ' || r == '-':
			b.WriteByte('_')
		case r >= 'A' && r <= 'Z' && i > 0:
			b.WriteByte('_')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return strings.ToUpper(b.String())
}

// describe is the action's description: "Sign-On Policy Deleted".
func describe(kind, what string) string {
	words := strings.Fields(strings.ReplaceAll(kind, "-", "- ") + " " + strings.ToLower(what))
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.ReplaceAll(strings.Join(words, " "), "- ", "-")
}

// ---- writes ----

// writeTarget is what a write request names: the resource, the place of
// its collection, the object (id, "" for the collection) and the
// sub-route below it (users/{id}/password), with the objects above it.
type writeTarget struct {
	r     *resource
	at    place
	id    string
	sub   string
	above []hop // the objects the path passes, outermost first (the environment first)
}

type hop struct {
	r  *resource
	at place
	id string
}

// targetOf resolves a management API path as the router does, or reports
// false for a path the router would not serve.
func targetOf(segs []string) (writeTarget, bool) {
	if len(segs) == 0 || segs[0] != keyEnvironments {
		return writeTarget{}, false
	}
	t := writeTarget{r: byKey[keyEnvironments]}
	rest := segs[1:]
	for {
		switch len(rest) {
		case 0:
			return t, true
		case 1:
			t.id = rest[0]
			return t, true
		}
		next := (*resource)(nil)
		for _, ch := range children[t.r.key] {
			if ch.segment() == rest[1] {
				next = ch
			}
		}
		if next == nil {
			if sub := strings.Join(rest[1:], "/"); t.r.sub[sub] != nil {
				t.id, t.sub = rest[0], sub
				return t, true
			}
			return writeTarget{}, false
		}
		t.above = append(t.above, hop{r: t.r, at: t.at, id: rest[0]})
		t.at = t.r.childPlace(t.at, rest[0])
		t.r = next
		rest = rest[2:]
	}
}

// envOf is the environment an activity of the target is recorded in.
func (t writeTarget) envOf(res result) string {
	if t.r.level() >= 2 {
		return t.at.env
	}
	if t.id != "" {
		return t.id
	}
	if body, ok := res.body.(doc); ok && res.status < 300 {
		return str(body, "id") // a new environment
	}
	return ""
}

// isWrite reports whether a request changes something: every method but
// GET and HEAD, except the audit query itself.
func isWrite(c *rctx) bool {
	switch c.r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	t, ok := targetOf(c.segs)
	return !ok || t.r.key != keyActivities
}

// recorded serves a management API request with serve and records an
// activity for it when it is a write: what it did to which object, who
// asked (the client and user of the access token), whether it worked, and
// the caller's X-Ping-External-Transaction-ID as the correlation id.
// Nothing of the request body is kept but the names of the objects.
func (e *Emulator) recorded(c *rctx, serve func(*rctx) result) result {
	if !isWrite(c) {
		return serve(c)
	}
	t, ok := targetOf(c.segs)
	var before, parent doc
	if ok {
		func() {
			defer e.lock(false)()
			before, parent = e.targetDocs(t)
		}()
	}
	res := serve(c)
	if !ok || res.status == http.StatusMethodNotAllowed { // nothing there to change
		return res
	}
	defer e.lock(true)()
	envID := t.envOf(res)
	d := e.st.envData[envID]
	if d == nil {
		return res
	}
	obj := before
	if body, isDoc := res.body.(doc); isDoc && res.status < 300 && t.sub == "" {
		obj = body
	}
	kind, id := t.r.kind, t.id
	if id == "" && obj != nil {
		id = str(obj, "id")
	}
	entry := activityEntry{status: "SUCCESS", correlationID: transactionID(c.r)}
	entry.client, entry.user = e.actorsOf(c.r)
	var resources []any
	if t.sub != "" {
		// A sub-route (a user's password, an application's secret) acts on
		// the object it lives below.
		resources = append(resources, e.activityResource(t.r, t.at, id, before))
		kind = t.sub[strings.LastIndexByte(t.sub, '/')+1:]
	} else {
		resources = append(resources, e.activityResource(t.r, t.at, id, obj))
	}
	if n := len(t.above); n > 1 { // the object above, but not the environment
		h := t.above[n-1]
		resources = append(resources, e.activityResource(h.r, h.at, h.id, parent))
	}
	entry.resources = resources
	what := "UPDATED"
	switch {
	case c.r.Method == http.MethodDelete:
		what = "DELETED"
	case c.r.Method == http.MethodPost && t.id == "" && t.sub == "":
		what = "CREATED"
	}
	entry.action, entry.description = activityName(kind, what), describe(kind, what)
	if res.status >= 300 {
		entry.status = "FAILED"
		entry.reason = failureReason(res)
	}
	e.addActivity(d, e.now(), entry)
	return res
}

// targetDocs reads the object a write names and the one above it, before
// the write (a delete leaves nothing to read after). Call with e.mu held.
func (e *Emulator) targetDocs(t writeTarget) (obj, parent doc) {
	get := func(r *resource, at place, id string) doc {
		if id == "" {
			return nil
		}
		if r.level() == 1 {
			return e.st.colls[r.key].get(id)
		}
		return e.st.collection(r, at, false).get(id)
	}
	obj = get(t.r, t.at, t.id)
	if n := len(t.above); n > 1 {
		h := t.above[n-1]
		parent = get(h.r, h.at, h.id)
	}
	return obj, parent
}

// activityResource is one entry of an activity's resources: type, id, name
// and population of the object (what PingOne shows), never its secrets.
func (e *Emulator) activityResource(r *resource, at place, id string, d doc) doc {
	out := doc{"type": resourceType(r.kind), "id": id}
	if env := at.env; env != "" {
		out["environment"] = ref(env)
	} else if r.key == keyEnvironments {
		out["environment"] = ref(id)
	}
	if d != nil && r.name != "" {
		if n := str(d, r.name); n != "" {
			out["name"] = n
		}
	}
	if p := str(d, "population.id"); p != "" {
		out["population"] = ref(p)
	}
	return out
}

// failureReason says why a write failed by its status and codes only:
// an error message may quote what was sent.
func failureReason(res result) string {
	ae, ok := res.body.(*apiError)
	if !ok {
		return fmt.Sprintf("HTTP %d", res.status)
	}
	reason := fmt.Sprintf("HTTP %d %s", res.status, ae.Code)
	var codes []string
	for _, d := range ae.Details {
		if d.Target != "" {
			codes = append(codes, d.Code+" ("+d.Target+")")
		} else {
			codes = append(codes, d.Code)
		}
	}
	if len(codes) > 0 {
		reason += ": " + strings.Join(codes, ", ")
	}
	return reason
}

// transactionID is the request's X-Ping-External-Transaction-ID, cleaned
// as PingOne cleans it (at most 100 characters; letters, digits and
// . _ - / @ = # +, anything else becoming _), or "" when absent.
func transactionID(r *http.Request) string {
	v := r.Header.Get("X-Ping-External-Transaction-ID")
	var b strings.Builder
	for _, ch := range v {
		if b.Len() >= 100 {
			break
		}
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9', strings.ContainsRune("._-/@=#+", ch):
			b.WriteRune(ch)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// actorsOf names who made a request: the client its access token was
// issued to, and the user for a user's token. Call with e.mu held.
func (e *Emulator) actorsOf(r *http.Request) (client, user doc) {
	_, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	rec, ok := e.st.tokens.lookup(strings.TrimSpace(tok), kindAccess, e.now())
	if !ok {
		return nil, nil
	}
	d := e.st.envData[rec.EnvID]
	actor := func(typ, key, id, nameMember string) doc {
		a := doc{"id": id, "type": typ, "environment": ref(rec.EnvID)}
		if d != nil {
			if o := d.coll(key).get(id); o != nil {
				a["name"] = str(o, nameMember)
			}
		}
		return a
	}
	client = actor("CLIENT", keyApplications, rec.ClientID, "name")
	if rec.Subject != "" {
		user = actor("USER", keyUsers, rec.Subject, "username")
	}
	return client, user
}

// ---- sign-ons ----

// recordSignOn records a password check of SignOn: PASSWORD.CHECK_SUCCEEDED,
// or PASSWORD.CHECK_FAILED with why. Call with e.mu held for writing.
func (e *Emulator) recordSignOn(envID string, d *envData, username string, u doc, failure error) {
	user := doc{"type": "USER", "name": username, "environment": ref(envID)}
	var resources []any
	if u != nil {
		id := str(u, "id")
		user["id"] = id
		res := doc{"type": "USER", "id": id, "name": username, "environment": ref(envID)}
		if p := str(u, "population.id"); p != "" {
			user["population"] = ref(p)
			res["population"] = ref(p)
		}
		resources = []any{res}
	}
	entry := activityEntry{
		action: "PASSWORD.CHECK_SUCCEEDED", description: "Password Check Succeeded", status: "SUCCESS",
		user: user, resources: resources,
	}
	if failure != nil {
		entry.action, entry.description, entry.status = "PASSWORD.CHECK_FAILED", "Password Check Failed", "FAILED"
		entry.reason = strings.TrimPrefix(failure.Error(), "pingonetest: ")
	}
	e.addActivity(d, e.now(), entry)
}

// ---- the demo tenant's past activities ----

// seedActivities gives the demo tenant a recent past, relative to now:
// writes by the worker application and by the administrator, and sign-ons
// in Sandbox and Production, failed ones among them (one 30 hours ago,
// the rest within the last day).
func (e *Emulator) seedActivities(now time.Time) {
	dm := e.demo
	admin := e.st.envData[dm.AdminEnvironmentID]
	worker := doc{"id": dm.WorkerClientID, "type": "CLIENT", "environment": ref(dm.AdminEnvironmentID),
		"name": str(admin.coll(keyApplications).get(dm.WorkerClientID), "name")}
	administrator := doc{"id": dm.AdminUserID, "type": "USER", "environment": ref(dm.AdminEnvironmentID), "name": dm.AdminUsername}
	type past struct {
		ago     time.Duration
		envID   string
		kind    string // a resource kind, for a write
		what    string // CREATED, UPDATED, DELETED; "" for a sign-on
		key, id string // the object
		failed  string // the failure of a sign-on ("" for a success)
		byAdmin bool
	}
	sb, prod := dm.SandboxEnvironmentID, dm.ProductionEnvironmentID
	wrong, locked := ErrSignOnFailed.Error(), ErrAccountLocked.Error()
	for _, p := range []past{
		{ago: 50 * time.Hour, envID: sb, kind: "group", what: "UPDATED", key: keyGroups, id: dm.SandboxAdminsGroupID, byAdmin: true},
		{ago: 30 * time.Hour, envID: sb, key: keyUsers, id: dm.SandboxMFAUserID, failed: wrong},
		{ago: 26 * time.Hour, envID: prod, kind: "user", what: "UPDATED", key: keyUsers, id: e.firstUser(prod)},
		{ago: 20 * time.Hour, envID: sb, kind: "population", what: "UPDATED", key: keyPopulations, id: dm.SandboxContractorsPopulationID},
		{ago: 6 * time.Hour, envID: sb, key: keyUsers, id: dm.SandboxUserID, failed: wrong},
		{ago: 6*time.Hour - 2*time.Minute, envID: sb, key: keyUsers, id: dm.SandboxUserID, failed: wrong},
		{ago: 6*time.Hour - 3*time.Minute, envID: sb, key: keyUsers, id: dm.SandboxUserID},
		{ago: 4 * time.Hour, envID: sb, key: keyUsers, id: dm.SandboxLockedUserID, failed: locked},
		{ago: 3 * time.Hour, envID: prod, key: keyUsers, id: e.firstUser(prod), failed: wrong},
		{ago: 2 * time.Hour, envID: sb, kind: "application", what: "UPDATED", key: keyApplications, id: dm.SandboxWebAppID, byAdmin: true},
	} {
		d := e.st.envData[p.envID]
		obj := d.coll(p.key).get(p.id)
		r := byKey[p.key]
		res := e.activityResource(r, place{env: p.envID}, p.id, obj)
		when := now.Add(-p.ago)
		if p.what == "" {
			user := doc{"id": p.id, "type": "USER", "name": str(obj, "username"), "environment": ref(p.envID)}
			if pop, ok := res["population"]; ok {
				user["population"] = pop
			}
			entry := activityEntry{action: "PASSWORD.CHECK_SUCCEEDED", description: "Password Check Succeeded", status: "SUCCESS",
				user: user, resources: []any{res}}
			if p.failed != "" {
				entry.action, entry.description, entry.status = "PASSWORD.CHECK_FAILED", "Password Check Failed", "FAILED"
				entry.reason = strings.TrimPrefix(p.failed, "pingonetest: ")
			}
			e.addActivity(d, when, entry)
			continue
		}
		entry := activityEntry{action: activityName(p.kind, p.what), description: describe(p.kind, p.what), status: "SUCCESS",
			client: worker, resources: []any{res}}
		if p.byAdmin {
			entry.user = administrator
		}
		e.addActivity(d, when, entry)
	}
}

// firstUser is the id of an environment's first user.
func (e *Emulator) firstUser(envID string) string {
	return str(e.st.envData[envID].coll(keyUsers).all()[0], "id")
}
