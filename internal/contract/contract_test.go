package contract

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"iter"
	"math/big"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// coverage records which service methods the scenario called, so that a
// method added later without a contract check fails the test.
type coverage map[string]bool

func (c coverage) call(name string) { c[name] = true }

func (c coverage) missing(client *pingone.Client) []string {
	var out []string
	v := reflect.ValueOf(client).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || !strings.HasSuffix(f.Type.String(), "Service") {
			continue
		}
		for m := range f.Type.NumMethod() {
			name := f.Name + "." + f.Type.Method(m).Name
			// Resource describes a service's collection and sends nothing.
			if !c[name] && f.Type.Method(m).Name != "Resource" {
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return out
}

func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for item, err := range seq {
		require.NoError(t, err)
		out = append(out, item)
	}
	return out
}

func requireStatus(t *testing.T, err error, status int, msgAndArgs ...any) *pingone.Error {
	t.Helper()
	var perr *pingone.Error
	require.True(t, errors.As(err, &perr), "want a *pingone.Error with status %d, got %v", status, err)
	require.Equal(t, status, perr.StatusCode, msgAndArgs...)
	return perr
}

const unknownID = "00000000-0000-4000-8000-000000000000"

// TestContract drives every public method of the client against the emulator
// through the validating transport: every request and every response,
// successes and errors, must match the specs.
func TestContract(t *testing.T) {
	srv := pingonetest.NewTestServer(t)
	v := Load(t)
	hc := &http.Client{Transport: v.Transport(t, http.DefaultTransport), Timeout: time.Minute}

	// A real client-credentials login, through the same transport (the auth
	// host is passed through and counted).
	probe, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithAuthBaseURL(srv.AuthURL()))
	require.NoError(t, err)
	cc := clientcredentials.Config{
		ClientID:     pingonetest.Demo().WorkerClientID,
		ClientSecret: pingonetest.Demo().WorkerClientSecret,
		TokenURL:     probe.TokenURL(pingonetest.Demo().AdminEnvironmentID),
	}
	tokenCtx := context.WithValue(context.Background(), oauth2.HTTPClient, hc)
	c, err := pingone.NewClient(
		pingone.WithBaseURL(srv.APIURL()),
		pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithHTTPClient(hc),
		pingone.WithTokenSource(cc.TokenSource(tokenCtx)),
		pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 1}),
	)
	require.NoError(t, err)

	ctx := pingone.WithTransactionID(t.Context(), "contract-test")
	cov := coverage{}
	demo := pingonetest.Demo()
	sandbox := demo.SandboxEnvironmentID

	t.Run("environments", func(t *testing.T) {
		page, err := c.Environments.List(ctx, &pingone.ListOptions{Limit: 2})
		cov.call("Environments.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.Items)
		if page.NextCursor != "" {
			_, err = c.Environments.List(ctx, &pingone.ListOptions{Limit: 2, Cursor: page.NextCursor})
			require.NoError(t, err)
		}
		all := collect(t, c.Environments.All(ctx, &pingone.ListOptions{Limit: 1}))
		cov.call("Environments.All")
		require.GreaterOrEqual(t, len(all), 4)
		collect(t, c.Environments.All(ctx, &pingone.ListOptions{Filter: `name sw "S"`}))
		collect(t, c.Environments.All(ctx, &pingone.ListOptions{Filter: `license.id eq "` + demo.LicenseID + `"`}))

		_, err = c.Environments.List(ctx, &pingone.ListOptions{Filter: `description co "x"`})
		requireStatus(t, err, 400, "unsupported filter")

		env, err := c.Environments.Get(ctx, sandbox)
		cov.call("Environments.Get")
		require.NoError(t, err)
		assert.Equal(t, "SANDBOX", env.Type)
		_, err = c.Environments.Get(ctx, unknownID)
		requireStatus(t, err, 404)

		created, err := c.Environments.Create(ctx, &pingone.Environment{
			Name: "Contract " + t.Name(), Description: "made by the contract test",
			Type: pingone.EnvironmentTypeSandbox, Region: "NA", License: pingone.Ref(demo.LicenseID),
			BillOfMaterials: &pingone.BillOfMaterials{Products: []*pingone.BillOfMaterialsProduct{{Type: pingone.ProductPingOneBase}}},
		})
		cov.call("Environments.Create")
		require.NoError(t, err)
		_, err = c.Environments.Create(ExpectInvalidRequest(ctx, "no region"), &pingone.Environment{Name: "No region", Type: pingone.EnvironmentTypeSandbox, License: pingone.Ref(demo.LicenseID)})
		requireStatus(t, err, 400, "missing region")

		created.Description = "updated by the contract test"
		updated, err := c.Environments.Update(ctx, created.ID, created)
		cov.call("Environments.Update")
		require.NoError(t, err)
		assert.Equal(t, "updated by the contract test", updated.Description)
		_, err = c.Environments.Update(ctx, unknownID, &pingone.Environment{Name: "x", Type: "SANDBOX", Region: "NA"})
		requireStatus(t, err, 404)

		bom, err := c.Environments.GetBillOfMaterials(ctx, sandbox)
		cov.call("Environments.GetBillOfMaterials")
		require.NoError(t, err)
		require.NotEmpty(t, bom.Products)
		_, err = c.Environments.GetBillOfMaterials(ctx, unknownID)
		requireStatus(t, err, 404)

		newBOM, err := c.Environments.UpdateBillOfMaterials(ctx, created.ID, &pingone.BillOfMaterials{Products: []*pingone.BillOfMaterialsProduct{
			{Type: pingone.ProductPingOneBase}, {Type: pingone.ProductPingOneMFA},
		}})
		cov.call("Environments.UpdateBillOfMaterials")
		require.NoError(t, err)
		assert.Len(t, newBOM.Products, 2)

		end := time.Now().UTC().Truncate(24 * time.Hour)
		ids, err := c.Environments.TotalIdentities(ctx, sandbox, end.AddDate(0, 0, -7), end)
		cov.call("Environments.TotalIdentities")
		require.NoError(t, err)
		assert.NotEmpty(t, ids)
		_, err = c.Environments.TotalIdentities(ctx, unknownID, end.AddDate(0, 0, -7), end)
		requireStatus(t, err, 404)

		counts, err := c.Environments.ActiveIdentityCounts(ctx, sandbox, pingone.ActiveIdentityCountsOptions{
			Since: end.AddDate(0, 0, -7), SamplePeriod: pingone.SamplePeriodDay, Limit: 5, Newest: true})
		cov.call("Environments.ActiveIdentityCounts")
		require.NoError(t, err)
		assert.Len(t, counts, 5)
		_, err = c.Environments.ActiveIdentityCounts(ctx, sandbox, pingone.ActiveIdentityCountsOptions{Since: end.AddDate(0, 0, -7), SamplePeriod: "WEEK"})
		requireStatus(t, err, 400)

		require.NoError(t, c.Environments.Delete(ctx, created.ID))
		cov.call("Environments.Delete")
		err = c.Environments.Delete(ctx, created.ID)
		requireStatus(t, err, 404)
		// A PRODUCTION environment must be DELETE_PENDING first.
		err = c.Environments.Delete(ctx, demo.ProductionEnvironmentID)
		requireStatus(t, err, 400)
	})

	t.Run("populations", func(t *testing.T) {
		page, err := c.Populations.List(ctx, sandbox, &pingone.ListOptions{Limit: 1})
		cov.call("Populations.List")
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		require.NotEmpty(t, page.NextCursor)
		_, err = c.Populations.List(ctx, sandbox, &pingone.ListOptions{Limit: 1, Cursor: page.NextCursor})
		require.NoError(t, err)
		all := collect(t, c.Populations.All(ctx, sandbox, &pingone.ListOptions{Limit: 2}))
		cov.call("Populations.All")
		assert.GreaterOrEqual(t, len(all), 4)
		collect(t, c.Populations.All(ctx, sandbox, &pingone.ListOptions{Filter: `name eq "Employees"`}))

		_, err = c.Populations.List(ctx, sandbox, &pingone.ListOptions{Filter: `userCount gt 1`})
		requireStatus(t, err, 400, "invalid filter")
		_, err = c.Populations.List(ctx, unknownID, nil)
		requireStatus(t, err, 404)

		p, err := c.Populations.Get(ctx, sandbox, demo.SandboxEmployeesPopulationID)
		cov.call("Populations.Get")
		require.NoError(t, err)
		_, err = c.Populations.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		np, err := c.Populations.Create(ctx, sandbox, &pingone.Population{Name: "Contract", Description: "made by the contract test"})
		cov.call("Populations.Create")
		require.NoError(t, err)
		_, err = c.Populations.Create(ctx, sandbox, &pingone.Population{Name: p.Name})
		requireStatus(t, err, 400, "duplicate name")

		np.Description = "updated"
		_, err = c.Populations.Update(ctx, sandbox, np.ID, np)
		cov.call("Populations.Update")
		require.NoError(t, err)
		_, err = c.Populations.Update(ctx, sandbox, np.ID, &pingone.Population{Name: p.Name})
		requireStatus(t, err, 400, "rename onto an existing name")

		require.NoError(t, c.Populations.Delete(ctx, sandbox, np.ID))
		cov.call("Populations.Delete")
		err = c.Populations.Delete(ctx, sandbox, np.ID)
		requireStatus(t, err, 404)
		err = c.Populations.Delete(ctx, sandbox, demo.SandboxEmployeesPopulationID)
		requireStatus(t, err, 400, "a population with users cannot be deleted")
	})

	t.Run("applications", func(t *testing.T) {
		page, err := c.Applications.List(ctx, sandbox, &pingone.ListOptions{Limit: 2})
		cov.call("Applications.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.Items)
		if page.NextCursor != "" {
			_, err = c.Applications.List(ctx, sandbox, &pingone.ListOptions{Limit: 2, Cursor: page.NextCursor})
			require.NoError(t, err)
		}
		all := collect(t, c.Applications.All(ctx, sandbox, nil))
		cov.call("Applications.All")
		assert.GreaterOrEqual(t, len(all), 4)
		_, err = c.Applications.List(ctx, unknownID, nil)
		requireStatus(t, err, 404)

		for _, id := range []string{demo.SandboxWebAppID, demo.SandboxSPAAppID, demo.SandboxWorkerAppID, demo.SandboxSAMLAppID} {
			_, err := c.Applications.Get(ctx, sandbox, id)
			require.NoError(t, err)
		}
		cov.call("Applications.Get")
		_, err = c.Applications.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		sec, err := c.Applications.GetSecret(ctx, sandbox, demo.SandboxWorkerAppID)
		cov.call("Applications.GetSecret")
		require.NoError(t, err)
		assert.NotEmpty(t, sec.Secret)
		_, err = c.Applications.GetSecret(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		oidc, err := c.Applications.Create(ctx, sandbox, &pingone.Application{
			Name: "Contract OIDC", Enabled: true, Protocol: pingone.ProtocolOpenIDConnect, Type: pingone.AppTypeWebApp,
			GrantTypes: []string{pingone.GrantTypeAuthorizationCode}, ResponseTypes: []string{pingone.ResponseTypeCode},
			RedirectURIs: []string{"https://app.example.com/callback"}, TokenEndpointAuthMethod: pingone.TokenAuthClientSecretBasic,
			PKCEEnforcement: pingone.PKCES256Required,
		})
		cov.call("Applications.Create")
		require.NoError(t, err)
		worker, err := c.Applications.Create(ctx, sandbox, &pingone.Application{
			Name: "Contract Worker", Enabled: true, Protocol: pingone.ProtocolOpenIDConnect, Type: pingone.AppTypeWorker,
			GrantTypes: []string{pingone.GrantTypeClientCredentials}, TokenEndpointAuthMethod: pingone.TokenAuthClientSecretBasic,
		})
		require.NoError(t, err)
		saml, err := c.Applications.Create(ctx, sandbox, &pingone.Application{
			Name: "Contract SAML", Enabled: true, Protocol: pingone.ProtocolSAML, Type: pingone.AppTypeWebApp,
			ACSURLs: []string{"https://sp.example.com/acs"}, SPEntityID: "urn:contract:sp", AssertionDuration: pingone.Ptr(60),
		})
		require.NoError(t, err)
		_, err = c.Applications.Create(ExpectInvalidRequest(ctx, "no type"), sandbox, &pingone.Application{Name: "Bad", Protocol: pingone.ProtocolOpenIDConnect})
		requireStatus(t, err, 400, "missing type")
		_, err = c.Applications.Create(ctx, sandbox, &pingone.Application{
			Name: "Dup SAML", Enabled: true, Protocol: pingone.ProtocolSAML, Type: pingone.AppTypeWebApp,
			ACSURLs: []string{"https://sp.example.com/acs"}, SPEntityID: "urn:contract:sp", AssertionDuration: pingone.Ptr(60),
		})
		requireStatus(t, err, 400, "duplicate spEntityId")

		oidc.Description = "updated"
		_, err = c.Applications.Update(ctx, sandbox, oidc.ID, oidc)
		cov.call("Applications.Update")
		require.NoError(t, err)
		saml.Description = "updated"
		_, err = c.Applications.Update(ctx, sandbox, saml.ID, saml)
		require.NoError(t, err)
		_, err = c.Applications.Update(ctx, sandbox, unknownID, oidc)
		requireStatus(t, err, 404)

		for _, id := range []string{oidc.ID, worker.ID, saml.ID} {
			require.NoError(t, c.Applications.Delete(ctx, sandbox, id))
		}
		cov.call("Applications.Delete")
		err = c.Applications.Delete(ctx, sandbox, oidc.ID)
		requireStatus(t, err, 404)
	})

	t.Run("applications by name", func(t *testing.T) {
		page, err := c.Applications.List(ctx, sandbox, &pingone.ListOptions{Filter: `name sw "HR"`})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		assert.Equal(t, demo.SandboxWebAppID, page.Items[0].ID)
		_, err = c.Applications.List(ctx, sandbox, &pingone.ListOptions{Filter: `protocol eq "SAML"`})
		requireStatus(t, err, 400, "applications filter on name and id only")
	})

	t.Run("application secret rotation", func(t *testing.T) {
		app := demo.SandboxWorkerAppID
		sec, err := c.Applications.RotateSecret(ctx, sandbox, app, &pingone.RotateSecretOptions{PreviousExpiresAt: time.Now().Add(time.Hour)})
		cov.call("Applications.RotateSecret")
		require.NoError(t, err)
		require.NotNil(t, sec.Previous)
		assert.NotEqual(t, sec.Secret, sec.Previous.Secret)
		_, err = c.Applications.RotateSecret(ctx, sandbox, app, nil)
		require.NoError(t, err)
		_, err = c.Applications.RotateSecret(ctx, sandbox, app, &pingone.RotateSecretOptions{PreviousExpiresAt: time.Now().Add(60 * 24 * time.Hour)})
		requireStatus(t, err, 400, "more than 30 days")
		_, err = c.Applications.RotateSecret(ctx, sandbox, demo.SandboxSPAAppID, nil)
		requireStatus(t, err, 404, "a public client has no secret")

		require.NoError(t, c.Applications.DeletePreviousSecret(ctx, sandbox, app))
		cov.call("Applications.DeletePreviousSecret")
		err = c.Applications.DeletePreviousSecret(ctx, sandbox, app)
		requireStatus(t, err, 404, "deleted already")
	})

	t.Run("resources", func(t *testing.T) {
		page, err := c.APIResources.List(ctx, sandbox, &pingone.ListOptions{Limit: 2})
		cov.call("APIResources.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.NextCursor)
		_, err = c.APIResources.List(ctx, sandbox, &pingone.ListOptions{Limit: 2, Cursor: page.NextCursor})
		require.NoError(t, err)
		all := collect(t, c.APIResources.All(ctx, sandbox, nil))
		cov.call("APIResources.All")
		assert.GreaterOrEqual(t, len(all), 3)
		got, err := c.APIResources.Get(ctx, sandbox, demo.SandboxPayrollResourceID)
		cov.call("APIResources.Get")
		require.NoError(t, err)
		assert.Equal(t, pingone.ResourceTypeCustom, got.Type)
		_, err = c.APIResources.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		r, err := c.APIResources.Create(ctx, sandbox, &pingone.APIResource{Name: "Contract API", Audience: "https://contract.example.com", AccessTokenValiditySeconds: pingone.Ptr(600)})
		cov.call("APIResources.Create")
		require.NoError(t, err)
		_, err = c.APIResources.Create(ctx, sandbox, &pingone.APIResource{Name: "contract api"})
		requireStatus(t, err, 400, "names are unique")
		r.Description = "updated"
		_, err = c.APIResources.Update(ctx, sandbox, r.ID, r)
		cov.call("APIResources.Update")
		require.NoError(t, err)
		require.NoError(t, c.APIResources.Delete(ctx, sandbox, r.ID))
		cov.call("APIResources.Delete")
		requireStatus(t, c.APIResources.Delete(ctx, sandbox, demo.SandboxOpenIDResourceID), 400, "built in")
	})

	t.Run("scopes, grants and attribute mappings", func(t *testing.T) {
		payroll, app := demo.SandboxPayrollResourceID, demo.SandboxSPAAppID
		sp, err := c.ResourceScopes.List(ctx, sandbox, demo.SandboxOpenIDResourceID, nil)
		cov.call("ResourceScopes.List")
		require.NoError(t, err)
		assert.Len(t, sp.Items, 5)
		assert.Len(t, collect(t, c.ResourceScopes.All(ctx, sandbox, payroll, nil)), 2)
		cov.call("ResourceScopes.All")
		sc, err := c.ResourceScopes.Create(ctx, sandbox, payroll, &pingone.ResourceScope{Name: "payroll:contract", Description: "made by the contract"})
		cov.call("ResourceScopes.Create")
		require.NoError(t, err)
		_, err = c.ResourceScopes.Create(ctx, sandbox, payroll, &pingone.ResourceScope{Name: "payroll:contract"})
		requireStatus(t, err, 400, "names are unique in the resource")
		got, err := c.ResourceScopes.Get(ctx, sandbox, payroll, sc.ID)
		cov.call("ResourceScopes.Get")
		require.NoError(t, err)
		got.Description = "changed"
		_, err = c.ResourceScopes.Update(ctx, sandbox, payroll, sc.ID, got)
		cov.call("ResourceScopes.Update")
		require.NoError(t, err)

		g, err := c.ApplicationGrants.Create(ctx, sandbox, app, &pingone.ApplicationGrant{Resource: pingone.Ref(payroll), Scopes: []pingone.ObjectRef{{ID: sc.ID}}})
		cov.call("ApplicationGrants.Create")
		require.NoError(t, err)
		_, err = c.ApplicationGrants.Create(ctx, sandbox, app, &pingone.ApplicationGrant{Resource: pingone.Ref(payroll), Scopes: []pingone.ObjectRef{{ID: sc.ID}}})
		requireStatus(t, err, 400, "one grant per resource")
		gl, err := c.ApplicationGrants.List(ctx, sandbox, app, nil)
		cov.call("ApplicationGrants.List")
		require.NoError(t, err)
		assert.Len(t, gl.Items, 1)
		collect(t, c.ApplicationGrants.All(ctx, sandbox, app, nil))
		cov.call("ApplicationGrants.All")
		gg, err := c.ApplicationGrants.Get(ctx, sandbox, app, g.ID)
		cov.call("ApplicationGrants.Get")
		require.NoError(t, err)
		requireStatus(t, c.ResourceScopes.Delete(ctx, sandbox, payroll, sc.ID), 400, "a granted scope stays")
		gg.Scopes = []pingone.ObjectRef{{ID: demo.SandboxScopeIDs["Payroll API/payroll:read"]}}
		_, err = c.ApplicationGrants.Update(ctx, sandbox, app, g.ID, gg)
		cov.call("ApplicationGrants.Update")
		require.NoError(t, err)
		require.NoError(t, c.ResourceScopes.Delete(ctx, sandbox, payroll, sc.ID))
		cov.call("ResourceScopes.Delete")
		require.NoError(t, c.ApplicationGrants.Delete(ctx, sandbox, app, g.ID))
		cov.call("ApplicationGrants.Delete")
		requireStatus(t, c.ApplicationGrants.Delete(ctx, sandbox, app, g.ID), 404)

		ml, err := c.ApplicationAttributes.List(ctx, sandbox, app, nil)
		cov.call("ApplicationAttributes.List")
		require.NoError(t, err)
		require.Len(t, ml.Items, 1)
		assert.Equal(t, pingone.MappingTypeCore, ml.Items[0].MappingType)
		collect(t, c.ApplicationAttributes.All(ctx, sandbox, app, nil))
		cov.call("ApplicationAttributes.All")
		m, err := c.ApplicationAttributes.Create(ctx, sandbox, app, &pingone.AttributeMapping{Name: "email", Value: "${user.email}"})
		cov.call("ApplicationAttributes.Create")
		require.NoError(t, err)
		_, err = c.ApplicationAttributes.Create(ctx, sandbox, app, &pingone.AttributeMapping{Name: "iss", Value: "x"})
		requireStatus(t, err, 400, "a reserved claim")
		gm, err := c.ApplicationAttributes.Get(ctx, sandbox, app, m.ID)
		cov.call("ApplicationAttributes.Get")
		require.NoError(t, err)
		gm.Required = true
		_, err = c.ApplicationAttributes.Update(ctx, sandbox, app, m.ID, gm)
		cov.call("ApplicationAttributes.Update")
		require.NoError(t, err)
		require.NoError(t, c.ApplicationAttributes.Delete(ctx, sandbox, app, m.ID))
		cov.call("ApplicationAttributes.Delete")
		requireStatus(t, c.ApplicationAttributes.Delete(ctx, sandbox, app, ml.Items[0].ID), 400, "the CORE mapping stays")
	})

	t.Run("custom roles", func(t *testing.T) {
		envAdmin := demo.RoleIDs[pingone.RoleEnvironmentAdmin]
		page, err := c.CustomRoles.List(ctx, sandbox, &pingone.ListOptions{Filter: `type eq "CUSTOM"`})
		cov.call("CustomRoles.List")
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		all := collect(t, c.CustomRoles.All(ctx, sandbox, nil))
		cov.call("CustomRoles.All")
		assert.Len(t, all, 1)
		got, err := c.CustomRoles.Get(ctx, sandbox, demo.SandboxAuditorRoleID)
		cov.call("CustomRoles.Get")
		require.NoError(t, err)
		assert.Equal(t, pingone.RoleTypeCustom, got.Type)
		_, err = c.CustomRoles.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		r, err := c.CustomRoles.Create(ctx, sandbox, &pingone.CustomRole{RoleDefinition: pingone.RoleDefinition{Name: "Contract Role",
			ApplicableTo: []string{pingone.ScopeEnvironment}, Permissions: []*pingone.RolePermission{{ID: "identity:read:user"}}}, CanBeAssignedBy: []*pingone.ObjectRef{{ID: envAdmin}}})
		cov.call("CustomRoles.Create")
		require.NoError(t, err)
		page, err = c.CustomRoles.List(ctx, sandbox, &pingone.ListOptions{Limit: 1})
		require.NoError(t, err)
		require.NotEmpty(t, page.NextCursor, "two custom roles, one a page")
		_, err = c.CustomRoles.List(ctx, sandbox, &pingone.ListOptions{Limit: 1, Cursor: page.NextCursor})
		require.NoError(t, err)
		_, err = c.CustomRoles.Create(ctx, sandbox, &pingone.CustomRole{RoleDefinition: pingone.RoleDefinition{Name: "Contract Role 2",
			Permissions: []*pingone.RolePermission{{ID: "identity:teleport:user"}}}, CanBeAssignedBy: []*pingone.ObjectRef{{ID: envAdmin}}})
		requireStatus(t, err, 400, "an unknown permission")
		r.Description = "updated"
		_, err = c.CustomRoles.Update(ctx, sandbox, r.ID, r)
		cov.call("CustomRoles.Update")
		require.NoError(t, err)
		require.NoError(t, c.CustomRoles.Delete(ctx, sandbox, r.ID))
		cov.call("CustomRoles.Delete")
		requireStatus(t, c.CustomRoles.Delete(ctx, sandbox, demo.SandboxAuditorRoleID), 400, "assigned")
	})

	t.Run("application role assignments", func(t *testing.T) {
		worker := demo.SandboxWorkerAppID
		list, err := c.Applications.ListRoleAssignments(ctx, sandbox, worker)
		cov.call("Applications.ListRoleAssignments")
		require.NoError(t, err)
		require.Len(t, list, 1)
		a, err := c.Applications.CreateRoleAssignment(ctx, sandbox, worker, &pingone.RoleAssignment{
			Role: pingone.Ref(demo.SandboxAuditorRoleID), Scope: &pingone.RoleAssignmentScope{ID: sandbox, Type: pingone.ScopeEnvironment}})
		cov.call("Applications.CreateRoleAssignment")
		require.NoError(t, err)
		_, err = c.Applications.CreateRoleAssignment(ctx, sandbox, demo.SandboxWebAppID, &pingone.RoleAssignment{
			Role: pingone.Ref(demo.RoleIDs[pingone.RoleHelpDeskAdmin]), Scope: &pingone.RoleAssignmentScope{ID: sandbox, Type: pingone.ScopeEnvironment}})
		requireStatus(t, err, 400, "not a worker")
		got, err := c.Applications.GetRoleAssignment(ctx, sandbox, worker, a.ID)
		cov.call("Applications.GetRoleAssignment")
		require.NoError(t, err)
		assert.Equal(t, demo.SandboxAuditorRoleID, got.Role.ID)
		require.NoError(t, c.Applications.DeleteRoleAssignment(ctx, sandbox, worker, a.ID))
		cov.call("Applications.DeleteRoleAssignment")
		requireStatus(t, c.Applications.DeleteRoleAssignment(ctx, sandbox, worker, a.ID), 404, "deleted already")
	})

	t.Run("groups", func(t *testing.T) {
		page, err := c.Groups.List(ctx, sandbox, &pingone.ListOptions{Limit: 1})
		cov.call("Groups.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.NextCursor)
		_, err = c.Groups.List(ctx, sandbox, &pingone.ListOptions{Limit: 1, Cursor: page.NextCursor})
		require.NoError(t, err)
		all := collect(t, c.Groups.All(ctx, sandbox, &pingone.ListOptions{Limit: 2}))
		cov.call("Groups.All")
		assert.GreaterOrEqual(t, len(all), 4)
		collect(t, c.Groups.All(ctx, sandbox, &pingone.ListOptions{Filter: `name eq "Help Desk"`}))
		_, err = c.Groups.List(ctx, sandbox, &pingone.ListOptions{Filter: `name eq`})
		requireStatus(t, err, 400, "malformed filter")

		g, err := c.Groups.Get(ctx, sandbox, demo.SandboxAdminsGroupID, nil)
		cov.call("Groups.Get")
		require.NoError(t, err)
		_, err = c.Groups.Get(ctx, sandbox, demo.SandboxAdminsGroupID, &pingone.GetGroupOptions{IncludeTotalMemberCounts: true})
		require.NoError(t, err)
		_, err = c.Groups.Get(ctx, sandbox, unknownID, nil)
		requireStatus(t, err, 404)

		ng, err := c.Groups.Create(ctx, sandbox, &pingone.Group{
			Name: "Contract", Description: "made by the contract test", ExternalID: "ext-1",
			CustomData: map[string]any{"costCenter": "42"},
		})
		cov.call("Groups.Create")
		require.NoError(t, err)
		_, err = c.Groups.Create(ctx, sandbox, &pingone.Group{Name: "Scoped", Population: pingone.Ref(demo.SandboxEmployeesPopulationID)})
		require.NoError(t, err)
		_, err = c.Groups.Create(ctx, sandbox, &pingone.Group{Name: g.Name})
		requireStatus(t, err, 400, "duplicate name")

		ng.Description = "updated"
		_, err = c.Groups.Update(ctx, sandbox, ng.ID, ng)
		cov.call("Groups.Update")
		require.NoError(t, err)
		_, err = c.Groups.Update(ctx, sandbox, unknownID, ng)
		requireStatus(t, err, 404)

		require.NoError(t, c.Groups.Delete(ctx, sandbox, ng.ID))
		cov.call("Groups.Delete")
		err = c.Groups.Delete(ctx, sandbox, ng.ID)
		requireStatus(t, err, 404)
	})

	t.Run("users", func(t *testing.T) {
		page, err := c.Users.List(ctx, sandbox, &pingone.ListOptions{Limit: 2})
		cov.call("Users.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.NextCursor)
		_, err = c.Users.List(ctx, sandbox, &pingone.ListOptions{Limit: 2, Cursor: page.NextCursor})
		require.NoError(t, err)
		all := collect(t, c.Users.All(ctx, sandbox, &pingone.ListOptions{Limit: 3}))
		cov.call("Users.All")
		assert.Len(t, all, demo.SandboxUserCount)
		collect(t, c.Users.All(ctx, sandbox, &pingone.ListOptions{Filter: `population.id eq "` + demo.SandboxEmployeesPopulationID + `"`}))
		collect(t, c.Users.All(ctx, sandbox, &pingone.ListOptions{Filter: `memberOfGroups[id eq "` + demo.SandboxAdminsGroupID + `"]`}))
		_, err = c.Users.List(ctx, sandbox, &pingone.ListOptions{Filter: `username zz "j"`})
		requireStatus(t, err, 400, "invalid filter")
		_, err = c.Users.List(ctx, sandbox, &pingone.ListOptions{Limit: 2, Cursor: "not-a-cursor"})
		requireStatus(t, err, 400, "tampered cursor")

		for _, id := range []string{demo.SandboxUserID, demo.SandboxDisabledUserID, demo.SandboxLockedUserID, demo.SandboxVerificationRequiredUserID} {
			_, err := c.Users.Get(ctx, sandbox, id, nil)
			require.NoError(t, err)
		}
		cov.call("Users.Get")
		u, err := c.Users.Get(ctx, sandbox, demo.SandboxUserID, &pingone.GetUserOptions{IncludeGroupIDs: true})
		require.NoError(t, err)
		assert.NotEmpty(t, u.MemberOfGroupIDs)
		_, err = c.Users.Get(ctx, sandbox, unknownID, nil)
		requireStatus(t, err, 404)

		nu, err := c.Users.Create(ctx, sandbox, &pingone.User{
			Username: "contract.user", Email: "contract.user@example.com",
			Name:       &pingone.UserName{Given: "Con", Family: "Tract"},
			Population: pingone.Ref(demo.SandboxArchivePopulationID),
		})
		cov.call("Users.Create")
		require.NoError(t, err)
		_, err = c.Users.Create(ctx, sandbox, &pingone.User{Username: "contract.user", Email: "dup@example.com"})
		requireStatus(t, err, 400, "duplicate username")
		_, err = c.Users.Create(ExpectInvalidRequest(ctx, "no username"), sandbox, &pingone.User{Email: "nobody@example.com"})
		requireStatus(t, err, 400, "missing username")

		_, err = c.Users.Update(ctx, sandbox, nu.ID, &pingone.User{Title: "Tester"})
		cov.call("Users.Update")
		require.NoError(t, err)
		_, err = c.Users.Update(ctx, sandbox, unknownID, &pingone.User{Title: "Tester"})
		requireStatus(t, err, 404)
		cleared, err := c.Users.Update(ctx, sandbox, nu.ID, &pingone.User{NullFields: []string{"title", "name.given"}})
		require.NoError(t, err)
		assert.Empty(t, cleared.Title)
		assert.Empty(t, cleared.Name.Given)
		assert.Equal(t, "Tract", cleared.Name.Family)

		full, err := c.Users.Get(ctx, sandbox, nu.ID, nil)
		require.NoError(t, err)
		full.Nickname = "ct"
		_, err = c.Users.Replace(ctx, sandbox, nu.ID, full)
		cov.call("Users.Replace")
		require.NoError(t, err)

		en, err := c.Users.GetEnabled(ctx, sandbox, nu.ID)
		cov.call("Users.GetEnabled")
		require.NoError(t, err)
		assert.True(t, en)
		en, err = c.Users.SetEnabled(ctx, sandbox, nu.ID, false)
		cov.call("Users.SetEnabled")
		require.NoError(t, err)
		assert.False(t, en)
		_, err = c.Users.GetEnabled(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		require.NoError(t, c.Users.SetPassword(ctx, sandbox, nu.ID, "Contract-Passw0rd!", true))
		cov.call("Users.SetPassword")
		err = c.Users.SetPassword(ctx, sandbox, unknownID, "Contract-Passw0rd!", false)
		requireStatus(t, err, 404)
		// Plain JSON, which the spec's requestBody allows but PingOne refuses
		// with a 415 that no operation declares (see exceptions.go).
		req, err := http.NewRequestWithContext(ctx, http.MethodPut,
			srv.APIURL()+"/environments/"+sandbox+"/users/"+nu.ID+"/password", strings.NewReader(`{"value":"Contract-Passw0rd!"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+srv.IssueToken(time.Hour))
		resp, err := hc.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode)

		ps, err := c.Users.GetPasswordState(ctx, sandbox, nu.ID)
		cov.call("Users.GetPasswordState")
		require.NoError(t, err)
		assert.Equal(t, pingone.PasswordStatusMustChangePassword, ps.Status)
		_, err = c.Users.GetPasswordState(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		locked, err := c.Users.Lock(ctx, sandbox, nu.ID, nil)
		cov.call("Users.Lock")
		require.NoError(t, err)
		assert.Equal(t, pingone.AccountStatusLocked, locked.Account.Status)
		locked, err = c.Users.Lock(ctx, sandbox, nu.ID, &pingone.LockOptions{UnlockAt: time.Now().Add(time.Hour)})
		require.NoError(t, err)
		require.NotNil(t, locked.Account.SecondsUntilUnlock)
		_, err = c.Users.Lock(ctx, sandbox, unknownID, nil)
		requireStatus(t, err, 404)
		unlocked, err := c.Users.Unlock(ctx, sandbox, nu.ID)
		cov.call("Users.Unlock")
		require.NoError(t, err)
		assert.Equal(t, pingone.AccountStatusOK, unlocked.Account.Status)
		_, err = c.Users.Unlock(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		vs, err := c.Users.GetVerifyStatus(ctx, sandbox, nu.ID)
		cov.call("Users.GetVerifyStatus")
		require.NoError(t, err)
		assert.Equal(t, pingone.VerifyStatusNotInitiated, vs)
		vs, err = c.Users.SetVerifyStatus(ctx, sandbox, nu.ID, pingone.VerifyStatusDisabled)
		cov.call("Users.SetVerifyStatus")
		require.NoError(t, err)
		assert.Equal(t, pingone.VerifyStatusDisabled, vs)
		_, err = c.Users.SetVerifyStatus(ctx, sandbox, nu.ID, "MAYBE")
		requireStatus(t, err, 400, "unknown verify status")

		idp, err := c.Users.GetIdentityProvider(ctx, sandbox, nu.ID)
		cov.call("Users.GetIdentityProvider")
		require.NoError(t, err)
		assert.Equal(t, pingone.IdentityProviderPingOne, idp.Type)
		idp, err = c.Users.SetIdentityProvider(ctx, sandbox, nu.ID, "")
		cov.call("Users.SetIdentityProvider")
		require.NoError(t, err)
		assert.Equal(t, pingone.IdentityProviderPingOne, idp.Type)
		_, err = c.Users.SetIdentityProvider(ctx, sandbox, nu.ID, unknownID)
		requireStatus(t, err, 400, "unknown identity provider")

		mfa, err := c.Users.GetMFAEnabled(ctx, sandbox, nu.ID)
		cov.call("Users.GetMFAEnabled")
		require.NoError(t, err)
		assert.False(t, mfa)
		mfa, err = c.Users.SetMFAEnabled(ctx, sandbox, nu.ID, true)
		cov.call("Users.SetMFAEnabled")
		require.NoError(t, err)
		assert.True(t, mfa)
		_, err = c.Users.SetMFAEnabled(ctx, sandbox, unknownID, true)
		requireStatus(t, err, 404)

		pop, err := c.Users.GetPopulation(ctx, sandbox, nu.ID)
		cov.call("Users.GetPopulation")
		require.NoError(t, err)
		assert.Equal(t, demo.SandboxArchivePopulationID, pop)
		require.NoError(t, c.Users.SetPopulation(ctx, sandbox, nu.ID, demo.SandboxContractorsPopulationID))
		cov.call("Users.SetPopulation")
		err = c.Users.SetPopulation(ctx, sandbox, nu.ID, unknownID)
		requireStatus(t, err, 400, "unknown population")

		m, err := c.Users.AddToGroup(ctx, sandbox, nu.ID, demo.SandboxHelpDeskGroupID)
		cov.call("Users.AddToGroup")
		require.NoError(t, err)
		assert.Equal(t, demo.SandboxHelpDeskGroupID, m.ID)
		_, err = c.Users.AddToGroup(ctx, sandbox, nu.ID, unknownID)
		requireStatus(t, err, 400, "unknown group")
		gm, err := c.Users.GetGroupMembership(ctx, sandbox, nu.ID, demo.SandboxHelpDeskGroupID)
		cov.call("Users.GetGroupMembership")
		require.NoError(t, err)
		assert.Equal(t, pingone.MembershipDirect, gm.Type)
		_, err = c.Users.GetGroupMembership(ctx, sandbox, nu.ID, demo.SandboxAdminsGroupID)
		requireStatus(t, err, 404, "not a member")

		gp, err := c.Users.ListGroups(ctx, sandbox, demo.SandboxUserID, &pingone.ListOptions{Limit: 1})
		cov.call("Users.ListGroups")
		require.NoError(t, err)
		require.NotEmpty(t, gp.Items)
		groups := collect(t, c.Users.AllGroups(ctx, sandbox, nu.ID, nil))
		cov.call("Users.AllGroups")
		assert.Len(t, groups, 2, "Help Desk, and Staff (INDIRECT) in which it is nested")

		require.NoError(t, c.Users.RemoveFromGroup(ctx, sandbox, nu.ID, demo.SandboxHelpDeskGroupID))
		cov.call("Users.RemoveFromGroup")
		err = c.Users.RemoveFromGroup(ctx, sandbox, nu.ID, demo.SandboxHelpDeskGroupID)
		requireStatus(t, err, 404)

		require.NoError(t, c.Users.Delete(ctx, sandbox, nu.ID))
		cov.call("Users.Delete")
		err = c.Users.Delete(ctx, sandbox, nu.ID)
		requireStatus(t, err, 404)
	})

	t.Run("user sessions", func(t *testing.T) {
		require.NoError(t, srv.SignOn(sandbox, "jdoe", "Demo-Passw0rd!"))
		page, err := c.Users.ListSessions(ctx, sandbox, demo.SandboxUserID, nil)
		cov.call("Users.ListSessions")
		require.NoError(t, err)
		require.NotEmpty(t, page.Items)
		id := page.Items[0].ID
		require.NotNil(t, page.Items[0].LastSignOn)
		all := collect(t, c.Users.AllSessions(ctx, sandbox, demo.SandboxUserID, nil))
		cov.call("Users.AllSessions")
		assert.Len(t, all, len(page.Items))
		require.NoError(t, c.Users.DeleteSession(ctx, sandbox, demo.SandboxUserID, id))
		cov.call("Users.DeleteSession")
		requireStatus(t, c.Users.DeleteSession(ctx, sandbox, demo.SandboxUserID, id), 404)
	})

	t.Run("group nestings", func(t *testing.T) {
		list, err := c.Groups.ListNestings(ctx, sandbox, demo.SandboxHelpDeskGroupID)
		cov.call("Groups.ListNestings")
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, demo.SandboxStaffGroupID, list[0].ID)
		_, err = c.Groups.ListNestings(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		n, err := c.Groups.AddToGroup(ctx, sandbox, demo.SandboxAdminsGroupID, demo.SandboxStaffGroupID)
		cov.call("Groups.AddToGroup")
		require.NoError(t, err)
		assert.Equal(t, demo.SandboxStaffGroupID, n.ID)
		_, err = c.Groups.AddToGroup(ctx, sandbox, demo.SandboxStaffGroupID, demo.SandboxAdminsGroupID)
		requireStatus(t, err, 400, "a cycle")

		got, err := c.Groups.GetNesting(ctx, sandbox, demo.SandboxAdminsGroupID, demo.SandboxStaffGroupID)
		cov.call("Groups.GetNesting")
		require.NoError(t, err)
		assert.Equal(t, "DIRECT", got.Type)
		m, err := c.Users.GetGroupMembership(ctx, sandbox, demo.SandboxUserID, demo.SandboxStaffGroupID)
		require.NoError(t, err)
		assert.Equal(t, pingone.MembershipIndirect, m.Type, "jdoe is in Admins, now nested in Staff")

		require.NoError(t, c.Groups.RemoveFromGroup(ctx, sandbox, demo.SandboxAdminsGroupID, demo.SandboxStaffGroupID))
		cov.call("Groups.RemoveFromGroup")
		err = c.Groups.RemoveFromGroup(ctx, sandbox, demo.SandboxAdminsGroupID, demo.SandboxStaffGroupID)
		requireStatus(t, err, 404)
	})

	t.Run("roles", func(t *testing.T) {
		roles, err := c.Roles.List(ctx)
		cov.call("Roles.List")
		require.NoError(t, err)
		assert.Len(t, roles, len(demo.RoleIDs))
		role, err := c.Roles.Get(ctx, demo.RoleIDs[pingone.RoleIdentityDataReadOnly])
		cov.call("Roles.Get")
		require.NoError(t, err)
		assert.Equal(t, []string{pingone.ScopeEnvironment, pingone.ScopePopulation}, role.ApplicableTo)
		require.NotEmpty(t, role.Permissions, "the spec's Role carries its permissions")
		assert.NotEmpty(t, role.Permissions[0].ID)
		assert.NotEmpty(t, roles[0].Permissions, "the list carries them too")
		_, err = c.Roles.Get(ctx, unknownID)
		requireStatus(t, err, 404)

		user := demo.SandboxUserID
		list, err := c.Users.ListRoleAssignments(ctx, sandbox, user)
		cov.call("Users.ListRoleAssignments")
		require.NoError(t, err)
		require.Len(t, list, 1)
		_, err = c.Users.ListRoleAssignments(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		a, err := c.Users.CreateRoleAssignment(ctx, sandbox, user, &pingone.RoleAssignment{
			Role:  pingone.Ref(role.ID),
			Scope: &pingone.RoleAssignmentScope{ID: demo.SandboxEmployeesPopulationID, Type: pingone.ScopePopulation},
		})
		cov.call("Users.CreateRoleAssignment")
		require.NoError(t, err)
		_, err = c.Users.CreateRoleAssignment(ctx, sandbox, user, &pingone.RoleAssignment{
			Role: pingone.Ref(role.ID), Scope: &pingone.RoleAssignmentScope{ID: demo.OrganizationID, Type: pingone.ScopeOrganization},
		})
		requireStatus(t, err, 400, "scope type the role does not apply to")

		got, err := c.Users.GetRoleAssignment(ctx, sandbox, user, a.ID)
		cov.call("Users.GetRoleAssignment")
		require.NoError(t, err)
		assert.Equal(t, a.Scope, got.Scope)

		require.NoError(t, c.Users.DeleteRoleAssignment(ctx, sandbox, user, a.ID))
		cov.call("Users.DeleteRoleAssignment")
		err = c.Users.DeleteRoleAssignment(ctx, sandbox, user, a.ID)
		requireStatus(t, err, 404)
	})

	t.Run("group role assignments", func(t *testing.T) {
		group := demo.SandboxAdminsGroupID
		list, err := c.Groups.ListRoleAssignments(ctx, sandbox, group)
		cov.call("Groups.ListRoleAssignments")
		require.NoError(t, err)
		require.Len(t, list, 1)
		_, err = c.Groups.ListRoleAssignments(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		a, err := c.Groups.CreateRoleAssignment(ctx, sandbox, group, &pingone.RoleAssignment{
			Role:  pingone.Ref(demo.RoleIDs[pingone.RoleHelpDeskAdmin]),
			Scope: &pingone.RoleAssignmentScope{ID: demo.SandboxEmployeesPopulationID, Type: pingone.ScopePopulation},
		})
		cov.call("Groups.CreateRoleAssignment")
		require.NoError(t, err)
		_, err = c.Groups.CreateRoleAssignment(ctx, sandbox, group, &pingone.RoleAssignment{
			Role: pingone.Ref(demo.RoleIDs[pingone.RoleHelpDeskAdmin]), Scope: &pingone.RoleAssignmentScope{ID: demo.OrganizationID, Type: pingone.ScopeOrganization},
		})
		requireStatus(t, err, 400, "scope type the role does not apply to")

		got, err := c.Groups.GetRoleAssignment(ctx, sandbox, group, a.ID)
		cov.call("Groups.GetRoleAssignment")
		require.NoError(t, err)
		assert.Equal(t, a.Scope, got.Scope)

		require.NoError(t, c.Groups.DeleteRoleAssignment(ctx, sandbox, group, a.ID))
		cov.call("Groups.DeleteRoleAssignment")
		err = c.Groups.DeleteRoleAssignment(ctx, sandbox, group, a.ID)
		requireStatus(t, err, 404)
	})

	t.Run("mfa devices", func(t *testing.T) {
		user := demo.SandboxMFAUserID
		devs, err := c.MFADevices.List(ctx, sandbox, user)
		cov.call("MFADevices.List")
		require.NoError(t, err)
		require.Len(t, devs, len(demo.SandboxMFADeviceIDs))
		d, err := c.MFADevices.Get(ctx, sandbox, user, devs[0].ID)
		cov.call("MFADevices.Get")
		require.NoError(t, err)
		assert.Equal(t, pingone.DeviceTypeSMS, d.Type)
		_, err = c.MFADevices.Get(ctx, sandbox, user, unknownID)
		requireStatus(t, err, 404)

		// Enrolment: pair, a wrong passcode, the right one, rename, order.
		paired, err := c.MFADevices.Pair(ctx, sandbox, user, &pingone.MFADevice{Type: pingone.DeviceTypeSMS, Phone: "+15550100077"})
		cov.call("MFADevices.Pair")
		require.NoError(t, err)
		assert.Equal(t, pingone.DeviceStatusActivationRequired, paired.Status)
		_, err = c.MFADevices.Pair(ctx, sandbox, user, &pingone.MFADevice{Type: pingone.DeviceTypeEmail})
		requireStatus(t, err, 400, "an EMAIL device without an address")
		wrong := "000000"
		if pingonetest.DeviceOTP(paired.ID) == wrong {
			wrong = "111111"
		}
		_, err = c.MFADevices.Activate(ctx, sandbox, user, paired.ID, wrong)
		requireStatus(t, err, 400, "a wrong passcode")
		active, err := c.MFADevices.Activate(ctx, sandbox, user, paired.ID, pingonetest.DeviceOTP(paired.ID))
		cov.call("MFADevices.Activate")
		require.NoError(t, err)
		assert.Equal(t, pingone.DeviceStatusActive, active.Status)
		named, err := c.MFADevices.SetNickname(ctx, sandbox, user, paired.ID, "Spare phone")
		cov.call("MFADevices.SetNickname")
		require.NoError(t, err)
		assert.Equal(t, "Spare phone", named.Nickname)
		_, err = c.MFADevices.SetNickname(ctx, sandbox, user, unknownID, "x")
		requireStatus(t, err, 404)
		order := []string{paired.ID}
		for _, dev := range devs {
			order = append(order, dev.ID)
		}
		require.NoError(t, c.MFADevices.SetOrder(ctx, sandbox, user, order))
		cov.call("MFADevices.SetOrder")
		err = c.MFADevices.SetOrder(ctx, sandbox, user, order[:1])
		requireStatus(t, err, 400, "an order that leaves devices out")
		reordered, err := c.MFADevices.List(ctx, sandbox, user)
		require.NoError(t, err)
		assert.Equal(t, paired.ID, reordered[0].ID)
		require.NoError(t, c.MFADevices.RemoveOrder(ctx, sandbox, user))
		cov.call("MFADevices.RemoveOrder")

		require.NoError(t, c.MFADevices.Delete(ctx, sandbox, user, d.ID))
		cov.call("MFADevices.Delete")
		err = c.MFADevices.Delete(ctx, sandbox, user, d.ID)
		requireStatus(t, err, 404)
	})

	t.Run("sign-on policies", func(t *testing.T) {
		page, err := c.SignOnPolicies.List(ctx, sandbox, &pingone.ListOptions{Limit: 1})
		cov.call("SignOnPolicies.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.NextCursor)
		_, err = c.SignOnPolicies.List(ctx, sandbox, &pingone.ListOptions{Limit: 1, Cursor: page.NextCursor})
		require.NoError(t, err)
		all := collect(t, c.SignOnPolicies.All(ctx, sandbox, nil))
		cov.call("SignOnPolicies.All")
		require.Len(t, all, 2)
		p, err := c.SignOnPolicies.Get(ctx, sandbox, demo.SandboxSingleFactorPolicyID)
		cov.call("SignOnPolicies.Get")
		require.NoError(t, err)
		assert.Equal(t, pingone.Ptr(true), p.Default)
		_, err = c.SignOnPolicies.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)
		np, err := c.SignOnPolicies.Create(ctx, sandbox, &pingone.SignOnPolicy{Name: "Contract_Policy", Description: "made by the contract test"})
		cov.call("SignOnPolicies.Create")
		require.NoError(t, err)
		_, err = c.SignOnPolicies.Create(ctx, sandbox, &pingone.SignOnPolicy{Name: p.Name})
		requireStatus(t, err, 400, "name taken")
		np.Description = "updated"
		_, err = c.SignOnPolicies.Update(ctx, sandbox, np.ID, np)
		cov.call("SignOnPolicies.Update")
		require.NoError(t, err)

		acts := collect(t, c.SignOnPolicyActions.All(ctx, sandbox, demo.SandboxMultiFactorPolicyID, nil))
		cov.call("SignOnPolicyActions.All")
		require.Len(t, acts, 2)
		ap, err := c.SignOnPolicyActions.List(ctx, sandbox, demo.SandboxMultiFactorPolicyID, nil)
		cov.call("SignOnPolicyActions.List")
		require.NoError(t, err)
		assert.Equal(t, pingone.ActionTypeMFA, ap.Items[1].Type)
		na, err := c.SignOnPolicyActions.Create(ctx, sandbox, np.ID, &pingone.SignOnPolicyAction{Type: pingone.ActionTypeLogin, Priority: 1})
		cov.call("SignOnPolicyActions.Create")
		require.NoError(t, err)
		_, err = c.SignOnPolicyActions.Create(ctx, sandbox, np.ID, &pingone.SignOnPolicyAction{Type: pingone.ActionTypeAgreement, Priority: 2})
		requireStatus(t, err, 400, "an AGREEMENT action needs its agreement")
		got, err := c.SignOnPolicyActions.Get(ctx, sandbox, np.ID, na.ID)
		cov.call("SignOnPolicyActions.Get")
		require.NoError(t, err)
		got.Priority = 3
		_, err = c.SignOnPolicyActions.Update(ctx, sandbox, np.ID, na.ID, got)
		cov.call("SignOnPolicyActions.Update")
		require.NoError(t, err)
		require.NoError(t, c.SignOnPolicyActions.Delete(ctx, sandbox, np.ID, na.ID))
		cov.call("SignOnPolicyActions.Delete")
		requireStatus(t, c.SignOnPolicyActions.Delete(ctx, sandbox, np.ID, na.ID), 404)

		asg, err := c.SignOnPolicyAssignments.List(ctx, sandbox, demo.SandboxWebAppID, nil)
		cov.call("SignOnPolicyAssignments.List")
		require.NoError(t, err)
		require.Len(t, asg.Items, 1)
		collect(t, c.SignOnPolicyAssignments.All(ctx, sandbox, demo.SandboxWebAppID, nil))
		cov.call("SignOnPolicyAssignments.All")
		nas, err := c.SignOnPolicyAssignments.Create(ctx, sandbox, demo.SandboxWebAppID, &pingone.SignOnPolicyAssignment{SignOnPolicy: pingone.Ref(np.ID), Priority: 2})
		cov.call("SignOnPolicyAssignments.Create")
		require.NoError(t, err)
		_, err = c.SignOnPolicyAssignments.Create(ctx, sandbox, demo.SandboxWebAppID, &pingone.SignOnPolicyAssignment{SignOnPolicy: pingone.Ref(unknownID), Priority: 3})
		requireStatus(t, err, 400, "no such policy")
		ga, err := c.SignOnPolicyAssignments.Get(ctx, sandbox, demo.SandboxWebAppID, nas.ID)
		cov.call("SignOnPolicyAssignments.Get")
		require.NoError(t, err)
		ga.Priority = 4
		_, err = c.SignOnPolicyAssignments.Update(ctx, sandbox, demo.SandboxWebAppID, nas.ID, ga)
		cov.call("SignOnPolicyAssignments.Update")
		require.NoError(t, err)
		requireStatus(t, c.SignOnPolicies.Delete(ctx, sandbox, np.ID), 400, "a policy in use")
		require.NoError(t, c.SignOnPolicyAssignments.Delete(ctx, sandbox, demo.SandboxWebAppID, nas.ID))
		cov.call("SignOnPolicyAssignments.Delete")

		require.NoError(t, c.SignOnPolicies.Delete(ctx, sandbox, np.ID))
		cov.call("SignOnPolicies.Delete")
		requireStatus(t, c.SignOnPolicies.Delete(ctx, sandbox, np.ID), 404)
		requireStatus(t, c.SignOnPolicies.Delete(ctx, sandbox, demo.SandboxSingleFactorPolicyID), 400, "the default policy")
	})

	t.Run("identity providers", func(t *testing.T) {
		page, err := c.IdentityProviders.List(ctx, sandbox, &pingone.ListOptions{Limit: 1})
		cov.call("IdentityProviders.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.NextCursor)
		all := collect(t, c.IdentityProviders.All(ctx, sandbox, &pingone.ListOptions{Limit: 1}))
		cov.call("IdentityProviders.All")
		require.Len(t, all, 2)
		g, err := c.IdentityProviders.Get(ctx, sandbox, demo.SandboxGoogleIdPID)
		cov.call("IdentityProviders.Get")
		require.NoError(t, err)
		assert.Equal(t, pingone.IdPGoogle, g.Type)
		_, err = c.IdentityProviders.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)
		oidc, err := c.IdentityProviders.Create(ctx, sandbox, &pingone.IdentityProvider{Name: "Contract OIDC", Enabled: true, Type: pingone.IdPOpenIDConnect,
			ClientID: "c", ClientSecret: "s", Issuer: "https://op.example.com", AuthorizationEndpoint: "https://op.example.com/authorize",
			TokenEndpoint: "https://op.example.com/token", JWKSEndpoint: "https://op.example.com/jwks", Scopes: []string{"openid"},
			TokenEndpointAuthMethod: "CLIENT_SECRET_POST"})
		cov.call("IdentityProviders.Create")
		require.NoError(t, err)
		_, err = c.IdentityProviders.Create(ctx, sandbox, &pingone.IdentityProvider{Name: "Pal", Enabled: true, Type: pingone.IdPPaypal,
			ClientID: "c", ClientSecret: "s", ClientEnvironment: "production"})
		requireStatus(t, err, 400, "PayPal's environment is sandbox or live")
		oidc.Enabled = false
		up, err := c.IdentityProviders.Update(ctx, sandbox, oidc.ID, oidc)
		cov.call("IdentityProviders.Update")
		require.NoError(t, err)
		assert.False(t, up.Enabled)
		assert.Equal(t, "s", up.ClientSecret, "the secret survives the read-modify-write")
		require.NoError(t, c.IdentityProviders.Delete(ctx, sandbox, oidc.ID))
		cov.call("IdentityProviders.Delete")
		requireStatus(t, c.IdentityProviders.Delete(ctx, sandbox, oidc.ID), 404)
	})

	t.Run("identity provider attributes", func(t *testing.T) {
		idp := demo.SandboxOIDCIdPID
		page, err := c.IdentityProviderAttributes.List(ctx, sandbox, idp, nil)
		cov.call("IdentityProviderAttributes.List")
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		all := collect(t, c.IdentityProviderAttributes.All(ctx, sandbox, idp, nil))
		cov.call("IdentityProviderAttributes.All")
		assert.Equal(t, pingone.AttributeMappingCore, all[0].MappingType)
		got, err := c.IdentityProviderAttributes.Get(ctx, sandbox, idp, demo.SandboxOIDCIdPEmailMappingID)
		cov.call("IdentityProviderAttributes.Get")
		require.NoError(t, err)
		assert.Equal(t, "email", got.Name)
		_, err = c.IdentityProviderAttributes.Get(ctx, sandbox, idp, unknownID)
		requireStatus(t, err, 404)
		made, err := c.IdentityProviderAttributes.Create(ctx, sandbox, idp, &pingone.IdentityProviderAttribute{
			Name: "name.family", Value: "${providerAttributes.family_name}", Update: pingone.AttributeUpdateAlways})
		cov.call("IdentityProviderAttributes.Create")
		require.NoError(t, err)
		assert.Equal(t, pingone.AttributeMappingCustom, made.MappingType)
		_, err = c.IdentityProviderAttributes.Create(ctx, sandbox, idp, &pingone.IdentityProviderAttribute{
			Name: "name.family", Value: "${providerAttributes.sn}", Update: pingone.AttributeUpdateAlways})
		requireStatus(t, err, 400, "one mapping per attribute")
		made.Update = pingone.AttributeUpdateEmptyOnly
		up, err := c.IdentityProviderAttributes.Update(ctx, sandbox, idp, made.ID, made)
		cov.call("IdentityProviderAttributes.Update")
		require.NoError(t, err)
		assert.Equal(t, pingone.AttributeUpdateEmptyOnly, up.Update)
		require.NoError(t, c.IdentityProviderAttributes.Delete(ctx, sandbox, idp, made.ID))
		cov.call("IdentityProviderAttributes.Delete")
		requireStatus(t, c.IdentityProviderAttributes.Delete(ctx, sandbox, idp, made.ID), 404)
		requireStatus(t, c.IdentityProviderAttributes.Delete(ctx, sandbox, idp, demo.SandboxOIDCIdPUsernameMappingID), 400, "a CORE mapping stays")
	})

	t.Run("population default identity provider", func(t *testing.T) {
		pop := demo.SandboxArchivePopulationID
		got, err := c.Populations.GetDefaultIdentityProvider(ctx, sandbox, pop)
		cov.call("Populations.GetDefaultIdentityProvider")
		require.NoError(t, err)
		assert.Equal(t, pingone.IdentityProviderPingOne, got.Type)
		set, err := c.Populations.SetDefaultIdentityProvider(ctx, sandbox, pop, demo.SandboxOIDCIdPID)
		cov.call("Populations.SetDefaultIdentityProvider")
		require.NoError(t, err)
		assert.Equal(t, pingone.IdPOpenIDConnect, set.Type)
		_, err = c.Populations.SetDefaultIdentityProvider(ctx, sandbox, pop, unknownID)
		requireStatus(t, err, 400, "no such provider")
		_, err = c.Populations.GetDefaultIdentityProvider(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)
		requireStatus(t, c.IdentityProviders.Delete(ctx, sandbox, demo.SandboxOIDCIdPID), 400, "a population's default")
		reset, err := c.Populations.SetDefaultIdentityProvider(ctx, sandbox, pop, "")
		require.NoError(t, err)
		assert.Empty(t, reset.ID)
	})

	t.Run("device authentication policies", func(t *testing.T) {
		page, err := c.DeviceAuthenticationPolicies.List(ctx, sandbox, &pingone.ListOptions{Limit: 1})
		cov.call("DeviceAuthenticationPolicies.List")
		require.NoError(t, err)
		require.NotEmpty(t, page.NextCursor)
		all := collect(t, c.DeviceAuthenticationPolicies.All(ctx, sandbox, &pingone.ListOptions{Limit: 1}))
		cov.call("DeviceAuthenticationPolicies.All")
		require.Len(t, all, 2)
		def, err := c.DeviceAuthenticationPolicies.Get(ctx, sandbox, demo.SandboxDefaultMFAPolicyID)
		cov.call("DeviceAuthenticationPolicies.Get")
		require.NoError(t, err)
		assert.True(t, def.Default)
		_, err = c.DeviceAuthenticationPolicies.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		p := *def
		p.Name, p.Default = "Contract MFA", false
		made, err := c.DeviceAuthenticationPolicies.Create(ctx, sandbox, &p)
		cov.call("DeviceAuthenticationPolicies.Create")
		require.NoError(t, err)
		assert.False(t, made.Default)
		bad := p
		bad.Name, bad.TOTP = "No TOTP", nil
		_, err = c.DeviceAuthenticationPolicies.Create(ExpectInvalidRequest(ctx, "no totp"), sandbox, &bad)
		requireStatus(t, err, 400, "totp is required")
		made.SMS.Enabled = false
		up, err := c.DeviceAuthenticationPolicies.Update(ctx, sandbox, made.ID, made)
		cov.call("DeviceAuthenticationPolicies.Update")
		require.NoError(t, err)
		assert.False(t, up.SMS.Enabled)

		// An MFA action may name it; it then cannot go.
		mfa, err := c.SignOnPolicyActions.Get(ctx, sandbox, demo.SandboxMultiFactorPolicyID, demo.SandboxMultiFactorActionIDs[1])
		require.NoError(t, err)
		assert.Equal(t, demo.SandboxDefaultMFAPolicyID, mfa.DeviceAuthenticationPolicy.ID)
		mfa.DeviceAuthenticationPolicy = pingone.Ref(made.ID)
		_, err = c.SignOnPolicyActions.Update(ctx, sandbox, demo.SandboxMultiFactorPolicyID, mfa.ID, mfa)
		require.NoError(t, err)
		requireStatus(t, c.DeviceAuthenticationPolicies.Delete(ctx, sandbox, made.ID), 400, "an MFA action names it")
		mfa.DeviceAuthenticationPolicy = pingone.Ref(demo.SandboxDefaultMFAPolicyID)
		_, err = c.SignOnPolicyActions.Update(ctx, sandbox, demo.SandboxMultiFactorPolicyID, mfa.ID, mfa)
		require.NoError(t, err)

		require.NoError(t, c.DeviceAuthenticationPolicies.Delete(ctx, sandbox, made.ID))
		cov.call("DeviceAuthenticationPolicies.Delete")
		requireStatus(t, c.DeviceAuthenticationPolicies.Delete(ctx, sandbox, made.ID), 404)
		requireStatus(t, c.DeviceAuthenticationPolicies.Delete(ctx, sandbox, demo.SandboxDefaultMFAPolicyID), 400, "the default")
	})

	t.Run("organizations", func(t *testing.T) {
		page, err := c.Organizations.List(ctx, &pingone.ListOptions{Limit: 10})
		cov.call("Organizations.List")
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		org, err := c.Organizations.Get(ctx, demo.OrganizationID)
		cov.call("Organizations.Get")
		require.NoError(t, err)
		assert.Equal(t, "PAID", org.Type)
		_, err = c.Organizations.Get(ctx, unknownID)
		requireStatus(t, err, 404)

		lics, err := c.Organizations.ListLicenses(ctx, demo.OrganizationID, nil)
		cov.call("Organizations.ListLicenses")
		require.NoError(t, err)
		require.NotEmpty(t, lics.Items)
		lic, err := c.Organizations.GetLicense(ctx, demo.OrganizationID, demo.LicenseID)
		cov.call("Organizations.GetLicense")
		require.NoError(t, err)
		assert.Equal(t, "ACTIVE", lic.Status)
		_, err = c.Organizations.GetLicense(ctx, demo.OrganizationID, unknownID)
		requireStatus(t, err, 404)
	})

	t.Run("password policies", func(t *testing.T) {
		page, err := c.PasswordPolicies.List(ctx, sandbox, &pingone.ListOptions{Limit: 1})
		cov.call("PasswordPolicies.List")
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
		require.NotEmpty(t, page.NextCursor)
		_, err = c.PasswordPolicies.List(ctx, sandbox, &pingone.ListOptions{Limit: 1, Cursor: page.NextCursor})
		require.NoError(t, err)
		all := collect(t, c.PasswordPolicies.All(ctx, sandbox, nil))
		cov.call("PasswordPolicies.All")
		assert.Len(t, all, 3)
		_, err = c.PasswordPolicies.List(ctx, unknownID, nil)
		requireStatus(t, err, 404)

		std, err := c.PasswordPolicies.Get(ctx, sandbox, demo.SandboxStandardPasswordPolicyID)
		cov.call("PasswordPolicies.Get")
		require.NoError(t, err)
		assert.Equal(t, pingone.Ptr(5), std.Lockout.FailureCount)
		_, err = c.PasswordPolicies.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		np, err := c.PasswordPolicies.Create(ctx, sandbox, &pingone.PasswordPolicy{
			Name: "Contract", ExcludesCommonlyUsed: true, Length: &pingone.PasswordLength{Min: pingone.Ptr(12), Max: pingone.Ptr(64)},
			MinCharacters: map[string]int{pingone.PasswordClassDigits: 2},
			Lockout:       &pingone.PasswordLockout{FailureCount: pingone.Ptr(3), DurationSeconds: pingone.Ptr(60)},
		})
		cov.call("PasswordPolicies.Create")
		require.NoError(t, err)
		_, err = c.PasswordPolicies.Create(ctx, sandbox, &pingone.PasswordPolicy{Name: "contract"})
		requireStatus(t, err, 400, "duplicate name")
		_, err = c.PasswordPolicies.Create(ctx, sandbox, &pingone.PasswordPolicy{Name: "Too brief", MinAgeDays: pingone.Ptr(1), MaxAgeDays: pingone.Ptr(10)})
		requireStatus(t, err, 400, "maxAgeDays within the expiry warning")

		np.Description = "updated"
		_, err = c.PasswordPolicies.Update(ctx, sandbox, np.ID, np)
		cov.call("PasswordPolicies.Update")
		require.NoError(t, err)
		_, err = c.PasswordPolicies.Update(ctx, sandbox, unknownID, np)
		requireStatus(t, err, 404)

		// A population naming it applies it to its users' passwords.
		pop, err := c.Populations.Create(ctx, sandbox, &pingone.Population{Name: "Contract policy", PasswordPolicy: pingone.Ref(np.ID)})
		require.NoError(t, err)
		u, err := c.Users.Create(ctx, sandbox, &pingone.User{Username: "contract.policy", Email: "contract.policy@example.com", Population: pingone.Ref(pop.ID)})
		require.NoError(t, err)
		perr := requireStatus(t, c.Users.SetPassword(ctx, sandbox, u.ID, "only-one-digit-1", false), 400, "breaks the policy")
		require.Len(t, perr.Details, 1)
		assert.Contains(t, perr.Details[0].InnerError, "minCharacters")
		require.NoError(t, c.Users.SetPassword(ctx, sandbox, u.ID, "two-digits-12", false))
		err = c.PasswordPolicies.Delete(ctx, sandbox, np.ID)
		requireStatus(t, err, 400, "in use by a population")
		require.NoError(t, c.Users.Delete(ctx, sandbox, u.ID))
		require.NoError(t, c.Populations.Delete(ctx, sandbox, pop.ID))

		require.NoError(t, c.PasswordPolicies.Delete(ctx, sandbox, np.ID))
		cov.call("PasswordPolicies.Delete")
		err = c.PasswordPolicies.Delete(ctx, sandbox, np.ID)
		requireStatus(t, err, 404)
	})

	t.Run("certificates", func(t *testing.T) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		require.NoError(t, err)
		now := time.Now()
		tmpl := &x509.Certificate{SerialNumber: new(big.Int).Lsh(big.NewInt(1), 120), Subject: pkix.Name{CommonName: "contract.example.com"},
			NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0)}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		require.NoError(t, err)
		imported, err := c.Certificates.Import(ctx, sandbox, pingone.CertificateUsageSigning, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
		cov.call("Certificates.Import")
		require.NoError(t, err)
		assert.Equal(t, "contract.example.com", imported.Name)
		assert.Equal(t, tmpl.SerialNumber.String(), imported.SerialNumber.String())
		_, err = c.Certificates.Import(ctx, sandbox, pingone.CertificateUsageSigning, []byte("not a certificate"))
		requireStatus(t, err, 400, "not a certificate")
		_, err = c.Certificates.Import(ctx, unknownID, pingone.CertificateUsageSigning, []byte("x"))
		requireStatus(t, err, 404)

		page, err := c.Certificates.List(ctx, sandbox, nil)
		cov.call("Certificates.List")
		require.NoError(t, err)
		assert.Len(t, page.Items, 2)
		all := collect(t, c.Certificates.All(ctx, sandbox, nil))
		cov.call("Certificates.All")
		assert.Len(t, all, 2)

		got, err := c.Certificates.Get(ctx, sandbox, demo.SandboxSigningCertificateID)
		cov.call("Certificates.Get")
		require.NoError(t, err)
		assert.Equal(t, "EC", got.Algorithm)
		_, err = c.Certificates.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)

		require.NoError(t, c.Certificates.Delete(ctx, sandbox, imported.ID))
		cov.call("Certificates.Delete")
		err = c.Certificates.Delete(ctx, sandbox, imported.ID)
		requireStatus(t, err, 404)
	})

	t.Run("activities", func(t *testing.T) {
		// Every write above carried the transaction id contract-test.
		now := time.Now()
		f, err := pingone.ActivityFilter{Since: now.Add(-time.Hour), Until: now.Add(time.Hour), CorrelationID: "contract-test"}.String()
		require.NoError(t, err)
		page, err := c.Activities.List(ctx, sandbox, &pingone.ListOptions{Filter: f, Limit: 5})
		cov.call("Activities.List")
		require.NoError(t, err)
		require.Len(t, page.Items, 5)
		require.NotEmpty(t, page.NextCursor)
		for _, a := range page.Items {
			assert.Equal(t, "contract-test", a.CorrelationID)
			assert.Equal(t, demo.WorkerClientID, a.Actors.Client.ID)
		}
		// A long filter goes in a POST body; its pages follow.
		types := []string{"GROUP.CREATED", "USER.CREATED", "USER.DELETED"}
		for i := 0; len(types) < 60; i++ {
			types = append(types, fmt.Sprintf("UNUSED_%d.CREATED", i))
		}
		long, err := pingone.ActivityFilter{Since: now.Add(-time.Hour), Until: now.Add(time.Hour), ActionTypes: types}.String()
		require.NoError(t, err)
		require.Greater(t, len(long), pingone.MaxQueryFilterLength)
		all := collect(t, c.Activities.All(ctx, sandbox, &pingone.ListOptions{Filter: long, Limit: 2}))
		cov.call("Activities.All")
		require.NotEmpty(t, all)
		for _, a := range all {
			assert.Contains(t, types, a.Action.Type)
		}

		got, err := c.Activities.Get(ctx, sandbox, page.Items[0].ID)
		cov.call("Activities.Get")
		require.NoError(t, err)
		assert.Equal(t, page.Items[0].Action, got.Action)
		_, err = c.Activities.Get(ctx, sandbox, unknownID)
		requireStatus(t, err, 404)
		_, err = c.Activities.List(ctx, sandbox, &pingone.ListOptions{Filter: `action.type eq "USER.CREATED"`})
		requireStatus(t, err, 400, "no time range")
	})

	t.Run("faults", func(t *testing.T) {
		// Injected errors carry PingOne error bodies that must validate too,
		// on a gc operation and on an mgmt one.
		for _, tc := range []struct {
			status int
			path   string
			call   func() error
		}{
			{429, "/v1/environments/" + sandbox + "/users", func() error { _, err := c.Users.List(ctx, sandbox, nil); return err }},
			{500, "/v1/environments/" + sandbox + "/groups", func() error { _, err := c.Groups.List(ctx, sandbox, nil); return err }},
			{429, "/v1/environments/" + sandbox + "/billOfMaterials", func() error { _, err := c.Environments.GetBillOfMaterials(ctx, sandbox); return err }},
			{503, "/v1/environments/" + sandbox + "/billOfMaterials", func() error { _, err := c.Environments.GetBillOfMaterials(ctx, sandbox); return err }},
			{500, "/v1/environments/" + sandbox + "/billOfMaterials", func() error { _, err := c.Environments.GetBillOfMaterials(ctx, sandbox); return err }},
		} {
			srv.InjectFault(pingonetest.Fault{PathPrefix: tc.path, Status: tc.status, RetryAfter: "1", Times: 1})
			requireStatus(t, tc.call(), tc.status, tc.path)
		}
		srv.ClearFaults()
	})

	t.Run("unauthorized", func(t *testing.T) {
		bad, err := pingone.NewClient(
			pingone.WithBaseURL(srv.APIURL()), pingone.WithHTTPClient(hc),
			pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "not-a-token"})),
		)
		require.NoError(t, err)
		_, err = bad.Populations.List(ctx, sandbox, nil)
		requireStatus(t, err, 401)
	})

	assert.Empty(t, cov.missing(c), "service methods the contract scenario does not call")

	st := v.Stats()
	t.Logf("contract: %+v; specs loaded in %v", st, LoadTime())
	for op, n := range v.Untyped() {
		t.Logf("spec declares no schema for the body of %s (seen %d times): not checked", op, n)
	}
	assert.GreaterOrEqual(t, st.Validated, 120, "validated exchanges")
	assert.Equal(t, 4, st.ExpectedInvalid, "requests invalid on purpose")
	assert.Positive(t, st.Auth, "auth-host requests passed through")
	assert.Zero(t, st.Failed, "exchanges that violate the specs (see the errors above)")
	assert.Zero(t, st.Unrouted)
	for _, e := range v.UnusedExceptions() {
		t.Errorf("stale exception (nothing matched it; delete it): %+v", e)
	}
}

// TestClientHelper checks the helper other packages' tests use.
func TestClientHelper(t *testing.T) {
	srv := pingonetest.NewTestServer(t)
	c, v := ClientWith(t, srv)
	_, err := c.Populations.List(t.Context(), pingonetest.Demo().SandboxEnvironmentID, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, v.Stats().Validated)
	assert.NotNil(t, Client(t, srv))
}
