package pingonetest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// upload posts a certificate file as PingOne takes it: multipart/form-data
// with the parts usageType and file ("" leaves a part out).
func (c *client) upload(path, usage string, file []byte) resp {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if usage != "" {
		require.NoError(c.t, mw.WriteField("usageType", usage))
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", "cert.pem")
		require.NoError(c.t, err)
		_, _ = fw.Write(file)
	}
	require.NoError(c.t, mw.Close())
	return c.do(http.MethodPost, path, buf.Bytes(), mw.FormDataContentType())
}

// newCert makes a certificate for the tests, signed by itself.
func newCert(t *testing.T, key any, cn string, notBefore, notAfter time.Time) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: new(big.Int).Lsh(big.NewInt(1), 100), Subject: pkix.Name{CommonName: cn},
		NotBefore: notBefore, NotAfter: notAfter}
	var pub any
	switch k := key.(type) {
	case *rsa.PrivateKey:
		pub = &k.PublicKey
	case *ecdsa.PrivateKey:
		pub = &k.PublicKey
	case ed25519.PrivateKey:
		pub = k.Public()
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, key)
	require.NoError(t, err)
	return der
}

// pkcs7 wraps certificates in a degenerate PKCS #7 SignedData (a .p7b).
func pkcs7(t *testing.T, certs ...[]byte) []byte {
	t.Helper()
	var set []byte
	for _, c := range certs {
		set = append(set, c...)
	}
	type contentInfo struct {
		ContentType asn1.ObjectIdentifier
	}
	inner, err := asn1.Marshal(contentInfo{ContentType: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}})
	require.NoError(t, err)
	sd, err := asn1.Marshal(struct {
		Version          int
		DigestAlgorithms asn1.RawValue
		ContentInfo      asn1.RawValue
		Certificates     asn1.RawValue `asn1:"tag:0"`
		SignerInfos      asn1.RawValue
	}{
		Version:          1,
		DigestAlgorithms: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true},
		ContentInfo:      asn1.RawValue{FullBytes: inner},
		Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: set},
		SignerInfos:      asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true},
	})
	require.NoError(t, err)
	out, err := asn1.Marshal(struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue
	}{oidSignedData, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sd}})
	require.NoError(t, err)
	return out
}

func pemOf(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func TestCertificateImport(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	sb := Demo().SandboxEnvironmentID
	coll := env(sb, "certificates")
	now := time.Now()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKey, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	rsaDER := newCert(t, rsaKey, "rsa.example.com", now.Add(-time.Hour), now.AddDate(1, 0, 0))
	ecDER := newCert(t, ecKey, "ec.example.com", now.Add(-time.Hour), now.Add(10*24*time.Hour))

	// PEM: what PingOne reads of it.
	r := c.upload(coll, "SSL/TLS", pemOf("CERTIFICATE", rsaDER))
	require.Equal(t, http.StatusAccepted, r.Status, string(r.Raw))
	assert.Equal(t, "rsa.example.com", r.str("name"))
	assert.Equal(t, "CN=rsa.example.com", r.str("subjectDN"))
	assert.Equal(t, "SSL/TLS", r.str("usageType"))
	assert.Equal(t, "RSA", r.str("algorithm"))
	assert.Equal(t, float64(2048), r.Body["keyLength"])
	assert.Equal(t, "SHA256withRSA", r.str("signatureAlgorithm"))
	assert.Equal(t, "VALID", r.str("status"))
	assert.Equal(t, Demo().OrganizationID, r.str("organization.id"))
	assert.Equal(t, float64(1<<50)*float64(1<<50), r.Body["serialNumber"], "a serial past int64, as a number")
	assert.Equal(t, c.s.APIURL()+coll+"/"+r.str("id"), r.Header.Get("Location"))

	// PKCS7, in PEM and in DER: the first certificate of the bundle.
	for _, file := range [][]byte{pemOf("PKCS7", pkcs7(t, ecDER, rsaDER)), pkcs7(t, ecDER)} {
		r := c.upload(coll, "ISSUANCE", file)
		require.Equal(t, http.StatusAccepted, r.Status, string(r.Raw))
		assert.Equal(t, "ec.example.com", r.str("name"))
		assert.Equal(t, "EC", r.str("algorithm"))
		assert.Equal(t, float64(384), r.Body["keyLength"])
		assert.Equal(t, "EXPIRING", r.str("status"), "within 30 days of its end")
	}

	// What is not a certificate, and what PingOne does not take.
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	for what, tc := range map[string]struct {
		usage  string
		file   []byte
		detail string
	}{
		"garbage":           {"SIGNING", []byte("hello, world"), "INVALID_VALUE file"},
		"a key":             {"SIGNING", pemOf("PRIVATE KEY", []byte{1, 2, 3}), "INVALID_VALUE file"},
		"a broken PEM cert": {"SIGNING", pemOf("CERTIFICATE", []byte{0x30, 0x03, 1, 2, 3}), "INVALID_VALUE file"},
		"an empty PKCS7":    {"SIGNING", pkcs7(t), "INVALID_VALUE file"},
		"Ed25519":           {"SIGNING", pemOf("CERTIFICATE", newCert(t, edKey, "ed", now, now.AddDate(1, 0, 0))), "INVALID_VALUE file"},
		"no file":           {"SIGNING", nil, "REQUIRED_VALUE file"},
		"no usage":          {"", pemOf("CERTIFICATE", rsaDER), "REQUIRED_VALUE usageType"},
		"a bad usage":       {"CODE_SIGNING", pemOf("CERTIFICATE", rsaDER), "INVALID_VALUE usageType"},
	} {
		r := c.upload(coll, tc.usage, tc.file)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", what, r.Raw)
		assert.Equal(t, []string{tc.detail}, detailPairs(r), what)
	}
	assert.Equal(t, http.StatusUnsupportedMediaType, c.do(http.MethodPost, coll, map[string]any{"usageType": "SIGNING"}).Status, "JSON is not an import")
	assert.Equal(t, http.StatusMethodNotAllowed, c.do(http.MethodPut, coll+"/"+Demo().SandboxSigningCertificateID, map[string]any{}).Status)
	assert.Len(t, c.get(coll).items("certificates"), 4, "the seeded one and the three imported")

	seeded := c.get(coll + "/" + Demo().SandboxSigningCertificateID)
	require.Equal(t, http.StatusOK, seeded.Status)
	assert.Equal(t, "sandbox-signing.example.com", seeded.str("name"))
	assert.Equal(t, "SHA256withECDSA", seeded.str("signatureAlgorithm"))
}

// The status follows the emulator's clock.
func TestCertificateStatus(t *testing.T) {
	t.Parallel()
	for when, want := range map[time.Time]string{
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC):   "NOT_YET_VALID",
		time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC):   "VALID",
		time.Date(2034, 12, 20, 0, 0, 0, 0, time.UTC): "EXPIRING",
		time.Date(2035, 1, 10, 0, 0, 0, 0, time.UTC):  "EXPIRED",
	} {
		c := newClient(t, WithClock(func() time.Time { return when }))
		r := c.get(env(Demo().SandboxEnvironmentID, "certificates", Demo().SandboxSigningCertificateID))
		assert.Equal(t, want, r.str("status"), when)
	}
}
