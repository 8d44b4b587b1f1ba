package pingone_test

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// specDir holds the PingOne OpenAPI documents; like internal/contract, it is
// found from this file: testdata/openapi at the repository root.
func specDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("..", "testdata", "openapi") // the package directory, where go test runs
	}
	return filepath.Join(filepath.Dir(file), "..", "testdata", "openapi")
}

// schema is the part of an OpenAPI schema that says what is read-only.
type schema struct {
	Ref        string             `yaml:"$ref"`
	ReadOnly   bool               `yaml:"readOnly"`
	Properties map[string]*schema `yaml:"properties"`
	AllOf      []*schema          `yaml:"allOf"`
	OneOf      []*schema          `yaml:"oneOf"`
}

type specDoc struct {
	Components struct {
		Schemas map[string]*schema `yaml:"schemas"`
	} `yaml:"components"`
	Paths map[string]map[string]yaml.Node `yaml:"paths"`
}

var (
	specsOnce sync.Once
	specs     map[string]*specDoc
	specsErr  error
)

// loadSpecs parses the three documents once per test process.
func loadSpecs(t *testing.T) map[string]*specDoc {
	t.Helper()
	specsOnce.Do(func() {
		specs = map[string]*specDoc{}
		for name, file := range map[string]string{
			"mgmt": "pingone-management.openapi.yaml",
			"gc":   "pingone-go-client.openapi.yaml",
			"mfa":  "pingone-mfa.openapi.yaml",
		} {
			data, err := os.ReadFile(filepath.Join(specDir(), file))
			if err != nil {
				specsErr = err
				return
			}
			var d specDoc
			if err := yaml.Unmarshal(data, &d); err != nil {
				specsErr = err
				return
			}
			specs[name] = &d
		}
	})
	require.NoError(t, specsErr)
	return specs
}

func (d *specDoc) resolve(s *schema) *schema {
	for s != nil && s.Ref != "" {
		s = d.Components.Schemas[s.Ref[strings.LastIndex(s.Ref, "/")+1:]]
	}
	return s
}

// properties are a schema's members, through allOf.
func (d *specDoc) properties(s *schema) map[string]*schema {
	s = d.resolve(s)
	out := map[string]*schema{}
	if s == nil {
		return out
	}
	for _, part := range s.AllOf {
		for k, v := range d.properties(part) {
			out[k] = v
		}
	}
	for k, v := range s.Properties {
		out[k] = v
	}
	return out
}

// variants are a schema's oneOf alternatives, or the schema itself.
func (d *specDoc) variants(s *schema) []*schema {
	if r := d.resolve(s); r != nil && len(r.OneOf) > 0 {
		return r.OneOf
	}
	return []*schema{s}
}

func (d *specDoc) readOnly(s *schema) bool {
	return s.ReadOnly || d.resolve(s).ReadOnly
}

// topReadOnly lists the top-level members the schema flags readOnly.
func (d *specDoc) topReadOnly(s *schema) []string {
	var out []string
	for _, v := range d.variants(s) {
		for k, p := range d.properties(v) {
			if d.readOnly(p) {
				out = append(out, k)
			}
		}
	}
	return out
}

// nestedReadOnly reports whether the schema flags a dotted member readOnly.
func (d *specDoc) nestedReadOnly(s *schema, dotted string) bool {
	head, rest, nested := strings.Cut(dotted, ".")
	for _, v := range d.variants(s) {
		p, ok := d.properties(v)[head]
		if !ok {
			continue
		}
		if !nested && d.readOnly(p) || nested && d.nestedReadOnly(p, rest) {
			return true
		}
	}
	return false
}

// exception is a member where a declaration knowingly differs from the spec.
type exception struct {
	member string
	why    string
}

// specOf names the schemas a resource is checked against (the read-only
// members of all of them count) and the known faults of the spec.
var specOf = map[string]struct {
	schemas []string // "doc:Schema"
	// extra are declared read-only though the spec does not flag them;
	// missing are flagged by the spec but not declared.
	extra, missing []exception
}{
	"applications":    {schemas: []string{"mgmt:readOneApplication_200_response"}},
	"billOfMaterials": {schemas: []string{"mgmt:BillOfMaterials", "gc:EnvironmentBillOfMaterialsResponse"}},
	"certificates":    {schemas: []string{"mgmt:Certificate"}},
	"environments": {
		schemas: []string{"mgmt:Environment", "gc:EnvironmentResponse"},
		extra: []exception{
			{"hardDeleteAllowedAt", "the management spec misspells it; the go-client spec and PingOne spell it so"},
			{"organization", "not flagged; PingOne sets an environment's organization from its license"},
		},
		missing: []exception{{"hardDeletedAllowedAt", "the management spec's misspelling of hardDeleteAllowedAt"}},
	},
	"groups": {
		schemas: []string{"mgmt:Group"},
		extra: []exception{
			{"createdAt", "the Group schema names no timestamps; PingOne sets them, as on every schema that has them"},
			{"updatedAt", "the Group schema names no timestamps; PingOne sets them, as on every schema that has them"},
		},
	},
	"populations":             {schemas: []string{"mgmt:Population"}},
	"identityProviders":       {schemas: []string{"mgmt:IdentityProvider"}},
	"roleAssignments":         {schemas: []string{"mgmt:RoleAssignment"}},
	"roles":                   {schemas: []string{"mgmt:Role"}},
	"signOnPolicies":          {schemas: []string{"mgmt:SignOnPolicy"}},
	"actions":                 {schemas: []string{"mgmt:SignOnPolicyAction"}},
	"signOnPolicyAssignments": {schemas: []string{"mgmt:SignOnPolicyAssignment"}},
	"resources":               {schemas: []string{"mgmt:Resource"}},
	"passwordPolicies":        {schemas: []string{"mgmt:PasswordPolicy"}},
	"scopes":                  {schemas: []string{"mgmt:ResourceScope"}},
	"grants":                  {schemas: []string{"mgmt:ApplicationResourceGrant"}},
	"applications/attributes": {schemas: []string{"mgmt:ApplicationAttributeMapping"}},
	"users": {
		schemas: []string{"mgmt:User"},
		extra:   []exception{{"mfaEnabled", "not flagged, but its description says PUT and PATCH cannot change it"}},
	},
	// devices: the MFA spec gives them no schema; TestDevicesHaveNoSchema
	// notices when it does.
}

// TestReadOnlyMatchesSpec holds every declared ReadOnly set to the readOnly
// flags of the OpenAPI schema of its resource: the same top-level members,
// and each declared dotted member flagged where it is nested.
func TestReadOnlyMatchesSpec(t *testing.T) {
	t.Parallel()
	docs := loadSpecs(t)
	c, _ := newClient(t)
	for _, res := range c.Resources() {
		t.Run(res.Key, func(t *testing.T) {
			t.Parallel()
			want, ok := specOf[res.Parent+"/"+res.Key] // two families share a HAL key (attributes)
			if !ok {
				want, ok = specOf[res.Key]
			}
			if res.Key == "devices" {
				t.Skip("the MFA spec gives devices no schema (TestDevicesHaveNoSchema)")
			}
			require.True(t, ok, "name the spec schema of %s in specOf", res.Key)
			var flagged []string
			for _, ref := range want.schemas {
				docName, name, _ := strings.Cut(ref, ":")
				d := docs[docName]
				s, found := d.Components.Schemas[name]
				require.True(t, found, "%s has no schema %s", docName, name)
				flagged = append(flagged, d.topReadOnly(s)...)
			}
			for _, e := range want.extra {
				assert.NotContains(t, flagged, e.member, "stale exception: the spec flags %s now", e.member)
				flagged = append(flagged, e.member)
			}
			for _, e := range want.missing {
				assert.Contains(t, flagged, e.member, "stale exception: the spec does not flag %s", e.member)
				flagged = slices.DeleteFunc(flagged, func(m string) bool { return m == e.member })
			}
			var top []string
			for _, m := range res.ReadOnly {
				if !strings.Contains(m, ".") {
					top = append(top, m)
					continue
				}
				nestedOK := false
				for _, ref := range want.schemas {
					docName, name, _ := strings.Cut(ref, ":")
					d := docs[docName]
					nestedOK = nestedOK || d.nestedReadOnly(d.Components.Schemas[name], m)
				}
				assert.True(t, nestedOK, "%s is declared read-only; the spec does not flag it", m)
			}
			slices.Sort(flagged)
			assert.Equal(t, slices.Compact(flagged), slices.Sorted(slices.Values(top)), "top-level read-only members")
		})
	}
}

// TestDevicesHaveNoSchema is why devices are not in specOf: when the MFA
// spec types a device, give specOf its schema.
func TestDevicesHaveNoSchema(t *testing.T) {
	t.Parallel()
	d := loadSpecs(t)["mfa"]
	for _, path := range []string{"/environments/{environmentID}/users/{userID}/devices/{deviceID}"} {
		item, ok := d.Paths[path]
		require.True(t, ok, path)
		get := item["get"]
		var op struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema *schema `yaml:"schema"`
				} `yaml:"content"`
			} `yaml:"responses"`
		}
		require.NoError(t, get.Decode(&op))
		content, ok := op.Responses["200"].Content["application/json"]
		require.True(t, ok, "GET %s answers JSON", path)
		assert.Nil(t, content.Schema, "GET %s has a schema now: check devices' ReadOnly against it", path)
	}
}
