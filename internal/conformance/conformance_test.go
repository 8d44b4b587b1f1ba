// Package conformance_test runs one table over every resource family the
// tools declare, through all three layers at once: the tools (the toolkit's
// pipeline), the client under them and the emulator under that, with every
// exchange validated against the OpenAPI files. A family adds a row here;
// tests of its own rules live beside it.
package conformance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
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
}

func fixtures() map[string]fixture {
	named := func(o map[string]any) string { s, _ := o["name"].(string); return s }
	return map[string]fixture{
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
			base := "/environments/" + env + "/" + fam.Key
			has := func(name string) bool { _, ok := k.tk.Tool(name); return ok }
			listTool, getTool, deleteTool := "list_"+fam.Collection, "get_"+fam.Noun, "delete_"+fam.Noun
			idArg := fam.IDArg

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
				args := map[string]any{"environmentId": env, "limit": 1}
				for pages := 0; ; pages++ {
					require.Less(t, pages, 500, "the cursor must end")
					out, te := k.call(t, listTool, args)
					require.Nil(t, te, "%s: %v", listTool, te)
					rows := out[fam.Key].([]any)
					require.LessOrEqual(t, len(rows), 1, "limit is honoured")
					for _, r := range rows {
						row := r.(map[string]any)
						assert.False(t, seen[row["id"].(string)], "no object twice across pages")
						seen[row["id"].(string)] = true
					}
					next, _ := out["nextCursor"].(string)
					if next == "" {
						break
					}
					args["cursor"] = next
				}
				assert.True(t, seen[aID] && seen[b["id"].(string)], "every object is listed")
				if f.filter != nil {
					out, te := k.call(t, listTool, map[string]any{"environmentId": env, "filter": f.filter("a")})
					require.Nil(t, te)
					rows := out[fam.Key].([]any)
					require.Len(t, rows, 1, "the filter finds exactly the one object")
					assert.Equal(t, aID, rows[0].(map[string]any)["id"])
				}
				_, te := k.call(t, listTool, map[string]any{"environmentId": env, "filter": `nosuchattribute eq "x"`})
				if f.filter != nil {
					require.NotNil(t, te, "an unsupported filter is PingOne's 400, not an empty page")
				} else {
					require.NotNil(t, te, "a tool without a filter refuses one")
					assert.Equal(t, tools.KindInvalidArguments, te.Kind)
				}
			}

			// get, and a 404 that reads as one.
			require.True(t, has(getTool), "every family has a get tool (declared or hand-written)")
			out, te := k.call(t, getTool, map[string]any{"environmentId": env, idArg: aID})
			require.Nil(t, te, "%v", te)
			obj, wrapped := out[fam.Member].(map[string]any)
			if !wrapped {
				obj = out // get_application answers with the application itself, as Ping's own server does
			}
			assert.Equal(t, f.nameOf(a), f.nameOf(obj))
			assert.Equal(t, map[string]any{"kept": true}, obj[unknownMember], "the client keeps unknown members")
			missing := "00000000-0000-4000-8000-000000000000"
			_, te = k.call(t, getTool, map[string]any{"environmentId": env, idArg: missing})
			require.NotNil(t, te)
			assert.Equal(t, tools.KindNotFound, te.Kind)

			// create through the tool, and the uniqueness clash.
			if f.createTool != "" {
				args := f.create("c")
				args["environmentId"] = env
				out, te := k.call(t, f.createTool, args)
				require.Nil(t, te, "%s: %v", f.createTool, te)
				created := out[fam.Member].(map[string]any)
				require.NotEmpty(t, created["id"])
				if f.clash != nil {
					args := f.clash(a)
					args["environmentId"] = env
					_, te := k.call(t, f.createTool, args)
					require.NotNil(t, te, "%s must refuse a taken unique member", f.createTool)
					assert.Equal(t, tools.KindAPI, te.Kind, "PingOne's 400")
					assert.Contains(t, te.Message, "already", "the message says what clashes: %s", te.Message)
				}
			}

			// update: read, merge, PUT (or PATCH) keeps what it does not name.
			if f.updateTool != "" {
				args := map[string]any{"environmentId": env, idArg: aID}
				for k, v := range f.update {
					args[k] = v
				}
				_, te := k.call(t, f.updateTool, args)
				require.Nil(t, te, "%s: %v", f.updateTool, te)
				status, after := k.do(t, http.MethodGet, base+"/"+aID, nil)
				require.Equal(t, http.StatusOK, status)
				assert.True(t, f.changed(after), "%s changed the member: %v", f.updateTool, after)
				assert.Equal(t, map[string]any{"kept": true}, after[unknownMember], "%s keeps the unknown member", f.updateTool)
				assert.Equal(t, a["createdAt"], after["createdAt"])
			}

			// delete needs confirmation, then deletes; again is a 404.
			require.True(t, has(deleteTool))
			_, te = k.call(t, deleteTool, map[string]any{"environmentId": env, idArg: aID})
			require.NotNil(t, te)
			assert.Equal(t, tools.KindNeedsConfirmation, te.Kind)
			out, te = k.call(t, deleteTool, map[string]any{"environmentId": env, idArg: aID, "confirm": aID})
			require.Nil(t, te, "%v", te)
			assert.Equal(t, map[string]any{"deleted": true, "id": aID}, out)
			status, _ = k.do(t, http.MethodGet, base+"/"+aID, nil)
			assert.Equal(t, http.StatusNotFound, status)
			_, te = k.call(t, deleteTool, map[string]any{"environmentId": env, idArg: aID, "confirm": aID})
			require.NotNil(t, te)
			assert.Equal(t, tools.KindNotFound, te.Kind, "deleting again is a 404: %s", te.Message)
		})
	}
}
