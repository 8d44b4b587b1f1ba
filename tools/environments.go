package tools

import (
	"context"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

var (
	regions      = []string{"NA", "EU", "CA", "AP", "AU", "SG"}
	productTypes = []string{
		"PING_ONE_BASE", "PING_ONE_MFA", "PING_ONE_DAVINCI", "PING_ONE_RISK", "PING_ONE_VERIFY", "PING_ONE_CREDENTIALS",
		"PING_ONE_AUTHORIZE", "PING_ONE_FRAUD", "PING_ONE_PROVISIONING", "PING_ONE_ORCHESTRATE", "PING_ONE_FOR_ENTERPRISE",
		"PING_ONE_FOR_SAAS", "PING_ONE_ID", "PING_ID", "PING_ID_SDK", "PING_FEDERATE", "PING_ACCESS", "PING_DIRECTORY",
		"PING_AUTHORIZE", "PING_INTELLIGENCE", "PING_CENTRAL", "PING_DATA_SYNC", "PING_DATA_GOVERNANCE",
	}
)

// EnvironmentSummary is one row of list_environments.
type EnvironmentSummary struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Type      string     `json:"type"`
	Region    string     `json:"region,omitempty"`
	Status    string     `json:"status,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
}

type listEnvironmentsIn struct {
	Filter string `json:"filter,omitempty" jsonschema:"SCIM filter. Supported: name sw \"…\", name eq, id eq, organization.id eq, license.id eq, status eq, type eq, joined with and. Example: name sw \"Dev\" and type eq \"SANDBOX\"."`
	pageIn
}

func (listEnvironmentsIn) tuneSchema(s *jsonschema.Schema) { pageSchema(s, 1000) }

type listEnvironmentsOut struct {
	Environments []EnvironmentSummary `json:"environments"`
	NextCursor   string               `json:"nextCursor,omitempty"`
}

type environmentOut struct {
	Environment *pingone.Environment `json:"environment"`
}

type bomIn struct {
	Products []productIn `json:"products" jsonschema:"The PingOne services of the environment."`
}

type productIn struct {
	Type        string       `json:"type" jsonschema:"Service type."`
	Description string       `json:"description,omitempty" jsonschema:"Optional description."`
	Console     *consoleIn   `json:"console,omitempty" jsonschema:"Link to the service's console."`
	Bookmarks   []bookmarkIn `json:"bookmarks,omitempty" jsonschema:"Custom bookmarks shown for the service."`
	Tags        []string     `json:"tags,omitempty" jsonschema:"Product tags, e.g. DAVINCI_MINIMAL."`
}

type consoleIn struct {
	Href string `json:"href" jsonschema:"Console URL."`
}

type bookmarkIn struct {
	Name string `json:"name" jsonschema:"Bookmark name."`
	Href string `json:"href" jsonschema:"Bookmark URL."`
}

func (b *bomIn) model() *pingone.BillOfMaterials {
	if b == nil {
		return nil
	}
	return &pingone.BillOfMaterials{Products: productsOf(b.Products)}
}

func productsOf(in []productIn) []*pingone.BillOfMaterialsProduct {
	out := make([]*pingone.BillOfMaterialsProduct, 0, len(in))
	for _, p := range in {
		prod := &pingone.BillOfMaterialsProduct{Type: p.Type, Description: p.Description, Tags: p.Tags}
		if p.Console != nil {
			prod.Console = &pingone.BillOfMaterialsConsole{Href: p.Console.Href}
		}
		for _, b := range p.Bookmarks {
			prod.Bookmarks = append(prod.Bookmarks, pingone.BillOfMaterialsBookmark{Name: b.Name, Href: b.Href})
		}
		out = append(out, prod)
	}
	return out
}

type createEnvironmentIn struct {
	License         refIn  `json:"license" jsonschema:"The license to create the environment under: {\"id\": \"…\"}."`
	Name            string `json:"name" jsonschema:"Environment name, unique in the organization."`
	Region          string `json:"region" jsonschema:"Region code; cannot be changed later."`
	Description     string `json:"description,omitempty" jsonschema:"Optional description."`
	Icon            string `json:"icon,omitempty" jsonschema:"Optional icon URL."`
	BillOfMaterials *bomIn `json:"billOfMaterials,omitempty" jsonschema:"Services to enable; PingOne picks a default set when omitted."`
}

func (createEnvironmentIn) tuneSchema(s *jsonschema.Schema) {
	enum(s, "region", regions...)
	enum(s, "billOfMaterials.products.type", productTypes...)
}

type updateEnvironmentIn struct {
	envIn
	Name            string  `json:"name" jsonschema:"Environment name."`
	Region          string  `json:"region" jsonschema:"Region code; must equal the current region (it cannot change)."`
	Type            string  `json:"type" jsonschema:"SANDBOX or PRODUCTION. Changing to PRODUCTION is refused by the production guard."`
	Description     *string `json:"description,omitempty" jsonschema:"Description; omit to keep the current one."`
	Icon            *string `json:"icon,omitempty" jsonschema:"Icon URL; omit to keep the current one."`
	License         *refIn  `json:"license,omitempty" jsonschema:"License {\"id\": \"…\"}; omit to keep the current one."`
	Status          string  `json:"status,omitempty" jsonschema:"ACTIVE or DELETE_PENDING; omit to keep the current one."`
	BillOfMaterials *bomIn  `json:"billOfMaterials,omitempty" jsonschema:"Services; omit to keep the current ones."`
}

func (updateEnvironmentIn) tuneSchema(s *jsonschema.Schema) {
	enum(s, "region", regions...)
	enum(s, "type", "SANDBOX", "PRODUCTION")
	enum(s, "status", "ACTIVE", "DELETE_PENDING")
	enum(s, "billOfMaterials.products.type", productTypes...)
}

// servicesOut is the official server's {services}: the bill of
// materials as PingOne returns it (products, solutionType, …).
type servicesOut struct {
	Services *pingone.BillOfMaterials `json:"services"`
}

type updateServicesIn struct {
	envIn
	Services []productIn `json:"services" jsonschema:"The complete list of services the environment should have. type NEO stands for PING_ONE_VERIFY plus PING_ONE_CREDENTIALS."`
}

func (updateServicesIn) tuneSchema(s *jsonschema.Schema) {
	enum(s, "services.type", append([]string{"NEO"}, productTypes...)...)
}

type totalIdentitiesIn struct {
	envIn
	StartDate string `json:"startDate,omitempty" jsonschema:"Start of the period, RFC 3339 (default: today 00:00 UTC)."`
	EndDate   string `json:"endDate,omitempty" jsonschema:"End of the period, RFC 3339 (default: none, PingOne reports up to now)."`
}

// totalIdentitiesOut is the official server's answer: each day's date in
// its string form (RFC 3339), where PingOne sends Unix milliseconds.
type totalIdentitiesOut struct {
	TotalIdentitiesReport []totalIdentityRow `json:"totalIdentitiesReport"`
}

type totalIdentityRow struct {
	Date            string `json:"date"`
	TotalIdentities int    `json:"totalIdentities"`
}

// environmentsServed and servicesServed: environments (organisation level)
// and their bill of materials have hand-written tools, which keep the
// official server's names and inputs.
var (
	environmentsServed = handWritten("environments", "environments", "environment",
		"list_environments", "get_environment", "create_environment", "update_environment")
	servicesServed = handWritten("billOfMaterials", "environments", "services", "get_environment_services", "update_environment_services")
)

// environmentTarget names an environment in a confirmation a policy asks for.
var environmentTarget = &Target{Arg: "environmentId", Kind: "environment", Name: func(ctx context.Context, d Deps, _, id string) (string, error) {
	e, err := d.Client.Environments.Get(ctx, id)
	if err != nil {
		return "", err
	}
	return e.Name, nil
}}

func environmentSummary(e *pingone.Environment) EnvironmentSummary {
	return EnvironmentSummary{ID: e.ID, Name: e.Name, Type: string(e.Type), Region: string(e.Region), Status: string(e.Status), CreatedAt: e.CreatedAt}
}

func environmentTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_environments", Title: "List environments", Collection: "environments", Effect: Read,
			Description: "Lists the PingOne environments of the organization (id, name, type SANDBOX/PRODUCTION, region, status, createdAt). " +
				"Use filter to narrow (e.g. name sw \"Dev\") and cursor to continue.",
		}, func(ctx context.Context, d Deps, in listEnvironmentsIn) (listEnvironmentsOut, error) {
			page, err := d.Client.Environments.List(ctx, in.options(in.Filter))
			if err != nil {
				return listEnvironmentsOut{}, err
			}
			return listEnvironmentsOut{Environments: rows(page.Items, environmentSummary), NextCursor: page.NextCursor}, nil
		}),
		New(Meta{
			Name: "get_environment", Title: "Get environment", Collection: "environments", Effect: Read,
			Description: "Returns one environment in full: name, description, type, region, status, license, organization.",
		}, func(ctx context.Context, d Deps, in envIn) (environmentOut, error) {
			env, err := d.Client.Environments.Get(ctx, in.EnvironmentID)
			return environmentOut{Environment: env}, err
		}),
		New(Meta{
			Name: "create_environment", Title: "Create environment", Collection: "environments", Effect: Create,
			Description: "Creates a SANDBOX environment (never PRODUCTION) under a license. Find the license id with get_environment on an existing environment.",
		}, func(ctx context.Context, d Deps, in createEnvironmentIn) (environmentOut, error) {
			env, err := d.Client.Environments.Create(ctx, &pingone.Environment{
				Name: in.Name, Region: in.Region, Type: pingone.EnvironmentTypeSandbox,
				Description: in.Description, Icon: in.Icon, License: in.License.ref(), BillOfMaterials: in.BillOfMaterials.model(),
			})
			return environmentOut{Environment: env}, err
		}),
		New(Meta{
			Name: "update_environment", Title: "Update environment", Collection: "environments", Effect: Update, EnvironmentArg: "environmentId",
			Target: environmentTarget, EnvironmentTypeArg: "type",
			Description: "Updates an environment. name, region and type are required; optional fields you omit keep their current values. " +
				"Writes to PRODUCTION environments, and changing type to PRODUCTION, are refused.",
		}, func(ctx context.Context, d Deps, in updateEnvironmentIn) (environmentOut, error) {
			cur, err := d.Client.Environments.Get(ctx, in.EnvironmentID)
			if err != nil {
				return environmentOut{}, err
			}
			if in.Region != string(cur.Region) {
				return environmentOut{}, invalidArgs("argument \"region\": an environment's region cannot change (it is %s)", cur.Region)
			}
			next := *cur
			next.Name, next.Type = in.Name, in.Type
			if in.Description != nil {
				next.Description = *in.Description
			}
			if in.Icon != nil {
				next.Icon = *in.Icon
			}
			if in.License != nil {
				next.License = in.License.ref()
			}
			if in.Status != "" {
				next.Status = in.Status
			}
			if in.BillOfMaterials != nil {
				next.BillOfMaterials = in.BillOfMaterials.model()
			}
			env, err := d.Client.Environments.Update(ctx, in.EnvironmentID, &next)
			return environmentOut{Environment: env}, err
		}),
		New(Meta{
			Name: "get_environment_services", Title: "Get environment services", Collection: "environments", Effect: Read,
			Description: "Returns the services (bill of materials) enabled in an environment: PING_ONE_BASE, PING_ONE_MFA, PING_ONE_DAVINCI, …",
		}, func(ctx context.Context, d Deps, in envIn) (servicesOut, error) {
			bom, err := d.Client.Environments.GetBillOfMaterials(ctx, in.EnvironmentID)
			if err != nil {
				return servicesOut{}, err
			}
			return servicesOut{Services: bom}, nil
		}),
		New(Meta{
			Name: "update_environment_services", Title: "Update environment services", Collection: "environments", Effect: Update, EnvironmentArg: "environmentId",
			Target: environmentTarget,
			Description: "Sets the complete list of services of an environment (services not listed are removed). Read them first with get_environment_services. " +
				"type NEO adds PING_ONE_VERIFY and PING_ONE_CREDENTIALS. A service not covered by the license is refused by PingOne.",
		}, func(ctx context.Context, d Deps, in updateServicesIn) (servicesOut, error) {
			cur, err := d.Client.Environments.GetBillOfMaterials(ctx, in.EnvironmentID)
			if err != nil {
				return servicesOut{}, err
			}
			var expanded []productIn
			for _, p := range in.Services {
				if p.Type == "NEO" {
					expanded = append(expanded, productIn{Type: "PING_ONE_VERIFY"}, productIn{Type: "PING_ONE_CREDENTIALS"})
					continue
				}
				expanded = append(expanded, p)
			}
			next := *cur
			next.Products = productsOf(expanded)
			bom, err := d.Client.Environments.UpdateBillOfMaterials(ctx, in.EnvironmentID, &next)
			if err != nil {
				return servicesOut{}, err
			}
			return servicesOut{Services: bom}, nil
		}),
		New(Meta{
			Name: "get_total_identities_by_environment", Title: "Total identities by environment", Collection: "directory", Effect: Read,
			Description: "Reports the total number of identities in an environment per day over a period (default: from today 00:00 UTC).",
		}, func(ctx context.Context, d Deps, in totalIdentitiesIn) (totalIdentitiesOut, error) {
			now := time.Now().UTC()
			start := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
			var end time.Time
			var err error
			if in.StartDate != "" {
				if start, err = time.Parse(time.RFC3339, in.StartDate); err != nil {
					return totalIdentitiesOut{}, invalidArgs("argument \"startDate\" must be an RFC 3339 time such as 2026-01-31T00:00:00Z (got %s)", echo(in.StartDate))
				}
			}
			if in.EndDate != "" {
				if end, err = time.Parse(time.RFC3339, in.EndDate); err != nil {
					return totalIdentitiesOut{}, invalidArgs("argument \"endDate\" must be an RFC 3339 time such as 2026-01-31T00:00:00Z (got %s)", echo(in.EndDate))
				}
				if end.Before(start) {
					return totalIdentitiesOut{}, invalidArgs("argument \"endDate\" (%s) is before startDate (%s)", in.EndDate, start.Format(time.RFC3339))
				}
			}
			report, err := d.Client.Environments.TotalIdentities(ctx, in.EnvironmentID, start, end)
			if err != nil {
				return totalIdentitiesOut{}, err
			}
			out := totalIdentitiesOut{TotalIdentitiesReport: make([]totalIdentityRow, 0, len(report))}
			for _, r := range report {
				out.TotalIdentitiesReport = append(out.TotalIdentitiesReport, totalIdentityRow{
					Date: time.UnixMilli(r.Date).UTC().Format(time.RFC3339), TotalIdentities: r.TotalIdentities})
			}
			return out, nil
		}),
	}
}
