package mcp_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
	"github.com/p1kit/p1kit/frontends/mcp"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// connectSignIn serves a toolkit whose client signs in with a device code in
// the background, to a client with the given options.
func connectSignIn(t *testing.T, opts *sdk.ClientOptions) (*sdk.ClientSession, *pingonetest.Server, *auth.Session) {
	t.Helper()
	return connectSignInVersion(t, opts, "")
}

// connectSignInVersion is connectSignIn speaking a given protocol version.
func connectSignInVersion(t *testing.T, opts *sdk.ClientOptions, version string) (*sdk.ClientSession, *pingonetest.Server, *auth.Session) {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	srv.SetDevicePollInterval(time.Second)
	s, err := auth.NewSession(auth.Config{
		Profile: "mcp", AuthBaseURL: srv.AuthURL(), EnvironmentID: pingonetest.Demo().AdminEnvironmentID,
		ClientID: pingonetest.Demo().CLIClientID, Grant: auth.GrantDeviceCode, Background: true,
	})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithTokenSource(s))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{})
	require.NoError(t, err)
	ct, st := sdk.NewInMemoryTransports()
	ss, err := mcp.NewServer(tk, nil).Connect(t.Context(), st, nil)
	require.NoError(t, err)
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "test-client", Version: "v0"}, opts).Connect(t.Context(), ct,
		&sdk.ClientSessionOptions{ProtocolVersion: version})
	require.NoError(t, err)
	t.Cleanup(func() {
		_ = cs.Close()
		_ = ss.Wait()
	})
	return cs, srv, s
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
	cs, _, _ := connectSignInVersion(t, opts, "2025-06-18")
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "list_environments: sign-in to PingOne could not be shown to the user")
	assert.Contains(t, textOf(t, res), "the tool was not run")
}

func TestSignInThroughURLElicitation(t *testing.T) {
	t.Parallel()
	var srv *pingonetest.Server
	var shown []*sdk.ElicitParams
	opts := &sdk.ClientOptions{
		Capabilities: &sdk.ClientCapabilities{Elicitation: &sdk.ElicitationCapabilities{URL: &sdk.URLElicitationCapabilities{}}},
		ElicitationHandler: func(_ context.Context, req *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
			shown = append(shown, req.Params)
			// The user opens the page and approves the code shown.
			require.NoError(t, srv.ApproveDeviceCode(req.Params.ElicitationID, pingonetest.Demo().AdminUserID))
			return &sdk.ElicitResult{Action: "accept"}, nil
		},
	}
	cs, s2, session := connectSignIn(t, opts)
	srv = s2
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.False(t, res.IsError, textOf(t, res))
	assert.Contains(t, textOf(t, res), "Administrators")
	require.Len(t, shown, 1)
	assert.Equal(t, "url", shown[0].Mode)
	assert.Contains(t, shown[0].URL, "/as/device?user_code=")
	assert.Contains(t, shown[0].Message, shown[0].ElicitationID)
	assert.Equal(t, 1, session.Logins())
}

func TestSignInDeclined(t *testing.T) {
	t.Parallel()
	opts := &sdk.ClientOptions{
		Capabilities: &sdk.ClientCapabilities{Elicitation: &sdk.ElicitationCapabilities{URL: &sdk.URLElicitationCapabilities{}}},
		ElicitationHandler: func(context.Context, *sdk.ElicitRequest) (*sdk.ElicitResult, error) {
			return &sdk.ElicitResult{Action: "decline"}, nil
		},
	}
	cs, _, _ := connectSignIn(t, opts)
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	assert.Contains(t, textOf(t, res), "sign-in to PingOne was not completed")
}

func TestSignInCodeInErrorText(t *testing.T) {
	t.Parallel()
	cs, srv, _ := connectSignIn(t, nil) // no elicitation support
	res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	text := textOf(t, res)
	assert.Contains(t, text, "/as/device?user_code=")
	m := regexp.MustCompile(`confirm the code ([A-Z]{4}-[A-Z]{4})`).FindStringSubmatch(text)
	require.NotNil(t, m, text)
	code := m[1]
	require.NoError(t, srv.ApproveDeviceCode(code, pingonetest.Demo().AdminUserID))
	// The model retries; once the background polling has the token, it works.
	for range 100 {
		res, err = cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
		require.NoError(t, err)
		if !res.IsError {
			break
		}
		assert.Contains(t, textOf(t, res), code)
		time.Sleep(100 * time.Millisecond)
	}
	require.False(t, res.IsError, textOf(t, res))
}
