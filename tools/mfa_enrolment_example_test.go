package tools_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// MFA enrolment through the toolkit: pair an SMS device for a user, then
// activate it with the passcode the user received. Against the emulator,
// pingonetest.DeviceOTP gives that passcode; against PingOne, the user
// reads it on the phone. Both calls confirm, naming the user.
func ExampleToolkit_Call_mfaEnrolment() {
	srv := pingonetest.NewServer()
	defer srv.Close()
	demo := srv.Demo()
	tokens := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(time.Hour)})
	client, _ := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(tokens))
	tk, _ := tools.Open(client, tools.WithWrites())
	ctx := context.Background()
	call := func(name string, args map[string]any) (map[string]any, error) {
		args["environmentId"], args["userId"], args["confirm"] = demo.SandboxEnvironmentID, demo.SandboxUserID, demo.SandboxUserID
		raw, _ := json.Marshal(args)
		res, err := tk.Call(ctx, name, raw)
		if err != nil {
			return nil, err
		}
		var out map[string]any
		return out, json.Unmarshal(res.Data, &out)
	}

	out, err := call("pair_mfa_device", map[string]any{"type": "SMS", "phone": "+15550100123", "nickname": "Phone"})
	if err != nil {
		fmt.Println(err)
		return
	}
	device := out["device"].(map[string]any)
	fmt.Println("paired:", device["type"], device["status"])

	id := device["id"].(string)
	out, err = call("activate_mfa_device", map[string]any{"deviceId": id, "otp": pingonetest.DeviceOTP(id)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("activated:", out["device"].(map[string]any)["status"])
	// Output:
	// paired: SMS ACTIVATION_REQUIRED
	// activated: ACTIVE
}
