package pingonetest

import (
	"fmt"
	"strings"

	"github.com/p1kit/p1kit/internal/lazy"
)

// keyIdentityProviderAttributes are served at identityProviders/{id}/attributes,
// under the HAL key attributes (which application attribute mappings share).
const keyIdentityProviderAttributes = "identityProviderAttributes"

// Attribute mapping types and update rules (mgmt
// EnumIdentityProviderAttributeMappingType, …MappingUpdate).
var (
	idpMappingTypes   = []string{"CORE", "CUSTOM"}
	idpMappingUpdates = []string{"EMPTY_ONLY", "ALWAYS"}
)

// identityProviderAttributes: what a provider's sign-on writes into the
// user, one mapping per user attribute (name is unique per provider). Every
// provider gets a CORE mapping of username when it is created; a CORE
// mapping cannot be deleted and its name and update rule cannot change.
// Client-created mappings are CUSTOM. The mappings go with their provider.
var identityProviderAttributes = &resource{
	key: keyIdentityProviderAttributes, path: "attributes", hal: "attributes", kind: "identity provider attribute",
	parent: keyIdentityProviders, name: "name",
	verbs: vCRUD,
	members: []member{
		{path: "name", kind: mString, required: true},
		{path: "value", kind: mString, required: true},
		{path: "update", kind: mString, required: true, enum: idpMappingUpdates},
		{path: "mappingType", kind: mString, enum: idpMappingTypes},
	},
	readOnly: withCommon("identityProvider"),
	unique:   []unique{{member: "name"}},
	validate: validateIdPAttribute,
	check:    checkIdPAttribute,
	refuse: func(_ *loc, d doc) *apiError {
		if d["mappingType"] != "CORE" {
			return nil
		}
		return constraint("id", fmt.Sprintf("The %s mapping is a CORE mapping of the identity provider and cannot be deleted; change its value instead.", str(d, "name")))
	},
	render: func(_ *loc, _, out doc) {
		links := out["_links"].(doc)
		links["identityProvider"] = links[identityProviders.kind]
		delete(links, identityProviders.kind)
	},
}

// placeholder is one ${…} reference to what the provider returns.
var placeholder = lazy.Regexp(`\$\{([^{}]*)\}`)

// placeholderPath is what a placeholder may hold: a dotted attribute path.
var placeholderPath = lazy.Regexp(`^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$`)

// userMappable are the user attributes of the schema a mapping may write:
// the standard ones that are neither read-only nor COMPLEX (name, address
// and photo are written member by member). Any other name must be a custom
// attribute.
var userMappable = map[string]bool{
	"username": true, "email": true, "externalId": true, "locale": true, "mobilePhone": true, "nickname": true,
	"preferredLanguage": true, "primaryPhone": true, "timezone": true, "title": true, "type": true,
	"name.given": true, "name.family": true, "name.middle": true, "name.formatted": true,
	"name.honorificPrefix": true, "name.honorificSuffix": true,
	"address.streetAddress": true, "address.locality": true, "address.region": true,
	"address.postalCode": true, "address.countryCode": true, "photo.href": true,
}

// userUnmappable are the user attributes the spec names as never mapped,
// the other read-only ones, and the COMPLEX ones, with what to say.
var userUnmappable = map[string]string{
	"account": "read-only", "id": "read-only", "created": "read-only", "updated": "read-only", "createdAt": "read-only",
	"updatedAt": "read-only", "lifecycle": "managed by PingOne", "mfaEnabled": "read-only", "enabled": "read-only",
	"environment": "read-only", "population": "set by the provider's registration", "identityProvider": "read-only",
	"lastSignOn": "read-only", "emailVerified": "read-only", "memberOfGroupIDs": "read-only", "memberOfGroupNames": "read-only",
	"verifyStatus": "managed by PingOne", "password": "never mapped",
	"name": "COMPLEX (map its members, e.g. name.given)", "address": "COMPLEX (map its members, e.g. address.locality)",
	"photo": "COMPLEX (map photo.href)",
}

var customAttributeName = lazy.Regexp(`^[A-Za-z][A-Za-z0-9_-]*$`)

// validateIdPAttribute checks the target user attribute and the placeholders.
func validateIdPAttribute(v *validator, a doc) {
	if name, _ := a["name"].(string); name != "" {
		switch why, bad := userUnmappable[name]; {
		case bad:
			v.add(detailInvalidValue, "name", fmt.Sprintf("name: the user attribute %s cannot be mapped: it is %s", name, why))
		case userMappable[name]:
		case strings.Contains(name, "."):
			v.add(detailInvalidValue, "name", fmt.Sprintf("name: %s is not an attribute of the user schema", name))
		case !customAttributeName().MatchString(name):
			v.add(detailInvalidValue, "name", fmt.Sprintf("name: %q is not a user attribute name (a letter, then letters, digits, _ or -)", name))
		}
	}
	value, _ := a["value"].(string)
	if value == "" {
		return // said by the declared member
	}
	found := placeholder().FindAllStringSubmatch(value, -1)
	if len(found) == 0 || strings.Count(value, "${") != len(found) {
		v.add(detailInvalidValue, "value", "value must refer to what the provider returns with ${…} placeholders, e.g. ${providerAttributes.email}")
		return
	}
	for _, m := range found {
		if !placeholderPath().MatchString(m[1]) {
			v.add(detailInvalidValue, "value", fmt.Sprintf("value: ${%s} is not a placeholder of an attribute path, e.g. ${providerAttributes.email}", m[1]))
		}
	}
}

// checkIdPAttribute: the placeholders suit the provider's type (only a SAML
// provider has an assertion), a client creates CUSTOM mappings only, and a
// mapping's type never changes, nor a CORE one's name or update rule.
func checkIdPAttribute(w *write) *apiError {
	idp := w.d.coll(keyIdentityProviders).get(w.parent)
	if typ := str(idp, "type"); typ != "SAML" {
		for _, m := range placeholder().FindAllStringSubmatch(str(w.body, "value"), -1) {
			if m[1] == "samlAssertion" || strings.HasPrefix(m[1], "samlAssertion.") {
				return invalidField(detailInvalidValue, "value", fmt.Sprintf("value: ${%s} refers to a SAML assertion, and this identity provider is of type %s", m[1], typ))
			}
		}
	}
	given := str(w.body, "mappingType")
	switch {
	case w.cur == nil && given == "CORE":
		return invalidField(detailInvalidValue, "mappingType", "mappingType: only PingOne creates CORE mappings; create CUSTOM ones")
	case w.cur == nil:
		w.body["mappingType"] = "CUSTOM"
	case given != "" && given != w.cur["mappingType"]:
		return invalidField(detailInvalidValue, "mappingType", fmt.Sprintf("mappingType cannot change (it is %s)", w.cur["mappingType"]))
	default:
		w.body["mappingType"] = w.cur["mappingType"]
	}
	if w.cur != nil && w.cur["mappingType"] == "CORE" {
		for _, m := range []string{"name", "update"} {
			if w.body[m] != w.cur[m] {
				return invalidField(detailInvalidValue, m, fmt.Sprintf("%s of the CORE %s mapping cannot change (it is %s)", m, str(w.cur, "name"), w.cur[m]))
			}
		}
	}
	w.body["identityProvider"] = ref(w.parent)
	return nil
}

// coreUsernameValue is the placeholder PingOne maps a new provider's users'
// username from: the SAML subject, the OpenID Connect subject, or the
// social provider's email.
func coreUsernameValue(idpType string) string {
	switch idpType {
	case "SAML":
		return "${samlAssertion.subject}"
	case "OPENID_CONNECT":
		return "${providerAttributes.sub}"
	}
	return "${providerAttributes.email}"
}

// addCoreMapping gives a new identity provider its CORE username mapping.
func addCoreMapping(st *state, envID, idpID, idpType, now string) {
	st.envData[envID].below(keyIdentityProviderAttributes, idpID, true).add(doc{
		"id": st.ids.uuid(), "environment": ref(envID), "identityProvider": ref(idpID), "name": "username",
		"value": coreUsernameValue(idpType), "update": "EMPTY_ONLY", "mappingType": "CORE",
		"createdAt": now, "updatedAt": now,
	})
}
