package tools

import (
	"context"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// The organisation and its platform: the organisations a token sees, their
// licenses, and deleting an environment. Organisations and licenses are
// read-only through PingOne's API.

// OrganizationSummary is one row of list_organizations.
type OrganizationSummary struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Type      string     `json:"type,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
}

// LicenseSummary is one row of list_licenses.
type LicenseSummary struct {
	ID                        string     `json:"id"`
	Name                      string     `json:"name"`
	Package                   string     `json:"package,omitempty"`
	Status                    string     `json:"status,omitempty"`
	BeginsAt                  *time.Time `json:"beginsAt,omitempty"`
	ExpiresAt                 *time.Time `json:"expiresAt,omitempty"`
	AssignedEnvironmentsCount *int       `json:"assignedEnvironmentsCount,omitempty"`
}

type listOrganizationsIn struct{ pageIn }

func (listOrganizationsIn) tuneSchema(s *jsonschema.Schema) { pageSchema(s, 1000) }

type organizationIn struct {
	OrganizationID string `json:"organizationId" jsonschema:"ID (UUID) of the organisation, from list_organizations (or an environment's organization.id)."`
}

type licenseIn struct {
	organizationIn
	LicenseID string `json:"licenseId" jsonschema:"ID (UUID) of the license, from list_licenses (or an environment's license.id)."`
}

type listOrganizationsOut struct {
	Organizations []OrganizationSummary `json:"organizations"`
	NextCursor    string                `json:"nextCursor,omitempty"`
}

type organizationOut struct {
	Organization *pingone.Organization `json:"organization"`
}

type listLicensesOut struct {
	Licenses []LicenseSummary `json:"licenses"`
}

type licenseOut struct {
	License *pingone.License `json:"license"`
}

func platformTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_organizations", Title: "List organisations", Collection: "organizations", Effect: Read,
			Description: "Lists the PingOne organisations the credentials can see (id, name, type PAID/TRIAL/INTERNAL, createdAt); " +
				"usually one. The organisation id leads to its licenses (list_licenses).",
		}, func(ctx context.Context, d Deps, in listOrganizationsIn) (listOrganizationsOut, error) {
			page, err := d.Client.Organizations.List(ctx, in.options(""))
			if err != nil {
				return listOrganizationsOut{}, err
			}
			return listOrganizationsOut{Organizations: rows(page.Items, func(o *pingone.Organization) OrganizationSummary {
				return OrganizationSummary{ID: o.ID, Name: o.Name, Type: o.Type, CreatedAt: o.CreatedAt}
			}), NextCursor: page.NextCursor}, nil
		}),
		New(Meta{
			Name: "get_organization", Title: "Get organisation", Collection: "organizations", Effect: Read,
			Description: "Returns one organisation in full: name, description, type, billing connections, timestamps.",
		}, func(ctx context.Context, d Deps, in organizationIn) (organizationOut, error) {
			o, err := d.Client.Organizations.Get(ctx, in.OrganizationID)
			return organizationOut{Organization: o}, err
		}),
		New(Meta{
			Name: "list_licenses", Title: "List licenses", Collection: "organizations", Effect: Read,
			Description: "Lists an organisation's licenses (id, name, package, status ACTIVE/EXPIRED/FUTURE/TERMINATED, beginsAt, " +
				"expiresAt, how many environments use each). A new environment needs a license id from here.",
		}, func(ctx context.Context, d Deps, in organizationIn) (listLicensesOut, error) {
			// PingOne pages no license list (the spec gives it no limit):
			// one call returns them all.
			page, err := d.Client.Organizations.ListLicenses(ctx, in.OrganizationID, nil)
			if err != nil {
				return listLicensesOut{}, err
			}
			return listLicensesOut{Licenses: rows(page.Items, func(l *pingone.License) LicenseSummary {
				return LicenseSummary{ID: l.ID, Name: l.Name, Package: l.Package, Status: l.Status,
					BeginsAt: l.BeginsAt, ExpiresAt: l.ExpiresAt, AssignedEnvironmentsCount: l.AssignedEnvironmentsCount}
			})}, nil
		}),
		New(Meta{
			Name: "get_license", Title: "Get license", Collection: "organizations", Effect: Read,
			Description: "Returns one license in full, with what it allows: the environment, user, MFA and other product limits.",
		}, func(ctx context.Context, d Deps, in licenseIn) (licenseOut, error) {
			l, err := d.Client.Organizations.GetLicense(ctx, in.OrganizationID, in.LicenseID)
			return licenseOut{License: l}, err
		}),
		New(Meta{
			Name: "delete_environment", Title: "Delete environment", Collection: "environments", Effect: Delete, EnvironmentArg: "environmentId",
			Target: environmentTarget,
			Description: "Deletes a SANDBOX environment and everything in it (users, applications, populations…); it cannot be undone. " +
				"A PRODUCTION environment is never deleted here: the production guard refuses it, and PingOne deletes one only after " +
				"its status has been changed to DELETE_PENDING.",
		}, func(ctx context.Context, d Deps, in envIn) (deleted, error) {
			err := d.Client.Environments.Delete(ctx, in.EnvironmentID)
			return deleted{Deleted: err == nil, ID: in.EnvironmentID}, err
		}),
	}
}
