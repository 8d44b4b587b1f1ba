// Package conformance_test runs one table over every resource family the
// tools declare, through all three layers at once: the tools (the toolkit's
// pipeline), the client under them and the emulator under that, with every
// exchange validated against the OpenAPI files. A family adds a row here;
// tests of its own rules live beside it.
package conformance_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// fixture is what the table needs to know of one family.
type fixture struct {
	// path is the collection's path segment when it is not the family's
	// key (custom roles live at …/roles).
	path string
	// body creates one object over HTTP (the test adds an unknown member).
	body func(suffix string) map[string]any
	// create are the arguments of the family's create tool; clash creates
	// an object whose unique member is taken.
	createTool string
	create     func(suffix string) map[string]any
	clash      func(taken map[string]any) map[string]any
	// filter finds the object created from body(suffix) ("" when the list
	// tool takes no filter).
	filter func(suffix string) string
	// updateTool and update change one member, checked by changed.
	updateTool string
	update     map[string]any
	changed    func(obj map[string]any) bool
	// nameOf is the object's name, for the list check.
	nameOf func(obj map[string]any) string
	// below is, for a family below a parent object, the collection's path
	// below the environment ("applications/{id}/grants"), and parent the
	// parent's id.
	below, parent string
}

func fixtures() map[string]fixture {
	named := func(o map[string]any) string { s, _ := o["name"].(string); return s }
	demo := pingonetest.Demo()
	// the grants of the table are of three resources, one each: a grant's resource is unique in its application
	grantOf := map[string][2]string{"a": {demo.SandboxPayrollResourceID, "Payroll API/payroll:read"},
		"b": {demo.SandboxOpenIDResourceID, "openid/openid"}, "c": {demo.SandboxPingOneAPIResourceID, "PingOne API/p1:read:user"}}
	grant := func(s string) map[string]any {
		return map[string]any{"resource": map[string]any{"id": grantOf[s][0]}, "scopes": []any{map[string]any{"id": demo.SandboxScopeIDs[grantOf[s][1]]}}}
	}
	return map[string]fixture{
		"scopes": {
			below: "resources/" + demo.SandboxPayrollResourceID + "/scopes", parent: demo.SandboxPayrollResourceID,
			body: func(s string) map[string]any {
				return map[string]any{"name": "conf:" + s, "description": "conformance"}
			},
			createTool: "create_resource_scope",
			create:     func(s string) map[string]any { return map[string]any{"name": "conf:tool:" + s} },
			clash:      func(taken map[string]any) map[string]any { return map[string]any{"name": taken["name"]} },
			updateTool: "update_resource_scope", update: map[string]any{"description": "changed"},
			changed: func(o map[string]any) bool { return o["description"] == "changed" && o["name"] == "conf:a" },
			nameOf:  named,
		},
		"grants": {
			below: "applications/" + demo.SandboxSPAAppID + "/grants", parent: demo.SandboxSPAAppID,
			body:       grant,
			createTool: "create_application_grant",
			create: func(s string) map[string]any {
				g := grant(s)
				return map[string]any{"resourceId": grantOf[s][0], "scopes": g["scopes"]}
			},
			clash: func(taken map[string]any) map[string]any {
				return map[string]any{"resourceId": taken["resource"].(map[string]any)["id"], "scopes": taken["scopes"]}
			},
			updateTool: "update_application_grant",
			update:     map[string]any{"scopes": []any{map[string]any{"id": demo.SandboxScopeIDs["Payroll API/payroll:write"]}}},
			changed: func(o map[string]any) bool {
				sc, _ := o["scopes"].([]any)
				return len(sc) == 1 && sc[0].(map[string]any)["id"] == demo.SandboxScopeIDs["Payroll API/payroll:write"]
			},
			nameOf: func(o map[string]any) string {
				r, _ := o["resource"].(map[string]any)
				s, _ := r["id"].(string)
				return s
			},
		},
		"applicationAttributes": {
			below: "applications/" + demo.SandboxWebAppID + "/attributes", parent: demo.SandboxWebAppID,
			body: func(s string) map[string]any {
				return map[string]any{"name": "conf_" + s, "value": "${user.email}", "required": false}
			},
			createTool: "create_application_attribute",
			create: func(s string) map[string]any {
				return map[string]any{"name": "conf_tool_" + s, "value": "${user.title}", "required": false}
			},
			clash: func(taken map[string]any) map[string]any {
				return map[string]any{"name": taken["name"], "value": "x", "required": false}
			},
			updateTool: "update_application_attribute", update: map[string]any{"required": true},
			changed: func(o map[string]any) bool { return o["required"] == true && o["value"] == "${user.email}" },
			nameOf:  named,
		},
		"populations": {
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "description": "conformance"}
			},
			createTool: "create_population",
			create:     func(s string) map[string]any { return map[string]any{"name": "Conf tool " + s} },
			clash:      func(taken map[string]any) map[string]any { return map[string]any{"name": taken["name"]} },
			filter:     func(s string) string { return `name eq "Conf ` + s + `"` },
			updateTool: "update_population", update: map[string]any{"description": "changed"},
			changed: func(o map[string]any) bool { return o["description"] == "changed" },
			nameOf:  named,
		},
		"groups": {
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "description": "conformance"}
			},
			createTool: "create_group",
			create:     func(s string) map[string]any { return map[string]any{"name": "Conf tool " + s} },
			clash:      func(taken map[string]any) map[string]any { return map[string]any{"name": taken["name"]} },
			filter:     func(s string) string { return `name eq "Conf ` + s + `"` },
			updateTool: "update_group", update: map[string]any{"description": "changed"},
			changed: func(o map[string]any) bool { return o["description"] == "changed" },
			nameOf:  named,
		},
		"applications": {
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER",
					"tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC", "grantTypes": []string{"CLIENT_CREDENTIALS"}}
			},
			createTool: "create_oidc_application",
			filter:     func(s string) string { return `name eq "Conf ` + s + `"` },
			create: func(s string) map[string]any {
				return map[string]any{"application": map[string]any{"name": "Conf tool " + s, "enabled": true, "protocol": "OPENID_CONNECT",
					"type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC", "grantTypes": []string{"CLIENT_CREDENTIALS"}}}
			},
			updateTool: "update_oidc_application",
			update:     map[string]any{"application": map[string]any{"name": "Conf changed", "enabled": false, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"}},
			changed:    func(o map[string]any) bool { return o["enabled"] == false && o["name"] == "Conf changed" },
			nameOf:     named,
		},
		"identityProviders": {
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "enabled": true, "type": "GOOGLE", "clientId": "c-" + s, "clientSecret": "s-" + s}
			},
			createTool: "create_identity_provider",
			create: func(s string) map[string]any {
				return map[string]any{"name": "Conf tool " + s, "enabled": true, "type": "GITHUB", "clientId": "c", "clientSecret": "s"}
			},
			updateTool: "update_identity_provider", update: map[string]any{"description": "changed"},
			changed: func(o map[string]any) bool { return o["description"] == "changed" },
			nameOf:  named,
		},
		"signOnPolicies": {
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "description": "conformance"}
			},
			createTool: "create_sign_on_policy",
			create:     func(s string) map[string]any { return map[string]any{"name": "Conf tool " + s} },
			clash:      func(taken map[string]any) map[string]any { return map[string]any{"name": taken["name"]} },
			updateTool: "update_sign_on_policy", update: map[string]any{"description": "changed"},
			changed: func(o map[string]any) bool { return o["description"] == "changed" },
			nameOf:  named,
		},
		"resources": {
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "description": "conformance"}
			},
			createTool: "create_resource",
			create: func(s string) map[string]any {
				return map[string]any{"name": "Conf tool " + s, "audience": "https://conf.example.com"}
			},
			clash:      func(taken map[string]any) map[string]any { return map[string]any{"name": taken["name"]} },
			updateTool: "update_resource", update: map[string]any{"accessTokenValiditySeconds": 7200},
			changed: func(o map[string]any) bool { return o["accessTokenValiditySeconds"] == float64(7200) },
			nameOf:  named,
		},
		"passwordPolicies": {
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "description": "conformance", "excludesCommonlyUsed": true,
					"excludesProfileData": true, "notSimilarToCurrent": false, "length": map[string]any{"min": 12}}
			},
			createTool: "create_password_policy",
			create: func(s string) map[string]any {
				return map[string]any{"name": "Conf tool " + s, "excludesCommonlyUsed": true, "excludesProfileData": false, "notSimilarToCurrent": false,
					"lockout": map[string]any{"failureCount": 3, "durationSeconds": 60}}
			},
			clash: func(taken map[string]any) map[string]any {
				return map[string]any{"name": taken["name"], "excludesCommonlyUsed": true, "excludesProfileData": true, "notSimilarToCurrent": true}
			},
			updateTool: "update_password_policy", update: map[string]any{"length": map[string]any{"min": 16}},
			changed: func(o map[string]any) bool {
				l, _ := o["length"].(map[string]any)
				return l["min"] == float64(16) && o["description"] == "conformance"
			},
			nameOf: named,
		},
		"customRoles": {
			path: "roles",
			body: func(s string) map[string]any {
				return map[string]any{"name": "Conf " + s, "description": "conformance", "permissions": []any{map[string]any{"id": "identity:read:user"}},
					"canBeAssignedBy": []any{map[string]any{"id": pingonetest.Demo().RoleIDs["Environment Admin"]}}}
			},
			createTool: "create_custom_role",
			create: func(s string) map[string]any {
				return map[string]any{"name": "Conf tool " + s, "permissions": []any{"identity:read:group"},
					"canBeAssignedBy": []any{pingonetest.Demo().RoleIDs["Identity Data Admin"]}}
			},
			clash: func(taken map[string]any) map[string]any {
				return map[string]any{"name": taken["name"], "permissions": []any{"identity:read:group"},
					"canBeAssignedBy": []any{pingonetest.Demo().RoleIDs["Identity Data Admin"]}}
			},
			filter:     func(s string) string { return `name eq "Conf ` + s + `"` },
			updateTool: "update_custom_role", update: map[string]any{"applicableTo": []any{"POPULATION"}},
			changed: func(o map[string]any) bool {
				return len(o["applicableTo"].([]any)) == 1 && o["description"] == "conformance" && len(o["permissions"].([]any)) == 1
			},
			nameOf: named,
		},
		"deviceAuthenticationPolicies": {
			body:       func(s string) map[string]any { return mfaPolicy("Conf " + s) },
			createTool: "create_device_authentication_policy",
			create:     func(s string) map[string]any { return mfaPolicy("Conf tool " + s) },
			clash:      func(taken map[string]any) map[string]any { return mfaPolicy(taken["name"].(string)) },
			updateTool: "update_device_authentication_policy",
			update:     map[string]any{"totp": map[string]any{"enabled": false, "otp": map[string]any{"failure": mfaFailure()}}},
			changed: func(o map[string]any) bool {
				totp, _ := o["totp"].(map[string]any)
				sms, _ := o["sms"].(map[string]any)
				return totp["enabled"] == false && sms["enabled"] == true
			},
			nameOf: named,
		},
		"users": {
			body: func(s string) map[string]any {
				return map[string]any{"username": "conf." + s, "email": "conf." + s + "@example.com"}
			},
			createTool: "create_user",
			create: func(s string) map[string]any {
				return map[string]any{"username": "conf.tool." + s, "email": "t" + s + "@example.com"}
			},
			clash: func(taken map[string]any) map[string]any {
				return map[string]any{"username": taken["username"], "email": "other@example.com"}
			},
			filter:     func(s string) string { return `username eq "conf.` + s + `"` },
			updateTool: "update_user", update: map[string]any{"title": "Auditor"},
			changed: func(o map[string]any) bool { return o["title"] == "Auditor" },
			nameOf:  func(o map[string]any) string { s, _ := o["username"].(string); return s },
		},
	}
}

// mfaPolicy is a valid, non-default device authentication policy.
func mfaPolicy(name string) map[string]any {
	offline := func() map[string]any {
		return map[string]any{"enabled": true, "otp": map[string]any{"lifeTime": map[string]any{"duration": 5, "timeUnit": "MINUTES"}, "failure": mfaFailure()}}
	}
	return map[string]any{"name": name, "default": false, "sms": offline(), "voice": offline(), "email": offline(),
		"mobile": map[string]any{"enabled": false, "otp": map[string]any{"failure": mfaFailure()}},
		"totp":   map[string]any{"enabled": true, "otp": map[string]any{"failure": mfaFailure()}}}
}

func mfaFailure() map[string]any {
	return map[string]any{"count": 3, "coolDown": map[string]any{"duration": 2, "timeUnit": "MINUTES"}}
}

// kit is a writable toolkit over a fresh emulator, and an HTTP client for
// raw requests, both validated against the OpenAPI files.
type kit struct {
	tk    *tools.Toolkit
	http  *http.Client
	srv   *pingonetest.Server
	token string
}

func newKit(t *testing.T) *kit {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	client, v := contract.ClientWith(t, srv)
	tk, err := tools.Open(client, tools.WithWrites())
	require.NoError(t, err)
	return &kit{tk: tk, srv: srv, token: srv.IssueToken(time.Hour), http: &http.Client{Transport: v.Transport(t, http.DefaultTransport)}}
}

func (k *kit) call(t *testing.T, name string, args map[string]any) (map[string]any, *tools.Error) {
	t.Helper()
	raw, err := json.Marshal(args)
	require.NoError(t, err)
	res, err := k.tk.Call(t.Context(), name, raw)
	if err != nil {
		var te *tools.Error
		require.True(t, errors.As(err, &te), "%s: %v", name, err)
		return nil, te
	}
	var out map[string]any
	require.NoError(t, json.Unmarshal(res.Data, &out))
	return out, nil
}

func (k *kit) do(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, k.srv.APIURL()+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+k.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := k.http.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// unknownMember is a member no p1kit type names: every layer must carry
// it across a read-modify-write.
const unknownMember = "p1kitConformance"

func TestConformance(t *testing.T) {
	t.Parallel()
	fx := fixtures()
	families := tools.Families()
	require.NotEmpty(t, families)
	for _, fam := range families {
		if !fam.Declared {
			continue // hand-written tools have tests of their own
		}
		f, ok := fx[fam.Key]
		require.True(t, ok, "family %s has no row in the conformance table", fam.Key)
		t.Run(fam.Key, func(t *testing.T) {
			t.Parallel()
			k := newKit(t)
			env := k.srv.Demo().SandboxEnvironmentID
			path := fam.Key
			if f.path != "" {
				path = f.path
			}
			base := "/environments/" + env + "/" + path
			if f.below != "" {
				base = "/environments/" + env + "/" + f.below
			}
			has := func(name string) bool { _, ok := k.tk.Tool(name); return ok }
			listTool, getTool, deleteTool := "", "get_"+fam.Noun, "delete_"+fam.Noun
			for _, name := range fam.Tools {
				if strings.HasPrefix(name, "list_") {
					listTool = name
				}
			}
			idArg := fam.IDArg
			// args are a tool's arguments: the environment, the parent of a child family, and kv.
			args := func(kv ...any) map[string]any {
				m := map[string]any{"environmentId": env}
				if fam.ParentArg != "" {
					m[fam.ParentArg] = f.parent
				}
				for i := 0; i < len(kv); i += 2 {
					m[kv[i].(string)] = kv[i+1]
				}
				return m
			}
			// confirm is what a delete confirms with: the object, or the parent of a child family.
			confirm := func(id string) string { return cmp.Or(f.parent, id) }

			// Two objects over HTTP, one with a member no p1kit type names.
			body := f.body("a")
			body[unknownMember] = map[string]any{"kept": true}
			status, a := k.do(t, http.MethodPost, base, body)
			require.Equal(t, http.StatusCreated, status, "create %s: %v", fam.Key, a)
			status, b := k.do(t, http.MethodPost, base, f.body("b"))
			require.Equal(t, http.StatusCreated, status, "create %s: %v", fam.Key, b)
			aID := a["id"].(string)

			// list: pages of one follow the cursor to every object; the filter finds one.
			if has(listTool) {
				seen := map[string]bool{}
				page := args()
				if f.below == "" {
					page["limit"] = 1 // a child collection comes in one page
				}
				for pages := 0; ; pages++ {
					require.Less(t, pages, 500, "the cursor must end")
					out, te := k.call(t, listTool, page)
					require.Nil(t, te, "%s: %v", listTool, te)
					rows := out[fam.Rows].([]any)
					if f.below == "" {
						require.LessOrEqual(t, len(rows), 1, "limit is honoured")
					}
					for _, r := range rows {
						row := r.(map[string]any)
						assert.False(t, seen[row["id"].(string)], "no object twice across pages")
						seen[row["id"].(string)] = true
					}
					next, _ := out["nextCursor"].(string)
					if next == "" {
						break
					}
					page["cursor"] = next
				}
				assert.True(t, seen[aID] && seen[b["id"].(string)], "every object is listed")
				if f.filter != nil {
					out, te := k.call(t, listTool, args("filter", f.filter("a")))
					require.Nil(t, te)
					rows := out[fam.Rows].([]any)
					require.Len(t, rows, 1, "the filter finds exactly the one object")
					assert.Equal(t, aID, rows[0].(map[string]any)["id"])
				}
				_, te := k.call(t, listTool, args("filter", `nosuchattribute eq "x"`))
				if f.filter != nil {
					require.NotNil(t, te, "an unsupported filter is PingOne's 400, not an empty page")
				} else {
					require.NotNil(t, te, "a tool without a filter refuses one")
					assert.Equal(t, tools.KindInvalidArguments, te.Kind)
				}
			}

			// get, and a 404 that reads as one.
			require.True(t, has(getTool), "every family has a get tool (declared or hand-written)")
			out, te := k.call(t, getTool, args(idArg, aID))
			require.Nil(t, te, "%v", te)
			obj, wrapped := out[fam.Member].(map[string]any)
			if !wrapped {
				obj = out // get_application answers with the application itself, as Ping's own server does
			}
			assert.Equal(t, f.nameOf(a), f.nameOf(obj))
			assert.Equal(t, map[string]any{"kept": true}, obj[unknownMember], "the client keeps unknown members")
			missing := "00000000-0000-4000-8000-000000000000"
			_, te = k.call(t, getTool, args(idArg, missing))
			require.NotNil(t, te)
			assert.Equal(t, tools.KindNotFound, te.Kind)

			// create through the tool, and the uniqueness clash.
			if f.createTool != "" {
				out, te := k.call(t, f.createTool, merged(args(), f.create("c")))
				require.Nil(t, te, "%s: %v", f.createTool, te)
				created := out[fam.Member].(map[string]any)
				require.NotEmpty(t, created["id"])
				if f.clash != nil {
					_, te := k.call(t, f.createTool, merged(args(), f.clash(a)))
					require.NotNil(t, te, "%s must refuse a taken unique member", f.createTool)
					assert.Equal(t, tools.KindAPI, te.Kind, "PingOne's 400")
					assert.Contains(t, te.Message, "already", "the message says what clashes: %s", te.Message)
				}
			}

			// update: read, merge, PUT (or PATCH) keeps what it does not name.
			if f.updateTool != "" {
				_, te := k.call(t, f.updateTool, merged(args(idArg, aID), f.update))
				require.Nil(t, te, "%s: %v", f.updateTool, te)
				status, after := k.do(t, http.MethodGet, base+"/"+aID, nil)
				require.Equal(t, http.StatusOK, status)
				assert.True(t, f.changed(after), "%s changed the member: %v", f.updateTool, after)
				assert.Equal(t, map[string]any{"kept": true}, after[unknownMember], "%s keeps the unknown member", f.updateTool)
				assert.Equal(t, a["createdAt"], after["createdAt"])
			}

			// delete needs confirmation, then deletes; again is a 404.
			require.True(t, has(deleteTool))
			_, te = k.call(t, deleteTool, args(idArg, aID))
			require.NotNil(t, te)
			assert.Equal(t, tools.KindNeedsConfirmation, te.Kind)
			out, te = k.call(t, deleteTool, args(idArg, aID, "confirm", confirm(aID)))
			require.Nil(t, te, "%v", te)
			assert.Equal(t, map[string]any{"deleted": true, "id": aID}, out)
			status, _ = k.do(t, http.MethodGet, base+"/"+aID, nil)
			assert.Equal(t, http.StatusNotFound, status)
			_, te = k.call(t, deleteTool, args(idArg, aID, "confirm", confirm(aID)))
			require.NotNil(t, te)
			assert.Equal(t, tools.KindNotFound, te.Kind, "deleting again is a 404: %s", te.Message)
		})
	}
}

// merged is a copy of a with the members of b added.
func merged(a, b map[string]any) map[string]any {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}
