package pingone

import (
	"context"
	"time"
)

// OrganizationsService reads the organisations the token can see and their
// licenses: /organizations and /organizations/{organizationID}/licenses.
// Both are read-only through the API (PingOne's console and contracts make
// them), so the service serves its collections without declaring them as
// resource families: no create, replace or delete exists to check.
type OrganizationsService struct {
	orgs     collection[Organization]
	licenses collection[License]
}

var (
	organizationsResource = Resource{Path: "organizations", Key: "organizations",
		ReadOnly: []string{"_links", "billingConnections", "createdAt", "description", "id", "name", "updatedAt"}}
	licensesResource = Resource{Path: "licenses", Key: "licenses",
		ReadOnly: []string{"_links", "assignedEnvironmentsCount", "beginsAt", "expiresAt", "id"}}
)

func newOrganizationsService(c *Client) *OrganizationsService {
	return &OrganizationsService{
		orgs:     serve[Organization](c, organizationsResource),
		licenses: serve[License](c, licensesResource, "organizations"),
	}
}

// Organization is a PingOne organisation: the account that holds licenses
// and environments.
type Organization struct {
	Meta
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Type is PAID, TRIAL or INTERNAL.
	Type string `json:"type,omitempty"`
	// Extra keeps members this type does not name (billingConnections, …).
	Extra Extra `json:"-"`
}

// License is one license of an organisation: what its environments may
// hold (environments, users, MFA, … limits, kept in Extra) and for how long.
type License struct {
	Meta
	Name    string `json:"name,omitempty"`
	Package string `json:"package,omitempty"`
	// Status is ACTIVE, EXPIRED, FUTURE or TERMINATED.
	Status       string     `json:"status,omitempty"`
	Organization *ObjectRef `json:"organization,omitempty"`
	BeginsAt     *time.Time `json:"beginsAt,omitempty"`
	ExpiresAt    *time.Time `json:"expiresAt,omitempty"`
	// AssignedEnvironmentsCount is the number of environments using the license.
	AssignedEnvironmentsCount *int `json:"assignedEnvironmentsCount,omitempty"`
	// Extra keeps members this type does not name (the per-product limits).
	Extra Extra `json:"-"`
}

// List returns one page of the organisations the token can see.
func (s *OrganizationsService) List(ctx context.Context, opts *ListOptions) (*Page[*Organization], error) {
	return s.orgs.list(ctx, opts)
}

// Get returns one organisation.
func (s *OrganizationsService) Get(ctx context.Context, orgID string) (*Organization, error) {
	return s.orgs.get(ctx, nil, orgID)
}

// ListLicenses returns one page of an organisation's licenses; opts may
// filter them (`beginsAt lt "…"`, `status eq "ACTIVE"`, as PingOne allows).
func (s *OrganizationsService) ListLicenses(ctx context.Context, orgID string, opts *ListOptions) (*Page[*License], error) {
	return s.licenses.list(ctx, opts, orgID)
}

// GetLicense returns one license of an organisation.
func (s *OrganizationsService) GetLicense(ctx context.Context, orgID, licenseID string) (*License, error) {
	return s.licenses.get(ctx, nil, orgID, licenseID)
}
