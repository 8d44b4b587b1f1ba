package tools_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// A library user builds a toolkit in one call and runs tools through the
// same pipeline every front end uses: here against the embedded emulator.
func ExampleToolkit_Call() {
	srv := pingonetest.NewServer()
	defer srv.Close()
	token := &oauth2.Token{AccessToken: srv.IssueToken(time.Hour)}
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(oauth2.StaticTokenSource(token)))
	if err != nil {
		fmt.Println(err)
		return
	}
	tk, err := tools.Open(client, tools.WithWrites())
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	sandbox := srv.Demo().SandboxEnvironmentID

	res, err := tk.Call(ctx, "list_populations", json.RawMessage(`{"environmentId":"`+sandbox+`","limit":2}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	var page struct {
		Populations []tools.PopulationSummary `json:"populations"`
		NextCursor  string                    `json:"nextCursor"`
	}
	_ = json.Unmarshal(res.Data, &page)
	for _, p := range page.Populations {
		fmt.Println(p.Name, *p.UserCount)
	}
	fmt.Println("more:", page.NextCursor != "")

	// A destructive call is refused until it is confirmed, and says how.
	_, err = tk.Call(ctx, "delete_population", json.RawMessage(`{"environmentId":"`+sandbox+`","populationId":"`+srv.Demo().SandboxArchivePopulationID+`"}`))
	var te *tools.Error
	if errors.As(err, &te) && te.Kind == tools.KindNeedsConfirmation {
		fmt.Println(strings.Replace(te.Confirmation.Prompt(), te.Confirmation.TargetID, "…", 1))
	}
	// Output:
	// Default 18
	// Employees 19
	// more: true
	// Delete population — population "Archive" (id …) in environment "Sandbox"?
}
