package pingonetest

import (
	"fmt"
	"strings"
)

// keyResources is the key of the protected resources (APIs) of an environment.
const keyResources = "resources"

var (
	resourceTypes             = []string{"CUSTOM", "OPENID_CONNECT", "PINGONE_API"}
	resourceIntrospectMethods = []string{"NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"}
)

// apiResources: the protected resources access tokens are issued for. Names
// are unique per environment (case-insensitive); only CUSTOM resources are
// created, and the built-in OPENID_CONNECT and PINGONE_API ones are neither
// retyped nor deleted. The audience defaults to the name and must not name
// PingOne; tokens last 300 s to 30 days (default 3600).
var apiResources *resource

func declareApiResources() *resource {
	return &resource{
		key: keyResources, kind: "resource", parent: keyEnvironments, name: "name",
		verbs: vCRUD, maxLimit: 1000,
		members: named([]member{
			{path: "type", kind: mString, enum: resourceTypes},
			{path: "audience", kind: mString},
			{path: "introspectEndpointAuthMethod", kind: mString, enum: resourceIntrospectMethods},
		}),
		readOnly: withCommon("clientSecret", "resource"),
		unique:   []unique{{member: "name", foldCase: true}},
		validate: validateAPIResource,
		check:    checkAPIResource,
		refuse:   refuseBuiltInResource,
	}
}

func validateAPIResource(v *validator, r doc) {
	if aud, ok := v.optString(r, "audience", "audience"); ok {
		low := strings.ToLower(aud)
		if strings.Contains(low, "pingone") || strings.Contains(low, "pingidentity") {
			v.add(detailInvalidValue, "audience", "audience must not contain pingone or pingidentity")
		}
	}
	switch d := r["accessTokenValiditySeconds"].(type) {
	case nil:
		r["accessTokenValiditySeconds"] = float64(3600)
	case float64:
		if d != float64(int64(d)) || d < 300 || d > 2592000 {
			v.add(detailOutOfRange, "accessTokenValiditySeconds", "accessTokenValiditySeconds must be an integer from 300 to 2592000")
		}
	default:
		v.add(detailInvalidValue, "accessTokenValiditySeconds", "accessTokenValiditySeconds must be an integer")
	}
}

// checkAPIResource makes a new resource CUSTOM and keeps the type of an
// existing one; the audience defaults to the name.
func checkAPIResource(w *write) *apiError {
	typ, given := w.body["type"].(string)
	switch {
	case w.cur == nil && given && typ != "CUSTOM":
		return invalidField(detailInvalidValue, "type", "Only CUSTOM resources can be created")
	case w.cur != nil && given && typ != w.cur["type"]:
		return invalidField(detailInvalidValue, "type", fmt.Sprintf("The type of a resource cannot be changed (it is %s)", w.cur["type"]))
	case w.cur != nil:
		w.body["type"] = w.cur["type"]
	default:
		w.body["type"] = "CUSTOM"
	}
	if _, ok := w.body["audience"]; !ok {
		w.body["audience"] = w.body["name"]
	}
	return nil
}

func refuseBuiltInResource(_ *loc, r doc) *apiError {
	if r["type"] == "CUSTOM" {
		return nil
	}
	return constraint("id", fmt.Sprintf("Resource %q is built in (%s) and cannot be deleted.", str(r, "name"), str(r, "type")))
}
