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
			name: "Pair", method: http.MethodPost, path: "/environments/env-1/users/u-1/devices", reply: created(deviceJSON),
			wantCT: "application/json", wantBody: `{"type":"SMS","phone":"+15550100000","nickname":"Work phone"}`,
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.MFADevices.Pair(ctx, envID, "u-1", &pingone.MFADevice{
					Meta: pingone.Meta{ID: "ignored"}, Type: pingone.DeviceTypeSMS, Phone: "+15550100000", Nickname: "Work phone",
					User: &pingone.ObjectRef{ID: "u-1"},
				})
			},
			check: func(t *testing.T, out any) { checkDevice(t, out.(*pingone.MFADevice)) },
		},
		{
			name: "Activate", method: http.MethodPost, path: "/environments/env-1/users/u-1/devices/d-1", reply: ok(deviceJSON),
			wantCT: "application/vnd.pingidentity.device.activate+json", wantBody: `{"otp":"123456"}`,
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.MFADevices.Activate(ctx, envID, "u-1", "d-1", "123456")
			},
			check: func(t *testing.T, out any) { checkDevice(t, out.(*pingone.MFADevice)) },
		},
		{
			name: "SetNickname", method: http.MethodPut, path: "/environments/env-1/users/u-1/devices/d-1/nickname", reply: ok(deviceJSON),
			wantCT: "application/json", wantBody: `{"nickname":"Work phone"}`,
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return c.MFADevices.SetNickname(ctx, envID, "u-1", "d-1", "Work phone")
			},
			check: func(t *testing.T, out any) { checkDevice(t, out.(*pingone.MFADevice)) },
		},
		{
			name: "SetOrder", method: http.MethodPost, path: "/environments/env-1/users/u-1/devices", reply: ok(`{"_embedded":{"devices":[]}}`),
			wantCT: "application/vnd.pingidentity.devices.reorder+json", wantBody: `{"order":[{"id":"d-2"},{"id":"d-1"}]}`,
			do: func(ctx context.Context, c *pingone.Client) (any, error) {
				return nil, c.MFADevices.SetOrder(ctx, envID, "u-1", []string{"d-2", "d-1"})
			},
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
	_, err = c.MFADevices.Activate(t.Context(), envID, "u-1", "d-1", "")
	require.Error(t, err, "an empty passcode is refused before any request")
	require.Error(t, c.MFADevices.SetOrder(t.Context(), envID, "u-1", nil), "an empty order is refused")
	require.Error(t, c.MFADevices.SetOrder(t.Context(), envID, "u-1", []string{"d-1", ""}), "an empty device id is refused")
}

// RemoveOrder sends no body, only the content type that names the action.
func TestMFADevicesRemoveOrder(t *testing.T) {
	t.Parallel()
	c, f := newClient(t)
	f.on(http.MethodDelete, "/environments/env-1/users/u-1/devices", noContent())
	require.NoError(t, c.MFADevices.RemoveOrder(t.Context(), envID, "u-1"))
	got := f.last()
	assert.Equal(t, "application/vnd.pingidentity.devices.order.remove+json", got.Header.Get("Content-Type"))
	assert.Empty(t, got.Body)
}
