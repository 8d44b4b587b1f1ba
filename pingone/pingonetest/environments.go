package pingonetest

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

var (
	regions          = []string{"NA", "EU", "CA", "AP", "AU", "SG"}
	environmentTypes = []string{"SANDBOX", "PRODUCTION"}
	envStatuses      = []string{"ACTIVE", "DELETE_PENDING"}
	envSubtypes      = []string{"DEV", "QA", "STAGING", "TESTING", "UAT"}
	solutionTypes    = []string{"WORKFORCE", "CUSTOMER", "CIAM_TRIAL", "WF_TRIAL"}
	bomProductTypes  = []string{
		"PING_ONE_BASE", "PING_ONE_MFA", "PING_ONE_DAVINCI", "PING_ONE_RISK", "PING_ONE_VERIFY",
		"PING_ONE_CREDENTIALS", "PING_ONE_AUTHORIZE", "PING_ONE_FRAUD", "PING_ONE_PROVISIONING",
		"PING_ONE_ORCHESTRATE", "PING_ONE_FOR_ENTERPRISE", "PING_ONE_FOR_SAAS", "PING_ONE_ID", "PING_ID",
		"PING_ID_SDK", "PING_FEDERATE", "PING_ACCESS", "PING_DIRECTORY", "PING_AUTHORIZE",
		"PING_INTELLIGENCE", "PING_CENTRAL", "PING_DATA_SYNC", "PING_DATA_GOVERNANCE",
		"IDENTITY_CLOUD", "PING_ONE_LEGACY",
	}
)

// maxEnvironmentsLimit is the gc spec's limit maximum for /environments.
const maxEnvironmentsLimit = 5000

func expands(c *rctx, what string) bool {
	for _, v := range c.query["expand"] {
		for p := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), what) {
				return true
			}
		}
	}
	return false
}

// environments: the organisation's environments, names unique
// (case-insensitive). Create and replace are written by hand (the license,
// the region that never changes, the status, the bill of materials);
// deleting one takes everything in it along (the parent link of every
// environment-level resource) and the role assignments scoped to it, but a
// PRODUCTION environment must be DELETE_PENDING first.
var environments *resource

func declareEnvironments() *resource {
	return &resource{
		key: keyEnvironments, kind: "environment", name: "name",
		verbs: vCRUD, filter: environmentsFilter, maxLimit: maxEnvironmentsLimit,
		readOnly: []string{"id", "createdAt", "updatedAt", "_links", "_embedded", "organization", "softDeletedAt", "hardDeleteAllowedAt",
			"billOfMaterials._links", "billOfMaterials.createdAt", "billOfMaterials.updatedAt"},
		unique:  []unique{{member: "name", foldCase: true}},
		links:   []string{"billOfMaterials", "populations", "users", "applications"},
		create:  createEnvironment,
		replace: replaceEnvironment,
		sub: map[string]placeHandler{
			"billOfMaterials": func(e *Emulator, c *rctx, _ place, id string) result {
				return dispatch(c.r.Method, handlers{
					http.MethodGet: func() result { return e.getBOM(c, id) },
					http.MethodPut: func() result { return e.replaceBOM(c, id) },
				})
			},
			"totalIdentities": func(e *Emulator, c *rctx, _ place, id string) result {
				return dispatch(c.r.Method, handlers{http.MethodGet: func() result { return e.totalIdentities(c, id) }})
			},
			"metrics/activeIdentityCounts": serveActiveIdentityCounts,
		},
		render: func(l *loc, env, out doc) {
			org := str(env, "organization.id")
			links := out["_links"].(doc)
			links["organization"] = doc{"href": l.c.href("organizations", org)}
			links["license"] = doc{"href": l.c.href("organizations", org, "licenses", str(env, "license.id"))}
			if d := l.e.st.envData[env["id"].(string)]; d != nil && d.bom != nil && expands(l.c, "billOfMaterials") {
				out["billOfMaterials"] = copyDoc(d.bom)
			}
		},
		refuse: func(_ *loc, env doc) *apiError {
			if str(env, "type") == "PRODUCTION" && str(env, "status") != "DELETE_PENDING" {
				return constraint("type", "A PRODUCTION environment cannot be deleted directly. Change its status first: "+
					"PUT /environments/"+env["id"].(string)+` with "status": "DELETE_PENDING", then delete it.`)
			}
			return nil
		},
	}
}

// validateBOM checks a billOfMaterials object and returns its products.
func validateBOM(v *validator, raw any, target string) ([]any, string, bool) {
	m, ok := raw.(map[string]any)
	if !ok {
		v.add(detailInvalidValue, target, target+" must be an object")
		return nil, "", false
	}
	prefix := ""
	if target != "" {
		prefix = target + "."
	}
	list, present := m["products"]
	if !present || list == nil {
		v.add(detailRequired, prefix+"products", prefix+"products is required")
		return nil, "", false
	}
	arr, ok := list.([]any)
	if !ok {
		v.add(detailInvalidValue, prefix+"products", prefix+"products must be an array")
		return nil, "", false
	}
	if len(arr) > 100 {
		v.add(detailInvalidValue, prefix+"products", prefix+"products must have at most 100 items")
	}
	out := make([]any, 0, len(arr))
	for i, p := range arr {
		pm, ok := p.(map[string]any)
		t := fmt.Sprintf("%sproducts[%d]", prefix, i)
		if !ok {
			v.add(detailInvalidValue, t, t+" must be an object")
			continue
		}
		typ := v.reqString(pm, "type", t+".type")
		v.enum(t+".type", typ, bomProductTypes)
		out = append(out, copyDoc(pm))
	}
	sol, hasSol := v.optString(m, "solutionType", prefix+"solutionType")
	if hasSol {
		v.enum(prefix+"solutionType", sol, solutionTypes)
	}
	return out, sol, true
}

// setBOM replaces an environment's BOM products. Call with e.mu held for writing.
func (e *Emulator) setBOM(d *envData, products []any, solutionType string, now string) {
	for _, p := range products {
		pm := p.(map[string]any)
		if _, ok := pm["id"].(string); !ok {
			pm["id"] = e.st.ids.uuid()
		}
	}
	if d.bom == nil {
		d.bom = doc{"createdAt": now}
	}
	d.bom["products"] = products
	if solutionType != "" {
		d.bom["solutionType"] = solutionType
	}
	d.bom["updatedAt"] = now
}

// envBody is an environment's create or replace body, checked, and what it
// says beyond its members.
type envBody struct {
	doc
	licenseID, solutionType string
	products                []any // the bill of materials, when it has one
	hasBOM                  bool
}

// readEnvironment reads and checks an environment body for a create or a
// replace.
func readEnvironment(c *rctx, create bool) (envBody, *apiError) {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return envBody{}, aerr
	}
	dropMembers(body, byKey[keyEnvironments].readOnly)
	b := envBody{doc: body}
	v := &validator{}
	v.reqString(body, "name", "name")
	v.enum("region", v.reqString(body, "region", "region"), regions)
	v.enum("type", v.reqString(body, "type", "type"), environmentTypes)
	if _, present := body["license"]; create && !present {
		v.add(detailRequired, "license", "license is required")
	} else {
		b.licenseID, _ = v.optRefID(body, "license")
	}
	if !create {
		if s, ok := v.optString(body, "status", "status"); ok {
			v.enum("status", s, envStatuses)
		}
	}
	if s, ok := v.optString(body, "subtype", "subtype"); ok {
		v.enum("subtype", s, envSubtypes)
	}
	v.optString(body, "description", "description")
	v.optString(body, "icon", "icon")
	if raw, present := body["billOfMaterials"]; present && raw != nil {
		b.products, b.solutionType, b.hasBOM = validateBOM(v, raw, "billOfMaterials")
	}
	delete(body, "billOfMaterials") // kept apart: environments/{id}/billOfMaterials
	return b, v.err()
}

// createEnvironment needs an ACTIVE license, and starts the environment with
// a bill of materials (PING_ONE_BASE unless given) and a default population.
func createEnvironment(e *Emulator, c *rctx, at place, _ string) result {
	b, aerr := readEnvironment(c, true)
	if aerr != nil {
		return errResult(aerr)
	}
	body, licenseID := b.doc, b.licenseID
	return e.locked(c, byKey[keyEnvironments], at, true, func(l *loc) result {
		lic := e.st.licenses.get(licenseID)
		if lic == nil {
			return errResult(invalidField(detailInvalidValue, "license.id", fmt.Sprintf("license %s does not exist", licenseID)))
		}
		if str(lic, "status") != "ACTIVE" {
			return errResult(invalidField(detailInvalidValue, "license.id", fmt.Sprintf("license %s is not ACTIVE", licenseID)))
		}
		if aerr := l.checkUnique(body, ""); aerr != nil {
			return errResult(aerr)
		}
		w := &write{loc: l, body: body, now: ts(e.now())}
		w.stamp()
		id := w.ID()
		body["status"], body["license"], body["organization"] = "ACTIVE", ref(licenseID), ref(str(lic, "organization.id"))
		l.items().add(body)
		d := newEnvData()
		e.st.envData[id] = d
		if b.products == nil {
			b.products = []any{doc{"type": "PING_ONE_BASE"}}
		}
		e.setBOM(d, b.products, b.solutionType, w.now)
		d.coll(keyPopulations).add(doc{
			"id": e.st.ids.uuid(), "environment": ref(id), "name": "Default",
			"description": "Default population", "default": true, "createdAt": w.now, "updatedAt": w.now,
		})
		return l.answer(body, true)
	})
}

// replaceEnvironment keeps the region and the license (unless given), and
// never turns PRODUCTION into SANDBOX; a status of DELETE_PENDING stamps
// softDeletedAt and hardDeleteAllowedAt.
func replaceEnvironment(e *Emulator, c *rctx, at place, id string) result {
	b, aerr := readEnvironment(c, false)
	if aerr != nil {
		return errResult(aerr)
	}
	body, licenseID := b.doc, b.licenseID
	return e.locked(c, byKey[keyEnvironments], at, true, func(l *loc) result {
		env := l.find(id)
		if env == nil {
			return errResult(notFound("environment", id))
		}
		if region := str(body, "region"); region != str(env, "region") {
			return errResult(invalidField(detailInvalidValue, "region",
				fmt.Sprintf("region is immutable: the environment is in %s and cannot be moved to %s", str(env, "region"), region)))
		}
		if str(env, "type") == "PRODUCTION" && body["type"] == "SANDBOX" {
			return errResult(invalidField(detailInvalidValue, "type", "A PRODUCTION environment cannot be changed to SANDBOX"))
		}
		if licenseID != "" && e.st.licenses.get(licenseID) == nil {
			return errResult(invalidField(detailInvalidValue, "license.id", fmt.Sprintf("license %s does not exist", licenseID)))
		}
		if aerr := l.checkUnique(body, id); aerr != nil {
			return errResult(aerr)
		}
		d := e.st.envData[id]
		if b.hasBOM && b.solutionType != "" {
			if cur := str(d.bom, "solutionType"); cur != "" && cur != b.solutionType {
				return errResult(invalidField(detailInvalidValue, "billOfMaterials.solutionType", "solutionType is immutable"))
			}
		}
		now := e.now()
		w := &write{loc: l, cur: env, body: body, now: ts(now), id: id}
		w.stamp()
		body["license"] = env["license"]
		if licenseID != "" {
			body["license"] = ref(licenseID)
		}
		if status, _ := body["status"].(string); status == "" || status == env["status"] {
			body["status"] = env["status"]
		} else if status == "DELETE_PENDING" {
			body["softDeletedAt"] = ts(now)
			body["hardDeleteAllowedAt"] = ts(now.Add(30 * 24 * time.Hour))
		} else {
			delete(body, "softDeletedAt")
			delete(body, "hardDeleteAllowedAt")
		}
		if b.hasBOM {
			e.setBOM(d, b.products, b.solutionType, w.now)
		}
		l.items().put(body)
		return l.answer(body, false)
	})
}

func (e *Emulator) renderBOM(c *rctx, envID string, bom doc) doc {
	out := copyDoc(bom)
	if out == nil {
		out = doc{"products": []any{}}
	}
	out["_links"] = doc{
		"self":        doc{"href": c.href("environments", envID, "billOfMaterials")},
		"environment": doc{"href": c.href("environments", envID)},
	}
	return out
}

func (e *Emulator) getBOM(c *rctx, envID string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		return okJSON(e.renderBOM(c, envID, d.bom))
	})
}

func (e *Emulator) replaceBOM(c *rctx, envID string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	products, sol, _ := validateBOM(v, body, "")
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, true, func(d *envData) result {
		if sol != "" {
			if cur := str(d.bom, "solutionType"); cur != "" && cur != sol {
				return errResult(invalidField(detailInvalidValue, "solutionType", fmt.Sprintf("solutionType is immutable (currently %s)", cur)))
			}
		}
		e.setBOM(d, products, sol, ts(e.now()))
		return okJSON(e.renderBOM(c, envID, d.bom))
	})
}

// ---- total identities ----

const maxTotalIdentityDays = 1100

func totalIdentitiesFilterError(msg string) *apiError {
	return invalidData(errDetail{
		Code: detailInvalidFilter, Target: "filter", Message: msg,
		InnerError: map[string]any{
			"supportedAttributes": []any{"startDate", "endDate"},
			"supportedOperators":  []any{"eq", "and"},
		},
	})
}

// parseTotalIdentitiesFilter accepts exactly `startDate eq "<RFC3339>"`
// optionally `and endDate eq "<RFC3339>"` (either order).
func parseTotalIdentitiesFilter(raw string) (start, end time.Time, hasEnd bool, aerr *apiError) {
	if raw == "" {
		return start, end, false, totalIdentitiesFilterError(`A filter is required: startDate eq "<RFC 3339 date-time>" and endDate eq "<RFC 3339 date-time>".`)
	}
	expr, err := filter.ParseFilter([]byte(raw))
	if err != nil {
		return start, end, false, totalIdentitiesFilterError(fmt.Sprintf("Invalid filter %q: syntax error (%s).", raw, cleanParseError(err)))
	}
	var terms []*filter.AttributeExpression
	switch x := expr.(type) {
	case *filter.AttributeExpression:
		terms = append(terms, x)
	case *filter.LogicalExpression:
		l, lok := x.Left.(*filter.AttributeExpression)
		r, rok := x.Right.(*filter.AttributeExpression)
		if x.Operator != filter.AND || !lok || !rok {
			return start, end, false, totalIdentitiesFilterError("Only startDate eq … and endDate eq … joined by and are supported.")
		}
		terms = append(terms, l, r)
	default:
		return start, end, false, totalIdentitiesFilterError("Only startDate eq … and endDate eq … joined by and are supported.")
	}
	var hasStart bool
	for _, t := range terms {
		name := t.AttributePath.String()
		if t.Operator != filter.EQ {
			return start, end, false, totalIdentitiesFilterError(fmt.Sprintf("The operator %q is not supported; use eq.", t.Operator))
		}
		s, ok := t.CompareValue.(string)
		if !ok {
			return start, end, false, totalIdentitiesFilterError(fmt.Sprintf("%s must be an RFC 3339 date-time string.", name))
		}
		tv, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return start, end, false, totalIdentitiesFilterError(fmt.Sprintf("%s must be an RFC 3339 date-time, got %q.", name, s))
		}
		switch {
		case strings.EqualFold(name, "startDate") && !hasStart:
			start, hasStart = tv, true
		case strings.EqualFold(name, "endDate") && !hasEnd:
			end, hasEnd = tv, true
		default:
			return start, end, false, totalIdentitiesFilterError(fmt.Sprintf("The attribute %q is not supported (or is repeated); use startDate and endDate.", name))
		}
	}
	if !hasStart {
		return start, end, false, totalIdentitiesFilterError("The filter must contain startDate eq \"<RFC 3339 date-time>\".")
	}
	return start, end, hasEnd, nil
}

func (e *Emulator) totalIdentities(c *rctx, envID string) result {
	start, end, hasEnd, aerr := parseTotalIdentitiesFilter(c.query.Get("filter"))
	if aerr != nil {
		return errResult(aerr)
	}
	now := e.now().UTC()
	if !hasEnd {
		end = now
	}
	if end.Before(start) {
		return errResult(invalidField(detailInvalidValue, "filter", "endDate must not be before startDate"))
	}
	day := func(t time.Time) time.Time {
		t = t.UTC()
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	first, last := day(start), day(end)
	if end.Equal(last) && end.After(start) {
		last = last.AddDate(0, 0, -1) // an end at midnight excludes that day
	}
	if today := day(now); last.After(today) {
		last = today
	}
	if days := int(last.Sub(first).Hours()/24) + 1; days > maxTotalIdentityDays {
		return errResult(invalidData(errDetail{Code: detailOutOfRange, Target: "filter",
			Message:    fmt.Sprintf("The date range may span at most %d days.", maxTotalIdentityDays),
			InnerError: map[string]any{"maximumValue": maxTotalIdentityDays}}))
	}

	e.mu.RLock()
	d, aerr := e.envLocked(envID)
	var current int
	var createdAt time.Time
	if aerr == nil {
		current = d.coll(keyUsers).len()
		createdAt, _ = time.Parse(time.RFC3339Nano, str(e.st.envs().get(envID), "createdAt"))
	}
	e.mu.RUnlock()
	if aerr != nil {
		return errResult(aerr)
	}
	// Plausible, deterministic history: nothing before the environment
	// existed, then growth from 60% of today's count to today's count.
	today := day(now)
	born := day(createdAt)
	span := today.Sub(born).Hours() / 24
	var items []any
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		n := 0
		switch {
		case t.Equal(today):
			n = current
		case !t.Before(born) && span > 0:
			frac := t.Sub(born).Hours() / 24 / span
			h := fnv.New32a()
			fmt.Fprintf(h, "%s|%s", envID, t.Format("2006-01-02"))
			n = int(float64(current)*(0.6+0.4*frac)) - int(h.Sum32()%3)
		}
		items = append(items, doc{"date": t.UnixMilli(), "totalIdentities": max(n, 0)})
	}
	if items == nil {
		items = []any{}
	}
	return okJSON(doc{
		"_links":    doc{"self": doc{"href": c.base + c.r.URL.RequestURI()}},
		"_embedded": doc{"totalIdentities": items},
		"count":     len(items),
		"size":      len(items),
	})
}
