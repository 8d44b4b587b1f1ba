package pingonetest

import (
	"bytes"
)

// populations: names unique per environment (case-insensitive); userCount
// counts the users in it. Users and groups restrict its delete (declared on
// them); role assignments scoped to it go with it. The password policy it
// names must exist, and cannot be deleted while it does. Its default
// identity provider is set only through …/defaultIdentityProvider (a
// create or replace leaves it as it is), and holds the provider against
// deletion.
var populations *resource

func declarePopulations() *resource {
	return &resource{
		key: keyPopulations, kind: "population", parent: keyEnvironments, name: "name",
		verbs: vCRUD, filter: populationsFilter, maxLimit: 1000,
		members: named([]member{
			{path: "preferredLanguage", kind: mString},
			{path: "default", kind: mBool},
			{path: "passwordPolicy", kind: mRef},
			{path: "theme", kind: mRef},
			{path: "alternativeIdentifiers", kind: mStrings},
		}),
		readOnly: withCommon("userCount", "defaultIdentityProvider"),
		unique:   []unique{{member: "name", foldCase: true}},
		refs: []reference{{member: "passwordPolicy.id", target: keyPasswordPolicies, onDelete: restrict, link: "passwordPolicy"},
			{member: "defaultIdentityProvider.id", target: keyIdentityProviders, onDelete: restrict}},
		sub:    map[string]placeHandler{"defaultIdentityProvider": getPut((*Emulator).populationDefaultIdP)},
		counts: []count{{member: "userCount", from: keyUsers, via: "population.id"}},
		check:  keepOneDefault("population"),
		refuse: refuseDeleteDefault("population"),
	}
}

// populationDefaultIdP serves GET and PUT …/populations/{id}/defaultIdentityProvider:
// {id, type} of the provider new users of the population sign on with, or
// {type: PING_ONE} for PingOne's own directory. A PUT of {"id": …} sets a
// provider of the environment; one without an id (or no body) makes it
// PingOne's directory again.
func (e *Emulator) populationDefaultIdP(c *rctx, envID, id string, write bool) result {
	var idpID string
	if write && len(bytes.TrimSpace(c.body)) > 0 {
		body, aerr := c.jsonObject()
		if aerr != nil {
			return errResult(aerr)
		}
		v := &validator{}
		if _, given := body["id"]; given {
			idpID = v.reqString(body, "id", "id")
		}
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
	}
	return e.inEnv(envID, write, func(d *envData) result {
		out, aerr := e.identityProviderLink(d, keyPopulations, "population", id, "defaultIdentityProvider", write, idpID)
		if aerr != nil {
			return errResult(aerr)
		}
		links := doc{
			"self":       doc{"href": c.href("environments", envID, "populations", id, "defaultIdentityProvider")},
			"population": doc{"href": c.href("environments", envID, "populations", id)},
		}
		if idp := str(out, "id"); idp != "" {
			links["identityProvider"] = doc{"href": c.href("environments", envID, "identityProviders", idp)}
		}
		out["_links"] = links
		return okJSON(out)
	})
}
