package pingone

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// EnvironmentsService manages environments, their bill of materials and
// identity metrics: /environments.
type EnvironmentsService service

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
	ID          string `json:"id,omitempty"`
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
	Subtype   string     `json:"subtype,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
	UpdatedAt *time.Time `json:"updatedAt,omitempty"`
	Links     Links      `json:"_links,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (e *Environment) UnmarshalJSON(b []byte) error {
	type plain Environment
	return unmarshalKeep(b, (*plain)(e), &e.Extra)
}

// MarshalJSON writes Extra back.
func (e Environment) MarshalJSON() ([]byte, error) {
	type plain Environment
	return marshalKeep(plain(e), e.Extra)
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
	Products []*BillOfMaterialsProduct `json:"products"`
	// SolutionType is one of the SolutionType constants; immutable.
	SolutionType string     `json:"solutionType,omitempty"`
	CreatedAt    *time.Time `json:"createdAt,omitempty"`
	UpdatedAt    *time.Time `json:"updatedAt,omitempty"`
	Links        Links      `json:"_links,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (b *BillOfMaterials) UnmarshalJSON(data []byte) error {
	type plain BillOfMaterials
	return unmarshalKeep(data, (*plain)(b), &b.Extra)
}

// MarshalJSON writes Extra back.
func (b BillOfMaterials) MarshalJSON() ([]byte, error) {
	type plain BillOfMaterials
	return marshalKeep(plain(b), b.Extra)
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

// UnmarshalJSON keeps unknown members in Extra.
func (p *BillOfMaterialsProduct) UnmarshalJSON(b []byte) error {
	type plain BillOfMaterialsProduct
	return unmarshalKeep(b, (*plain)(p), &p.Extra)
}

// MarshalJSON writes Extra back.
func (p BillOfMaterialsProduct) MarshalJSON() ([]byte, error) {
	type plain BillOfMaterialsProduct
	return marshalKeep(plain(p), p.Extra)
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

func environmentsPath(more ...string) []string {
	return append([]string{"environments"}, more...)
}

// List returns one page of the environments the token can see. Filters:
// `name sw`, `id eq`, `organization.id eq`, `license.id eq`, `status eq`, joined with `and`.
func (s *EnvironmentsService) List(ctx context.Context, opts *ListOptions) (*Page[*Environment], error) {
	return listPage[*Environment](ctx, s.c, environmentsPath(), "environments", nil, opts)
}

// All iterates over every environment matching opts.
func (s *EnvironmentsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Environment, error] {
	return listAll[*Environment](ctx, s.c, environmentsPath(), "environments", nil, opts)
}

// Get returns one environment.
func (s *EnvironmentsService) Get(ctx context.Context, envID string) (*Environment, error) {
	var e Environment
	if _, err := s.c.do(ctx, request{method: http.MethodGet, segs: environmentsPath(envID)}, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// Create creates an environment; Name, Region, Type and License are required.
// Organizations on a trial license cannot create PRODUCTION environments.
func (s *EnvironmentsService) Create(ctx context.Context, e *Environment) (*Environment, error) {
	var out Environment
	if _, err := s.c.do(ctx, request{method: http.MethodPost, segs: environmentsPath(), body: e, readOnly: commonReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Update replaces an environment (PUT): fields left empty are cleared.
// Name, Region (immutable) and Type are required.
func (s *EnvironmentsService) Update(ctx context.Context, envID string, e *Environment) (*Environment, error) {
	var out Environment
	if _, err := s.c.do(ctx, request{method: http.MethodPut, segs: environmentsPath(envID), body: e, readOnly: commonReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Delete deletes an environment. PingOne deletes a SANDBOX directly; a
// PRODUCTION environment must first have its status changed.
func (s *EnvironmentsService) Delete(ctx context.Context, envID string) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, segs: environmentsPath(envID)}, nil)
	return err
}

// GetBillOfMaterials returns the products an environment is provisioned with.
func (s *EnvironmentsService) GetBillOfMaterials(ctx context.Context, envID string) (*BillOfMaterials, error) {
	var b BillOfMaterials
	if _, err := s.c.do(ctx, request{method: http.MethodGet, segs: environmentsPath(envID, "billOfMaterials")}, &b); err != nil {
		return nil, err
	}
	return &b, nil
}

// UpdateBillOfMaterials replaces an environment's bill of materials (PUT).
// PingOne refuses products the organization's license does not include.
func (s *EnvironmentsService) UpdateBillOfMaterials(ctx context.Context, envID string, b *BillOfMaterials) (*BillOfMaterials, error) {
	var out BillOfMaterials
	if _, err := s.c.do(ctx, request{method: http.MethodPut, segs: environmentsPath(envID, "billOfMaterials"), body: b, readOnly: commonReadOnly}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TotalIdentities returns the daily count of unique identities of an
// environment from start to end (RFC 3339 in the filter PingOne requires).
// A zero end leaves the end date to PingOne.
func (s *EnvironmentsService) TotalIdentities(ctx context.Context, envID string, start, end time.Time) ([]*TotalIdentity, error) {
	filter := `startDate eq "` + start.Format(time.RFC3339) + `"`
	if !end.IsZero() {
		filter += ` and endDate eq "` + end.Format(time.RFC3339) + `"`
	}
	var out []*TotalIdentity
	for item, err := range listAll[*TotalIdentity](ctx, s.c, environmentsPath(envID, "totalIdentities"), "totalIdentities",
		url.Values{"filter": {filter}}, nil) {
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}
