package pingone_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/pingone"
)

const deviceJSON = `{
 "_links":{"self":{"href":"https://api.pingone.com/v1/environments/env-1/users/u-1/devices/d-1"}},
 "id":"d-1","environment":{"id":"env-1"},"user":{"id":"u-1"},"type":"SMS","status":"ACTIVE",
 "nickname":"Work phone","phone":"+15550100000","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-02T00:00:00Z",
 "rememberMe":{"web":{"enabled":false}}}`

func checkDevice(t *testing.T, d *pingone.MFADevice) {
	t.Helper()
	assert.Equal(t, "d-1", d.ID)
	assert.Equal(t, "u-1", d.User.ID)
	assert.Equal(t, pingone.DeviceTypeSMS, d.Type)
	assert.Equal(t, pingone.DeviceStatusActive, d.Status)
	assert.Equal(t, "Work phone", d.Nickname)
	assert.Equal(t, "+15550100000", d.Phone)
	assert.NotNil(t, d.CreatedAt)
	assert.JSONEq(t, `{"web":{"enabled":false}}`, string(d.Extra["rememberMe"]))
}

func TestMFADevicesAPI(t *testing.T) {
	t.Parallel()
	runAPICases(t, []apiCase{
		{
			name: "List", method: http.MethodGet, path: "/environments/env-1/users/u-1/devices",
			reply: ok(`{"_embedded":{"devices":[` + deviceJSON + `,{"id":"d-2","type":"TOTP","status":"ACTIVATION_REQUIRED"}]},"count":2,"size":2}`),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.MFADevices.List(ctx, envID, "u-1")
			},
			check: func(t *testing.T, out any) {
				list := out.([]*pingone.MFADevice)
				require.Len(t, list, 2)
				checkDevice(t, list[0])
				assert.Equal(t, pingone.DeviceStatusActivationRequired, list[1].Status)
			},
		},
		{
			name: "Get", method: http.MethodGet, path: "/environments/env-1/users/u-1/devices/d-1", reply: ok(deviceJSON),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.MFADevices.Get(ctx, envID, "u-1", "d-1")
			},
			check: func(t *testing.T, out any) { checkDevice(t, out.(*pingone.MFADevice)) },
		},
		{
			name: "Delete", method: http.MethodDelete, path: "/environments/env-1/users/u-1/devices/d-1", reply: noContent(),
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.MFADevices.Delete(ctx, envID, "u-1", "d-1")
			},
		},
	})
}

func TestMFADevicesErrors(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodDelete, "/environments/env-1/users/u-1/devices/gone",
		reply{status: http.StatusNotFound, body: `{"id":"e-1","code":"NOT_FOUND","message":"Unable to find device with id gone"}`})
	err := c.MFADevices.Delete(t.Context(), envID, "u-1", "gone")
	require.Error(t, err)
	assert.True(t, pingone.IsNotFound(err))
	_, err = c.MFADevices.List(t.Context(), envID, "")
	require.Error(t, err, "an empty user id is refused")
}
