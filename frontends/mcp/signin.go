package mcp

import (
	"context"
	"errors"
	"fmt"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/tools"
)

// Device-code sign-in inside MCP.
//
// A tool call made before the administrator signed in fails in the session
// with *auth.SignInPendingError (the session keeps polling in the
// background). When the client supports URL-mode elicitation, the call
// answers with an input request that shows the verification URL and the
// code; the client re-calls the tool once the user is done, and the re-call
// waits for the sign-in to land. Other clients get the URL and the code in
// the tool's error text, and the model's next call after approval works.

// signInRequestID names the elicitation in InputRequests/InputResponses.
const signInRequestID = "p1kit-sign-in"

// signInWait bounds how long a re-call waits for an approved sign-in to be
// picked up by the background polling (one or two polling intervals).
const signInWait = 30 * time.Second

// callWithSignIn runs call; a pending sign-in becomes a URL elicitation when
// the client supports one. It returns either the call's outcome or a
// result to send instead.
func callWithSignIn(ctx context.Context, req *sdk.CallToolRequest, call func() (*tools.Result, error)) (*tools.Result, *sdk.CallToolResult, error) {
	if resp, ok := signInResponse(req); ok {
		if er, _ := resp.(*sdk.ElicitResult); er != nil && er.Action != "accept" {
			return nil, nil, fmt.Errorf("sign-in to PingOne was not completed (the user chose %q); the tool was not run", er.Action)
		}
		return waitForSignIn(ctx, call)
	}
	res, err := call()
	var pe *auth.SignInPendingError
	if err == nil || !errors.As(err, &pe) || !supportsURLElicitation(req) {
		return res, nil, err
	}
	url := pe.VerificationURIComplete
	if url == "" {
		url = pe.VerificationURI
	}
	return nil, &sdk.CallToolResult{InputRequests: sdk.InputRequestMap{
		signInRequestID: &sdk.ElicitParams{
			Mode:          "url",
			URL:           url,
			ElicitationID: pe.UserCode,
			Message: fmt.Sprintf("Sign in to PingOne to let p1kit act as you: open the page and confirm the code %s (valid until %s).",
				pe.UserCode, pe.ExpiresAt.Format("15:04 MST")),
		},
	}}, nil
}

// waitForSignIn re-runs call while the sign-in the user just completed is
// still being picked up.
func waitForSignIn(ctx context.Context, call func() (*tools.Result, error)) (*tools.Result, *sdk.CallToolResult, error) {
	deadline := time.Now().Add(signInWait)
	for {
		res, err := call()
		var pe *auth.SignInPendingError
		if err == nil || !errors.As(err, &pe) || time.Now().After(deadline) {
			return res, nil, err
		}
		t := time.NewTimer(500 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, err
		case <-t.C:
		}
	}
}

func signInResponse(req *sdk.CallToolRequest) (sdk.InputResponse, bool) {
	if req == nil || req.Params == nil || req.Params.InputResponses == nil {
		return nil, false
	}
	r, ok := req.Params.InputResponses[signInRequestID]
	return r, ok
}

func supportsURLElicitation(req *sdk.CallToolRequest) bool {
	if req == nil {
		return false
	}
	caps := req.ClientCapabilities()
	return caps != nil && caps.Elicitation != nil && caps.Elicitation.URL != nil
}
