package pingone_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const certificateJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/certificates/c-1"}},
 "id":"c-1","environment":{"id":"env-1"},"organization":{"id":"org-1"},"name":"idp.example.com","usageType":"SIGNING",
 "subjectDN":"CN=idp.example.com","issuerDN":"CN=Example CA","serialNumber":340282366920938463463374607431768211455,
 "algorithm":"RSA","keyLength":2048,"signatureAlgorithm":"SHA256withRSA","validityPeriod":365,"default":false,"status":"VALID",
 "startsAt":"2025-01-01T00:00:00.000Z","expiresAt":"2026-01-01T00:00:00.000Z","createdAt":"2025-01-02T00:00:00.000Z",
 "customCRL":"http://crl.example.com/ca.crl"}`

func checkCertificate(t *testing.T, c *pingone.Certificate) {
	t.Helper()
	assert.Equal(t, "c-1", c.ID)
	assert.Equal(t, "org-1", c.Organization.ID)
	assert.Equal(t, pingone.CertificateUsageSigning, c.UsageType)
	assert.Equal(t, "CN=idp.example.com", c.SubjectDN)
	assert.Equal(t, "340282366920938463463374607431768211455", c.SerialNumber.String(), "a serial past int64 survives")
	assert.Equal(t, pingone.Ptr(2048), c.KeyLength)
	assert.Equal(t, "VALID", c.Status)
	assert.NotNil(t, c.ExpiresAt)
	assert.Contains(t, c.Extra, "customCRL")
}

// TestCertificateImport: a multipart/form-data body with the usageType and
// file parts, answered 202.
func TestCertificateImport(t *testing.T) {
	t.Parallel()
	c, fk := newClient(t)
	fk.on(http.MethodPost, "/environments/env-1/certificates", reply{status: http.StatusAccepted, body: certificateJSON})
	pem := []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	got, err := c.Certificates.Import(t.Context(), "env-1", pingone.CertificateUsageSSLTLS, pem)
	require.NoError(t, err)
	checkCertificate(t, got)

	req := fk.last()
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "multipart/form-data", mt)
	mr := multipart.NewReader(bytes.NewReader(req.Body), params["boundary"])
	parts := map[string]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, _ := io.ReadAll(p)
		parts[p.FormName()] = string(b)
	}
	assert.Equal(t, map[string]string{"usageType": "SSL/TLS", "file": string(pem)}, parts)

	_, err = c.Certificates.Import(t.Context(), "env-1", "", pem)
	assert.ErrorContains(t, err, "usageType is empty")
	_, err = c.Certificates.Import(t.Context(), "env-1", "SIGNING", nil)
	assert.ErrorContains(t, err, "no file")
	_, err = c.Certificates.Import(t.Context(), "", "SIGNING", pem)
	assert.Error(t, err)
	assert.Equal(t, 1, fk.count(), "refused before any request")
}
