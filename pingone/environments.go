package pingone

import (
	"context"
	"net/url"
	"time"
)

// EnvironmentsService manages environments, their bill of materials and
// identity metrics: /environments. List filters on `name sw`, `id eq`,
// `organization.id eq`, `license.id eq` and `status eq`, joined with `and`.
// Create needs Name, Region, Type and License (a trial license creates no
// PRODUCTION environment); Update needs Name, Region (immutable) and Type;
// Delete removes a SANDBOX, while a PRODUCTION environment must first be
// given the status DELETE_PENDING.
type EnvironmentsService struct {
	OrgCollection[Environment]
	billOfMaterials Singleton[BillOfMaterials]
}

// The management spec misspells hardDeleteAllowedAt (hardDeletedAllowedAt);
// _embedded is flagged by the go-client spec, which serves these paths;
// organization is not flagged, but PingOne sets it from the license.
var environmentsResource = Resource{Path: "environments", Key: "environments", ReadOnly: []string{"_embedded", "_links",
	"billOfMaterials._links", "billOfMaterials.createdAt", "billOfMaterials.updatedAt", "createdAt",
	"hardDeleteAllowedAt", "id", "organization", "softDeletedAt", "updatedAt"}}

var billOfMaterialsResource = Resource{Path: "billOfMaterials", Key: "billOfMaterials",
	ReadOnly: []string{"_embedded", "_links", "createdAt", "updatedAt"}}

// Environment types.
const (
	EnvironmentTypeProduction = "PRODUCTION"
	EnvironmentTypeSandbox    = "SANDBOX"
)

// Environment statuses. DELETE_PENDING is a soft-deleted environment.
const (
	EnvironmentStatusActive        = "ACTIVE"
	EnvironmentStatusDeletePending = "DELETE_PENDING"
)

// Environment is a PingOne environment: a tenant of an organization with its
// own users, applications and configuration.
type Environment struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Type is EnvironmentTypeProduction or EnvironmentTypeSandbox.
	Type string `json:"type,omitempty"`
	// Region is the region code (NA, EU, CA, AP, AU, SG); set at creation, immutable.
	Region string `json:"region,omitempty"`
	// Status is EnvironmentStatusActive or EnvironmentStatusDeletePending.
	Status string `json:"status,omitempty"`
	// License is required to create an environment.
	License         *ObjectRef       `json:"license,omitempty"`
	Organization    *ObjectRef       `json:"organization,omitempty"`
	BillOfMaterials *BillOfMaterials `json:"billOfMaterials,omitempty"`
	Icon            string           `json:"icon,omitempty"`
	// Subtype is one of DEV, QA, STAGING, TESTING, UAT.
	Subtype string `json:"subtype,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// Bill of materials solution types.
const (
	SolutionTypeWorkforce = "WORKFORCE"
	SolutionTypeCustomer  = "CUSTOMER"
	SolutionTypeCIAMTrial = "CIAM_TRIAL"
	SolutionTypeWFTrial   = "WF_TRIAL"
)

// Common bill of materials product types (PingOne knows more).
const (
	ProductPingOneBase         = "PING_ONE_BASE"
	ProductPingOneMFA          = "PING_ONE_MFA"
	ProductPingOneDaVinci      = "PING_ONE_DAVINCI"
	ProductPingOneRisk         = "PING_ONE_RISK"
	ProductPingOneVerify       = "PING_ONE_VERIFY"
	ProductPingOneCredentials  = "PING_ONE_CREDENTIALS"
	ProductPingOneAuthorize    = "PING_ONE_AUTHORIZE"
	ProductPingOneProvisioning = "PING_ONE_PROVISIONING"
	ProductPingID              = "PING_ID"
	ProductPingFederate        = "PING_FEDERATE"
	ProductPingAccess          = "PING_ACCESS"
	ProductPingDirectory       = "PING_DIRECTORY"
)

// BillOfMaterials lists the products an environment is provisioned with.
type BillOfMaterials struct {
	Meta
	Products []*BillOfMaterialsProduct `json:"products"`
	// SolutionType is one of the SolutionType constants; immutable.
	SolutionType string `json:"solutionType,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// BillOfMaterialsProduct is one product of a bill of materials.
type BillOfMaterialsProduct struct {
	ID string `json:"id,omitempty"`
	// Type is the product, e.g. ProductPingOneMFA.
	Type        string                    `json:"type"`
	Description string                    `json:"description,omitempty"`
	Console     *BillOfMaterialsConsole   `json:"console,omitempty"`
	Bookmarks   []BillOfMaterialsBookmark `json:"bookmarks,omitempty"`
	Tags        []string                  `json:"tags,omitempty"`
	// Extra keeps members this type does not name, so a replace does not drop them.
	Extra Extra `json:"-"`
}

// BillOfMaterialsConsole is the link to a product's admin console.
type BillOfMaterialsConsole struct {
	Href string `json:"href"`
}

// BillOfMaterialsBookmark is a named link shown with a product (at most 5).
type BillOfMaterialsBookmark struct {
	Name string `json:"name"`
	Href string `json:"href"`
}

// TotalIdentity is the number of unique identities of an environment on one day.
type TotalIdentity struct {
	// Date is the day, as the Unix timestamp PingOne returns.
	Date            int64 `json:"date"`
	TotalIdentities int   `json:"totalIdentities"`
}

// GetBillOfMaterials returns the products an environment is provisioned with.
func (s *EnvironmentsService) GetBillOfMaterials(ctx context.Context, envID string) (*BillOfMaterials, error) {
	return s.billOfMaterials.Get(ctx, envID)
}

// UpdateBillOfMaterials replaces an environment's bill of materials (PUT).
// PingOne refuses products the organization's license does not include.
func (s *EnvironmentsService) UpdateBillOfMaterials(ctx context.Context, envID string, b *BillOfMaterials) (*BillOfMaterials, error) {
	return s.billOfMaterials.Update(ctx, envID, b)
}

// TotalIdentities returns the daily count of unique identities of an
// environment from start to end (RFC 3339 in the filter PingOne requires).
// A zero end leaves the end date to PingOne.
func (s *EnvironmentsService) TotalIdentities(ctx context.Context, envID string, start, end time.Time) ([]*TotalIdentity, error) {
	filter := `startDate eq "` + start.Format(time.RFC3339) + `"`
	if !end.IsZero() {
		filter += ` and endDate eq "` + end.Format(time.RFC3339) + `"`
	}
	p, err := s.path("TotalIdentities", envID)
	if err != nil {
		return nil, err
	}
	return collect(listAll[*TotalIdentity](ctx, s.c, append(p, "totalIdentities"), "totalIdentities", url.Values{"filter": {filter}}, nil))
}
