package pingone

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"iter"
	"mime/multipart"
	"net/http"
	"time"
)

// CertificatesService manages an environment's certificates:
// /environments/{envID}/certificates. It lists, reads, imports (a PEM or
// PKCS7 file, uploaded as multipart/form-data) and deletes them; PingOne
// replaces none with PUT and creates none from JSON, so the service holds
// its collection rather than embedding it.
type CertificatesService struct{ certs EnvCollection[Certificate] }

var certificatesResource = Resource{Path: "certificates", Key: "certificates",
	ReadOnly: []string{"_links", "createdAt", "environment", "expiresAt", "id", "organization", "startsAt", "status"}}

// Certificate usage types (Certificate.UsageType, Import's usageType).
const (
	CertificateUsageSigning      = "SIGNING"
	CertificateUsageEncryption   = "ENCRYPTION"
	CertificateUsageSSLTLS       = "SSL/TLS"
	CertificateUsageIssuance     = "ISSUANCE"
	CertificateUsageOutboundMTLS = "OUTBOUND_MTLS"
)

// CertificateUsageTypes lists the usage types PingOne accepts.
func CertificateUsageTypes() []string {
	return []string{CertificateUsageEncryption, CertificateUsageSigning, CertificateUsageSSLTLS, CertificateUsageIssuance, CertificateUsageOutboundMTLS}
}

// Certificate is an X.509 certificate PingOne holds (without its private
// key): what it is for (UsageType), whom it names and when it is valid.
type Certificate struct {
	Meta
	Organization *ObjectRef `json:"organization,omitempty"`
	Name         string     `json:"name,omitempty"`
	// UsageType is one of CertificateUsageTypes.
	UsageType string `json:"usageType,omitempty"`
	SubjectDN string `json:"subjectDN,omitempty"`
	IssuerDN  string `json:"issuerDN,omitempty"`
	// SerialNumber is the certificate's serial, a decimal integer that may
	// not fit an int64.
	SerialNumber       json.Number `json:"serialNumber,omitempty"`
	Algorithm          string      `json:"algorithm,omitempty"`
	KeyLength          *int        `json:"keyLength,omitempty"`
	SignatureAlgorithm string      `json:"signatureAlgorithm,omitempty"`
	ValidityPeriod     *int        `json:"validityPeriod,omitempty"`
	Default            *bool       `json:"default,omitempty"`
	// Status is VALID, EXPIRING, EXPIRED, NOT_YET_VALID or REVOKED.
	Status    string     `json:"status,omitempty"`
	StartsAt  *time.Time `json:"startsAt,omitempty"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
	// Extra keeps members this type does not name.
	Extra Extra `json:"-"`
}

// Resource returns the description the collection is served from.
func (s *CertificatesService) Resource() Resource { return s.certs.Resource() }

// List returns one page of the environment's certificates.
func (s *CertificatesService) List(ctx context.Context, envID string, opts *ListOptions) (*Page[*Certificate], error) {
	return s.certs.List(ctx, envID, opts)
}

// All iterates over every certificate of the environment.
func (s *CertificatesService) All(ctx context.Context, envID string, opts *ListOptions) iter.Seq2[*Certificate, error] {
	return s.certs.All(ctx, envID, opts)
}

// Get returns one certificate.
func (s *CertificatesService) Get(ctx context.Context, envID, certID string) (*Certificate, error) {
	return s.certs.Get(ctx, envID, certID)
}

// Delete deletes a certificate.
func (s *CertificatesService) Delete(ctx context.Context, envID, certID string) error {
	return s.certs.Delete(ctx, envID, certID)
}

// Import uploads a certificate file, PEM or PKCS7 (DER or PEM), for
// usageType (one of CertificateUsageTypes), as PingOne takes it: a
// multipart/form-data body with the parts file and usageType. PingOne
// answers 202 with the certificate it read, and 400 for a file that holds
// no certificate.
func (s *CertificatesService) Import(ctx context.Context, envID, usageType string, file []byte) (*Certificate, error) {
	if len(file) == 0 {
		return nil, errors.New("pingone: Import certificates: no file (empty)")
	}
	if usageType == "" {
		return nil, errEmptyID("Import certificates", "usageType")
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("usageType", usageType); err != nil {
		return nil, err
	}
	fw, err := mw.CreateFormFile("file", "certificate.pem")
	if err != nil {
		return nil, err
	}
	if _, err := fw.Write(file); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	var out Certificate
	r := request{method: http.MethodPost, raw: buf.Bytes(), contentType: mw.FormDataContentType()}
	if err := s.certs.call(ctx, "Import", []string{envID}, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
