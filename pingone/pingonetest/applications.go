package pingonetest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

var (
	appProtocols  = []string{"OPENID_CONNECT", "SAML", "WS_FED", "EXTERNAL_LINK"}
	oidcAppTypes  = []string{"WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "WORKER", "SERVICE", "CUSTOM_APP"}
	grantTypes    = []string{"AUTHORIZATION_CODE", "IMPLICIT", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "DEVICE_CODE", "TOKEN_EXCHANGE", "CIBA"}
	responseTypes = []string{"CODE", "TOKEN", "ID_TOKEN"}
	authMethods   = []string{"NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "PRIVATE_KEY_JWT", "CLIENT_SECRET_JWT"}
	pkceOptions   = []string{"OPTIONAL", "REQUIRED", "S256_REQUIRED"}
)

// applications: OIDC, SAML, WS-Fed and external-link apps, validated per
// protocol (validateApplication, which also fills the protocol's defaults).
// PingOne does not require unique application names; a SAML spEntityId is
// unique per environment (the other protocols have none). The protocol of
// an application never changes. An OIDC app that authenticates with a
// client secret has one (applications/{id}/secret, kept across a replace).
// Role assignments scoped to an application go with it, and so do its
// grants and attribute mappings; a new OIDC or SAML application gets its
// CORE attribute mapping (sub, saml_subject).
var applications *resource

func declareApplications() *resource {
	return &resource{
		key: keyApplications, kind: "application", parent: keyEnvironments, name: "name",
		verbs: vCRUD, filter: applicationsFilter, maxLimit: 1000,
		members: []member{
			{path: "name", kind: mString, required: true},
			{path: "enabled", kind: mBool, required: true},
			{path: "description", kind: mString},
			{path: "protocol", kind: mString, required: true, enum: appProtocols},
		},
		readOnly: withCommon("clientSecret"),
		unique:   []unique{{member: "spEntityId"}},
		sub:      map[string]placeHandler{"secret": applicationSecret},
		validate: validateApplication,
		check:    checkApplication,
		render: func(l *loc, a, out doc) {
			if a["protocol"] == "OPENID_CONNECT" && a["tokenEndpointAuthMethod"] != "NONE" {
				out["_links"].(doc)["secret"] = doc{"href": l.href(a["id"].(string), "secret")}
			}
		},
		forget: func(st *state, envID string, a doc) {
			delete(st.envData[envID].secrets, a["id"].(string))
			delete(st.envData[envID].prevSecrets, a["id"].(string))
		},
	}
}

// applicationsFilter: name (eq, sw) and id (eq); and, or.
var applicationsFilter = &filterSpec{
	attrs:   []attrSpec{{"name", kString, opsEqSw}, {"id", kString, opsEq}},
	logical: andOr,
}

// validateApplication checks an application body for its protocol (beyond
// the declared members) and fills protocol-specific defaults.
func validateApplication(v *validator, a doc) {
	protocol, _ := a["protocol"].(string)
	if !slices.Contains(appProtocols, protocol) {
		return // said by the declared member
	}
	typ := v.reqString(a, "type", "type")
	switch protocol {
	case "OPENID_CONNECT":
		v.enum("type", typ, oidcAppTypes)
		method := v.reqString(a, "tokenEndpointAuthMethod", "tokenEndpointAuthMethod")
		v.enum("tokenEndpointAuthMethod", method, authMethods)
		grants, hasGrants := v.optStringList(a, "grantTypes", grantTypes)
		v.optStringList(a, "responseTypes", responseTypes)
		v.optStringList(a, "redirectUris", nil)
		v.optStringList(a, "postLogoutRedirectUris", nil)
		if s, ok := v.optString(a, "pkceEnforcement", "pkceEnforcement"); ok {
			v.enum("pkceEnforcement", s, pkceOptions)
		}
		switch typ {
		case "SINGLE_PAGE_APP":
			if method != "" && method != "NONE" {
				v.add(detailInvalidValue, "tokenEndpointAuthMethod", "A SINGLE_PAGE_APP cannot keep a secret: tokenEndpointAuthMethod must be NONE")
			}
			if slices.Contains(grants, "CLIENT_CREDENTIALS") {
				v.add(detailInvalidValue, "grantTypes", "A SINGLE_PAGE_APP cannot use CLIENT_CREDENTIALS")
			}
		case "WORKER":
			if method == "NONE" {
				v.add(detailInvalidValue, "tokenEndpointAuthMethod", "A WORKER application must authenticate: tokenEndpointAuthMethod cannot be NONE")
			}
			for _, g := range grants {
				if g != "CLIENT_CREDENTIALS" && g != "AUTHORIZATION_CODE" && g != "IMPLICIT" && g != "REFRESH_TOKEN" {
					v.add(detailInvalidValue, "grantTypes", fmt.Sprintf("A WORKER application cannot use %s", g))
				}
			}
		}
		if !hasGrants && typ != "" {
			switch typ {
			case "WORKER", "SERVICE":
				a["grantTypes"] = []any{"CLIENT_CREDENTIALS"}
			default:
				a["grantTypes"] = []any{"AUTHORIZATION_CODE"}
				if _, ok := a["responseTypes"]; !ok {
					a["responseTypes"] = []any{"CODE"}
				}
			}
		}
		if _, ok := a["pkceEnforcement"]; !ok {
			a["pkceEnforcement"] = "OPTIONAL"
			if typ == "SINGLE_PAGE_APP" || typ == "NATIVE_APP" {
				a["pkceEnforcement"] = "S256_REQUIRED"
			}
		}
	case "SAML":
		v.enum("type", typ, []string{"WEB_APP", "CUSTOM_APP", "TEMPLATE_APP"})
		acs, has := v.optStringList(a, "acsUrls", nil)
		if !has {
			v.add(detailRequired, "acsUrls", "acsUrls is required")
		} else if len(acs) == 0 {
			v.add(detailInvalidValue, "acsUrls", "acsUrls must contain at least one URL")
		}
		switch d := a["assertionDuration"].(type) {
		case nil:
			v.add(detailRequired, "assertionDuration", "assertionDuration is required")
		case float64:
			if d < 1 || d != float64(int64(d)) {
				v.add(detailInvalidValue, "assertionDuration", "assertionDuration must be a positive integer (seconds)")
			}
		default:
			v.add(detailInvalidValue, "assertionDuration", "assertionDuration must be an integer")
		}
		v.reqString(a, "spEntityId", "spEntityId")
	case "WS_FED":
		v.enum("type", typ, []string{"WEB_APP", "CUSTOM_APP", "TEMPLATE_APP"})
		v.reqString(a, "domainName", "domainName")
		v.reqString(a, "replyUrl", "replyUrl")
		if _, present := a["idpSigning"]; !present {
			v.add(detailRequired, "idpSigning", "idpSigning is required")
		}
	case "EXTERNAL_LINK":
		v.enum("type", typ, []string{"PORTAL_LINK_APP"})
		v.reqString(a, "homePageUrl", "homePageUrl")
	}
}

func hasSecret(a doc) bool {
	if a["protocol"] != "OPENID_CONNECT" {
		return false
	}
	switch a["tokenEndpointAuthMethod"] {
	case "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "CLIENT_SECRET_JWT":
		return true
	}
	return false
}

// checkApplication keeps the protocol of an application, gives a new one
// its CORE attribute mapping, and gives an app
// that authenticates with a secret one (and takes it from one that no
// longer does).
func checkApplication(w *write) *apiError {
	if w.cur != nil && w.cur["protocol"] != w.body["protocol"] {
		return invalidField(detailInvalidValue, "protocol",
			fmt.Sprintf("The protocol of an application cannot be changed (it is %s)", w.cur["protocol"]))
	}
	id := w.ID()
	if w.cur == nil {
		if m := coreMapping(str(w.body, "protocol"), w.e.st.ids.uuid(), w.now); m != nil {
			m["application"] = ref(id)
			w.d.below(keyApplicationAttributes, id, true).add(m)
		}
	}
	if hasSecret(w.body) {
		if _, ok := w.d.secrets[id]; !ok {
			w.d.secrets[id] = w.e.st.ids.secret()
		}
	} else {
		delete(w.d.secrets, id)
		delete(w.d.prevSecrets, id)
	}
	return nil
}

// applicationSecret reads (GET) or rotates (POST) an application's secret,
// or deletes its previous secret (DELETE).
func applicationSecret(e *Emulator, c *rctx, at place, id string) result {
	return dispatch(c.r.Method, handlers{
		http.MethodGet:    func() result { return e.applicationSecret(c, at.env, id, false) },
		http.MethodPost:   func() result { return e.applicationSecret(c, at.env, id, true) },
		http.MethodDelete: func() result { return e.deletePreviousSecret(at.env, id) },
	})
}

// A rotation keeps the previous secret for a day unless the body says how
// long (1 minute to 30 days); an expired previous secret is gone.
const (
	previousSecretDefault = 24 * time.Hour
	previousSecretMin     = time.Minute
	previousSecretMax     = 30 * 24 * time.Hour
)

func (e *Emulator) applicationSecret(c *rctx, envID, id string, rotate bool) result {
	var prevExpires time.Time
	if rotate {
		if len(c.body) > 0 {
			body, aerr := c.jsonObject()
			if aerr != nil {
				return errResult(aerr)
			}
			if p, ok := body["previous"].(map[string]any); ok {
				s, _ := p["expiresAt"].(string)
				t, err := time.Parse(time.RFC3339Nano, s)
				if err != nil {
					return errResult(invalidField(detailInvalidValue, "previous.expiresAt", "previous.expiresAt must be an RFC 3339 date-time"))
				}
				prevExpires = t
			}
		}
	}
	return e.inEnv(envID, rotate, func(d *envData) result {
		a := d.coll(keyApplications).get(id)
		if a == nil {
			return errResult(notFound("application", id))
		}
		if !hasSecret(a) {
			return errResult(notFound("secret for application", id))
		}
		now := e.now()
		if rotate {
			if prevExpires.IsZero() {
				prevExpires = now.Add(previousSecretDefault)
			}
			if keep := prevExpires.Sub(now); keep < previousSecretMin || keep > previousSecretMax {
				return errResult(invalidField(detailOutOfRange, "previous.expiresAt", "previous.expiresAt must be between 1 minute and 30 days from now"))
			}
			d.prevSecrets[id] = doc{"secret": d.secrets[id], "expiresAt": ts(prevExpires)}
			d.secrets[id] = e.st.ids.secret()
		}
		out := doc{
			"secret":      d.secrets[id],
			"environment": ref(envID),
			"_links": doc{
				"self":        doc{"href": c.href("environments", envID, "applications", id, "secret")},
				"application": doc{"href": c.href("environments", envID, "applications", id)},
			},
		}
		if p, ok := livePrevious(d, id, now); ok {
			out["previous"] = copyDoc(p)
		}
		return okJSON(out)
	})
}

// livePrevious is an application's previous secret while it has not expired.
func livePrevious(d *envData, id string, now time.Time) (doc, bool) {
	p, ok := d.prevSecrets[id]
	if !ok {
		return nil, false
	}
	if t, err := time.Parse(time.RFC3339Nano, str(p, "expiresAt")); err == nil && !now.Before(t) {
		return nil, false
	}
	return p, true
}

// deletePreviousSecret ends the previous secret early; with none (never
// rotated, already deleted or expired) there is nothing to delete: 404.
func (e *Emulator) deletePreviousSecret(envID, id string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		a := d.coll(keyApplications).get(id)
		if a == nil {
			return errResult(notFound("application", id))
		}
		if _, ok := livePrevious(d, id, e.now()); !ok || !hasSecret(a) {
			return errResult(notFound("previous secret for application", id))
		}
		delete(d.prevSecrets, id)
		return noContent()
	})
}
