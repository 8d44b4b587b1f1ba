package tools_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of a logger
// and an audit hook.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSecretsNeverShown creates an application with a client secret and a
// user with a password through the tools, then calls every read tool on
// them: neither value appears in a result, a debug log line or an audit
// record, unless the output policy reveals secrets — and then only in the
// result of the tool that returns the secret.
func TestSecretsNeverShown(t *testing.T) {
	t.Parallel()
	srv := pingonetest.NewTestServer(t)
	logs, audit := &lockedBuffer{}, &lockedBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client := contract.Client(t, srv)
	loggedClient, _ := contract.ClientWith(t, srv, pingone.WithLogger(logger))
	newKit := func(out tools.OutputPolicy) *tools.Toolkit {
		tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), loggedClient, tools.Config{
			Filter: tools.Filter{AllowWrites: true}, Logger: logger, Audit: tools.JSONLinesAudit(audit), Output: out,
		})
		require.NoError(t, err)
		return tk
	}
	tk := newKit(tools.OutputPolicy{})
	sb := pingonetest.Demo().SandboxEnvironmentID
	const password = "Tr0ub4dor&3-correct-horse"

	var outputs []string
	run := func(tk *tools.Toolkit, name string, args map[string]any) map[string]any {
		raw, err := json.Marshal(args)
		require.NoError(t, err)
		res, err := tk.Call(t.Context(), name, raw)
		require.NoError(t, err, "%s %s", name, raw)
		outputs = append(outputs, name+" "+string(res.Data))
		var m map[string]any
		require.NoError(t, json.Unmarshal(res.Data, &m))
		return m
	}

	app := run(tk, "create_oidc_application", map[string]any{"environmentId": sb, "application": map[string]any{
		"name": "Secret keeper", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER",
		"tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC", "grantTypes": []string{"CLIENT_CREDENTIALS"},
	}})
	appID := app["application"].(map[string]any)["id"].(string)
	user := run(tk, "create_user", map[string]any{"environmentId": sb, "username": "secret.keeper", "email": "keeper@example.com"})
	userID := user["user"].(map[string]any)["id"].(string)
	run(tk, "set_user_password", map[string]any{"environmentId": sb, "userId": userID, "password": password, "confirm": "secret.keeper"})
	run(tk, "update_oidc_application", map[string]any{"environmentId": sb, "applicationId": appID, "application": map[string]any{
		"name": "Secret keeper 2", "enabled": true, "protocol": "OPENID_CONNECT", "type": "WORKER", "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC",
	}})

	sec, err := client.Applications.GetSecret(t.Context(), sb, appID)
	require.NoError(t, err)
	secret := sec.Secret
	require.NotEmpty(t, secret)

	// Every read tool, with the new application and user as arguments.
	ids := map[string]any{
		"environmentId": sb, "applicationId": appID, "userId": userID,
		"populationId": pingonetest.Demo().SandboxEmployeesPopulationID, "groupId": pingonetest.Demo().SandboxAdminsGroupID,
		"includeGroupIds": true, "limit": 1000,
	}
	called := 0
	for _, tool := range tk.Tools() {
		if tool.IsWrite() {
			continue
		}
		args := map[string]any{}
		for name, p := range tool.InputSchema().Properties {
			if v, ok := ids[name]; ok {
				args[name] = v
				if name == "limit" && p.Maximum != nil { // as large as the tool takes
					args[name] = *p.Maximum
				}
			}
		}
		missing := false
		for _, req := range tool.InputSchema().Required {
			if _, ok := args[req]; !ok {
				missing = true
			}
		}
		if missing {
			t.Logf("%s: no arguments known for it here, not called", tool.Name)
			continue
		}
		run(tk, tool.Name, args)
		called++
	}
	assert.GreaterOrEqual(t, called, 10)

	shown := run(tk, "get_application_secret", map[string]any{"environmentId": sb, "applicationId": appID})
	assert.Equal(t, tools.RedactedPlaceholder, shown["secret"], "the tool that returns the secret shows the placeholder")

	for _, out := range outputs {
		assert.NotContains(t, out, secret)
		assert.NotContains(t, out, password)
	}
	assert.NotEmpty(t, logs.String(), "debug logging was on")
	assert.Contains(t, logs.String(), `"msg":"tool output"`)
	assert.NotEmpty(t, audit.String())
	for what, text := range map[string]string{"debug log": logs.String(), "audit": audit.String()} {
		assert.NotContains(t, text, secret, what)
		assert.NotContains(t, text, password, what)
	}
	t.Logf("%d tool results, %d bytes of debug log, %d bytes of audit: no secret, no password", len(outputs), len(logs.String()), len(audit.String()))

	// Revealed: the result shows the secret; logs and audit still do not.
	outputs = nil
	revealed := run(newKit(tools.OutputPolicy{RevealSecrets: true}), "get_application_secret", map[string]any{"environmentId": sb, "applicationId": appID})
	assert.Equal(t, secret, revealed["secret"])
	assert.NotContains(t, logs.String(), secret)
	assert.NotContains(t, audit.String(), secret)
}
