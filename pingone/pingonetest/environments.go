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

// renderEnvironment copies an environment for a response. Call with e.mu held.
func (e *Emulator) renderEnvironment(c *rctx, env doc) doc {
	out := copyDoc(env)
	id := env["id"].(string)
	out["_links"] = doc{
		"self":            doc{"href": c.href("environments", id)},
		"organization":    doc{"href": c.href("organizations", str(env, "organization.id"))},
		"license":         doc{"href": c.href("organizations", str(env, "organization.id"), "licenses", str(env, "license.id"))},
		"billOfMaterials": doc{"href": c.href("environments", id, "billOfMaterials")},
		"populations":     doc{"href": c.href("environments", id, "populations")},
		"users":           doc{"href": c.href("environments", id, "users")},
		"applications":    doc{"href": c.href("environments", id, "applications")},
	}
	if expands(c, "billOfMaterials") {
		if d := e.st.envData[id]; d != nil && d.bom != nil {
			b := copyDoc(d.bom)
			out["billOfMaterials"] = b
		}
	}
	return out
}

func (e *Emulator) listEnvironments(c *rctx) result {
	lp, aerr := c.listParams(environmentsFilter, maxEnvironmentsLimit)
	if aerr != nil {
		return errResult(aerr)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	matches := lp.matchAll(e.st.envs.items, nil)
	page, more := lp.window(matches)
	items := make([]any, len(page))
	for i, env := range page {
		items[i] = e.renderEnvironment(c, env)
	}
	return c.collectionResult("environments", items, len(matches), lp, more)
}

func (e *Emulator) getEnvironment(c *rctx, id string) result {
	e.mu.RLock()
	defer e.mu.RUnlock()
	env := e.st.envs.get(id)
	if env == nil {
		return errResult(notFound("environment", id))
	}
	return okJSON(e.renderEnvironment(c, env))
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

func (e *Emulator) createEnvironment(c *rctx) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	name := v.reqString(body, "name", "name")
	region := v.reqString(body, "region", "region")
	v.enum("region", region, regions)
	typ := v.reqString(body, "type", "type")
	v.enum("type", typ, environmentTypes)
	licenseID := ""
	if _, present := body["license"]; !present {
		v.add(detailRequired, "license", "license is required")
	} else {
		licenseID, _ = v.optRefID(body, "license")
	}
	if s, ok := v.optString(body, "subtype", "subtype"); ok {
		v.enum("subtype", s, envSubtypes)
	}
	v.optString(body, "description", "description")
	v.optString(body, "icon", "icon")
	var products []any
	var sol string
	if raw, present := body["billOfMaterials"]; present && raw != nil {
		products, sol, _ = validateBOM(v, raw, "billOfMaterials")
	}
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	lic := e.st.licenses.get(licenseID)
	if lic == nil {
		return errResult(invalidField(detailInvalidValue, "license.id", fmt.Sprintf("license %s does not exist", licenseID)))
	}
	if str(lic, "status") != "ACTIVE" {
		return errResult(invalidField(detailInvalidValue, "license.id", fmt.Sprintf("license %s is not ACTIVE", licenseID)))
	}
	for _, other := range e.st.envs.items {
		if strings.EqualFold(str(other, "name"), name) {
			return errResult(uniqueness("name", fmt.Sprintf("An environment named %q already exists", name), other["id"].(string)))
		}
	}
	now := ts(e.now())
	id := e.st.ids.uuid()
	env := doc{
		"id": id, "name": name, "type": typ, "region": region, "status": "ACTIVE",
		"license": ref(licenseID), "organization": ref(str(lic, "organization.id")),
		"createdAt": now, "updatedAt": now,
	}
	for _, k := range []string{"description", "icon", "subtype"} {
		if s, ok := body[k].(string); ok {
			env[k] = s
		}
	}
	e.st.envs.add(env)
	d := newEnvData()
	e.st.envData[id] = d
	if products == nil {
		products = []any{doc{"type": "PING_ONE_BASE"}}
	}
	e.setBOM(d, products, sol, now)
	d.populations.add(doc{
		"id": e.st.ids.uuid(), "environment": ref(id), "name": "Default",
		"description": "Default population", "default": true, "createdAt": now, "updatedAt": now,
	})
	res := created(e.renderEnvironment(c, env))
	res.header = http.Header{"Location": {c.href("environments", id)}}
	return res
}

func (e *Emulator) replaceEnvironment(c *rctx, id string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	name := v.reqString(body, "name", "name")
	region := v.reqString(body, "region", "region")
	v.enum("region", region, regions)
	typ := v.reqString(body, "type", "type")
	v.enum("type", typ, environmentTypes)
	licenseID, hasLicense := v.optRefID(body, "license")
	status, hasStatus := v.optString(body, "status", "status")
	if hasStatus {
		v.enum("status", status, envStatuses)
	}
	if s, ok := v.optString(body, "subtype", "subtype"); ok {
		v.enum("subtype", s, envSubtypes)
	}
	v.optString(body, "description", "description")
	v.optString(body, "icon", "icon")
	var products []any
	var sol string
	var hasBOM bool
	if raw, present := body["billOfMaterials"]; present && raw != nil {
		products, sol, hasBOM = validateBOM(v, raw, "billOfMaterials")
	}
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	env := e.st.envs.get(id)
	if env == nil {
		return errResult(notFound("environment", id))
	}
	if region != str(env, "region") {
		return errResult(invalidField(detailInvalidValue, "region",
			fmt.Sprintf("region is immutable: the environment is in %s and cannot be moved to %s", str(env, "region"), region)))
	}
	if str(env, "type") == "PRODUCTION" && typ == "SANDBOX" {
		return errResult(invalidField(detailInvalidValue, "type", "A PRODUCTION environment cannot be changed to SANDBOX"))
	}
	if hasLicense && e.st.licenses.get(licenseID) == nil {
		return errResult(invalidField(detailInvalidValue, "license.id", fmt.Sprintf("license %s does not exist", licenseID)))
	}
	for _, other := range e.st.envs.items {
		if other["id"] != id && strings.EqualFold(str(other, "name"), name) {
			return errResult(uniqueness("name", fmt.Sprintf("An environment named %q already exists", name), other["id"].(string)))
		}
	}
	d := e.st.envData[id]
	if hasBOM && sol != "" {
		if cur := str(d.bom, "solutionType"); cur != "" && cur != sol {
			return errResult(invalidField(detailInvalidValue, "billOfMaterials.solutionType", "solutionType is immutable"))
		}
	}
	now := e.now()
	next := doc{
		"id": id, "name": name, "type": typ, "region": region,
		"status": env["status"], "license": env["license"], "organization": env["organization"],
		"createdAt": env["createdAt"], "updatedAt": ts(now),
	}
	for _, k := range []string{"softDeletedAt", "hardDeleteAllowedAt"} {
		if x, ok := env[k]; ok {
			next[k] = x
		}
	}
	if hasLicense {
		next["license"] = ref(licenseID)
	}
	for _, k := range []string{"description", "icon", "subtype"} {
		if s, ok := body[k].(string); ok {
			next[k] = s
		}
	}
	if hasStatus && status != env["status"] {
		next["status"] = status
		if status == "DELETE_PENDING" {
			next["softDeletedAt"] = ts(now)
			next["hardDeleteAllowedAt"] = ts(now.Add(30 * 24 * time.Hour))
		} else {
			delete(next, "softDeletedAt")
			delete(next, "hardDeleteAllowedAt")
		}
	}
	if hasBOM {
		e.setBOM(d, products, sol, ts(now))
	}
	e.st.envs.put(next)
	return okJSON(e.renderEnvironment(c, next))
}

func (e *Emulator) deleteEnvironment(c *rctx, id string) result {
	e.mu.Lock()
	defer e.mu.Unlock()
	env := e.st.envs.get(id)
	if env == nil {
		return errResult(notFound("environment", id))
	}
	if str(env, "type") == "PRODUCTION" && str(env, "status") != "DELETE_PENDING" {
		return errResult(constraint("type",
			"A PRODUCTION environment cannot be deleted directly. Change its status first: "+
				"PUT /environments/"+id+` with "status": "DELETE_PENDING", then delete it.`))
	}
	e.st.envs.remove(id)
	delete(e.st.envData, id)
	return noContent()
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
		current = d.users.len()
		createdAt, _ = time.Parse(time.RFC3339Nano, str(e.st.envs.get(envID), "createdAt"))
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
