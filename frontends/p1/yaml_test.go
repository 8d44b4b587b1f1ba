package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// TestYAMLOutputIsTheJSONData: -o yaml shows the same data as -o json, in
// the same member order, for every command that has structured output.
func TestYAMLOutputIsTheJSONData(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	for _, args := range [][]string{
		{"--sandbox", "tool", "call", "get_user", "--arg", "environmentId=" + d.SandboxEnvironmentID, "--arg", "userId=" + d.SandboxUserID},
		{"--sandbox", "tool", "call", "list_users", "--arg", "environmentId=" + d.SandboxEnvironmentID, "--arg", "limit=5"},
		{"--sandbox", "tool", "call", "list_environments"},
		{"tool", "describe", "create_user"},
		{"tool", "list"},
		{"tool", "list", "--why"},
	} {
		t.Run(strings.Join(args[:min(4, len(args))], " "), func(t *testing.T) {
			asJSON := p1(t, "", append(args, "-o", "json")...)
			require.Equal(t, 0, asJSON.code, asJSON.stderr)
			asYAML := p1(t, "", append(args, "-o", "yaml")...)
			require.Equal(t, 0, asYAML.code, asYAML.stderr)
			assert.NotRegexp(t, `(?m)(^|: |- )[\[{]`, asYAML.stdout, "block style, not JSON flow style")

			// Each --sandbox run has its own emulator, on its own port.
			port := regexp.MustCompile(`127\.0\.0\.1:\d+`)
			var fromJSON, fromYAML any
			require.NoError(t, json.Unmarshal([]byte(port.ReplaceAllString(asJSON.stdout, "127.0.0.1:0")), &fromJSON))
			require.NoError(t, yaml.Unmarshal([]byte(port.ReplaceAllString(asYAML.stdout, "127.0.0.1:0")), &fromYAML), asYAML.stdout)
			// YAML decodes integers as int and JSON as float64: compare as JSON.
			again, err := json.Marshal(fromYAML)
			require.NoError(t, err)
			var normalised any
			require.NoError(t, json.Unmarshal(again, &normalised))
			assert.Equal(t, fromJSON, normalised)
			if m, ok := orderedObject(json.RawMessage(asJSON.stdout)); ok && len(m) > 0 {
				assert.True(t, strings.HasPrefix(asYAML.stdout, m[0].key+":"), "member order kept: %q first", m[0].key)
			}
		})
	}
}

// Strings that look like other types stay strings.
func TestYAMLKeepsStringsThatLookLikeOtherTypes(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "--sandbox", "tool", "call", "--disable-read-only", "create_population", "-o", "yaml",
		"--json", `{"environmentId":"`+pingonetest.Demo().SandboxEnvironmentID+`","name":"123","description":"true"}`)
	require.Equal(t, 0, r.code, r.stderr)
	var out struct {
		Population map[string]any `yaml:"population"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(r.stdout), &out), r.stdout)
	assert.Equal(t, "123", out.Population["name"])
	assert.Equal(t, "true", out.Population["description"])
}

func TestUnknownOutputFormatNamesTheChoices(t *testing.T) {
	t.Parallel()
	r := p1(t, "", "tool", "list", "-o", "xml")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown output format "xml" (want json, yaml or table)`)
}
