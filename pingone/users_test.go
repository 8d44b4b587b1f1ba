package pingone_test

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const userJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/users/u-1"}},
 "id":"u-1","environment":{"id":"env-1"},"population":{"id":"pop-1"},
 "username":"jdoe","email":"jdoe@example.com","emailVerified":true,
 "name":{"given":"Jane","family":"Doe","middle":"Q","formatted":"Jane Q Doe","honorificPrefix":"Dr."},
 "nickname":"JD","title":"Engineer","locale":"en-US","preferredLanguage":"en","timezone":"Europe/Paris",
 "mobilePhone":"+15555550123","primaryPhone":"+15555550100",
 "address":{"streetAddress":"1 Main St","locality":"Springfield","region":"IL","postalCode":"62701","countryCode":"US"},
 "externalId":"ext-1","enabled":true,"mfaEnabled":false,"verifyStatus":"NOT_INITIATED",
 "account":{"canAuthenticate":true,"status":"LOCKED","lockedAt":"2025-01-09T08:00:00Z","secondsUntilUnlock":1800},
 "lifecycle":{"status":"ACCOUNT_OK"},"identityProvider":{"type":"PING_ONE"},
 "lastSignOn":{"at":"2025-01-09T07:00:00Z","remoteIp":"203.0.113.7"},
 "memberOfGroupIDs":["g-1","g-2"],"memberOfGroupNames":["Help Desk","All"],
 "employeeNumber":"E-42","costCenter":{"code":"CC1"},
 "createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z"}`

const membershipJSON = `{"id":"g-1","environment":{"id":"env-1"},"name":"Help Desk","type":"DIRECT",
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/users/u-1/memberOfGroups/g-1"}}}`

func checkUser(t *testing.T, u *pingone.User) {
	t.Helper()
	assert.Equal(t, "u-1", u.ID)
	assert.Equal(t, "env-1", u.Environment.ID)
	assert.Equal(t, "pop-1", u.Population.ID)
	assert.Equal(t, "jdoe", u.Username)
	assert.Equal(t, "jdoe@example.com", u.Email)
	assert.Equal(t, pingone.Ptr(true), u.EmailVerified)
	assert.Equal(t, &pingone.UserName{Given: "Jane", Family: "Doe", Middle: "Q", Formatted: "Jane Q Doe", HonorificPrefix: "Dr."}, u.Name)
	assert.Equal(t, "JD", u.Nickname)
	assert.Equal(t, "Engineer", u.Title)
	assert.Equal(t, "en-US", u.Locale)
	assert.Equal(t, "en", u.PreferredLanguage)
	assert.Equal(t, "Europe/Paris", u.Timezone)
	assert.Equal(t, "+15555550123", u.MobilePhone)
	assert.Equal(t, "+15555550100", u.PrimaryPhone)
	assert.Equal(t, "Springfield", u.Address.Locality)
	assert.Equal(t, "US", u.Address.CountryCode)
	assert.Equal(t, "ext-1", u.ExternalID)
	assert.Equal(t, pingone.Ptr(true), u.Enabled)
	assert.Equal(t, pingone.Ptr(false), u.MFAEnabled)
	assert.Equal(t, pingone.VerifyStatusNotInitiated, u.VerifyStatus)
	assert.Equal(t, pingone.Ptr(true), u.Account.CanAuthenticate)
	assert.Equal(t, pingone.AccountStatusLocked, u.Account.Status)
	assert.Equal(t, time.Date(2025, 1, 9, 8, 0, 0, 0, time.UTC), *u.Account.LockedAt)
	assert.Equal(t, pingone.LifecycleAccountOK, u.Lifecycle.Status)
	assert.Equal(t, "PING_ONE", u.IdentityProvider.Type)
	assert.Equal(t, "203.0.113.7", u.LastSignOn.RemoteIP)
	assert.Equal(t, []string{"g-1", "g-2"}, u.MemberOfGroupIDs)
	assert.Nil(t, u.Password)
	assert.JSONEq(t, `"E-42"`, string(u.Extra["employeeNumber"]))
	assert.Len(t, u.Extra, 2)
}

func TestUsersAPI(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, out any) { checkUser(t, out.(*pingone.User)) }
	checkMembership := func(t *testing.T, out any) {
		m := out.(*pingone.GroupMembership)
		assert.Equal(t, "g-1", m.ID)
		assert.Equal(t, "Help Desk", m.Name)
		assert.Equal(t, pingone.MembershipDirect, m.Type)
	}
	runAPICases(t, []apiCase{
		{
			name: "Get with group ids", method: http.MethodGet, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.Get(ctx, envID, "u-1", &pingone.GetUserOptions{IncludeGroupIDs: true})
			},
			wantQuery: url.Values{"include": {"memberOfGroupIDs"}},
			check:     check,
		},
		{
			name: "Update sends only set, writable fields", method: http.MethodPatch, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.Update(ctx, envID, "u-1", &pingone.User{
					Name:          &pingone.UserName{Family: "Smith"},
					MobilePhone:   "+15555550199",
					Account:       &pingone.UserAccount{CanAuthenticate: pingone.Ptr(false)},
					EmailVerified: pingone.Ptr(false),
				})
			},
			wantCT:   "application/json",
			wantBody: `{"name":{"family":"Smith"},"mobilePhone":"+15555550199","account":{"canAuthenticate":false}}`,
			check:    check,
		},
		{
			name: "Update empty", method: http.MethodPatch, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.Update(ctx, envID, "u-1", &pingone.User{})
			},
			wantCT:   "application/json",
			wantBody: `{}`,
		},
		{
			name: "Replace", method: http.MethodPut, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.Replace(ctx, envID, "u-1", &pingone.User{Username: "jdoe", Email: "j@example.com", Title: "CTO"})
			},
			wantCT:   "application/json",
			wantBody: `{"username":"jdoe","email":"j@example.com","title":"CTO"}`,
			check:    check,
		},
		{
			name: "GetEnabled", method: http.MethodGet, path: "/environments/env-1/users/u-1/enabled",
			reply: ok(`{"enabled":true,"_links":{}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.GetEnabled(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) { assert.Equal(t, true, out) },
		},
		{
			name: "SetEnabled false", method: http.MethodPut, path: "/environments/env-1/users/u-1/enabled",
			reply: ok(`{"enabled":false}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.SetEnabled(ctx, envID, "u-1", false)
			},
			wantCT:   "application/json",
			wantBody: `{"enabled":false}`,
			check:    func(t *testing.T, out any) { assert.Equal(t, false, out) },
		},
		{
			name: "SetEnabled true", method: http.MethodPut, path: "/environments/env-1/users/u-1/enabled",
			reply: ok(`{"enabled":true}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.SetEnabled(ctx, envID, "u-1", true)
			},
			wantCT:   "application/json",
			wantBody: `{"enabled":true}`,
			check:    func(t *testing.T, out any) { assert.Equal(t, true, out) },
		},
		{
			name: "SetPassword", method: http.MethodPut, path: "/environments/env-1/users/u-1/password",
			reply: ok(`{"status":"OK"}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.Users.SetPassword(ctx, envID, "u-1", "N3w&Secret<pw>", true)
			},
			wantCT:   "application/vnd.pingidentity.password.set+json",
			wantBody: `{"value":"N3w&Secret<pw>","forceChange":true}`,
		},
		{
			name: "SetPassword without force change", method: http.MethodPut, path: "/environments/env-1/users/u-1/password",
			reply: ok(`{}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.Users.SetPassword(ctx, envID, "u-1", "x", false)
			},
			wantCT:   "application/vnd.pingidentity.password.set+json",
			wantBody: `{"value":"x","forceChange":false}`,
		},
		{
			name: "GetPopulation", method: http.MethodGet, path: "/environments/env-1/users/u-1/population",
			reply: ok(`{"id":"pop-9","_links":{}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.GetPopulation(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) { assert.Equal(t, "pop-9", out) },
		},
		{
			name: "SetPopulation", method: http.MethodPut, path: "/environments/env-1/users/u-1/population",
			reply: ok(`{"id":"pop-9"}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.Users.SetPopulation(ctx, envID, "u-1", "pop-9")
			},
			wantCT:   "application/json",
			wantBody: `{"id":"pop-9"}`,
		},
		{
			name: "Update sends NullFields as null", method: http.MethodPatch, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.Update(ctx, envID, "u-1", &pingone.User{
					Name: &pingone.UserName{Given: "Janet"}, NullFields: []string{"name.middle", "mobilePhone", "employeeNumber", "address.region"},
				})
			},
			wantCT:   "application/json",
			wantBody: `{"name":{"given":"Janet","middle":null},"mobilePhone":null,"employeeNumber":null,"address":{"region":null}}`,
			check:    check,
		},
		{
			name: "GetPasswordState", method: http.MethodGet, path: "/environments/env-1/users/u-1/password",
			reply: ok(`{"environment":{"id":"env-1"},"user":{"id":"u-1"},"passwordPolicy":{"id":"pp-1"},"status":"PASSWORD_LOCKED_OUT",
				"lastChangedAt":"2025-01-02T00:00:00Z","secondsUntilUnlock":600,"failuresRemaining":0,"history":[]}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.GetPasswordState(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) {
				ps := out.(*pingone.PasswordState)
				assert.Equal(t, pingone.PasswordStatusLockedOut, ps.Status)
				assert.Equal(t, "pp-1", ps.PasswordPolicy.ID)
				assert.Equal(t, pingone.Ptr(600), ps.SecondsUntilUnlock)
				assert.Equal(t, pingone.Ptr(0), ps.FailuresRemaining)
				assert.Equal(t, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), *ps.LastChangedAt)
				assert.JSONEq(t, `[]`, string(ps.Extra["history"]))
			},
		},
		{
			name: "Lock", method: http.MethodPost, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.Lock(ctx, envID, "u-1", nil)
			},
			wantCT: "application/vnd.pingidentity.account.lock+json",
			check:  check,
		},
		{
			name: "Lock until", method: http.MethodPost, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				at := time.Date(2030, 6, 7, 23, 59, 59, 0, time.FixedZone("CEST", 2*3600))
				return c.Users.Lock(ctx, envID, "u-1", &pingone.LockOptions{UnlockAt: at})
			},
			wantCT:   "application/vnd.pingidentity.account.lock+json",
			wantBody: `{"unlockAt":"2030-06-07T21:59:59Z"}`,
			check:    check,
		},
		{
			name: "Unlock", method: http.MethodPost, path: "/environments/env-1/users/u-1", reply: ok(userJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.Unlock(ctx, envID, "u-1")
			},
			wantCT: "application/vnd.pingidentity.account.unlock+json",
			check:  check,
		},
		{
			name: "GetVerifyStatus", method: http.MethodGet, path: "/environments/env-1/users/u-1/verifyStatus",
			reply: ok(`{"verifyStatus":"ENABLED"}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.GetVerifyStatus(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) { assert.Equal(t, pingone.VerifyStatusEnabled, out) },
		},
		{
			name: "SetVerifyStatus", method: http.MethodPut, path: "/environments/env-1/users/u-1/verifyStatus",
			reply: ok(`{"verifyStatus":"DISABLED"}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.SetVerifyStatus(ctx, envID, "u-1", pingone.VerifyStatusDisabled)
			},
			wantCT:   "application/json",
			wantBody: `{"verifyStatus":"DISABLED"}`,
			check:    func(t *testing.T, out any) { assert.Equal(t, pingone.VerifyStatusDisabled, out) },
		},
		{
			name: "GetIdentityProvider", method: http.MethodGet, path: "/environments/env-1/users/u-1/identityProvider",
			reply: ok(`{"identityProvider":{"id":"idp-1","type":"OPENID_CONNECT"}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.GetIdentityProvider(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) {
				assert.Equal(t, &pingone.UserIdentityProvider{ID: "idp-1", Type: "OPENID_CONNECT"}, out)
			},
		},
		{
			name: "SetIdentityProvider", method: http.MethodPut, path: "/environments/env-1/users/u-1/identityProvider",
			reply: ok(`{"identityProvider":{"id":"idp-1","type":"SAML"}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.SetIdentityProvider(ctx, envID, "u-1", "idp-1")
			},
			wantCT:   "application/json",
			wantBody: `{"id":"idp-1"}`,
			check: func(t *testing.T, out any) {
				assert.Equal(t, &pingone.UserIdentityProvider{ID: "idp-1", Type: "SAML"}, out)
			},
		},
		{
			name: "SetIdentityProvider back to PingOne sends no body", method: http.MethodPut, path: "/environments/env-1/users/u-1/identityProvider",
			reply: ok(`{}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.SetIdentityProvider(ctx, envID, "u-1", "")
			},
			check: func(t *testing.T, out any) { assert.Equal(t, &pingone.UserIdentityProvider{}, out) },
		},
		{
			name: "GetMFAEnabled", method: http.MethodGet, path: "/environments/env-1/users/u-1/mfaEnabled",
			reply: ok(`{"mfaEnabled":true,"_links":{}}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.GetMFAEnabled(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) { assert.Equal(t, true, out) },
		},
		{
			name: "SetMFAEnabled", method: http.MethodPut, path: "/environments/env-1/users/u-1/mfaEnabled",
			reply: ok(`{"mfaEnabled":false}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.SetMFAEnabled(ctx, envID, "u-1", false)
			},
			wantCT:   "application/json",
			wantBody: `{"mfaEnabled":false}`,
			check:    func(t *testing.T, out any) { assert.Equal(t, false, out) },
		},
		{
			name: "ListGroups", method: http.MethodGet, path: "/environments/env-1/users/u-1/memberOfGroups",
			reply: ok(`{"_embedded":{"groupMemberships":[` + membershipJSON + `,{"id":"g-2","name":"All","type":"INDIRECT"}]},"size":2}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.ListGroups(ctx, envID, "u-1", &pingone.ListOptions{Limit: 10})
			},
			wantQuery: url.Values{"limit": {"10"}},
			check: func(t *testing.T, out any) {
				p := out.(*pingone.Page[*pingone.GroupMembership])
				require.Len(t, p.Items, 2)
				checkMembership(t, p.Items[0])
				assert.Equal(t, pingone.MembershipIndirect, p.Items[1].Type)
			},
		},
		{
			name: "AddToGroup", method: http.MethodPost, path: "/environments/env-1/users/u-1/memberOfGroups",
			reply: created(membershipJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.Users.AddToGroup(ctx, envID, "u-1", "g-1")
			},
			wantCT:   "application/json",
			wantBody: `{"id":"g-1"}`,
			check:    checkMembership,
		},
		{
			name: "RemoveFromGroup", method: http.MethodDelete, path: "/environments/env-1/users/u-1/memberOfGroups/g-1",
			reply: noContent(),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.Users.RemoveFromGroup(ctx, envID, "u-1", "g-1")
			},
		},
	})
}

func TestUserGroupsPagination(t *testing.T) {
	t.Parallel()
	testPagination(t, "/environments/env-1/users/u-1/memberOfGroups", "groupMemberships",
		func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) (*pingone.Page[*pingone.GroupMembership], error) {
			return c.Users.ListGroups(ctx, envID, "u-1", o)
		},
		func(ctx context.Context, c *pingone.Client, o *pingone.ListOptions) iter.Seq2[*pingone.GroupMembership, error] {
			return c.Users.AllGroups(ctx, envID, "u-1", o)
		},
		func(m *pingone.GroupMembership) string { return m.ID })
}

func TestUserExtraRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		write  func(ctx context.Context, c *pingone.Client, u *pingone.User) (*pingone.User, error)
	}{
		{"Replace (PUT)", http.MethodPut, func(ctx context.Context, c *pingone.Client, u *pingone.User) (*pingone.User, error) {
			return c.Users.Replace(ctx, envID, u.ID, u)
		}},
		{"Update (PATCH)", http.MethodPatch, func(ctx context.Context, c *pingone.Client, u *pingone.User) (*pingone.User, error) {
			return c.Users.Update(ctx, envID, u.ID, u)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := newClient(t)
			f.on(http.MethodGet, "/environments/env-1/users/u-1", ok(userJSON))
			f.on(tc.method, "/environments/env-1/users/u-1", ok(userJSON))
			u, err := c.Users.Get(t.Context(), envID, "u-1", nil)
			require.NoError(t, err)
			u.Title = "CTO"
			_, err = tc.write(t.Context(), c, u)
			require.NoError(t, err)
			var sent map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(f.last().Body, &sent))
			assert.JSONEq(t, `"E-42"`, string(sent["employeeNumber"]), "a custom attribute survives")
			assert.JSONEq(t, `{"code":"CC1"}`, string(sent["costCenter"]))
			assert.JSONEq(t, `"CTO"`, string(sent["title"]))
			assert.JSONEq(t, `"jdoe"`, string(sent["username"]))
		})
	}
}

func TestSetPasswordKeepsValueInBodyOnly(t *testing.T) {
	t.Parallel()
	const secret = "only-in-the-body-9"
	c, f := newClient(t)
	f.on(http.MethodPut, "/environments/env-1/users/u-1/password", reply{status: 400,
		body: `{"id":"e-1","code":"INVALID_DATA","message":"Password does not meet policy",
		"details":[{"code":"INVALID_VALUE","target":"password","message":"too short"}]}`})
	err := c.Users.SetPassword(t.Context(), envID, "u-1", secret, false)
	require.Error(t, err)
	assert.True(t, pingone.IsInvalidData(err))
	assert.NotContains(t, err.Error(), secret)
	got := f.last()
	assert.Equal(t, "application/vnd.pingidentity.password.set+json", got.Header.Get("Content-Type"))
	assert.NotContains(t, got.URL.String(), secret)
	for name, vs := range got.Header {
		assert.NotContains(t, strings.Join(vs, " "), secret, "header %s", name)
	}
	assert.Contains(t, string(got.Body), secret)
}

func TestUserPasswordIsRedacted(t *testing.T) {
	t.Parallel()
	u := pingone.User{Username: "a", Password: &pingone.UserPassword{Value: "hunter2"}}
	assert.NotContains(t, fmtAll(u, &u, *u.Password), "hunter2")
}
