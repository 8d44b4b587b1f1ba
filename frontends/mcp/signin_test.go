package mcp_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// signInRig is an MCP client connected to a toolkit whose client signs in
// with a device code in the background, on a fake clock shared by the
// emulator and the session.
type signInRig struct {
	cs      *sdk.ClientSession
	srv     *pingonetest.Server
	session *auth.Session
	clock   *clockwork.FakeClock
	saved   chan struct{} // the session was saved: the sign-in landed
}

// poll lets the session's background polling make its next request.
func (r *signInRig) poll(ctx context.Context) error {
	if err := r.clock.BlockUntilContext(ctx, 1); err != nil {
		return err
	}
	r.clock.Advance(5 * time.Second)
	return nil
}

// savedStore is a MemoryStore that says when a session is saved.
type savedStore struct {
	auth.Store
	saved chan struct{}
}

func (s savedStore) Set(key string, data []byte) error {
	err := s.Store.Set(key, data)
	s.saved <- struct{}{}
	return err
}

// connectSignIn serves such a toolkit to a client with the given options.
func connectSignIn(t *testing.T, opts *sdk.ClientOptions) *signInRig {
	t.Helper()
	return connectSignInVersion(t, opts, "")
}

// connectSignInVersion is connectSignIn speaking a given protocol version.
func connectSignInVersion(t *testing.T, opts *sdk.ClientOptions, version string) *signInRig {
	t.Helper()
	r := &signInRig{clock: clockwork.NewFakeClockAt(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)), saved: make(chan struct{}, 1)}
	r.srv = pingonetest.NewTestServer(t, pingonetest.WithClock(r.clock.Now))
	s, err := auth.NewSession(auth.Config{
		Profile: "mcp", AuthBaseURL: r.srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Background: true,
		Store: savedStore{Store: auth.NewMemoryStore(), saved: r.saved}, Now: r.clock.Now, After: r.clock.After,
	})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	r.session = s
	client, err := pingone.NewClient(pingone.WithBaseURL(r.srv.APIURL()), pingone.WithTokenSource(s))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{})
	require.NoError(t, err)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	r.cs, err = sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, opts).Connect(t.Context(), ct,
		&sdk.ClientSessionOptions{ProtocolVersion: version})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = r.cs.Close()
		_ = ss.Wait()
	})
	return r
}

// TestSignInPromptThatFails: on an older protocol the SDK shows the
// sign-in link for the server; a client that answers with an error gets a
// tool result that says the tool was not run, not a JSON-RPC error.
func TestSignInPromptThatFails(t *testing.T) {
	t.Parallel()
	opts := &sdk.ClientOptions{
		Capabilities: &sdk.ClientCapabilities{Elicitation: &sdk.ElicitationCapabilities{URL: &sdk.URLElicitationCapabilities{}}},
		ElicitationHandler: func(context.Context, *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
			return nil, errors.New("no browser here")
		},
	}
	res, err := connectSignInVersion(t, opts, "2025-06-18").cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "list_environments: sign-in to PingOne could not be shown to the user")
	assert.Contains(t, textOf(t, res), "the tool was not run")
}

func TestSignInThroughURLElicitation(t *testing.T) {
	t.Parallel()
	var rig *signInRig
	var shown []*sdk.ElicitParams
	opts := &sdk.ClientOptions{
		Capabilities: &sdk.ClientCapabilities{Elicitation: &sdk.ElicitationCapabilities{URL: &sdk.URLElicitationCapabilities{}}},
		ElicitationHandler: func(ctx context.Context, req *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
			shown = append(shown, req.Params)
			// The user opens the page and approves the code shown; the
			// session's next poll gets the tokens.
			require.NoError(t, rig.srv.ApproveDeviceCode(req.Params.ElicitationID, pingonetest.Demo().AdminUserID))
			require.NoError(t, rig.poll(ctx))
			return &sdk.ElicitResult{Action: "accept"}, nil
		},
	}
	rig = connectSignIn(t, opts)
	res, err := rig.cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	assert.Contains(t, textOf(t, res), "Administrators")
	require.Len(t, shown, 1)
	assert.Equal(t, "url", shown[0].Mode)
	assert.Contains(t, shown[0].URL, "/as/device?user_code=")
	assert.Contains(t, shown[0].Message, shown[0].ElicitationID)
	assert.Equal(t, 1, rig.session.Logins())
}

func TestSignInDeclined(t *testing.T) {
	t.Parallel()
	opts := &sdk.ClientOptions{
		Capabilities: &sdk.ClientCapabilities{Elicitation: &sdk.ElicitationCapabilities{URL: &sdk.URLElicitationCapabilities{}}},
		ElicitationHandler: func(context.Context, *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
			return &sdk.ElicitResult{Action: "decline"}, nil
		},
	}
	res, err := connectSignIn(t, opts).cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "sign-in to PingOne was not completed")
}

func TestSignInCodeInErrorText(t *testing.T) {
	t.Parallel()
	rig := connectSignIn(t, nil) // no elicitation support
	res, err := rig.cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	text := textOf(t, res)
	assert.Contains(t, text, "/as/device?user_code=")
	m := regexp.MustCompile(`confirm the code ([A-Z]{4}-[A-Z]{4})`).FindStringSubmatch(text)
	require.NotNil(t, m, text)
	code := m[1]

	// Retried before approval, the call answers the same code.
	res, err = rig.cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), code)

	require.NoError(t, rig.srv.ApproveDeviceCode(code, pingonetest.Demo().AdminUserID))
	require.NoError(t, rig.poll(t.Context()))
	select {
	case <-rig.saved:
	case <-t.Context().Done():
		t.Fatal("the approved sign-in never landed")
	}
	// The model retries once the background polling has the token: it works.
	res, err = rig.cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
}
