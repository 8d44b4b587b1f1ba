package pingone_test

import (
	"net/http"
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
