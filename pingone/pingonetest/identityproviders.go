package pingonetest

import "fmt"

const keyIdentityProviders = "identityProviders"

// idpTypes are the identity provider types (mgmt EnumIdentityProviderExt).
var idpTypes = []string{"FACEBOOK", "GOOGLE", "LINKEDIN", "LINKEDIN_OIDC", "APPLE", "TWITTER", "AMAZON", "YAHOO",
	"MICROSOFT", "PAYPAL", "GITHUB", "OPENID_CONNECT", "SAML"}

// idpRequired are the string members each variant of the spec's
// IdentityProvider oneOf requires beyond name, enabled and type; the
// social types without a variant of their own take a client id and secret.
var idpRequired = map[string][]string{
	"FACEBOOK":       {"appId", "appSecret"},
	"APPLE":          {"clientId", "clientSecretSigningKey", "keyId", "teamId"},
	"PAYPAL":         {"clientId", "clientSecret", "clientEnvironment"},
	"OPENID_CONNECT": {"authorizationEndpoint", "clientId", "clientSecret", "issuer", "jwksEndpoint", "tokenEndpoint", "tokenEndpointAuthMethod"},
	"SAML":           {"idpEntityId", "spEntityId", "ssoBinding", "ssoEndpoint"},
}

// identityProviders: external identity providers, validated per type. The
// type of a provider never changes. Sign-on policy actions of type
// IDENTITY_PROVIDER that name a provider hold it against deletion; a new
// provider gets its CORE username attribute mapping, and its mappings go
// with it.
var identityProviders *resource

func declareIdentityProviders() *resource {
	return &resource{
		key: keyIdentityProviders, kind: "identity provider", parent: keyEnvironments, name: "name",
		verbs: vCRUD, maxLimit: 1000,
		members: []member{
			{path: "name", kind: mString, required: true},
			{path: "enabled", kind: mBool, required: true},
			{path: "type", kind: mString, required: true, enum: idpTypes},
			{path: "description", kind: mString},
			{path: "icon", kind: mObject},
			{path: "loginButtonIcon", kind: mObject},
			{path: "registration", kind: mObject},
		},
		readOnly: withCommon(),
		validate: validateIdentityProvider,
		check: func(w *write) *apiError {
			if w.cur != nil && w.cur["type"] != w.body["type"] {
				return invalidField(detailInvalidValue, "type", fmt.Sprintf("The type of an identity provider cannot be changed (it is %s)", w.cur["type"]))
			}
			if w.cur == nil {
				addCoreMapping(w.e.st, w.env, w.ID(), str(w.body, "type"), w.now)
			}
			return nil
		},
	}
}

// validateIdentityProvider checks the members the provider's type requires.
func validateIdentityProvider(v *validator, p doc) {
	typ, _ := p["type"].(string)
	if typ == "" {
		return // said by the declared member
	}
	required, ok := idpRequired[typ]
	if !ok {
		required = []string{"clientId", "clientSecret"}
	}
	for _, m := range required {
		v.reqString(p, m, m)
	}
	switch typ {
	case "OPENID_CONNECT":
		if s, ok := v.optString(p, "tokenEndpointAuthMethod", "tokenEndpointAuthMethod"); ok {
			v.enum("tokenEndpointAuthMethod", s, []string{"CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "NONE"})
		}
		scopes, has := v.optStringList(p, "scopes", nil)
		if !has {
			v.add(detailRequired, "scopes", "scopes is required")
		} else if len(scopes) == 0 {
			v.add(detailInvalidValue, "scopes", "scopes must name at least one scope, e.g. openid")
		}
	case "SAML":
		if s, ok := v.optString(p, "ssoBinding", "ssoBinding"); ok {
			v.enum("ssoBinding", s, []string{"HTTP_POST", "HTTP_REDIRECT"})
		}
		ver, ok := p["idpVerification"].(map[string]any)
		if !ok {
			v.add(detailRequired, "idpVerification", "idpVerification is required (an object with certificates)")
			break
		}
		v.refList(ver, "certificates")
		if ver["certificates"] == nil {
			v.add(detailRequired, "idpVerification.certificates", "idpVerification.certificates is required")
		}
	case "PAYPAL":
		if s, ok := v.optString(p, "clientEnvironment", "clientEnvironment"); ok {
			v.enum("clientEnvironment", s, []string{"sandbox", "live"})
		}
	}
}
