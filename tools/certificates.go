package tools

import (
	"context"
	"time"

	"github.com/p1kit/p1kit/pingone"
)

// CertificateSummary is one row of list_certificates.
type CertificateSummary struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	UsageType string     `json:"usageType"`
	Status    string     `json:"status,omitempty"`
	SubjectDN string     `json:"subjectDN,omitempty"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

type listCertificatesOut struct {
	Certificates []CertificateSummary `json:"certificates"`
	Count        int                  `json:"count"`
}

type certificateOut struct {
	Certificate *pingone.Certificate `json:"certificate"`
}

type certificateIn struct {
	envIn
	CertificateID string `json:"certificateId" jsonschema:"ID (UUID) of the certificate, from list_certificates."`
}

type importCertificateIn struct {
	envIn
	UsageType   string `json:"usageType" jsonschema:"What the certificate is for: SIGNING, ENCRYPTION, SSL/TLS, ISSUANCE (a CA that signs other keys) or OUTBOUND_MTLS."`
	Certificate string `json:"certificate" jsonschema:"The certificate file as text: PEM, a -----BEGIN CERTIFICATE----- block or a -----BEGIN PKCS7----- bundle (its first certificate is imported)."`
}

// certificateTarget is the certificate a tool acts on, named by its name.
var certificateTarget = &Target{Arg: "certificateId", Kind: "certificate", Name: func(ctx context.Context, d Deps, envID, id string) (string, error) {
	c, err := d.Client.Certificates.Get(ctx, envID, id)
	if err != nil {
		return "", err
	}
	return c.Name, nil
}}

func certificateTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_certificates", Title: "List certificates", Collection: "certificates", Effect: Read,
			Description: "Lists the certificates of an environment (PingOne returns them all at once): id, name, usageType, status " +
				"(VALID, EXPIRING, EXPIRED, NOT_YET_VALID, REVOKED), subjectDN and expiresAt. Use it to find expiring certificates or a certificateId.",
		}, func(ctx context.Context, d Deps, in envIn) (listCertificatesOut, error) {
			certs, err := all(d.Client.Certificates.All(ctx, in.EnvironmentID, nil))
			if err != nil {
				return listCertificatesOut{}, err
			}
			out := listCertificatesOut{Certificates: rows(certs, func(c *pingone.Certificate) CertificateSummary {
				return CertificateSummary{ID: c.ID, Name: c.Name, UsageType: c.UsageType, Status: c.Status, SubjectDN: c.SubjectDN, ExpiresAt: c.ExpiresAt}
			})}
			out.Count = len(out.Certificates)
			return out, nil
		}),
		New(Meta{
			Name: "get_certificate", Title: "Get certificate", Collection: "certificates", Effect: Read, Target: certificateTarget,
			Description: "Returns one certificate in full: subject and issuer DNs, serial number, key algorithm and length, signature algorithm, " +
				"validity (startsAt, expiresAt, status) and usageType.",
		}, func(ctx context.Context, d Deps, in certificateIn) (certificateOut, error) {
			c, err := d.Client.Certificates.Get(ctx, in.EnvironmentID, in.CertificateID)
			return certificateOut{c}, err
		}),
		New(Meta{
			Name: "import_certificate", Title: "Import certificate", Collection: "certificates", Effect: Create, EnvironmentArg: "environmentId",
			Description: "Imports an X.509 certificate (public part only, no private key) into an environment for a usage type, " +
				"from its PEM text. PingOne refuses a file that holds no certificate and key or signature algorithms it does not support " +
				"(RSA or EC keys, SHA-256/384/512 signatures). Returns the certificate as PingOne read it.",
		}, func(ctx context.Context, d Deps, in importCertificateIn) (certificateOut, error) {
			c, err := d.Client.Certificates.Import(ctx, in.EnvironmentID, in.UsageType, []byte(in.Certificate))
			return certificateOut{c}, err
		}),
		New(Meta{
			Name: "delete_certificate", Title: "Delete certificate", Collection: "certificates", Effect: Delete, EnvironmentArg: "environmentId",
			Target:      certificateTarget,
			Description: "Deletes a certificate from an environment. Applications or identity providers that verify with it stop working: check them first.",
		}, func(ctx context.Context, d Deps, in certificateIn) (deleted, error) {
			err := d.Client.Certificates.Delete(ctx, in.EnvironmentID, in.CertificateID)
			return deleted{Deleted: err == nil, ID: in.CertificateID}, err
		}),
	}
}

// certificatesServed: certificates have hand-written tools (an import is
// an upload, and PingOne has no PUT for them).
var certificatesServed = handWritten("certificates", "certificates", "certificate", "list_certificates", "get_certificate", "import_certificate", "delete_certificate")
