package contract

import (
	"net/http"
	"strings"
)

// Side says which half of an exchange a complaint is about.
type Side string

// The two sides of an exchange.
const (
	SideRequest  Side = "request"
	SideResponse Side = "response"
)

// Exception excuses one complaint of the validator where the spec, not the
// code, is at fault: the spec is wrong (it contradicts PingOne's documented
// behaviour or itself) or silent (it gives no schema or parameter for
// something PingOne does). It is never a way to excuse the client or the
// emulator: fix those instead.
type Exception struct {
	// Method is the HTTP method; "" matches any.
	Method string
	// PathPattern is the operation's path template as the spec writes it,
	// without /v1 (e.g. "/environments/{environmentID}/users/{userID}");
	// "" matches any. For a request no spec routes, it is matched against the
	// concrete path, a {placeholder} matching one segment.
	PathPattern string
	// Status is the response status; 0 matches any (and request complaints).
	Status int
	// Side is SideRequest or SideResponse.
	Side Side
	// Match is a substring of the complaint; it must not be empty.
	Match string
	// Why says where the spec is wrong or silent, and how PingOne behaves.
	Why string
}

func (e Exception) matches(ex *exchange, is issue) bool {
	if e.Match == "" || e.Side != is.side || !strings.Contains(is.msg, e.Match) {
		return false
	}
	if e.Method != "" && !strings.EqualFold(e.Method, ex.method) {
		return false
	}
	if e.Status != 0 && e.Status != ex.status {
		return false
	}
	if e.PathPattern == "" {
		return true
	}
	if ex.pattern != "" {
		return e.PathPattern == ex.pattern
	}
	return templateMatches(e.PathPattern, strings.TrimPrefix(ex.path, "/v1"))
}

// templateMatches reports whether path fits tmpl segment by segment, a
// {placeholder} in tmpl matching any one segment.
func templateMatches(tmpl, path string) bool {
	ts := strings.Split(strings.Trim(tmpl, "/"), "/")
	ps := strings.Split(strings.Trim(path, "/"), "/")
	if len(ts) != len(ps) {
		return false
	}
	for i, t := range ts {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			continue
		}
		if t != ps[i] {
			return false
		}
	}
	return true
}

// DefaultExceptions returns the known faults of the PingOne specs that the
// client's and the emulator's traffic runs into, each with its reason. Every
// entry was seen failing and checked against the spec text; see the Why of
// each. The list is returned fresh so a test may append to its own copy.
func DefaultExceptions() []Exception {
	const (
		apps     = "/environments/{environmentID}/applications"
		user     = "/environments/{environmentID}/users/{userID}"
		password = "/environments/{environmentID}/users/{userID}/password"
		totalIDs = "/environments/{environmentID}/totalIdentities"
		devices  = "/environments/{environmentID}/users/{userID}/devices"
		pwPols   = "/environments/{environmentID}/passwordPolicies"
	)
	return append([]Exception{
		// mgmt readAllApplications declares no query parameter at all, while
		// PingOne pages every collection the same way (limit, and a cursor
		// in _links.next.href that clients follow as given; API-MAP §2.3:
		// "Other lists: none in spec — still follow _links.next if present").
		{Method: http.MethodGet, PathPattern: apps, Side: SideRequest, Match: `query parameter "limit" is not declared`,
			Why: "mgmt spec silent: GET /applications declares no limit parameter; PingOne collections all take limit"},
		{Method: http.MethodGet, PathPattern: apps, Side: SideRequest, Match: `query parameter "cursor" is not declared`,
			Why: "mgmt spec silent: GET /applications declares no cursor; the cursor comes from the server's own _links.next.href"},
		{Method: http.MethodGet, PathPattern: apps, Side: SideRequest, Match: `query parameter "filter" is not declared`,
			Why: "mgmt spec silent: GET /applications declares no filter parameter; PingOne's lists take the SCIM filter parameter (name eq/sw here, as for populations)"},

		// mgmt readAllResources declares no query parameter either; PingOne
		// pages it as every collection.
		{Method: http.MethodGet, PathPattern: "/environments/{environmentID}/resources", Side: SideRequest, Match: `query parameter "limit" is not declared`,
			Why: "mgmt spec silent: GET /resources declares no limit parameter; PingOne collections all take limit"},
		{Method: http.MethodGet, PathPattern: "/environments/{environmentID}/resources", Side: SideRequest, Match: `query parameter "cursor" is not declared`,
			Why: "mgmt spec silent: GET /resources declares no cursor; the cursor comes from the server's own _links.next.href"},

		// mgmt readAllPasswordPolicies declares no query parameter either;
		// the same paging as every collection.
		{Method: http.MethodGet, PathPattern: pwPols, Side: SideRequest, Match: `query parameter "limit" is not declared`,
			Why: "mgmt spec silent: GET /passwordPolicies declares no limit parameter; PingOne collections all take limit"},
		{Method: http.MethodGet, PathPattern: pwPols, Side: SideRequest, Match: `query parameter "cursor" is not declared`,
			Why: "mgmt spec silent: GET /passwordPolicies declares no cursor; the cursor comes from the server's own _links.next.href"},

		// POST certificates: the operation's Content-Type header parameter
		// allows only application/x-pkcs7-certificates, but its requestBody
		// is multipart/form-data (parts file and usageType), which needs a
		// boundary in the Content-Type; PingOne takes the multipart upload.
		{Method: http.MethodPost, PathPattern: "/environments/{environmentID}/certificates", Side: SideRequest,
			Match: `parameter "Content-Type" in header: /: value is not one of the allowed values ["application/x-pkcs7-certificates"]`,
			Why:   "mgmt spec self-contradictory: Content-Type header enum is x-pkcs7-certificates, requestBody declares only multipart/form-data"},

		// mgmt Certificate types serialNumber as an int64, but an X.509
		// serial is a positive integer of up to 20 octets (RFC 5280
		// §4.1.2.2), and most CAs draw 128 random bits: PingOne returns the
		// certificate's serial, which no int64 holds.
		{Side: SideResponse, Match: `serialNumber: integer doesn't match the format "int64"`,
			Why: "mgmt spec wrong: Certificate.serialNumber is int64, an X.509 serial has up to 20 octets (RFC 5280 4.1.2.2)"},

		// PATCH User reuses the User schema, which requires email and
		// username (API-MAP §4): a PATCH is partial by definition.
		{Method: http.MethodPatch, PathPattern: user, Side: SideRequest, Match: `property "email" is missing`,
			Why: "mgmt spec wrong: PATCH User reuses User (required email, username); a partial update cannot require them"},
		{Method: http.MethodPatch, PathPattern: user, Side: SideRequest, Match: `property "username" is missing`,
			Why: "mgmt spec wrong: PATCH User reuses User (required email, username); a partial update cannot require them"},

		// The User schema's descriptions of its optional members (name
		// parts, nickname, title, type, locale, phones, externalId, …) say
		// each "may be explicitly set to null when updating a user to unset
		// it", but none is declared nullable: a PATCH that removes one is
		// refused by the schema PingOne documents it for.
		{Method: http.MethodPatch, PathPattern: user, Side: SideRequest, Match: `Value is not nullable (got null)`,
			Why: "mgmt spec self-contradictory: User members are documented as settable to null to unset them on update, yet declared non-nullable"},

		// PUT password: the operation's own Content-Type header parameter
		// gives application/vnd.pingidentity.password.set+json (and PingOne
		// requires it), but its requestBody lists only application/json. The
		// body schema is a bare "type: object", so nothing else goes unchecked.
		{Method: http.MethodPut, PathPattern: password, Side: SideRequest,
			Match: `Content-Type has unexpected value "application/vnd.pingidentity.password.set+json"`,
			Why:   "mgmt spec self-contradictory: Content-Type header example is vnd.pingidentity.password.set+json, requestBody declares only application/json"},

		// POST User Account: the operation's own content-type header
		// parameter (EnumUserAccountContentTypeHeader) gives the account.lock
		// and account.unlock media types, which PingOne requires ("User
		// Account Lock", "User Account Unlock"), but its requestBody lists
		// only application/json. The unlock sends no body and passes; the
		// lock's optional {"unlockAt": …} is what this excuses.
		{Method: http.MethodPost, PathPattern: user, Side: SideRequest,
			Match: `Content-Type has unexpected value "application/vnd.pingidentity.account.lock+json"`,
			Why:   "mgmt spec self-contradictory: content-type header enum is vnd.pingidentity.account.lock/unlock+json, requestBody declares only application/json"},

		// gc getTotalIdentities declares 200, 400, 401, 403, 429, 500, 502,
		// 503 but not 404, unlike every other environment-scoped gc
		// operation and unlike mgmt's operation on the same path (404
		// P1Error). An unknown environment is a 404 NOT_FOUND elsewhere.
		{Method: http.MethodGet, PathPattern: totalIDs, Status: http.StatusNotFound, Side: SideResponse, Match: "status is not supported",
			Why: "gc spec silent: getTotalIdentities omits 404, which every other environment-scoped operation (and mgmt on this path) declares"},

		// gc components.headers.http.RetryAfter (on every 429 and 503) has
		// the schema oneOf: [{format: int32}, {}]. Both branches accept any
		// value, so "exactly one" can never hold and every Retry-After
		// fails. The intent (API-MAP §2.6) is "int32 seconds, or any other
		// value, e.g. an HTTP date": anyOf. mgmt and mfa declare no
		// Retry-After header, so this only ever matches gc operations.
		{Side: SideResponse, Match: `response header "Retry-After" doesn't match schema`,
			Why: "gc spec wrong: Retry-After schema is oneOf[{format: int32}, {}], whose branches both match every value"},

		// mgmt readAllRoles: _embedded.roles items are oneOf [Role,
		// UserApplicationRoleAssignment, CustomAdminRole] with no
		// discriminator. UserApplicationRoleAssignment requires only id and
		// allows any other member, so every Role (which has an id) matches
		// both branches 0 and 1, and "exactly one" can never hold for a
		// system role. Role's own schema is still checked by GET /roles/{roleID}.
		{Method: http.MethodGet, PathPattern: "/roles", Side: SideResponse,
			Match: `value matches more than one schema from "oneOf" (matches schemas at indices [0 1])`,
			Why:   "mgmt spec wrong: _embedded.roles is oneOf[Role, UserApplicationRoleAssignment, …] whose first two branches both match every role"},

		// MFA devices: the spec's only POST on a user's devices is "SET
		// Device Order" (200); pairing a device is the same POST in plain
		// JSON, which PingOne answers 201 Created with the new device
		// (API-MAP §4, "Pair User MFA Device").
		{Method: http.MethodPost, PathPattern: devices, Status: http.StatusCreated, Side: SideResponse, Match: "status is not supported",
			Why: "mfa spec silent: POST …/devices declares only the reorder's 200; pairing a device answers 201 Created"},
		// As for the password set: the operations' Content-Type header
		// parameters give the vnd types PingOne requires, while their
		// requestBody lists only application/json (bodies are bare objects).
		{Method: http.MethodPost, PathPattern: devices, Side: SideRequest,
			Match: `Content-Type has unexpected value "application/vnd.pingidentity.devices.reorder+json"`,
			Why:   "mfa spec self-contradictory: SET Device Order's Content-Type header is vnd.pingidentity.devices.reorder+json, requestBody declares only application/json"},
		{Method: http.MethodPost, PathPattern: devices + "/{deviceID}", Side: SideRequest,
			Match: `Content-Type has unexpected value "application/vnd.pingidentity.device.activate+json"`,
			Why:   "mfa spec self-contradictory: ACTIVATE MFA User Device's Content-Type header is vnd.pingidentity.device.activate+json, requestBody declares only application/json"},
		// mgmt readAllResources: _embedded.resources items are oneOf
		// [Resource, ResourceApplicationResource] with no discriminator;
		// both require only name and allow any other member, so every
		// resource matches both and "exactly one" never holds. Resource's
		// own schema is still checked by GET /resources/{resourceID}.
		{Method: http.MethodGet, PathPattern: "/environments/{environmentID}/resources", Side: SideResponse,
			Match: `value matches more than one schema from "oneOf" (matches schemas at indices [0 1])`,
			Why:   "mgmt spec wrong: _embedded.resources is oneOf[Resource, ResourceApplicationResource], whose branches both match every resource"},

		// mgmt declares 415 on no operation, yet PingOne answers 415
		// INVALID_REQUEST for a body of the wrong content type (the
		// password.set type on PUT …/password, a non-JSON body anywhere).
		{Status: http.StatusUnsupportedMediaType, Side: SideResponse, Match: "status is not supported",
			Why: "mgmt spec silent: no operation declares 415, which PingOne answers for a wrong request content type"},
	}, append(append(signOnPolicyExceptions(), identityProviderExceptions()...), attributeMappingExceptions()...)...)
}

// attributeMappingExceptions are the spec faults an application's
// attribute mappings run into.
func attributeMappingExceptions() []Exception {
	// mgmt readAllApplicationAttributeMappings: _embedded.attributes items
	// are oneOf [ApplicationAttributeMapping, IdentityProviderAttribute,
	// SchemaAttribute, ResourceAttribute, …] with no discriminator;
	// ResourceAttribute requires name and value and allows any other
	// member, so every mapping matches branches 0 and 3. The mapping's own
	// schema is still checked by GET …/attributes/{attrMappingID}.
	return []Exception{{Method: http.MethodGet, PathPattern: "/environments/{environmentID}/applications/{applicationID}/attributes", Side: SideResponse,
		Match: `value matches more than one schema from "oneOf" (matches schemas at indices [0 3])`,
		Why:   "mgmt spec wrong: _embedded.attributes is oneOf[ApplicationAttributeMapping, …, ResourceAttribute, …], whose branches 0 and 3 both match every mapping"}}
}

// signOnPolicyExceptions are the spec faults the sign-on policy families
// run into.
func signOnPolicyExceptions() []Exception {
	const (
		policies = "/environments/{environmentID}/signOnPolicies"
		actions  = policies + "/{policyID}/actions"
		action   = actions + "/{actionID}"
	)
	// SignOnPolicyAction is oneOf [Login, MFA, IDFirst, IDP, Agreement,
	// ProgressiveProfiling, PingID, PingIDWinLogin] with no discriminator,
	// though type says which; PingID is the bare common schema and Login,
	// MFA and IDFirst require nothing beyond it, so every LOGIN, MFA and
	// IDENTIFIER_FIRST action matches four branches. The action conditions
	// (…ConditionOr_or_inner) are a oneOf of the same kind. The emulator
	// checks each type's required members itself (TestSignOnPolicyActionTypes).
	const why = "mgmt spec wrong: SignOnPolicyAction (and its condition) is a oneOf without discriminator whose branches overlap, so a valid action matches several"
	const several = `matches more than one schema from "oneOf"`
	var out []Exception
	for _, path := range []string{actions, action} {
		for _, side := range []Side{SideRequest, SideResponse} {
			out = append(out, Exception{PathPattern: path, Side: side, Match: several, Why: why})
		}
	}
	// readAllSignOnPolicies declares no query parameter, as readAllApplications.
	for _, q := range []string{"limit", "cursor"} {
		out = append(out, Exception{Method: http.MethodGet, PathPattern: policies, Side: SideRequest, Match: `query parameter "` + q + `" is not declared`,
			Why: "mgmt spec silent: GET /signOnPolicies declares no " + q + " parameter; PingOne pages its collections with limit and the cursor of _links.next"})
	}
	return out
}

// identityProviderExceptions are the spec faults the identity provider
// family runs into.
func identityProviderExceptions() []Exception {
	const (
		idps = "/environments/{environmentID}/identityProviders"
		idp  = idps + "/{providerID}"
	)
	// IdentityProvider is oneOf [Facebook, ClientIDClientSecret, OIDC, Apple,
	// Paypal, Microsoft, SAML] without discriminator: Microsoft is
	// ClientIDClientSecret plus an optional tenantId, and OIDC requires a
	// client id and secret too, so every GOOGLE, GITHUB, … provider matches
	// two branches and an OIDC one three. The emulator checks each type's
	// members itself (validateIdentityProvider).
	const why = "mgmt spec wrong: IdentityProvider is a oneOf without discriminator whose branches overlap (Microsoft extends ClientIDClientSecret), so a valid provider matches several"
	const several = `matches more than one schema from "oneOf"`
	var out []Exception
	for _, path := range []string{idps, idp} {
		for _, side := range []Side{SideRequest, SideResponse} {
			out = append(out, Exception{PathPattern: path, Side: side, Match: several, Why: why})
		}
	}
	for _, q := range []string{"limit", "cursor"} {
		out = append(out, Exception{Method: http.MethodGet, PathPattern: idps, Side: SideRequest, Match: `query parameter "` + q + `" is not declared`,
			Why: "mgmt spec silent: GET /identityProviders declares no " + q + " parameter; PingOne pages its collections with limit and the cursor of _links.next"})
	}
	// API-MAP §4: createIdentityProvider declares 200, where PingOne (as
	// for every other create) answers 201 Created with a Location.
	out = append(out, Exception{Method: http.MethodPost, PathPattern: idps, Status: http.StatusCreated, Side: SideResponse,
		Match: "status is not supported", Why: "mgmt spec wrong: POST /identityProviders declares 200; PingOne answers a create with 201 Created"})
	return out
}
