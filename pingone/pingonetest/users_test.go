package pingonetest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUserFilters(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	all, _ := c.walk(env(sb, "users")+"?limit=1000", "users")
	require.Len(t, all, Demo().SandboxUserCount)
	members := func(gid string) map[string]bool {
		set := map[string]bool{}
		for _, u := range all {
			r := c.get(env(sb, "users", u["id"].(string), "memberOfGroups", gid))
			if r.Status == http.StatusOK {
				set[u["id"].(string)] = true
			}
		}
		return set
	}
	engineering, admins := members(Demo().SandboxEngineeringGroupID), members(Demo().SandboxAdminsGroupID)
	s := func(u map[string]any, p string) string { return str(u, p) }
	lw := strings.ToLower
	tests := []struct {
		filter string
		pred   func(u map[string]any) bool
		min    int // the oracle must select at least this many (guards against vacuous tests)
	}{
		{`username eq "JDOE"`, func(u map[string]any) bool { return s(u, "username") == "jdoe" }, 1},
		{`username ne "jdoe"`, func(u map[string]any) bool { return s(u, "username") != "jdoe" }, 50},
		{`email co "garcia"`, func(u map[string]any) bool { return strings.Contains(s(u, "email"), "garcia") }, 1},
		{`name.family sw "d"`, func(u map[string]any) bool { return strings.HasPrefix(lw(s(u, "name.family")), "d") }, 3},
		{`username ew ".tanaka"`, func(u map[string]any) bool { return strings.HasSuffix(s(u, "username"), ".tanaka") }, 1},
		{`name.given gt "x"`, func(u map[string]any) bool { return lw(s(u, "name.given")) > "x" }, 5},
		{`name.given ge "zofia"`, func(u map[string]any) bool { return lw(s(u, "name.given")) >= "zofia" }, 2},
		{`name.given lt "b"`, func(u map[string]any) bool { return lw(s(u, "name.given")) < "b" }, 3},
		{`name.given le "anna"`, func(u map[string]any) bool { return lw(s(u, "name.given")) <= "anna" }, 2},
		{`name.given eq "由紀"`, func(u map[string]any) bool { return s(u, "name.given") == "由紀" }, 1},
		{`mobilePhone pr`, func(u map[string]any) bool { return s(u, "mobilePhone") != "" }, 20},
		{`externalId eq null`, func(u map[string]any) bool { return s(u, "externalId") == "" }, 30},
		{`externalId pr and enabled eq false`, func(u map[string]any) bool { return s(u, "externalId") != "" && u["enabled"] == false }, 0},
		{`enabled eq false`, func(u map[string]any) bool { return u["enabled"] == false }, 3},
		{`enabled ne true`, func(u map[string]any) bool { return u["enabled"] != true }, 3},
		{`not (enabled eq true)`, func(u map[string]any) bool { return u["enabled"] != true }, 3},
		{`account.status eq "LOCKED"`, func(u map[string]any) bool { return s(u, "account.status") == "LOCKED" }, 2},
		{`lifecycle.status eq "VERIFICATION_REQUIRED"`, func(u map[string]any) bool { return s(u, "lifecycle.status") == "VERIFICATION_REQUIRED" }, 3},
		{`population.id eq "` + Demo().SandboxEmployeesPopulationID + `"`, func(u map[string]any) bool { return s(u, "population.id") == Demo().SandboxEmployeesPopulationID }, 15},
		{`mfaEnabled eq true or enabled eq false`, func(u map[string]any) bool { return u["mfaEnabled"] == true || u["enabled"] == false }, 10},
		{`(name.family sw "s" or name.family sw "m") and population.id eq "` + Demo().SandboxContractorsPopulationID + `"`, func(u map[string]any) bool {
			f := lw(s(u, "name.family"))
			return (strings.HasPrefix(f, "s") || strings.HasPrefix(f, "m")) && s(u, "population.id") == Demo().SandboxContractorsPopulationID
		}, 1},
		{`memberOfGroups[id eq "` + Demo().SandboxEngineeringGroupID + `"]`, func(u map[string]any) bool { return engineering[u["id"].(string)] }, 5},
		{`memberOfGroups[id eq "` + Demo().SandboxAdminsGroupID + `"] and name.family eq "doe"`, func(u map[string]any) bool { return admins[u["id"].(string)] && s(u, "name.family") == "Doe" }, 1},
		{`createdAt gt "2025-01-10T15:00:00Z"`, func(u map[string]any) bool { return s(u, "createdAt") > "2025-01-10T15:00:00.000Z" }, 5},
		{`createdAt le "2025-01-10T15:00:00Z"`, func(u map[string]any) bool { return s(u, "createdAt") <= "2025-01-10T15:00:00.000Z" }, 5},
		{`id eq "` + Demo().SandboxUserID + `"`, func(u map[string]any) bool { return u["id"] == Demo().SandboxUserID }, 1},
		{`username eq "nobody"`, func(u map[string]any) bool { return false }, 0},
		{`username sw "j" AND not (population.id eq "` + Demo().SandboxEmployeesPopulationID + `")`, func(u map[string]any) bool {
			return strings.HasPrefix(s(u, "username"), "j") && s(u, "population.id") != Demo().SandboxEmployeesPopulationID
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			t.Parallel()
			c := c.with(t)
			var want []string
			for _, u := range all {
				if tt.pred(u) {
					want = append(want, u["id"].(string))
				}
			}
			require.GreaterOrEqual(t, len(want), tt.min)
			got, _ := c.walk(env(sb, "users")+"?limit=10&filter="+q(tt.filter), "users")
			var ids []string
			for _, u := range got {
				ids = append(ids, u["id"].(string))
			}
			assert.Equal(t, want, ids)
		})
	}
}

func TestUserFilterErrors(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	users := env(Demo().SandboxEnvironmentID, "users")
	for _, tt := range []struct{ filter, msg string }{
		{`foo eq "x"`, `"foo"`},
		{`enabled eq "true"`, "boolean"},
		{`enabled co "t"`, `"co"`},
		{`memberOfGroups[name eq "x"]`, "memberOfGroups[name]"},
		{`memberOfGroups[id ne "x"]`, `"ne"`},
		{`memberOfGroups.id eq "x"`, "memberOfGroups.id"},
		{`createdAt gt "yesterday"`, "RFC 3339"},
		{`username eq`, "syntax"},
		{`username eq 42`, "numeric"},
		{`urn:ietf:params:scim:schemas:core:2.0:User:username eq "a"`, "not supported"},
	} {
		t.Run(tt.filter, func(t *testing.T) {
			t.Parallel()
			c := c.with(t)
			r := c.get(users + "?filter=" + q(tt.filter))
			require.Equal(t, http.StatusBadRequest, r.Status)
			assert.Equal(t, "INVALID_DATA", r.str("code"))
			d := r.Body["details"].([]any)[0].(map[string]any)
			assert.Equal(t, "INVALID_FILTER", d["code"])
			assert.Equal(t, "filter", d["target"])
			assert.Contains(t, d["message"], tt.msg)
			inner := d["innerError"].(map[string]any)
			assert.Contains(t, inner["supportedAttributes"], "memberOfGroups[id]")
			assert.Contains(t, inner["supportedOperators"], "not")
		})
	}
}

func TestUserPagination(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	users := env(Demo().SandboxEnvironmentID, "users")
	filter := `population.id eq "` + Demo().SandboxEmployeesPopulationID + `"`

	first := c.get(users + "?limit=7&filter=" + q(filter))
	require.Equal(t, http.StatusOK, first.Status)
	assert.Equal(t, float64(7), first.Body["size"])
	total := int(first.Body["count"].(float64))
	next := first.str("_links.next.href")
	require.NotEmpty(t, next)
	u, err := url.Parse(next)
	require.NoError(t, err)
	assert.Equal(t, "7", u.Query().Get("limit"))
	assert.Equal(t, filter, u.Query().Get("filter"))
	assert.NotEmpty(t, u.Query().Get("cursor"))
	assert.Equal(t, c.s.APIURL()+users+"?limit=7&filter="+q(filter), first.str("_links.self.href"))

	all, pages := c.walk(users+"?limit=7&filter="+q(filter), "users")
	assert.Len(t, all, total)
	assert.Equal(t, (total+6)/7, pages)
	ids := map[string]bool{}
	for _, x := range all {
		ids[x["id"].(string)] = true
	}
	assert.Len(t, ids, total, "no duplicates across pages")

	// default page size and the last page have no next link
	r := c.get(users)
	assert.Equal(t, float64(Demo().SandboxUserCount), r.Body["size"])
	assert.Nil(t, r.Body["_links"].(map[string]any)["next"])

	// the cursor is bound to its filter
	cursor := u.Query().Get("cursor")
	r = c.get(users + "?limit=7&cursor=" + cursor)
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.Equal(t, http.StatusBadRequest, c.get(users+"?cursor=bm90LWEtY3Vyc29y").Status)

	for _, l := range []string{"0", "1001", "-3"} {
		r := c.get(users + "?limit=" + l)
		require.Equal(t, http.StatusBadRequest, r.Status)
		assert.Equal(t, []string{"OUT_OF_RANGE"}, r.detailCodes())
	}
	assert.Equal(t, http.StatusOK, c.get(users+"?limit=1000").Status)
	assert.Equal(t, http.StatusOK, c.get(users+"?limit=1").Status)

	// an empty result is an empty array
	r = c.get(users + "?filter=" + q(`username eq "nobody"`))
	assert.Equal(t, []map[string]any{}, r.items("users"))
	assert.Equal(t, float64(0), r.Body["count"])
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	users := env(sb, "users")

	r := c.do("POST", users, map[string]any{
		"username": "new.user", "email": "new.user@example.com",
		"name":     map[string]any{"given": "New", "family": "User"},
		"password": map[string]any{"value": "S3cret-Passw0rd", "forceChange": true},
		"custom":   "kept",
	})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.NotContains(t, string(r.Raw), "S3cret")
	assert.Nil(t, r.Body["password"])
	assert.Equal(t, Demo().SandboxDefaultPopulationID, r.str("population.id"))
	assert.Equal(t, true, r.Body["enabled"])
	assert.Equal(t, "OK", r.str("account.status"))
	assert.Equal(t, "ACCOUNT_OK", r.str("lifecycle.status"))
	assert.Equal(t, "kept", r.Body["custom"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`, r.str("createdAt"))
	id := r.str("id")
	assert.Equal(t, c.s.APIURL()+env(sb, "users", id), r.Header.Get("Location"))
	got := c.get(env(sb, "users", id))
	assert.NotContains(t, string(got.Raw), "S3cret")
	pw := c.get(env(sb, "users", id, "password"))
	assert.Equal(t, "MUST_CHANGE_PASSWORD", pw.str("status"))

	r = c.do("POST", users, map[string]any{"username": "imported", "email": "imported@example.com", "population": map[string]any{"id": Demo().SandboxContractorsPopulationID}, "lifecycle": map[string]any{"status": "VERIFICATION_REQUIRED"}}, mediaUserImport)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.Equal(t, Demo().SandboxContractorsPopulationID, r.str("population.id"))
	assert.Equal(t, "VERIFICATION_REQUIRED", r.str("lifecycle.status"))
	assert.Equal(t, "NO_PASSWORD", c.get(env(sb, "users", r.str("id"), "password")).str("status"))

	tests := []struct {
		name   string
		body   map[string]any
		ct     string
		status int
		detail string
		target string
	}{
		{"missing username", map[string]any{"email": "a@example.com"}, "", 400, "REQUIRED_VALUE", "username"},
		{"missing email", map[string]any{"username": "a"}, "", 400, "REQUIRED_VALUE", "email"},
		{"bad email", map[string]any{"username": "a", "email": "not-an-email"}, "", 400, "INVALID_VALUE", "email"},
		{"duplicate username (case-insensitive)", map[string]any{"username": "JDoe", "email": "x@example.com"}, "", 400, "UNIQUENESS_VIOLATION", "username"},
		{"unknown population", map[string]any{"username": "a", "email": "a@example.com", "population": map[string]any{"id": "00000000-0000-4000-8000-000000000000"}}, "", 400, "INVALID_VALUE", "population.id"},
		{"bad lifecycle", map[string]any{"username": "a", "email": "a@example.com", "lifecycle": map[string]any{"status": "NEW"}}, "", 400, "INVALID_VALUE", "lifecycle.status"},
		{"bad family name", map[string]any{"username": "a", "email": "a@example.com", "name": map[string]any{"family": "Doe<script>"}}, "", 400, "INVALID_VALUE", "name.family"},
		{"short password", map[string]any{"username": "a", "email": "a@example.com", "password": map[string]any{"value": "x"}}, "", 400, "INVALID_VALUE", "password.value"},
		{"wrong content type", map[string]any{"username": "a", "email": "a@example.com"}, "text/plain", 415, "", ""},
		{"password content type", map[string]any{"username": "a", "email": "a@example.com"}, mediaPasswordSet, 415, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := c.with(t)
			var r resp
			if tt.ct != "" {
				r = c.do("POST", users, tt.body, tt.ct)
			} else {
				r = c.do("POST", users, tt.body)
			}
			require.Equal(t, tt.status, r.Status, string(r.Raw))
			if tt.status == 415 {
				assert.Equal(t, "INVALID_REQUEST", r.str("code"))
				return
			}
			d := r.Body["details"].([]any)[0].(map[string]any)
			assert.Equal(t, tt.detail, d["code"])
			assert.Equal(t, tt.target, d["target"])
			if tt.detail == "UNIQUENESS_VIOLATION" {
				assert.Equal(t, Demo().SandboxUserID, str(d, "innerError.existingId"))
			}
		})
	}
}

func TestUpdateAndDeleteUser(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	path := env(sb, "users", Demo().SandboxUserID)
	before := c.get(path)

	r := c.do("PATCH", path, map[string]any{"title": "CTO", "name": map[string]any{"middle": "Q"}, "mobilePhone": nil, "enabled": false})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "CTO", r.Body["title"])
	assert.Equal(t, "Jane", r.str("name.given"), "merge keeps siblings")
	assert.Equal(t, "Q", r.str("name.middle"))
	assert.Nil(t, r.Body["mobilePhone"], "null removes")
	assert.Equal(t, true, r.Body["enabled"], "enabled is read-only here")
	assert.Equal(t, before.str("createdAt"), r.str("createdAt"))
	assert.Equal(t, before.str("externalId"), r.str("externalId"))

	r = c.do("PUT", path, map[string]any{"username": "jane.doe", "email": "jane@example.com", "name": map[string]any{"given": "Jane"}})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "jane.doe", r.Body["username"])
	assert.Nil(t, r.Body["title"], "PUT is a full replace")
	assert.Nil(t, r.Body["externalId"])
	assert.Equal(t, Demo().SandboxEmployeesPopulationID, r.str("population.id"), "population kept")
	assert.Equal(t, "OK", r.str("account.status"))
	// the old username is free again; the new one is taken
	assert.Equal(t, http.StatusCreated, c.do("POST", env(sb, "users"), map[string]any{"username": "jdoe", "email": "j@example.com"}).Status)
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION"}, c.do("PATCH", env(sb, "users", Demo().SandboxDisabledUserID), map[string]any{"username": "JANE.DOE"}).detailCodes())

	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("PUT", path, map[string]any{"username": "x"}).detailCodes())
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("PATCH", path, map[string]any{"password": map[string]any{"value": "whatever1"}}).detailCodes())
	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("PATCH", path, map[string]any{"email": nil}).detailCodes())
	assert.Equal(t, http.StatusNotFound, c.do("PATCH", env(sb, "users", "00000000-0000-4000-8000-000000000000"), map[string]any{"title": "x"}).Status)

	// a deleted user's memberships and password go with it
	assert.Equal(t, http.StatusNoContent, c.do("DELETE", path, nil).Status)
	g := c.get(env(sb, "groups", Demo().SandboxAdminsGroupID))
	assert.Equal(t, float64(2), g.Body["directMemberCounts"].(map[string]any)["users"])
	c.s.mu.RLock()
	_, kept := c.s.st.envData[sb].passwords[Demo().SandboxUserID]
	c.s.mu.RUnlock()
	assert.False(t, kept)
}

func TestUserEnabledPasswordPopulation(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	u := env(sb, "users", Demo().SandboxDisabledUserID)

	assert.Equal(t, false, c.get(u + "/enabled").Body["enabled"])
	r := c.do("PUT", u+"/enabled", map[string]any{"enabled": true})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, true, r.Body["enabled"])
	assert.Equal(t, true, c.get(u).Body["enabled"])
	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("PUT", u+"/enabled", map[string]any{}).detailCodes())
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("PUT", u+"/enabled", map[string]any{"enabled": "yes"}).detailCodes())

	// password: only the vnd content type; the value is never echoed or stored
	r = c.do("PUT", u+"/password", map[string]any{"value": "N3w-Passw0rd!", "forceChange": false})
	require.Equal(t, http.StatusUnsupportedMediaType, r.Status)
	assert.Equal(t, "INVALID_REQUEST", r.str("code"))
	r = c.do("PUT", u+"/password", map[string]any{"value": "N3w-Passw0rd!", "forceChange": false}, mediaPasswordSet)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "OK", r.str("status"))
	assert.NotContains(t, string(r.Raw), "N3w-Passw0rd!")
	assert.NotEmpty(t, r.str("lastChangedAt"))
	assert.Equal(t, "OK", c.get(u+"/password").str("status"))
	c.s.mu.RLock()
	rec := c.s.st.envData[sb].passwords[Demo().SandboxDisabledUserID]
	c.s.mu.RUnlock()
	assert.NotContains(t, rec.hash, "N3w")
	assert.Equal(t, hashPassword(rec.salt, "N3w-Passw0rd!"), rec.hash)
	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("PUT", u+"/password", map[string]any{"forceChange": true}, mediaPasswordSet).detailCodes())
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("PUT", u+"/password", map[string]any{"value": "short"}, mediaPasswordSet).detailCodes())

	// population
	assert.Equal(t, Demo().SandboxDefaultPopulationID, c.get(u+"/population").str("id"))
	r = c.do("PUT", u+"/population", map[string]any{"id": Demo().SandboxArchivePopulationID})
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, Demo().SandboxArchivePopulationID, r.str("id"))
	assert.Equal(t, Demo().SandboxArchivePopulationID, c.get(u).str("population.id"))
	assert.Equal(t, float64(1), c.get(env(sb, "populations", Demo().SandboxArchivePopulationID)).Body["userCount"])
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("PUT", u+"/population", map[string]any{"id": "00000000-0000-4000-8000-000000000000"}).detailCodes())
	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("PUT", u+"/population", map[string]any{}).detailCodes())
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "users", "00000000-0000-4000-8000-000000000000", "population")).Status)
}

func TestUserGroupMemberships(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	u := env(sb, "users", Demo().SandboxUserID)

	r := c.get(u + "/memberOfGroups")
	require.Equal(t, http.StatusOK, r.Status)
	var names []string
	for _, m := range r.items("groupMemberships") {
		names = append(names, m["name"].(string))
		assert.Equal(t, "DIRECT", m["type"])
	}
	assert.Equal(t, []string{"Engineering", "Admins"}, names)

	r = c.get(u + "?include=memberOfGroupIDs")
	assert.ElementsMatch(t, []any{Demo().SandboxEngineeringGroupID, Demo().SandboxAdminsGroupID}, r.Body["memberOfGroupIDs"])
	assert.Nil(t, c.get(u).Body["memberOfGroupIDs"])

	r = c.do("POST", u+"/memberOfGroups", map[string]any{"id": Demo().SandboxHelpDeskGroupID})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	assert.Equal(t, "Help Desk", r.Body["name"])
	assert.Equal(t, "DIRECT", r.Body["type"])
	assert.Equal(t, http.StatusOK, c.get(u+"/memberOfGroups/"+Demo().SandboxHelpDeskGroupID).Status)
	r = c.get(u + "/memberOfGroups/" + Demo().SandboxHelpDeskGroupID + "?expand=group")
	assert.Equal(t, "Help Desk", r.str("_embedded.group.name"))
	assert.Equal(t, []string{"UNIQUENESS_VIOLATION"}, c.do("POST", u+"/memberOfGroups", map[string]any{"id": Demo().SandboxHelpDeskGroupID}).detailCodes())
	assert.Equal(t, []string{"INVALID_VALUE"}, c.do("POST", u+"/memberOfGroups", map[string]any{"id": "00000000-0000-4000-8000-000000000000"}).detailCodes())
	assert.Equal(t, []string{"REQUIRED_VALUE"}, c.do("POST", u+"/memberOfGroups", map[string]any{}).detailCodes())

	// Engineering is scoped to Employees: a contractor cannot join
	var contractor string
	for _, x := range c.get(env(sb, "users") + "?filter=" + q(`population.id eq "`+Demo().SandboxContractorsPopulationID+`"`)).items("users") {
		contractor = x["id"].(string)
		break
	}
	r = c.do("POST", env(sb, "users", contractor, "memberOfGroups"), map[string]any{"id": Demo().SandboxEngineeringGroupID})
	assert.Equal(t, []string{"CONSTRAINT_VIOLATION"}, r.detailCodes())

	// list filter and paging
	r = c.get(u + "/memberOfGroups?limit=1&filter=" + q(`name sw "e" or name eq "help desk"`))
	assert.Equal(t, float64(2), r.Body["count"])
	assert.Equal(t, float64(1), r.Body["size"])
	assert.NotEmpty(t, r.str("_links.next.href"))

	assert.Equal(t, http.StatusNoContent, c.do("DELETE", u+"/memberOfGroups/"+Demo().SandboxHelpDeskGroupID, nil).Status)
	assert.Equal(t, http.StatusNotFound, c.do("DELETE", u+"/memberOfGroups/"+Demo().SandboxHelpDeskGroupID, nil).Status)
	assert.Equal(t, http.StatusNotFound, c.get(u+"/memberOfGroups/"+Demo().SandboxHelpDeskGroupID).Status)
	assert.Equal(t, http.StatusNotFound, c.get(env(sb, "users", "00000000-0000-4000-8000-000000000000", "memberOfGroups")).Status)

	r = c.get(env(sb, "users") + "?filter=" + q(`memberOfGroups[id eq "`+Demo().SandboxHelpDeskGroupID+`"]`))
	ids := []string{}
	for _, x := range r.items("users") {
		ids = append(ids, x["id"].(string))
	}
	assert.False(t, slices.Contains(ids, Demo().SandboxUserID))
	assert.Len(t, ids, 5)
}
