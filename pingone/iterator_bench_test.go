package pingone_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// BenchmarkUsersAll lists 10,000 users through the iterator, 1,000 per page,
// against the emulator over loopback HTTP. Memory stays flat: one page is
// decoded at a time (see allocs/op and B/op per full listing).
func BenchmarkUsersAll(b *testing.B) {
	srv := pingonetest.NewServer(pingonetest.WithoutDemoTenant())
	defer srv.Close()
	client, err := pingone.NewClient(
		pingone.WithBaseURL(srv.APIURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(time.Hour)})),
		pingone.WithHTTPClient(&http.Client{}),
	)
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	env, err := client.Environments.Create(ctx, &pingone.Environment{
		Name: "Bench", Region: "NA", Type: pingone.EnvironmentTypeSandbox, License: pingone.Ref(pingonetest.Demo().LicenseID),
	})
	if err != nil {
		b.Fatal(err)
	}
	var popID string
	for p, err := range client.Populations.All(ctx, env.ID, nil) {
		if err != nil {
			b.Fatal(err)
		}
		popID = p.ID
	}
	const n = 10_000
	if err := srv.AddUsers(env.ID, popID, n); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		count := 0
		for _, err := range client.Users.All(ctx, env.ID, &pingone.ListOptions{Limit: 1000}) {
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		if count != n {
			b.Fatalf("listed %d users, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n), "users/op")
}

// renderedPages serves users users, perPage a page, from one page of
// users rendered as PingOne renders them (each page differs only in its
// next link), so that the benchmark's memory is the client's.
func renderedPages(b *testing.B, users, perPage int) *httptest.Server {
	b.Helper()
	var items []map[string]any
	for i := range perPage {
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		items = append(items, map[string]any{
			"_links": map[string]any{"self": map[string]string{"href": "https://api.pingone.com/v1/environments/e/users/" + id},
				"password": map[string]string{"href": "https://api.pingone.com/v1/environments/e/users/" + id + "/password"}},
			"id": id, "environment": map[string]string{"id": "e"}, "population": map[string]string{"id": "p"},
			"createdAt": "2025-01-10T09:00:00Z", "updatedAt": "2025-01-10T09:00:00Z",
			"username": fmt.Sprintf("user%06d", i), "email": fmt.Sprintf("user%06d@example.com", i), "enabled": true,
			"name": map[string]string{"given": "Given", "family": "Family"}, "mfaEnabled": false,
			"account": map[string]any{"canAuthenticate": true, "status": "OK"}, "lifecycle": map[string]string{"status": "ACCOUNT_OK"},
			"identityProvider": map[string]string{"type": "PING_ONE"}, "verifyStatus": "NOT_INITIATED",
		})
	}
	pages := (users + perPage - 1) / perPage
	render := func(next string) []byte {
		links := map[string]any{"self": map[string]string{"href": "https://api.pingone.com/v1/environments/e/users"}}
		if next != "" {
			links["next"] = map[string]string{"href": next}
		}
		raw, err := json.Marshal(map[string]any{"_embedded": map[string]any{"users": items}, "count": users, "size": perPage, "_links": links})
		if err != nil {
			b.Fatal(err)
		}
		return raw
	}
	middle, last := render("NEXT"), render("")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		w.Header().Set("Content-Type", "application/json")
		if p+1 >= pages {
			_, _ = w.Write(last)
			return
		}
		_, _ = w.Write(bytes.Replace(middle, []byte("NEXT"), []byte(fmt.Sprintf("%s/v1/environments/e/users?limit=%d&cursor=%d", srv.URL, perPage, p+1)), 1))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// plainUser is the User model without its JSON methods: what a plain
// decode loop decodes into.
type plainUser pingone.User

// BenchmarkUsersIterator: 100,000 users, 1,000 a page, from pre-rendered
// pages, through Users.All against a plain loop that GETs the same pages
// and decodes each into the same struct, alternately in one run.
// iterator/plain is the acceptance figure (throughput ≥ 0.8 of the plain
// loop's, i.e. time ≤ 1.25); peak-RSS-MB the peak of a process that runs
// this benchmark alone (make bench runs every benchmark in one process, and
// another's memory would count): the benchmark runs itself once in a child
// process for it.
func BenchmarkUsersIterator(b *testing.B) {
	const users, perPage = 100_000, 1_000
	srv := renderedPages(b, users, perPage)
	client, err := pingone.NewClient(
		pingone.WithBaseURL(srv.URL+"/v1"),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"})),
		pingone.WithHTTPClient(&http.Client{}),
	)
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	hc := &http.Client{}
	plain := func() int {
		n := 0
		url := srv.URL + "/v1/environments/e/users?limit=1000"
		for url != "" {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			req.Header.Set("Authorization", "Bearer t")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				b.Fatal(err)
			}
			var page struct {
				Embedded struct {
					Users []plainUser `json:"users"`
				} `json:"_embedded"`
				Links pingone.Links `json:"_links"`
			}
			if err := json.Unmarshal(body, &page); err != nil {
				b.Fatal(err)
			}
			n += len(page.Embedded.Users)
			url = page.Links["next"].Href
		}
		return n
	}
	iterate := func() int {
		n := 0
		for _, err := range client.Users.All(ctx, "e", &pingone.ListOptions{Limit: perPage}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		return n
	}
	var plainTotal, iterTotal time.Duration
	for b.Loop() {
		start := time.Now()
		if n := plain(); n != users {
			b.Fatalf("plain loop read %d users", n)
		}
		mid := time.Now()
		if n := iterate(); n != users {
			b.Fatalf("iterator read %d users", n)
		}
		plainTotal += mid.Sub(start)
		iterTotal += time.Since(mid)
	}
	b.ReportMetric(float64(iterTotal)/float64(plainTotal), "iterator/plain")
	b.ReportMetric(float64(plainTotal)/float64(iterTotal), "throughput-ratio")
	b.ReportMetric(aloneRSS(b), "peak-RSS-MB")
}

const rssChild = "P1KIT_ITERATOR_RSS_CHILD"

// aloneRSS is the peak RSS, in MB, of this process when it is the child
// aloneRSS starts, else of that child: the test binary running
// BenchmarkUsersIterator once and nothing else.
func aloneRSS(b *testing.B) float64 {
	if os.Getenv(rssChild) != "" {
		// VmHWM is this address space's peak; getrusage's ru_maxrss would
		// carry the parent's from before the fork.
		if status, err := os.ReadFile("/proc/self/status"); err == nil {
			if m := regexp.MustCompile(`VmHWM:\s+([0-9]+) kB`).FindSubmatch(status); m != nil {
				kb, _ := strconv.ParseFloat(string(m[1]), 64)
				return kb / 1024
			}
		}
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return float64(ru.Maxrss) / 1024
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkUsersIterator$", "-test.benchtime=1x")
	cmd.Env = append(os.Environ(), rssChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("the benchmark alone: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`([0-9.]+) peak-RSS-MB`).FindSubmatch(out)
	if m == nil {
		b.Fatalf("the benchmark alone reported no peak-RSS-MB:\n%s", out)
	}
	mb, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		b.Fatal(err)
	}
	return mb
}
