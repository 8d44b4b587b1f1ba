package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// TestCertificateTools: import from PEM text, the refusal of what is not a
// certificate, and a delete confirmed by the certificate's name.
func TestCertificateTools(t *testing.T) {
	t.Parallel()
	tk, _ := newKit(t, tools.Config{Filter: tools.Filter{AllowWrites: true}})
	env := pingonetest.Demo().SandboxEnvironmentID
	out, te := call(t, tk, "import_certificate", map[string]any{"environmentId": env, "usageType": "SSL/TLS", "certificate": pingonetest.DemoCertificatePEM})
	require.Nil(t, te, "%v", te)
	cert := out["certificate"].(map[string]any)
	assert.Equal(t, "sandbox-signing.example.com", cert["name"])
	assert.Equal(t, "SSL/TLS", cert["usageType"])

	_, te = call(t, tk, "import_certificate", map[string]any{"environmentId": env, "usageType": "SIGNING", "certificate": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindAPI, te.Kind)
	assert.Contains(t, te.Message, "file")

	list, te := call(t, tk, "list_certificates", map[string]any{"environmentId": env})
	require.Nil(t, te, "%v", te)
	assert.Equal(t, float64(2), list["count"])

	id := cert["id"].(string)
	_, te = call(t, tk, "delete_certificate", map[string]any{"environmentId": env, "certificateId": id})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindNeedsConfirmation, te.Kind)
	assert.Contains(t, te.Message, "sandbox-signing.example.com", "the prompt names the certificate")
	_, te = call(t, tk, "delete_certificate", map[string]any{"environmentId": env, "certificateId": id, "confirm": "sandbox-signing.example.com"})
	require.Nil(t, te, "%v", te)
}
