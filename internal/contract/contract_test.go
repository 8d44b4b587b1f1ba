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

		gp, err := c.Users.ListGroups(ctx, sandbox, demo.SandboxUserID, &pingone.ListOptions{Limit: 1})
		cov.call("Users.ListGroups")
		require.NoError(t, err)
		require.NotEmpty(t, gp.Items)
		groups := collect(t, c.Users.AllGroups(ctx, sandbox, nu.ID, nil))
		cov.call("Users.AllGroups")
		assert.Len(t, groups, 1)

		require.NoError(t, c.Users.RemoveFromGroup(ctx, sandbox, nu.ID, demo.SandboxHelpDeskGroupID))
		cov.call("Users.RemoveFromGroup")
		err = c.Users.RemoveFromGroup(ctx, sandbox, nu.ID, demo.SandboxHelpDeskGroupID)
		requireStatus(t, err, 404)

		require.NoError(t, c.Users.Delete(ctx, sandbox, nu.ID))
		cov.call("Users.Delete")
		err = c.Users.Delete(ctx, sandbox, nu.ID)
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

		require.NoError(t, c.MFADevices.Delete(ctx, sandbox, user, d.ID))
		cov.call("MFADevices.Delete")
		err = c.MFADevices.Delete(ctx, sandbox, user, d.ID)
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
	assert.Equal(t, 3, st.ExpectedInvalid, "requests invalid on purpose")
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
