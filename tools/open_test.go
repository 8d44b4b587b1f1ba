package tools_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	client, err := pingone.NewClient(pingone.WithBaseURL("http://127.0.0.1:1/v1"))
	require.NoError(t, err)

	tk, err := tools.Open(client)
	require.NoError(t, err)
	_, ok := tk.Tool("delete_user")
	assert.False(t, ok, "read-only by default")
	_, ok = tk.Tool("list_users")
	assert.True(t, ok)

	tk, err = tools.Open(client, tools.WithWrites())
	require.NoError(t, err)
	_, ok = tk.Tool("delete_user")
	assert.True(t, ok)

	audited := 0
	p, err := tools.ParsePolicy("p.yaml", []byte("filter:\n  readOnly: false\n  excludeTools: [\"delete_*\"]\n"), tools.NewRegistry(tools.All()...))
	require.NoError(t, err)
	tk, err = tools.Open(client, tools.WithPolicy(p), tools.WithAudit(func(context.Context, tools.AuditRecord) { audited++ }), tools.WithFrontEnd("test"))
	require.NoError(t, err)
	_, ok = tk.Tool("delete_user")
	assert.False(t, ok, "the policy's exclusion applies")
	_, ok = tk.Tool("create_user")
	assert.True(t, ok, "the policy's writes apply")
	_, _ = tk.Call(t.Context(), "no_such_tool", nil)
	assert.Equal(t, 1, audited, "the audit sink survives the policy")

	tk, err = tools.Open(client, tools.WithTools(tools.All()[:1]...))
	require.NoError(t, err)
	assert.Len(t, tk.Registry().Tools(), 1)

	_, err = tools.Open(client, tools.WithPolicy(nil))
	assert.Error(t, err)
	_, err = tools.Open(nil)
	assert.Error(t, err)
}
