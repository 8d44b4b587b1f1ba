package pingonetest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"
)

const keyCertificates = "certificates"

// certificateUsageTypes are the usage types PingOne accepts (EnumCertificateKeyUsageType).
var certificateUsageTypes = []string{"ENCRYPTION", "SIGNING", "SSL/TLS", "ISSUANCE", "OUTBOUND_MTLS"}

// certificates: imported from a PEM or PKCS7 file uploaded as
// multipart/form-data (parts file and usageType), parsed with crypto/x509:
// a file holding no certificate is refused, as is a key or signature
// algorithm PingOne does not list. PingOne answers the import 202; there is
// no JSON create and no replace. status is computed from the validity
// period on every read.
var certificates *resource

func declareCertificates() *resource {
	return &resource{
		key: keyCertificates, kind: "certificate", parent: keyEnvironments, name: "name",
		verbs:    vList | vGet | vCreate | vDelete,
		readOnly: withCommon("expiresAt", "organization", "startsAt", "status"),
		create:   importCertificate,
		render:   renderCertificateStatus,
	}
}

// importCertificate serves POST …/certificates.
func importCertificate(e *Emulator, c *rctx, at place, _ string) result {
	mt, params, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" || params["boundary"] == "" {
		return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %q is not supported; import a certificate as multipart/form-data with the parts file and usageType.", mt)))
	}
	return e.locked(c, byKey[keyCertificates], at, true, func(l *loc) result { // an unknown environment is a 404 first
		file, usage, aerr := certificateForm(c.body, params["boundary"])
		if aerr != nil {
			return errResult(aerr)
		}
		cert, err := parseCertificateFile(file)
		if err != nil {
			return errResult(invalidField(detailInvalidValue, "file", "The file does not hold a certificate: "+err.Error()))
		}
		body, err := certificateDoc(cert)
		if err != nil {
			return errResult(invalidField(detailInvalidValue, "file", err.Error()))
		}
		body["usageType"] = usage
		body["default"] = false
		now := ts(e.now())
		body["id"] = e.st.ids.uuid()
		body["environment"] = ref(at.env)
		if env := e.st.envs().get(at.env); env != nil {
			if org := str(env, "organization.id"); org != "" {
				body["organization"] = ref(org)
			}
		}
		body["createdAt"] = now
		body["updatedAt"] = now
		l.d.coll(keyCertificates).add(body)
		res := l.answer(body, true)
		res.status = http.StatusAccepted // as the spec declares
		return res
	})
}

// certificateForm reads the multipart parts: file (required) and
// usageType (required, one of certificateUsageTypes).
func certificateForm(body []byte, boundary string) ([]byte, string, *apiError) {
	var file []byte
	var usage string
	var hasFile bool
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, "", newAPIError(http.StatusBadRequest, codeInvalidRequest, "The multipart body cannot be read: "+err.Error())
		}
		data, err := io.ReadAll(io.LimitReader(p, maxBodyBytes))
		if err != nil {
			return nil, "", newAPIError(http.StatusBadRequest, codeInvalidRequest, "The multipart body cannot be read: "+err.Error())
		}
		switch p.FormName() {
		case "file":
			file, hasFile = data, true
		case "usageType":
			usage = strings.TrimSpace(string(data))
		}
	}
	v := &validator{}
	if !hasFile || len(file) == 0 {
		v.add(detailRequired, "file", "file is required: the PEM or PKCS7 certificate file")
	}
	if usage == "" {
		v.add(detailRequired, "usageType", "usageType is required")
	} else {
		v.enum("usageType", usage, certificateUsageTypes)
	}
	return file, usage, v.err()
}

// parseCertificateFile reads the first certificate of a PEM file (a
// CERTIFICATE or PKCS7 block) or of a DER certificate or PKCS7 structure.
func parseCertificateFile(file []byte) (*x509.Certificate, error) {
	if block, _ := pem.Decode(file); block != nil {
		switch block.Type {
		case "CERTIFICATE":
			return x509.ParseCertificate(block.Bytes)
		case "PKCS7":
			return firstPKCS7Certificate(block.Bytes)
		default:
			return nil, fmt.Errorf("a PEM block of type %s is not a certificate", block.Type)
		}
	}
	if cert, err := x509.ParseCertificate(file); err == nil {
		return cert, nil
	}
	if cert, err := firstPKCS7Certificate(file); err == nil {
		return cert, nil
	}
	return nil, errors.New("it is neither PEM nor a DER certificate or PKCS7 structure")
}

// oidSignedData is PKCS #7 signed data, the wrapper of a .p7b certificate bundle.
var oidSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}

// firstPKCS7Certificate reads the first certificate of a degenerate PKCS #7
// SignedData (RFC 2315 §9.1: a certificates-only bundle).
func firstPKCS7Certificate(der []byte) (*x509.Certificate, error) {
	var info struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue `asn1:"explicit,tag:0"`
	}
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) > 0 {
		return nil, errors.New("not a PKCS7 structure")
	}
	if !info.ContentType.Equal(oidSignedData) {
		return nil, errors.New("the PKCS7 structure is not signed data")
	}
	var sd struct {
		Version          int
		DigestAlgorithms asn1.RawValue
		ContentInfo      asn1.RawValue
		Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	}
	if _, err := asn1.Unmarshal(info.Content.Bytes, &sd); err != nil {
		return nil, errors.New("the PKCS7 signed data cannot be read")
	}
	if len(sd.Certificates.Bytes) == 0 {
		return nil, errors.New("the PKCS7 structure holds no certificate")
	}
	var first asn1.RawValue
	if _, err := asn1.Unmarshal(sd.Certificates.Bytes, &first); err != nil {
		return nil, errors.New("the PKCS7 certificates cannot be read")
	}
	return x509.ParseCertificate(first.FullBytes)
}

// certificateSignatures maps the signature algorithms PingOne lists to its names.
var certificateSignatures = map[x509.SignatureAlgorithm]string{
	x509.SHA256WithRSA: "SHA256withRSA", x509.SHA384WithRSA: "SHA384withRSA", x509.SHA512WithRSA: "SHA512withRSA",
	x509.ECDSAWithSHA256: "SHA256withECDSA", x509.ECDSAWithSHA384: "SHA384withECDSA", x509.ECDSAWithSHA512: "SHA512withECDSA",
}

// certificateDoc describes a certificate as PingOne does.
func certificateDoc(cert *x509.Certificate) (doc, error) {
	var alg string
	var bits int
	switch k := cert.PublicKey.(type) {
	case *rsa.PublicKey:
		alg, bits = "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		alg, bits = "EC", k.Curve.Params().BitSize
	default:
		return nil, fmt.Errorf("the certificate's key algorithm %s is not supported (RSA or EC)", cert.PublicKeyAlgorithm)
	}
	sig, ok := certificateSignatures[cert.SignatureAlgorithm]
	if !ok {
		return nil, fmt.Errorf("the certificate's signature algorithm %s is not supported (%s)", cert.SignatureAlgorithm,
			strings.Join(slices.Sorted(maps.Values(certificateSignatures)), ", "))
	}
	name := cert.Subject.CommonName
	if name == "" {
		name = cert.Subject.String()
	}
	days := int(cert.NotAfter.Sub(cert.NotBefore).Hours() / 24)
	return doc{
		"name": name, "subjectDN": cert.Subject.String(), "issuerDN": cert.Issuer.String(),
		"serialNumber": json.Number(cert.SerialNumber.String()),
		"algorithm":    alg, "keyLength": float64(bits), "signatureAlgorithm": sig,
		"validityPeriod": float64(max(days, 1)),
		"startsAt":       ts(cert.NotBefore), "expiresAt": ts(cert.NotAfter),
	}, nil
}

// certificateExpiring is how long before its end a certificate is EXPIRING.
const certificateExpiring = 30 * 24 * time.Hour

// renderCertificateStatus sets status from the validity period and the
// emulator's clock.
func renderCertificateStatus(l *loc, src, out doc) {
	now := l.e.now()
	starts, _ := time.Parse(time.RFC3339Nano, str(src, "startsAt"))
	ends, _ := time.Parse(time.RFC3339Nano, str(src, "expiresAt"))
	switch {
	case now.Before(starts):
		out["status"] = "NOT_YET_VALID"
	case !now.Before(ends):
		out["status"] = "EXPIRED"
	case ends.Sub(now) <= certificateExpiring:
		out["status"] = "EXPIRING"
	default:
		out["status"] = "VALID"
	}
}

// DemoCertificatePEM is the self-signed EC P-256 certificate the demo
// tenant's Sandbox holds (CN=sandbox-signing.example.com, 2025 to 2035),
// fixed so that every run seeds the same one; tests import it elsewhere.
const DemoCertificatePEM = `-----BEGIN CERTIFICATE-----
MIIBiDCCAS6gAwIBAgIEATT9/jAKBggqhkjOPQQDAjBCMRowGAYDVQQKExFEZW1v
IE9yZ2FuaXphdGlvbjEkMCIGA1UEAxMbc2FuZGJveC1zaWduaW5nLmV4YW1wbGUu
Y29tMB4XDTI1MDExMDAwMDAwMFoXDTM1MDExMDAwMDAwMFowQjEaMBgGA1UEChMR
RGVtbyBPcmdhbml6YXRpb24xJDAiBgNVBAMTG3NhbmRib3gtc2lnbmluZy5leGFt
cGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGXAqih3IJWSLhUPjKCe
XdU7yPWuVbGQRb/7FEJVPE0swJK7+d+V47wDGQ9EHeGmdgohnMhLzgh37bdzkBoo
ukGjEjAQMA4GA1UdDwEB/wQEAwIHgDAKBggqhkjOPQQDAgNIADBFAiBo6Iw855wK
EOo/KqzdPfG/Z5qbjL5UQVe3twkpOX++ggIhAKOrMZwvO5m6CLN6r8VJY7APnCbQ
GFWTClp1pVmp8SVj
-----END CERTIFICATE-----
`

// certificate seeds a certificate read from a PEM file.
func (s *seeder) certificate(envID, orgID, pemText, usage string) string {
	cert, err := parseCertificateFile([]byte(pemText))
	if err != nil {
		panic("pingonetest: seed certificate: " + err.Error())
	}
	d, err := certificateDoc(cert)
	if err != nil {
		panic("pingonetest: seed certificate: " + err.Error())
	}
	id := s.st.ids.uuid()
	now := s.next()
	d["id"], d["environment"], d["organization"] = id, ref(envID), ref(orgID)
	d["usageType"], d["default"], d["createdAt"], d["updatedAt"] = usage, false, now, now
	s.st.envData[envID].coll(keyCertificates).add(d)
	return id
}
