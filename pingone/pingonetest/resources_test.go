package pingonetest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const unknownID = "00000000-0000-4000-8000-000000000000"

// crudFixture is how the conformance table exercises one declared resource.
type crudFixture struct {
	coll     string               // the collection's path below /v1
	create   map[string]any       // a valid create body (for resources that serve create)
	replace  map[string]any       // a valid replace body (for resources that serve replace)
	existing string               // the id of a seeded item, for resources without create
	gone     string               // a member the create body sets and the replace body omits: a full replace drops it
	upload   func(c *client) resp // a create that takes no JSON (certificates' multipart upload), answered 202
	filter   string               // a filter selecting the created (or existing) item, for filterable resources
	// scope is a filter every list needs (activities' time range), joined
	// by and with the others; seeded finds a seeded item and a filter
	// selecting it, for a resource without create whose ids are not in Demo.
	scope  string
	seeded func(c *client, scope string) (id, filter string)
}

func crudFixtures() map[string]crudFixture {
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	lic := map[string]any{"id": dm.LicenseID}
	saml := map[string]any{"name": "SP", "enabled": true, "protocol": "SAML", "type": "WEB_APP", "spEntityId": "urn:conformance", "acsUrls": []any{"https://sp.example.com/acs"}, "assertionDuration": 60}
	samlNamed := copyDoc(saml)
	samlNamed["description"] = "made by the table"
	return map[string]crudFixture{
		keyEnvironments: {
			coll:    "/environments",
			create:  map[string]any{"name": "Conformance", "region": "EU", "type": "SANDBOX", "license": lic, "description": "made by the table"},
			replace: map[string]any{"name": "Conformance 2", "region": "EU", "type": "SANDBOX"},
			filter:  `name eq "conformance"`,
			gone:    "description",
		},
		keyPopulations: {
			coll:    env(sb, "populations"),
			create:  map[string]any{"name": "Conformance", "description": "made by the table"},
			replace: map[string]any{"name": "Conformance 2"},
			filter:  `name eq "conformance"`,
			gone:    "description",
		},
		keyUsers: {
			coll:    env(sb, "users"),
			create:  map[string]any{"username": "conformance", "email": "conformance@example.com", "title": "Tester"},
			replace: map[string]any{"username": "conformance2", "email": "conformance2@example.com"},
			filter:  `username eq "conformance"`,
			gone:    "title",
		},
		keyGroups: {
			coll:    env(sb, "groups"),
			create:  map[string]any{"name": "Conformance", "customData": map[string]any{"a": 1}},
			replace: map[string]any{"name": "Conformance 2"},
			filter:  `name eq "conformance"`,
			gone:    "customData",
		},
		keyApplications: {
			coll:    env(sb, "applications"),
			create:  samlNamed,
			replace: saml,
			filter:  `name eq "sp"`,
			gone:    "description",
		},
		keyResources: {
			coll:    env(sb, "resources"),
			create:  map[string]any{"name": "Conformance", "description": "made by the table", "audience": "https://conformance.example.com"},
			replace: map[string]any{"name": "Conformance 2"},
			gone:    "description",
		},
		keyRoles: {coll: "/roles", existing: dm.RoleIDs["Help Desk Admin"]},
		keyRoleAssignments: {
			coll:   env(sb, "users", dm.SandboxUserID, "roleAssignments"),
			create: map[string]any{"role": map[string]any{"id": dm.RoleIDs["Help Desk Admin"]}, "scope": map[string]any{"id": sb, "type": "ENVIRONMENT"}},
		},
		keyDevices: {
			coll:   env(sb, "users", dm.SandboxMFAUserID, "devices"),
			create: map[string]any{"type": "SMS", "phone": "+15550109999", "nickname": "Conformance"},
		},
		keyGroupRoleAssignments: {
			coll:   env(sb, "groups", dm.SandboxHelpDeskGroupID, "roleAssignments"),
			create: map[string]any{"role": map[string]any{"id": dm.RoleIDs["Help Desk Admin"]}, "scope": map[string]any{"id": sb, "type": "ENVIRONMENT"}},
		},
		keyGroupNestings: {
			coll:   env(sb, "groups", dm.SandboxEngineeringGroupID, "memberOfGroups"),
			create: map[string]any{"id": dm.SandboxEmptyGroupID},
		},
		keyCertificates: {
			coll: env(sb, "certificates"),
			upload: func(c *client) resp {
				return c.upload(env(sb, "certificates"), "ENCRYPTION", []byte(DemoCertificatePEM))
			},
		},
		keyPasswordPolicies: {
			coll: env(sb, "passwordPolicies"),
			create: map[string]any{"name": "Conformance", "description": "made by the table", "excludesCommonlyUsed": true,
				"excludesProfileData": false, "notSimilarToCurrent": false, "length": map[string]any{"min": 10, "max": 64}},
			replace: map[string]any{"name": "Conformance 2", "excludesCommonlyUsed": false, "excludesProfileData": false, "notSimilarToCurrent": false},
			gone:    "description",
		},
		keyGroupMemberships: {
			coll:   env(sb, "users", dm.SandboxUserID, "memberOfGroups"),
			create: map[string]any{"id": dm.SandboxHelpDeskGroupID},
			filter: `name eq "help desk"`,
		},
		keyIdentityProviders: {
			coll: env(sb, "identityProviders"),
			create: map[string]any{"name": "Conformance", "enabled": true, "type": "GOOGLE", "clientId": "c", "clientSecret": "s",
				"description": "made by the table"},
			replace: map[string]any{"name": "Conformance 2", "enabled": false, "type": "GOOGLE", "clientId": "c", "clientSecret": "s"},
			gone:    "description",
		},
		keySignOnPolicies: {
			coll:    env(sb, "signOnPolicies"),
			create:  map[string]any{"name": "Conformance", "description": "made by the table"},
			replace: map[string]any{"name": "Conformance_2"},
			gone:    "description",
		},
		keySignOnPolicyActions: {
			coll:    env(sb, "signOnPolicies", dm.SandboxMultiFactorPolicyID, "actions"),
			create:  map[string]any{"type": "LOGIN", "priority": 5, "condition": map[string]any{"ipRange": []any{"10.0.0.0/8"}, "contains": "${flow.request.http.remoteIp}"}},
			replace: map[string]any{"type": "LOGIN", "priority": 6},
			gone:    "condition",
		},
		keyCustomRoles: {
			coll: env(sb, "roles"),
			create: map[string]any{"name": "Conformance", "description": "made by the table", "applicableTo": []any{"ENVIRONMENT"},
				"permissions": []any{map[string]any{"id": "identity:read:user"}}, "canBeAssignedBy": []any{map[string]any{"id": dm.RoleIDs["Environment Admin"]}}},
			replace: map[string]any{"name": "Conformance 2",
				"permissions": []any{map[string]any{"id": "identity:read:group"}}, "canBeAssignedBy": []any{map[string]any{"id": dm.RoleIDs["Environment Admin"]}}},
			filter: `name eq "conformance"`,
			gone:   "description",
		},
		keyApplicationRoleAssignments: {
			coll:   env(sb, "applications", dm.SandboxWorkerAppID, "roleAssignments"),
			create: map[string]any{"role": map[string]any{"id": dm.RoleIDs["Help Desk Admin"]}, "scope": map[string]any{"id": sb, "type": "ENVIRONMENT"}},
		},
		keyActivities: {
			coll:  env(sb, "activities"),
			scope: `recordedAt gt "2000-01-01T00:00:00Z" and recordedAt lt "2100-01-01T00:00:00Z"`,
			seeded: func(c *client, scope string) (string, string) {
				first := c.get(env(sb, "activities") + "?limit=1&filter=" + q(scope)).items(keyActivities)[0]
				return str(first, "id"), `correlationId eq "` + str(first, "correlationId") + `"`
			},
		},
		keySessions: {
			coll: env(sb, "users", dm.SandboxUserID, "sessions"),
			seeded: func(c *client, _ string) (string, string) {
				require.NoError(c.t, c.s.SignOn(sb, "jdoe", "Demo-Passw0rd!"))
				return str(c.get(env(sb, "users", dm.SandboxUserID, "sessions")).items(keySessions)[0], "id"), ""
			},
		},
		keyIdentityProviderAttributes: {
			coll:    env(sb, "identityProviders", dm.SandboxOIDCIdPID, "attributes"),
			create:  map[string]any{"name": "name.given", "value": "${providerAttributes.given_name}", "update": "ALWAYS", "mappingType": "CUSTOM"},
			replace: map[string]any{"name": "name.given", "value": "${providerAttributes.first_name}", "update": "EMPTY_ONLY"},
			gone:    "",
		},
		keyDeviceAuthenticationPolicies: {
			coll: env(sb, "deviceAuthenticationPolicies"),
			create: dapBody("Conformance", map[string]any{"ignoreUserLock": true, "authentication": map[string]any{"deviceSelection": "PROMPT_TO_SELECT"},
				"newDeviceNotification": "EMAIL_THEN_SMS", "mobile.otp.window": map[string]any{"stepSize": map[string]any{"duration": 30, "timeUnit": "SECONDS"}},
				"fido2":               map[string]any{"enabled": true, "pairingDisabled": false, "promptForNicknameOnPairing": true, "fido2PolicyId": unknownID},
				"rememberMe":          map[string]any{"web": map[string]any{"enabled": true, "lifeTime": map[string]any{"duration": 8, "timeUnit": "HOURS"}}},
				"notificationsPolicy": map[string]any{"id": unknownID}, "sms.otp.otpLength": 8, "sms.pairingDisabled": false,
				"sms.promptForNicknameOnPairing": true, "voice.pairingDisabled": true, "voice.promptForNicknameOnPairing": false,
				"email.pairingDisabled": false, "email.promptForNicknameOnPairing": true, "voice.otp.otpLength": 6, "email.otp.otpLength": 10,
				"mobile.pairingDisabled": false, "mobile.promptForNicknameOnPairing": true, "totp.pairingDisabled": false,
				"totp.promptForNicknameOnPairing": true, "totp.passcodeGracePeriod": 3, "totp.uriParameters": map[string]any{"issuer": "p1kit"}}),
			replace: dapBody("Conformance 2", nil),
			gone:    "ignoreUserLock",
		},
		keySignOnPolicyAssignments: {
			coll:    env(sb, "applications", dm.SandboxWebAppID, "signOnPolicyAssignments"),
			create:  map[string]any{"signOnPolicy": map[string]any{"id": dm.SandboxSingleFactorPolicyID}, "priority": 2},
			replace: map[string]any{"signOnPolicy": map[string]any{"id": dm.SandboxSingleFactorPolicyID}, "priority": 3},
		},
		keyScopes: {
			coll:    env(sb, "resources", dm.SandboxPayrollResourceID, "scopes"),
			create:  map[string]any{"name": "payroll:approve", "description": "made by the table"},
			replace: map[string]any{"name": "payroll:approve2"},
			gone:    "description",
		},
		keyGrants: {
			coll: env(sb, "applications", dm.SandboxWorkerAppID, "grants"),
			create: map[string]any{"resource": map[string]any{"id": dm.SandboxPayrollResourceID},
				"scopes": []any{map[string]any{"id": dm.SandboxScopeIDs["Payroll API/payroll:read"]}}},
			replace: map[string]any{"resource": map[string]any{"id": dm.SandboxPayrollResourceID},
				"scopes": []any{map[string]any{"id": dm.SandboxScopeIDs["Payroll API/payroll:write"]}}},
		},
		keyApplicationAttributes: {
			coll:    env(sb, "applications", dm.SandboxWebAppID, "attributes"),
			create:  map[string]any{"name": "department", "value": "${user.department}", "required": false, "nameFormat": "basic"},
			replace: map[string]any{"name": "department2", "value": "${user.title}", "required": true},
			gone:    "nameFormat",
		},
	}
}

// TestConformance runs list (page, cursor, filter), get (and 404), create
// (and a clash on every unique member), full-replace PUT (keeping unknown
// members and createdAt) and delete (and delete again) on every declared
// resource, each through its own emulator.
func TestConformance(t *testing.T) {
	t.Parallel()
	fixtures := crudFixtures()
	for _, r := range registry {
		t.Run(r.key, func(t *testing.T) {
			t.Parallel()
			fx, ok := fixtures[r.key]
			require.True(t, ok, "resource %s is declared but has no conformance fixture", r.key)
			c := newClient(t)

			id := fx.existing
			if fx.seeded != nil {
				id, fx.filter = fx.seeded(c, fx.scope)
			}
			scoped := func(path, filter string) string { // path?…filter=…, with the scope
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				switch {
				case fx.scope == "" && filter == "":
					return path
				case fx.scope == "":
				case filter == "":
					filter = fx.scope
				default:
					filter = fx.scope + " and (" + filter + ")"
				}
				return path + sep + "filter=" + q(filter)
			}
			var made resp
			if r.verbs&vCreate != 0 {
				if fx.upload != nil {
					made = fx.upload(c)
					require.Equal(t, http.StatusAccepted, made.Status, string(made.Raw))
				} else {
					require.NotNil(t, fx.create, "%s serves create: give a create body", r.key)
					made = c.do(http.MethodPost, fx.coll, fx.create)
					require.Equal(t, http.StatusCreated, made.Status, string(made.Raw))
				}
				id = made.str("id")
				assert.Equal(t, c.s.APIURL()+fx.coll+"/"+id, made.Header.Get("Location"))
				assert.Equal(t, made.Header.Get("Location"), made.str("_links.self.href"))
				if r.sets("createdAt") {
					assert.NotEmpty(t, made.str("createdAt"))
				}
				for _, m := range r.readOnly {
					if _, sent := lookup(fx.create, m); sent {
						t.Errorf("fixture sends read-only member %s", m)
					}
				}
				for _, u := range r.unique {
					v := str(fx.create, u.member)
					require.NotEmpty(t, v, "the create body must hold the unique member %s", u.member)
					clash := copyDoc(fx.create)
					if u.foldCase {
						setPath(clash, u.member, strings.ToUpper(v))
					}
					r := c.do(http.MethodPost, fx.coll, clash)
					require.Equal(t, http.StatusBadRequest, r.Status, string(r.Raw))
					d := r.Body["details"].([]any)[0].(map[string]any)
					assert.Equal(t, detailUniqueness, d["code"])
					assert.Equal(t, u.member, d["target"])
					assert.Equal(t, id, str(d, "innerError.existingId"))
				}
			}
			require.NotEmpty(t, id)
			item := fx.coll + "/" + id

			// the declared members: required, typed, enumerated
			if r.verbs&vCreate != 0 {
				for _, m := range r.members {
					bad := map[memberKind]any{mString: 42, mBool: "yes", mRef: "x", mStrings: "x", mObject: "x", mInt: 1.5}[m.kind]
					cases := map[string]map[string]any{"wrong type": withMember(fx.create, m.path, bad)}
					if m.required {
						cases["missing"] = withMember(fx.create, m.path, nil)
					}
					if m.enum != nil {
						cases["not allowed"] = withMember(fx.create, m.path, "NOT_ALLOWED")
					}
					for what, body := range cases {
						r := c.do(http.MethodPost, fx.coll, body)
						require.Equal(t, http.StatusBadRequest, r.Status, "%s %s: %s", m.path, what, r.Raw)
						want := detailInvalidValue
						if what == "missing" {
							want = detailRequired
						}
						assert.Contains(t, detailPairs(r), want+" "+m.path, "%s %s", m.path, what)
					}
				}
			}

			// get, and 404
			got := c.get(item)
			require.Equal(t, http.StatusOK, got.Status, string(got.Raw))
			assert.Equal(t, id, got.str("id"))
			if made.Body != nil {
				assert.Equal(t, made.Body, got.Body, "GET returns what the create answered")
			}
			r404 := c.get(fx.coll + "/" + unknownID)
			assert.Equal(t, http.StatusNotFound, r404.Status)
			assert.Equal(t, codeNotFound, r404.str("code"))

			// list: one page at a time, following the cursor
			all := c.get(scoped(fx.coll, ""))
			require.Equal(t, http.StatusOK, all.Status, string(all.Raw))
			n := len(all.items(r.halKey()))
			assert.Equal(t, float64(n), all.Body["count"])
			assert.Contains(t, ids(all.items(r.halKey())), id)
			if r.maxLimit > 0 {
				walked, pages := c.walk(scoped(fx.coll+"?limit=1", ""), r.halKey())
				assert.Equal(t, ids(all.items(r.halKey())), ids(walked))
				assert.Equal(t, n, pages)
				assert.Equal(t, []string{detailOutOfRange}, c.get(scoped(fx.coll+"?limit="+strconv.Itoa(r.maxLimit+1), "")).detailCodes())
			} else {
				assert.Nil(t, all.Body["_links"].(map[string]any)["next"], "served in one page")
			}
			switch {
			case r.filter != nil:
				require.NotEmpty(t, fx.filter, "%s is filterable: give a filter selecting the item", r.key)
				f := c.get(scoped(fx.coll, fx.filter))
				require.Equal(t, http.StatusOK, f.Status, string(f.Raw))
				assert.Equal(t, []string{id}, ids(f.items(r.halKey())))
				assert.Equal(t, []string{detailInvalidFilter}, c.get(scoped(fx.coll, `nosuchattribute eq "x"`)).detailCodes())
			case r.maxLimit > 0:
				assert.Equal(t, []string{detailInvalidFilter}, c.get(fx.coll+"?filter="+q(`name eq "x"`)).detailCodes())
			}

			// full replace keeps unknown members and createdAt
			if r.verbs&vReplace != 0 {
				require.NotNil(t, fx.replace, "%s serves replace: give a replace body", r.key)
				body := copyDoc(fx.replace)
				body["p1kitUnknownMember"] = map[string]any{"kept": true}
				put := c.do(http.MethodPut, item, body)
				require.Equal(t, http.StatusOK, put.Status, string(put.Raw))
				assert.Equal(t, true, put.Body["p1kitUnknownMember"].(map[string]any)["kept"])
				if fx.gone != "" {
					require.NotNil(t, made.Body[fx.gone], "the create body sets %s", fx.gone)
					assert.Nil(t, put.Body[fx.gone], "a full replace drops %s", fx.gone)
				}
				assert.Equal(t, id, put.str("id"))
				if r.sets("createdAt") {
					assert.Equal(t, made.str("createdAt"), put.str("createdAt"))
				}
				assert.Equal(t, put.Body, c.get(item).Body)
				assert.Equal(t, http.StatusNotFound, c.do(http.MethodPut, fx.coll+"/"+unknownID, fx.replace).Status)
			} else {
				assert.Equal(t, http.StatusMethodNotAllowed, c.do(http.MethodPut, item, map[string]any{}).Status)
			}

			// delete, and delete again
			if r.verbs&vDelete != 0 {
				require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, item, nil).Status)
				assert.Equal(t, http.StatusNotFound, c.get(item).Status)
				assert.Equal(t, http.StatusNotFound, c.do(http.MethodDelete, item, nil).Status)
			} else {
				assert.Equal(t, http.StatusMethodNotAllowed, c.do(http.MethodDelete, item, nil).Status)
			}
		})
	}
}

// refFixture makes a target and an object referring to it through one
// declared reference, and returns both paths below /v1.
type refFixture func(c *client) (target, referrer string)

func refFixtures() map[string]refFixture {
	dm := Demo()
	sb := dm.SandboxEnvironmentID
	admin := dm.AdminEnvironmentID
	newEnv := func(c *client) string {
		return c.mk("/environments", map[string]any{"name": "Doomed", "region": "EU", "type": "SANDBOX", "license": map[string]any{"id": dm.LicenseID}})
	}
	newUser := func(c *client, envID string) string {
		return c.mk(env(envID, "users"), map[string]any{"username": "referrer", "email": "referrer@example.com"})
	}
	grant := func(c *client, role, typ, scope string) string {
		return env(admin, "users", dm.AdminUserID, "roleAssignments", c.mk(env(admin, "users", dm.AdminUserID, "roleAssignments"),
			map[string]any{"role": map[string]any{"id": dm.RoleIDs[role]}, "scope": map[string]any{"id": scope, "type": typ}}))
	}
	groupGrant := func(c *client, group, role, typ, scope string) string {
		coll := env(sb, "groups", group, "roleAssignments")
		return env(sb, "groups", group, "roleAssignments", c.mk(coll, map[string]any{"role": map[string]any{"id": dm.RoleIDs[role]}, "scope": map[string]any{"id": scope, "type": typ}}))
	}
	appGrant := func(c *client, app, role, typ, scope string) string {
		coll := env(sb, "applications", app, "roleAssignments")
		return coll + "/" + c.mk(coll, map[string]any{"role": map[string]any{"id": dm.RoleIDs[role]}, "scope": map[string]any{"id": scope, "type": typ}})
	}
	customGrant := func(role, scope string) map[string]any {
		return map[string]any{"role": map[string]any{"id": role}, "scope": map[string]any{"id": scope, "type": "ENVIRONMENT"}}
	}
	inNewEnv := func(coll string, body map[string]any) refFixture {
		return func(c *client) (string, string) {
			e := newEnv(c)
			return "/environments/" + e, env(e, coll, c.mk(env(e, coll), body))
		}
	}
	return map[string]refFixture{
		"populations environments": inNewEnv("populations", map[string]any{"name": "Inside"}),
		"users environments":       inNewEnv("users", map[string]any{"username": "inside", "email": "inside@example.com"}),
		"groups environments":      inNewEnv("groups", map[string]any{"name": "Inside"}),
		"applications environments": inNewEnv("applications", map[string]any{"name": "Inside", "enabled": true, "protocol": "OPENID_CONNECT",
			"type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"}),
		"resources environments": inNewEnv("resources", map[string]any{"name": "Inside"}),
		"users population.id populations": func(c *client) (string, string) {
			p := c.mk(env(sb, "populations"), map[string]any{"name": "Held"})
			return env(sb, "populations", p), env(sb, "users", c.mk(env(sb, "users"),
				map[string]any{"username": "held", "email": "held@example.com", "population": map[string]any{"id": p}}))
		},
		"groups population.id populations": func(c *client) (string, string) {
			p := c.mk(env(sb, "populations"), map[string]any{"name": "Held"})
			return env(sb, "populations", p), env(sb, "groups", c.mk(env(sb, "groups"), map[string]any{"name": "Held", "population": map[string]any{"id": p}}))
		},
		"roleAssignments users": func(c *client) (string, string) {
			u := newUser(c, sb)
			return env(sb, "users", u), env(sb, "users", u, "roleAssignments", c.mk(env(sb, "users", u, "roleAssignments"),
				map[string]any{"role": map[string]any{"id": dm.RoleIDs["Help Desk Admin"]}, "scope": map[string]any{"id": sb, "type": "ENVIRONMENT"}}))
		},
		"roleAssignments role.id roles": func(c *client) (string, string) {
			return "/roles/" + dm.RoleIDs["Help Desk Admin"], grant(c, "Help Desk Admin", "ENVIRONMENT", sb)
		},
		"roleAssignments scope.id scope.type=ENVIRONMENT environments": func(c *client) (string, string) {
			e := newEnv(c)
			return "/environments/" + e, grant(c, "Environment Admin", "ENVIRONMENT", e)
		},
		"roleAssignments scope.id scope.type=POPULATION populations": func(c *client) (string, string) {
			p := c.mk(env(sb, "populations"), map[string]any{"name": "Scoped"})
			return env(sb, "populations", p), grant(c, "Identity Data Admin", "POPULATION", p)
		},
		"roleAssignments scope.id scope.type=APPLICATION applications": func(c *client) (string, string) {
			a := c.mk(env(sb, "applications"), map[string]any{"name": "Scoped", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
			return env(sb, "applications", a), grant(c, "Application Owner", "APPLICATION", a)
		},
		"groupRoleAssignments groups": func(c *client) (string, string) {
			g := c.mk(env(sb, "groups"), map[string]any{"name": "Granted"})
			return env(sb, "groups", g), groupGrant(c, g, "Help Desk Admin", "ENVIRONMENT", sb)
		},
		"groupRoleAssignments role.id roles": func(c *client) (string, string) {
			return "/roles/" + dm.RoleIDs["Help Desk Admin"], groupGrant(c, dm.SandboxHelpDeskGroupID, "Help Desk Admin", "ENVIRONMENT", sb)
		},
		"groupRoleAssignments scope.id scope.type=ENVIRONMENT environments": func(c *client) (string, string) {
			e := newEnv(c)
			return "/environments/" + e, groupGrant(c, dm.SandboxHelpDeskGroupID, "Identity Data Admin", "ENVIRONMENT", e)
		},
		"groupRoleAssignments scope.id scope.type=POPULATION populations": func(c *client) (string, string) {
			p := c.mk(env(sb, "populations"), map[string]any{"name": "Scoped"})
			return env(sb, "populations", p), groupGrant(c, dm.SandboxHelpDeskGroupID, "Identity Data Admin", "POPULATION", p)
		},
		"groupRoleAssignments scope.id scope.type=APPLICATION applications": func(c *client) (string, string) {
			a := c.mk(env(sb, "applications"), map[string]any{"name": "Scoped", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
			return env(sb, "applications", a), groupGrant(c, dm.SandboxHelpDeskGroupID, "Application Owner", "APPLICATION", a)
		},
		"devices users": func(c *client) (string, string) {
			return env(sb, "users", dm.SandboxMFAUserID), env(sb, "users", dm.SandboxMFAUserID, "devices", dm.SandboxMFADeviceIDs[0])
		},
		"sessions users": func(c *client) (string, string) {
			u := c.mk(env(sb, "users"), map[string]any{"username": "sessioned", "email": "sessioned@example.com",
				"password": map[string]any{"value": "Sess-Passw0rd!1"}})
			require.NoError(c.t, c.s.SignOn(sb, "sessioned", "Sess-Passw0rd!1"))
			return env(sb, "users", u), env(sb, "users", u, "sessions", str(c.get(env(sb, "users", u, "sessions")).items(keySessions)[0], "id"))
		},
		"groupMemberships users": func(c *client) (string, string) {
			u := newUser(c, sb)
			return env(sb, "users", u), env(sb, "users", u, "memberOfGroups", c.mk(env(sb, "users", u, "memberOfGroups"), map[string]any{"id": dm.SandboxHelpDeskGroupID}))
		},
		"identityProviders environments": inNewEnv("identityProviders", map[string]any{"name": "Inside", "enabled": true, "type": "GITHUB",
			"clientId": "c", "clientSecret": "s"}),
		"actions identityProvider.id type=IDENTITY_PROVIDER identityProviders": func(c *client) (string, string) {
			idp := c.mk(env(sb, "identityProviders"), map[string]any{"name": "Used", "enabled": true, "type": "AMAZON", "clientId": "c", "clientSecret": "s"})
			p := c.mk(env(sb, "signOnPolicies"), map[string]any{"name": "Federated"})
			coll := env(sb, "signOnPolicies", p, "actions")
			return env(sb, "identityProviders", idp), coll + "/" + c.mk(coll, map[string]any{"type": "IDENTITY_PROVIDER", "priority": 1,
				"identityProvider": map[string]any{"id": idp}})
		},
		"signOnPolicies environments": inNewEnv("signOnPolicies", map[string]any{"name": "Inside"}),
		"actions signOnPolicies": func(c *client) (string, string) {
			p := c.mk(env(sb, "signOnPolicies"), map[string]any{"name": "Doomed"})
			return env(sb, "signOnPolicies", p), env(sb, "signOnPolicies", p, "actions", c.mk(env(sb, "signOnPolicies", p, "actions"), map[string]any{"type": "LOGIN", "priority": 1}))
		},
		"signOnPolicyAssignments applications": func(c *client) (string, string) {
			a := c.mk(env(sb, "applications"), map[string]any{"name": "Assigned", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
			coll := env(sb, "applications", a, "signOnPolicyAssignments")
			return env(sb, "applications", a), coll + "/" + c.mk(coll, map[string]any{"signOnPolicy": map[string]any{"id": dm.SandboxSingleFactorPolicyID}, "priority": 1})
		},
		"signOnPolicyAssignments signOnPolicy.id signOnPolicies": func(c *client) (string, string) {
			p := c.mk(env(sb, "signOnPolicies"), map[string]any{"name": "In use"})
			coll := env(sb, "applications", dm.SandboxWebAppID, "signOnPolicyAssignments")
			return env(sb, "signOnPolicies", p), coll + "/" + c.mk(coll, map[string]any{"signOnPolicy": map[string]any{"id": p}, "priority": 2})
		},
		"groupNestings groups": func(c *client) (string, string) {
			g := c.mk(env(sb, "groups"), map[string]any{"name": "Nested"})
			return env(sb, "groups", g), env(sb, "groups", g, "memberOfGroups", c.mk(env(sb, "groups", g, "memberOfGroups"), map[string]any{"id": dm.SandboxAdminsGroupID}))
		},
		"groupNestings id groups": func(c *client) (string, string) {
			g := c.mk(env(sb, "groups"), map[string]any{"name": "Outer"})
			return env(sb, "groups", g), env(sb, "groups", dm.SandboxHelpDeskGroupID, "memberOfGroups", c.mk(env(sb, "groups", dm.SandboxHelpDeskGroupID, "memberOfGroups"), map[string]any{"id": g}))
		},
		"certificates environments": func(c *client) (string, string) {
			e := newEnv(c)
			r := c.upload(env(e, "certificates"), "SIGNING", []byte(DemoCertificatePEM))
			require.Equal(c.t, http.StatusAccepted, r.Status, string(r.Raw))
			return "/environments/" + e, env(e, "certificates", r.str("id"))
		},
		"passwordPolicies environments": inNewEnv("passwordPolicies", map[string]any{"name": "Inside",
			"excludesCommonlyUsed": true, "excludesProfileData": true, "notSimilarToCurrent": true}),
		"populations passwordPolicy.id passwordPolicies": func(c *client) (string, string) {
			pp := c.mk(env(sb, "passwordPolicies"), map[string]any{"name": "Held", "excludesCommonlyUsed": true, "excludesProfileData": true, "notSimilarToCurrent": true})
			return env(sb, "passwordPolicies", pp), env(sb, "populations", c.mk(env(sb, "populations"),
				map[string]any{"name": "Held", "passwordPolicy": map[string]any{"id": pp}}))
		},
		"scopes resources": func(c *client) (string, string) {
			r := c.mk(env(sb, "resources"), map[string]any{"name": "Doomed"})
			return env(sb, "resources", r), env(sb, "resources", r, "scopes", c.mk(env(sb, "resources", r, "scopes"), map[string]any{"name": "doomed:read"}))
		},
		"grants applications": func(c *client) (string, string) {
			a := c.mk(env(sb, "applications"), map[string]any{"name": "Granted", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
			coll := env(sb, "applications", a, "grants")
			return env(sb, "applications", a), coll + "/" + c.mk(coll, map[string]any{"resource": map[string]any{"id": dm.SandboxPayrollResourceID},
				"scopes": []any{map[string]any{"id": dm.SandboxScopeIDs["Payroll API/payroll:read"]}}})
		},
		"grants resource.id resources": func(c *client) (string, string) {
			r := c.mk(env(sb, "resources"), map[string]any{"name": "Granted"})
			sc := c.mk(env(sb, "resources", r, "scopes"), map[string]any{"name": "granted:read"})
			coll := env(sb, "applications", dm.SandboxWorkerAppID, "grants")
			return env(sb, "resources", r), coll + "/" + c.mk(coll, map[string]any{"resource": map[string]any{"id": r}, "scopes": []any{map[string]any{"id": sc}}})
		},
		"grants scopes.id scopes": func(c *client) (string, string) {
			sc := c.mk(env(sb, "resources", dm.SandboxPayrollResourceID, "scopes"), map[string]any{"name": "payroll:audit"})
			coll := env(sb, "applications", dm.SandboxWorkerAppID, "grants")
			return env(sb, "resources", dm.SandboxPayrollResourceID, "scopes", sc), coll + "/" + c.mk(coll, map[string]any{
				"resource": map[string]any{"id": dm.SandboxPayrollResourceID}, "scopes": []any{map[string]any{"id": sc}}})
		},
		"applicationAttributes applications": func(c *client) (string, string) {
			a := c.mk(env(sb, "applications"), map[string]any{"name": "Mapped", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
			coll := env(sb, "applications", a, "attributes")
			return env(sb, "applications", a), coll + "/" + c.mk(coll, map[string]any{"name": "title", "value": "${user.title}", "required": false})
		},
		"customRoles environments": inNewEnv("roles", map[string]any{"name": "Inside",
			"permissions": []any{map[string]any{"id": "identity:read:user"}}, "canBeAssignedBy": []any{map[string]any{"id": dm.RoleIDs["Environment Admin"]}}}),
		"roleAssignments role.id customRoles": func(c *client) (string, string) {
			coll := env(sb, "users", dm.SandboxUserID, "roleAssignments")
			return env(sb, "roles", dm.SandboxAuditorRoleID), coll + "/" + c.mk(coll, customGrant(dm.SandboxAuditorRoleID, sb))
		},
		"groupRoleAssignments role.id customRoles": func(c *client) (string, string) {
			coll := env(sb, "groups", dm.SandboxHelpDeskGroupID, "roleAssignments")
			return env(sb, "roles", dm.SandboxAuditorRoleID), coll + "/" + c.mk(coll, customGrant(dm.SandboxAuditorRoleID, sb))
		},
		"applicationRoleAssignments applications": func(c *client) (string, string) {
			a := c.mk(env(sb, "applications"), map[string]any{"name": "Granted", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
			return env(sb, "applications", a), appGrant(c, a, "Help Desk Admin", "ENVIRONMENT", sb)
		},
		"applicationRoleAssignments role.id roles": func(c *client) (string, string) {
			return "/roles/" + dm.RoleIDs["Help Desk Admin"], appGrant(c, dm.SandboxWorkerAppID, "Help Desk Admin", "ENVIRONMENT", sb)
		},
		"applicationRoleAssignments role.id customRoles": func(c *client) (string, string) {
			coll := env(sb, "applications", dm.SandboxWorkerAppID, "roleAssignments")
			return env(sb, "roles", dm.SandboxAuditorRoleID), coll + "/" + c.mk(coll, customGrant(dm.SandboxAuditorRoleID, sb))
		},
		"applicationRoleAssignments scope.id scope.type=ENVIRONMENT environments": func(c *client) (string, string) {
			e := newEnv(c)
			return "/environments/" + e, appGrant(c, dm.SandboxWorkerAppID, "Identity Data Admin", "ENVIRONMENT", e)
		},
		"applicationRoleAssignments scope.id scope.type=POPULATION populations": func(c *client) (string, string) {
			p := c.mk(env(sb, "populations"), map[string]any{"name": "Scoped"})
			return env(sb, "populations", p), appGrant(c, dm.SandboxWorkerAppID, "Identity Data Admin", "POPULATION", p)
		},
		"applicationRoleAssignments scope.id scope.type=APPLICATION applications": func(c *client) (string, string) {
			a := c.mk(env(sb, "applications"), map[string]any{"name": "Scoped", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
			return env(sb, "applications", a), appGrant(c, dm.SandboxWorkerAppID, "Application Owner", "APPLICATION", a)
		},
		"activities environments": func(c *client) (string, string) {
			e := newEnv(c) // recorded in the new environment: ENVIRONMENT.CREATED
			acts := c.get(env(e, "activities") + "?filter=" + q(`recordedAt gt "2000-01-01T00:00:00Z" and recordedAt lt "2100-01-01T00:00:00Z"`)).items(keyActivities)
			require.Len(c.t, acts, 1)
			return "/environments/" + e, env(e, "activities", str(acts[0], "id"))
		},
		"identityProviderAttributes identityProviders": func(c *client) (string, string) {
			idp := c.mk(env(sb, "identityProviders"), map[string]any{"name": "Mapped", "enabled": true, "type": "YAHOO", "clientId": "c", "clientSecret": "s"})
			coll := env(sb, "identityProviders", idp, "attributes")
			return env(sb, "identityProviders", idp), coll + "/" + c.mk(coll, map[string]any{"name": "nickname", "value": "${providerAttributes.nickname}", "update": "ALWAYS"})
		},
		"populations defaultIdentityProvider.id identityProviders": func(c *client) (string, string) {
			idp := c.mk(env(sb, "identityProviders"), map[string]any{"name": "Default", "enabled": true, "type": "AMAZON", "clientId": "c", "clientSecret": "s"})
			p := c.mk(env(sb, "populations"), map[string]any{"name": "Federated"})
			r := c.do(http.MethodPut, env(sb, "populations", p, "defaultIdentityProvider"), map[string]any{"id": idp})
			require.Equal(c.t, http.StatusOK, r.Status, string(r.Raw))
			return env(sb, "identityProviders", idp), env(sb, "populations", p)
		},
		"deviceAuthenticationPolicies environments": inNewEnv("deviceAuthenticationPolicies", dapBody("Inside", nil)),
		"actions deviceAuthenticationPolicy.id type=MULTI_FACTOR_AUTHENTICATION deviceAuthenticationPolicies": func(c *client) (string, string) {
			dap := c.mk(env(sb, "deviceAuthenticationPolicies"), dapBody("Used", nil))
			p := c.mk(env(sb, "signOnPolicies"), map[string]any{"name": "Second_factor"})
			coll := env(sb, "signOnPolicies", p, "actions")
			return env(sb, "deviceAuthenticationPolicies", dap), coll + "/" + c.mk(coll, map[string]any{"type": "MULTI_FACTOR_AUTHENTICATION", "priority": 1,
				"deviceAuthenticationPolicy": map[string]any{"id": dap}})
		},
		"groupMemberships id groups": func(c *client) (string, string) {
			g := c.mk(env(sb, "groups"), map[string]any{"name": "Doomed"})
			return env(sb, "groups", g), env(sb, "users", dm.SandboxUserID, "memberOfGroups", c.mk(env(sb, "users", dm.SandboxUserID, "memberOfGroups"), map[string]any{"id": g}))
		},
	}
}

// TestEveryReferenceHolds deletes the target of every declared reference:
// a restricting one refuses the delete and leaves both objects; a
// cascading one removes the referrer from the store. A reference declared
// later without a fixture fails here.
func TestEveryReferenceHolds(t *testing.T) {
	t.Parallel()
	fixtures := refFixtures()
	used := map[string]bool{}
	for _, ri := range Resources() {
		for _, ref := range ri.References {
			name := strings.Join(slices.DeleteFunc([]string{ri.Key, ref.Member, ref.When, ref.Target}, func(s string) bool { return s == "" }), " ")
			used[name] = true
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				fx, ok := fixtures[name]
				require.True(t, ok, "reference %q is declared but has no fixture", name)
				c := newClient(t)
				target, referrer := fx(c)
				require.Equal(t, http.StatusOK, c.get(referrer).Status)
				before := c.get(referrer)
				del := c.do(http.MethodDelete, target, nil)
				switch {
				case ref.OnDelete == "cascade":
					require.Equal(t, http.StatusNoContent, del.Status, string(del.Raw))
					assert.Equal(t, http.StatusNotFound, c.get(referrer).Status)
					parent := ""
					if byKey[ri.Key].level() == 3 {
						parent = strings.Split(referrer, "/")[4] // /environments/{env}/users/{parent}/…
					}
					assert.False(t, c.stored(ri.Key, parent, before.str("id")), "the referrer is gone from the store")
				case byKey[ref.Target].verbs&vDelete == 0:
					// The target cannot be deleted at all (system roles).
					assert.Equal(t, http.StatusMethodNotAllowed, del.Status)
					assert.Equal(t, before.Body, c.get(referrer).Body)
				default:
					require.Equal(t, http.StatusBadRequest, del.Status, string(del.Raw))
					assert.Equal(t, codeInvalidData, del.str("code"))
					assert.Equal(t, []string{detailConstraint}, del.detailCodes())
					msg := del.Body["details"].([]any)[0].(map[string]any)["message"].(string)
					assert.Contains(t, msg, byKey[ri.Key].kind, "the message names what still points at it")
					assert.Contains(t, msg, ref.Member)
					assert.Equal(t, http.StatusOK, c.get(target).Status)
					assert.Equal(t, before.Body, c.get(referrer).Body)
				}
			})
		}
	}
	for name := range fixtures {
		assert.True(t, used[name], "fixture %q matches no declared reference", name)
	}
}

// A delete refused by a restricting reference goes through once the
// referrer is gone; one whose referrers all go with it goes through too.
func TestDeleteRestrictsOnlyWhatStays(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	p := c.mk(env(sb, "populations"), map[string]any{"name": "Briefly"})
	u := c.mk(env(sb, "users"), map[string]any{"username": "briefly", "email": "briefly@example.com", "population": map[string]any{"id": p}})
	r := c.do(http.MethodDelete, env(sb, "populations", p), nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Contains(t, r.Body["details"].([]any)[0].(map[string]any)["message"], `1 user(s) refer to it by population.id (first user "briefly")`)
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "users", u), nil).Status)
	assert.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, env(sb, "populations", p), nil).Status)

	// The whole Sandbox goes, users, populations, groups, memberships and
	// all, and the role assignments elsewhere that are scoped to it or to
	// what was in it.
	admin := env(Demo().AdminEnvironmentID, "users", Demo().AdminUserID, "roleAssignments")
	grant := func(role, typ, id string) {
		r := c.do(http.MethodPost, admin, map[string]any{"role": map[string]any{"id": Demo().RoleIDs[role]}, "scope": map[string]any{"id": id, "type": typ}})
		require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	}
	grant("Identity Data Admin", "ENVIRONMENT", sb)
	grant("Identity Data Admin", "POPULATION", Demo().SandboxEmployeesPopulationID)
	grant("Application Owner", "APPLICATION", Demo().SandboxWebAppID)
	require.Len(t, c.get(admin).items("roleAssignments"), 4)
	require.Equal(t, http.StatusNoContent, c.do(http.MethodDelete, "/environments/"+sb, nil).Status)
	left := c.get(admin).items("roleAssignments")
	require.Len(t, left, 1)
	assert.Equal(t, Demo().AdminUserRoleAssignmentID, left[0]["id"])
	for key, id := range map[string]string{keyUsers: Demo().SandboxUserID, keyPopulations: Demo().SandboxEmployeesPopulationID,
		keyGroups: Demo().SandboxAdminsGroupID, keyApplications: Demo().SandboxWebAppID, keyDevices: Demo().SandboxMFADeviceIDs[0],
		keyGroupMemberships: Demo().SandboxAdminsGroupID} {
		assert.False(t, c.stored(key, "", id), key)
	}
}

func TestResources(t *testing.T) {
	t.Parallel()
	rs := Resources()
	var keys []string
	for _, r := range rs {
		keys = append(keys, r.Key)
		assert.True(t, slices.IsSorted(r.ReadOnly), r.Key)
		assert.Contains(t, r.ReadOnly, "_links", r.Key)
	}
	assert.Equal(t, []string{"actions", "activities", "applicationAttributes", "applicationRoleAssignments", "applications", "certificates", "customRoles", "deviceAuthenticationPolicies", "devices", "environments", "grants", "groupMemberships", "groupNestings", "groupRoleAssignments", "groups", "identityProviderAttributes", "identityProviders", "passwordPolicies", "populations", "resources", "roleAssignments", "roles", "scopes", "sessions", "signOnPolicies", "signOnPolicyAssignments", "users"}, keys)
	byKey := map[string]ResourceInfo{}
	for _, r := range rs {
		byKey[r.Key] = r
	}
	assert.Equal(t, "organization", byKey["environments"].Parent)
	assert.Equal(t, "organization", byKey["roles"].Parent)
	assert.Equal(t, "", byKey["populations"].Parent)
	assert.Equal(t, "users", byKey["devices"].Parent)
	assert.Equal(t, "memberOfGroups", byKey["groupMemberships"].Path)
	assert.Equal(t, []string{"username"}, byKey["users"].Unique)
	assert.Contains(t, byKey["populations"].ReadOnly, "userCount")
	assert.Contains(t, byKey["users"].References, ReferenceInfo{Member: "population.id", Target: "populations", OnDelete: "restrict"})
	assert.Contains(t, byKey["roleAssignments"].References, ReferenceInfo{Member: "scope.id", When: "scope.type=POPULATION", Target: "populations", OnDelete: "cascade"})
	assert.Contains(t, byKey["devices"].References, ReferenceInfo{Target: "users", OnDelete: "cascade"})

	rs[0].ReadOnly[0] = "changed"
	assert.NotEqual(t, "changed", Resources()[0].ReadOnly[0], "Resources returns copies")
}

// mk creates an object and returns its id.
func (c *client) mk(path string, body map[string]any) string {
	c.t.Helper()
	r := c.do(http.MethodPost, path, body)
	require.Equal(c.t, http.StatusCreated, r.Status, "POST %s: %s", path, r.Raw)
	return r.str("id")
}

// stored reports whether a collection of resource key (below parent, or
// below any parent when "") still holds an object with id, read straight
// from the store rather than through the references.
func (c *client) stored(key, parent, id string) bool {
	c.s.mu.RLock()
	defer c.s.mu.RUnlock()
	if c.s.st.colls[key].get(id) != nil {
		return true
	}
	for _, d := range c.s.st.envData {
		if d.colls[key].get(id) != nil {
			return true
		}
		for p, coll := range d.sub[key] {
			if (parent == "" || p == parent) && coll.get(id) != nil {
				return true
			}
		}
	}
	return false
}

// withMember is a copy of d with member set to v (removed when v is nil).
func withMember(d map[string]any, member string, v any) map[string]any {
	out := copyDoc(d)
	if v == nil {
		dropMembers(out, []string{member})
	} else {
		setPath(out, member, v)
	}
	return out
}

// detailPairs lists an error's details as "CODE target".
func detailPairs(r resp) []string {
	var out []string
	ds, _ := r.Body["details"].([]any)
	for _, d := range ds {
		out = append(out, str(d.(map[string]any), "code")+" "+str(d.(map[string]any), "target"))
	}
	return out
}

func ids(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}
