package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

func TestHiddenReasonNamesTheFlagOrPolicyAndPattern(t *testing.T) {
	t.Parallel()
	client, err := pingone.NewClient()
	require.NoError(t, err)
	reg := tools.NewRegistry(tools.All()...)
	tk, err := tools.NewToolkit(reg, client, tools.Config{Filter: tools.Filter{
		AllowWrites: true, ExcludeTools: []string{"delete_*"}, ExcludeCollections: []string{"env*"},
		Origins: map[string]string{"exclude-tool-collections": "policy file p.yaml"},
	}})
	require.NoError(t, err)
	assert.Equal(t, `excluded by --exclude-tools "delete_*"`, tk.HiddenReason("delete_user"))
	assert.Equal(t, `its collection "environments" is excluded by exclude-tool-collections "env*" in policy file p.yaml`, tk.HiddenReason("list_environments"))
	assert.Empty(t, tk.HiddenReason("create_user"))

	_, err = tk.Call(t.Context(), "delete_group", []byte(`{}`))
	var te *tools.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, `excluded by --exclude-tools "delete_*"`)
}
