package pingonetest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/p1kit/p1kit/internal/lazy"
)

// keyApplicationAttributes are an application's attribute mappings, served
// at applications/{id}/attributes under the HAL key attributes.
const keyApplicationAttributes = "applicationAttributes"

var mappingTypes = []string{"CORE", "SCOPE", "CUSTOM"}

// oidcReservedClaims are the claims an OIDC application cannot map (the
// spec's list; sub is the CORE mapping every OIDC application has).
var oidcReservedClaims = []string{"acr", "amr", "at_hash", "aud", "auth_time", "azp", "client_id", "exp", "iat", "iss",
	"jti", "nbf", "nonce", "org", "scope", "sid", "sub"}

// samlSubject is the CORE mapping of a SAML application: the assertion's
// subject. The spec reserves samlAssertion.subject (case-insensitively) too.
const samlSubject = "saml_subject"

// expression is one ${…} placeholder of a mapping's value.
var expression = lazy.Regexp(`\$\{([^}]*)\}`)

// applicationAttributes: what an application's ID tokens, userinfo or SAML
// assertions carry. name, value and required are required; names are
// unique in the application (case-insensitive); a value's ${…} expressions
// read the user (${user.email}). Every OIDC application has the CORE
// mapping sub and every SAML one saml_subject: their values change, their
// names and types do not, and they cannot be deleted. Created mappings are
// CUSTOM. For OIDC, idToken and userInfo default to true and are not both
// false, and oidcScopes (when given, one at least) must be openid-resource
// scopes granted to the application. External-link applications have none.
var applicationAttributes = &resource{
	key: keyApplicationAttributes, path: "attributes", hal: "attributes", kind: "attribute mapping", parent: keyApplications, name: "name",
	verbs: vCRUD,
	members: []member{
		{path: "name", kind: mString, required: true},
		{path: "value", kind: mString, required: true},
		{path: "required", kind: mBool, required: true},
		{path: "mappingType", kind: mString, enum: mappingTypes},
		{path: "nameFormat", kind: mString},
		{path: "idToken", kind: mBool},
		{path: "userInfo", kind: mBool},
		{path: "oidcScopes", kind: mStrings},
	},
	readOnly: []string{"id", "application", "createdAt", "updatedAt", "_links", "_embedded"},
	unique:   []unique{{member: "name", foldCase: true}},
	validate: validateMappingValue,
	check:    checkMapping,
	refuse: func(_ *loc, m doc) *apiError {
		if t := str(m, "mappingType"); t == "CORE" || t == "SCOPE" {
			return constraint("id", fmt.Sprintf("The %s attribute mapping %q cannot be deleted; its value can be changed.", t, str(m, "name")))
		}
		return nil
	},
}

func validateMappingValue(v *validator, m doc) {
	value, _ := m["value"].(string)
	for _, x := range expression().FindAllStringSubmatch(value, -1) {
		if !strings.HasPrefix(strings.TrimSpace(x[1]), "user.") {
			v.add(detailInvalidValue, "value", fmt.Sprintf("value: the expression %s must read the user, as in ${user.email}", x[0]))
		}
	}
	if strings.Count(value, "${") != len(expression().FindAllString(value, -1)) {
		v.add(detailInvalidValue, "value", "value holds a ${ without its closing }")
	}
	if list, ok := m["oidcScopes"].([]any); ok && len(list) == 0 {
		v.add(detailInvalidValue, "oidcScopes", "oidcScopes must name at least one scope (leave it out for the openid scope)")
	}
}

// checkMapping applies the rules of the mapping's type and of its
// application's protocol, and names the application in it.
func checkMapping(w *write) *apiError {
	app := w.d.coll(keyApplications).get(w.parent)
	protocol := str(app, "protocol")
	name, given := str(w.body, "name"), str(w.body, "mappingType")
	switch {
	case protocol == "EXTERNAL_LINK":
		return invalidField(detailInvalidValue, "id", "An external-link application has no attribute mappings")
	case w.cur == nil && given != "" && given != "CUSTOM":
		return invalidField(detailInvalidValue, "mappingType", fmt.Sprintf("Only CUSTOM attribute mappings can be created; PingOne manages the %s ones", given))
	case w.cur == nil:
		w.body["mappingType"] = "CUSTOM"
	case given != "" && given != str(w.cur, "mappingType"):
		return invalidField(detailInvalidValue, "mappingType", fmt.Sprintf("The type of an attribute mapping cannot be changed (it is %s)", str(w.cur, "mappingType")))
	default:
		w.body["mappingType"] = w.cur["mappingType"]
	}
	if w.body["mappingType"] != "CUSTOM" {
		if name != str(w.cur, "name") {
			return invalidField(detailInvalidValue, "name", fmt.Sprintf("The %s attribute mapping %q cannot be renamed", w.body["mappingType"], str(w.cur, "name")))
		}
	} else if reserved(protocol, name) {
		return invalidField(detailInvalidValue, "name", fmt.Sprintf("%q is reserved in %s applications and cannot be mapped", name, protocol))
	}
	if protocol == "OPENID_CONNECT" {
		for _, k := range []string{"idToken", "userInfo"} {
			if _, ok := w.body[k]; !ok {
				w.body[k] = true
			}
		}
		if w.body["idToken"] == false && w.body["userInfo"] == false {
			return invalidField(detailInvalidValue, "idToken", "idToken and userInfo cannot both be false: the claim would go nowhere")
		}
		if aerr := w.grantedOIDCScopes(stringsOf(w.body["oidcScopes"])); aerr != nil {
			return aerr
		}
	} else if _, has := w.body["oidcScopes"]; has {
		return invalidField(detailInvalidValue, "oidcScopes", "oidcScopes applies only to OPENID_CONNECT applications")
	}
	w.body["application"] = ref(w.parent)
	return nil
}

func reserved(protocol, name string) bool {
	switch protocol {
	case "OPENID_CONNECT":
		return slices.Contains(oidcReservedClaims, name)
	case "SAML":
		return strings.EqualFold(name, samlSubject) || strings.EqualFold(name, "samlAssertion.subject")
	}
	return false
}

// grantedOIDCScopes refuses scope ids that are not scopes of the openid
// resource granted to the application.
func (w *write) grantedOIDCScopes(ids []string) *apiError {
	granted := map[string]bool{}
	for _, g := range w.d.below(keyGrants, w.parent, false).all() {
		if str(w.d.coll(keyResources).get(str(g, "resource.id")), "type") == "OPENID_CONNECT" {
			for _, id := range refIDs(g, "scopes.id") {
				granted[id] = true
			}
		}
	}
	for i, id := range ids {
		if !granted[id] {
			return invalidField(detailInvalidValue, fmt.Sprintf("oidcScopes[%d]", i), fmt.Sprintf(
				"Scope %s is not an openid-resource scope granted to this application (see its grants)", id))
		}
	}
	return nil
}

// coreMapping is the CORE attribute mapping PingOne gives a new
// application of protocol, or nil for a protocol without one.
func coreMapping(protocol, id, now string) doc {
	m := doc{"id": id, "value": "${user.id}", "required": true, "mappingType": "CORE", "createdAt": now, "updatedAt": now}
	switch protocol {
	case "OPENID_CONNECT":
		m["name"], m["idToken"], m["userInfo"] = "sub", true, true
	case "SAML":
		m["name"], m["nameFormat"] = samlSubject, "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified"
	default:
		return nil
	}
	return m
}
