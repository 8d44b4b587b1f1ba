package tools_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/tools"
)

func registry() *tools.Registry { return tools.NewRegistry(tools.All()...) }

func TestPolicyExamplesLoad(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"example.yaml", "example.json"} {
		p, err := tools.LoadPolicyFile(filepath.Join("..", "testdata", "policy", f), registry())
		require.NoError(t, err, f)
		cfg := p.Config(registry())
		assert.True(t, cfg.Filter.AllowWrites, f)
		assert.True(t, cfg.Environments.WritesOnlyWhereAllowed, f)
		require.NotEmpty(t, cfg.Environments.Rules, f)
		assert.Equal(t, "Sandbox", cfg.Environments.Rules[0].Environment)
		assert.True(t, *cfg.Environments.Rules[0].Writes)
	}
	p, err := tools.LoadPolicyFile(filepath.Join("..", "testdata", "policy", "example.yaml"), registry())
	require.NoError(t, err)
	cfg := p.Config(registry())
	assert.Equal(t, []string{"delete_*"}, cfg.Filter.ExcludeTools)
	assert.Equal(t, []string{"update_environment", "update_environment_services"}, cfg.ConfirmTools, "patterns expand to tool names")
	assert.True(t, cfg.Rules.ClampPageSize)
	assert.Equal(t, 100, cfg.Rules.MaxPageSize)
	assert.True(t, cfg.Environments.ProtectProductionUserData)
	assert.Equal(t, "p1-audit.jsonl", p.Audit.Log)
	assert.Equal(t, tools.OutputPolicy{}, cfg.Output)

	p, err = tools.ParsePolicy("o.yaml", []byte("output:\n  revealSecrets: true\n  maxResultBytes: 4096\n"), registry())
	require.NoError(t, err)
	assert.Equal(t, tools.OutputPolicy{RevealSecrets: true, MaxResultBytes: 4096}, p.Config(registry()).Output)
	_, err = tools.ParsePolicy("o.yaml", []byte("output:\n  maxResultBytes: 10\n"), registry())
	require.ErrorContains(t, err, "o.yaml:2:19: output.maxResultBytes 10 is below the smallest budget")
}

func TestPolicyBrokenFilesPointAtTheLine(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"unknown-key.yaml": {`unknown-key.yaml:4:3: unknown key "productionWrite" in guard; did you mean "productionWrites"?`},
		"wrong-type.yaml": {
			`wrong-type.yaml:2:21: guard.productionWrites must be true or false, not "yes please"`,
			`wrong-type.yaml:4:16: rules.maxPageSize must be a whole number, not "ten"`,
		},
		"unknown-tool.yaml": {
			`unknown-tool.yaml:4:7: unknown tool "delete_everything" in filter.excludeTools`,
			`unknown-tool.yaml:5:7: tool pattern "*_widgets" in filter.excludeTools matches no tool`,
		},
		"bad-values.yaml": {
			`bad-values.yaml:2:23: guard.environmentTypeTTL "forever" is not a positive duration`,
			`bad-values.yaml:4:7: guard.environments[0] needs environment`,
			`bad-values.yaml:6:13: rules.pageSize "sometimes" is not refuse or clamp`,
		},
		"syntax.yaml":         {`syntax.yaml:3:1: `},
		"not-a-list.json":     {`not-a-list.json:3:21: filter.excludeTools must be a list, not "delete_user"`},
		"tabs.json":           {`tabs.json:4:20: tool pattern "nope_*" in filter.excludeTools matches no tool`},
		"trailing-comma.json": {`trailing-comma.json:4:3: invalid JSON: invalid character '}' looking for beginning of object key string`},
	}
	for file, wants := range cases {
		_, err := tools.LoadPolicyFile(filepath.Join("..", "testdata", "policy", "broken", file), registry())
		var perrs tools.PolicyErrors
		require.ErrorAs(t, err, &perrs, file)
		require.Len(t, perrs, len(wants), "%s: %v", file, err)
		for i, want := range wants {
			got := perrs[i].Error()
			assert.True(t, strings.HasSuffix(filepath.ToSlash(got[:strings.Index(got, ":")]), file), got)
			assert.Contains(t, filepath.Base(got), want, file)
		}
	}
}

func TestPolicyEmptyIsTheDefault(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{"", "# nothing\n", "{}", "filter:\n"} {
		p, err := tools.ParsePolicy("p.yaml", []byte(doc), registry())
		require.NoError(t, err, doc)
		cfg := p.Config(registry())
		assert.False(t, cfg.Filter.AllowWrites)
		assert.False(t, cfg.AllowProductionWrites)
		assert.False(t, cfg.DryRun)
	}
}

func TestPolicyRejectsAliasesAndDuplicates(t *testing.T) {
	t.Parallel()
	_, err := tools.ParsePolicy("p.yaml", []byte("a: &x [delete_user]\nfilter:\n  excludeTools: *x\n"), registry())
	require.Error(t, err)
	_, err = tools.ParsePolicy("p.yaml", []byte("dryRun: true\ndryRun: false\n"), registry())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "p.yaml:")
}

func TestPolicySummary(t *testing.T) {
	t.Parallel()
	summary := func(policy string) map[string]string {
		p, err := tools.ParsePolicy("p.yaml", []byte(policy), registry())
		require.NoError(t, err)
		tk, _ := newKit(t, p.Config(registry()))
		m := map[string]string{}
		for _, l := range p.Summary(tk) {
			m[l.Aspect] = l.Value
		}
		return m
	}
	defaults := summary("{}")
	assert.Equal(t, "refused", defaults["production writes"])
	assert.Equal(t, "never granted: Organization Admin, Environment Admin", defaults["administrator roles"])
	assert.Equal(t, `"Administrators": writes refused`, defaults["administrators environment"])
	assert.Equal(t, "65536 bytes (the default)", defaults["result size budget"])
	assert.Equal(t, "redacted", defaults["secrets in results"])
	assert.Contains(t, defaults["tools"], "read-only mode")

	set := summary("filter:\n  readOnly: false\nguard:\n  environments:\n    - environment: Sandbox\n      writes: true\n" +
		"rules:\n  allowProtectedRoles: true\n  maxPageSize: 20\noutput:\n  revealSecrets: true\n  maxResultBytes: -1\n")
	assert.Equal(t, "writes allowed", set[`environment "Sandbox"`])
	assert.Equal(t, "any role may be granted", set["administrator roles"])
	assert.Equal(t, "at most 20 (larger limits are refused)", set["page size"])
	assert.Equal(t, "none", set["result size budget"])
	assert.Contains(t, set["secrets in results"], "SHOWN")
	assert.Contains(t, set["tools"], "writes enabled")
}

func TestPolicyFileSizeIsBounded(t *testing.T) {
	t.Parallel()
	big := []byte("# " + strings.Repeat("x", tools.MaxPolicyBytes) + "\n")
	_, err := tools.ParsePolicy("big.yaml", big, registry())
	require.ErrorIs(t, err, tools.ErrPolicyTooLarge)
	assert.EqualError(t, err, "policy file big.yaml is larger than 1 MiB, the limit for a policy file")

	// An endless file is read only up to the limit.
	if _, statErr := os.Stat("/dev/zero"); statErr == nil {
		_, err = tools.LoadPolicyFile("/dev/zero", registry())
		require.ErrorIs(t, err, tools.ErrPolicyTooLarge)
		assert.EqualError(t, err, "policy file /dev/zero is larger than 1 MiB, the limit for a policy file")
	}
}
