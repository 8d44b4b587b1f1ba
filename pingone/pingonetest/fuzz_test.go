package pingonetest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// FuzzFilter: whatever filter a list request carries, the emulator answers
// it as PingOne does — a HAL page (200) or a PingOne error body (400) —
// and never panics, hangs or answers anything else. It goes through the
// emulator's own handler (the SCIM parser, the per-collection attribute
// and operator checks, and the evaluation over the demo tenant), on each
// collection that takes a filter.
func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		`username eq "jdoe"`, `name.family eq "Doe" and enabled eq true`, `memberOfGroups[id eq "x"]`,
		`not (email co "@example.com")`, `population.id eq "` + pingonetest.Demo().SandboxEnvironmentID + `"`,
		`createdAt gt "2025-01-01T00:00:00Z"`, `username pr`, `name sw "A" or name sw "B"`, `type eq "PRODUCTION"`,
		`(`, `username eq`, `username eq "unterminated`, `a[b[c eq "d"]]`, `username eq "\"" and (x or`,
		`id eq "a" and id eq "b" and id eq "c" and id eq "d" and id eq "e"`, "username eq \"\x00\"", `lifecycle.status eq "ACCOUNT_OK"`,
	} {
		f.Add(uint8(0), s)
	}
	e := pingonetest.New()
	token := e.IssueToken(365 * 24 * time.Hour)
	sb := pingonetest.Demo().SandboxEnvironmentID
	paths := []string{
		"/v1/environments/" + sb + "/users",
		"/v1/environments/" + sb + "/groups",
		"/v1/environments/" + sb + "/populations",
		"/v1/environments",
	}
	f.Fuzz(func(t *testing.T, which uint8, filter string) {
		path := paths[int(which)%len(paths)]
		req := httptest.NewRequest(http.MethodGet, path+"?filter="+url.QueryEscape(filter), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		e.ResetRequests() // the recorder would grow with every input
		body := w.Body.Bytes()
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("GET %s filter %q: %d, body not a JSON object: %.300s", path, filter, w.Code, body)
		}
		switch w.Code {
		case http.StatusOK:
			if _, ok := m["_embedded"]; !ok {
				t.Fatalf("GET %s filter %q: 200 without _embedded: %.300s", path, filter, body)
			}
		case http.StatusBadRequest:
			if m["code"] != "INVALID_DATA" || !strings.Contains(string(body), "details") {
				t.Fatalf("GET %s filter %q: a 400 that is not PingOne's INVALID_DATA: %.300s", path, filter, body)
			}
		default:
			t.Fatalf("GET %s filter %q: status %d: %.300s", path, filter, w.Code, body)
		}
	})
}
