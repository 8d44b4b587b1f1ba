package pingone_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

// Example lists the populations of an environment. The httptest server
// stands in for PingOne; against the real service, use WithRegion instead of
// WithBaseURL and a token source from the auth package.
func Example() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/environments/env-1/populations" || r.Header.Get("Authorization") != "Bearer demo-token" {
			http.Error(w, `{"code":"NOT_FOUND","message":"no such resource"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"_embedded":{"populations":[
			{"id":"pop-1","name":"Employees","userCount":42},
			{"id":"pop-2","name":"Contractors","userCount":7}]},"count":2,"size":2}`)
	}))
	defer srv.Close()

	client, err := pingone.NewClient(
		pingone.WithBaseURL(srv.URL+"/v1"),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "demo-token"})),
	)
	if err != nil {
		log.Fatal(err)
	}
	page, err := client.Populations.List(context.Background(), "env-1", &pingone.ListOptions{Limit: 20})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range page.Items {
		fmt.Printf("%s: %d users\n", p.Name, *p.UserCount)
	}
	fmt.Println("total:", page.Count, "more:", page.NextCursor != "")

	_, err = client.Populations.Get(context.Background(), "env-1", "missing")
	fmt.Println("not found:", pingone.IsNotFound(err))
	// Output:
	// Employees: 42 users
	// Contractors: 7 users
	// total: 2 more: false
	// not found: true
}
