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
	appReadOnly   = []string{"clientSecret"}
)

func (e *Emulator) routeApplications(c *rctx, envID string, rest []string) result {
	m := c.r.Method
	switch len(rest) {
	case 0:
		return dispatch(m, handlers{
			http.MethodGet:  func() result { return e.listApplications(c, envID) },
			http.MethodPost: func() result { return e.writeApplication(c, envID, "") },
		})
	case 1:
		id := rest[0]
		return dispatch(m, handlers{
			http.MethodGet:    func() result { return e.getApplication(c, envID, id) },
			http.MethodPut:    func() result { return e.writeApplication(c, envID, id) },
			http.MethodDelete: func() result { return e.deleteApplication(c, envID, id) },
		})
	case 2:
		if rest[1] == "secret" {
			id := rest[0]
			return dispatch(m, handlers{
				http.MethodGet:  func() result { return e.applicationSecret(c, envID, id, false) },
				http.MethodPost: func() result { return e.applicationSecret(c, envID, id, true) },
			})
		}
	}
	return errResult(routeNotFound())
}

func (e *Emulator) renderApplication(c *rctx, envID string, a doc) doc {
	out := copyDoc(a)
	id := a["id"].(string)
	links := doc{
		"self":        doc{"href": c.href("environments", envID, "applications", id)},
		"environment": doc{"href": c.href("environments", envID)},
	}
	if a["protocol"] == "OPENID_CONNECT" && a["tokenEndpointAuthMethod"] != "NONE" {
		links["secret"] = doc{"href": c.href("environments", envID, "applications", id, "secret")}
	}
	out["_links"] = links
	return out
}

func (e *Emulator) listApplications(c *rctx, envID string) result {
	lp, aerr := c.listParams(nil, 1000)
	if aerr != nil {
		return errResult(aerr)
	}
	return e.inEnv(envID, false, func(d *envData) result {
		page, more := lp.window(d.apps.items)
		items := make([]any, len(page))
		for i, a := range page {
			items[i] = e.renderApplication(c, envID, a)
		}
		return c.collectionResult("applications", items, d.apps.len(), lp, more)
	})
}

func (e *Emulator) getApplication(c *rctx, envID, id string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		a := d.apps.get(id)
		if a == nil {
			return errResult(notFound("application", id))
		}
		return okJSON(e.renderApplication(c, envID, a))
	})
}

// validateApplication checks an application body for its protocol and fills
// protocol-specific defaults.
func validateApplication(v *validator, a doc) {
	v.reqString(a, "name", "name")
	v.reqBool(a, "enabled", "enabled")
	v.optString(a, "description", "description")
	protocol := v.reqString(a, "protocol", "protocol")
	if !v.enum("protocol", protocol, appProtocols) {
		return
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

// writeApplication creates (id == "") or fully replaces an application.
func (e *Emulator) writeApplication(c *rctx, envID, id string) result {
	body, aerr := c.jsonObject()
	if aerr != nil {
		return errResult(aerr)
	}
	stripReadOnly(body, appReadOnly...)
	v := &validator{}
	validateApplication(v, body)
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}

	return e.inEnv(envID, true, func(d *envData) result {
		var cur doc
		if id != "" {
			if cur = d.apps.get(id); cur == nil {
				return errResult(notFound("application", id))
			}
			if cur["protocol"] != body["protocol"] {
				return errResult(invalidField(detailInvalidValue, "protocol",
					fmt.Sprintf("The protocol of an application cannot be changed (it is %s)", cur["protocol"])))
			}
		}
		if body["protocol"] == "SAML" {
			for _, other := range d.apps.items {
				if other["id"] != id && other["protocol"] == "SAML" && other["spEntityId"] == body["spEntityId"] {
					return errResult(uniqueness("spEntityId", fmt.Sprintf("spEntityId %q is already used by application %q", body["spEntityId"], str(other, "name")), other["id"].(string)))
				}
			}
		}
		now := ts(e.now())
		if cur == nil {
			id = e.st.ids.uuid()
			body["createdAt"] = now
		} else {
			body["createdAt"] = cur["createdAt"]
		}
		body["id"] = id
		body["environment"] = ref(envID)
		body["updatedAt"] = now
		d.apps.put(body)
		if hasSecret(body) {
			if _, ok := d.secrets[id]; !ok {
				d.secrets[id] = e.st.ids.secret()
			}
		} else {
			delete(d.secrets, id)
			delete(d.prevSecrets, id)
		}
		out := e.renderApplication(c, envID, body)
		if cur == nil {
			res := created(out)
			res.header = http.Header{"Location": {c.href("environments", envID, "applications", id)}}
			return res
		}
		return okJSON(out)
	})
}

func (e *Emulator) deleteApplication(c *rctx, envID, id string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		if !d.apps.remove(id) {
			return errResult(notFound("application", id))
		}
		delete(d.secrets, id)
		delete(d.prevSecrets, id)
		return noContent()
	})
}

// applicationSecret reads (GET) or rotates (POST) an application's secret.
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
		a := d.apps.get(id)
		if a == nil {
			return errResult(notFound("application", id))
		}
		if !hasSecret(a) {
			return errResult(notFound("secret for application", id))
		}
		if rotate {
			now := e.now()
			if prevExpires.IsZero() {
				prevExpires = now.Add(24 * time.Hour)
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
		if p, ok := d.prevSecrets[id]; ok {
			out["previous"] = copyDoc(p)
		}
		return okJSON(out)
	})
}
