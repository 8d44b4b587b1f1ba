package pingonetest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDevicePairingAndActivation(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	coll := env(dm.SandboxEnvironmentID, "users", dm.SandboxUserID, "devices")

	r := c.do(http.MethodPost, coll, map[string]any{"type": "SMS", "phone": "+15550100042"})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	id := r.str("id")
	assert.Equal(t, "ACTIVATION_REQUIRED", r.str("status"))
	assert.Equal(t, dm.SandboxUserID, r.str("user.id"))
	item := coll + "/" + id

	// The passcode goes in the activate content type only.
	r = c.do(http.MethodPost, item, map[string]any{"otp": DeviceOTP(id)})
	assert.Equal(t, http.StatusUnsupportedMediaType, r.Status, string(r.Raw))

	wrong := "000000"
	if DeviceOTP(id) == wrong {
		wrong = "111111"
	}
	r = c.do(http.MethodPost, item, map[string]any{"otp": wrong}, mediaDeviceActivate)
	require.Equal(t, http.StatusBadRequest, r.Status, string(r.Raw))
	assert.Equal(t, "INVALID_DATA", r.str("code"))
	assert.Equal(t, []string{detailInvalidOTP}, r.detailCodes())
	assert.Equal(t, "ACTIVATION_REQUIRED", c.get(item).str("status"), "a wrong passcode leaves the device as it was")

	r = c.do(http.MethodPost, item, map[string]any{}, mediaDeviceActivate)
	assert.Equal(t, []string{detailRequired}, r.detailCodes())

	r = c.do(http.MethodPost, item, map[string]any{"otp": DeviceOTP(id)}, mediaDeviceActivate)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "ACTIVE", r.str("status"))
	assert.Equal(t, "ACTIVE", c.get(item).str("status"))

	r = c.do(http.MethodPost, item, map[string]any{"otp": DeviceOTP(id)}, mediaDeviceActivate)
	assert.Equal(t, http.StatusBadRequest, r.Status, "an active device is not activated again")

	r = c.do(http.MethodPost, coll+"/"+unknownID, map[string]any{"otp": "123456"}, mediaDeviceActivate)
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestDevicePairingRules(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	coll := env(dm.SandboxEnvironmentID, "users", dm.SandboxUserID, "devices")
	for name, tc := range map[string]struct {
		body   map[string]any
		target string
	}{
		"sms without phone":     {map[string]any{"type": "SMS"}, "phone"},
		"sms with a bad phone":  {map[string]any{"type": "SMS", "phone": "call me"}, "phone"},
		"email without email":   {map[string]any{"type": "EMAIL"}, "email"},
		"email with a phone":    {map[string]any{"type": "EMAIL", "email": "a@example.com", "phone": "+15550100000"}, "phone"},
		"totp paired active":    {map[string]any{"type": "TOTP", "status": "ACTIVE"}, "status"},
		"fido2 through the api": {map[string]any{"type": "FIDO2"}, "type"},
	} {
		r := c.do(http.MethodPost, coll, tc.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", name, r.Raw)
		d := r.Body["details"].([]any)[0].(map[string]any)
		assert.Equal(t, tc.target, d["target"], name)
	}

	for _, body := range []map[string]any{
		{"type": "EMAIL", "email": "jdoe@example.com"},
		{"type": "TOTP"},
		{"type": "VOICE", "phone": "+15550100043", "status": "ACTIVE"},
	} {
		r := c.do(http.MethodPost, coll, body)
		require.Equal(t, http.StatusCreated, r.Status, string(r.Raw))
	}

	r := c.do(http.MethodPost, coll, map[string]any{"type": "SMS", "phone": "+15550100000"}, "text/plain")
	assert.Equal(t, http.StatusUnsupportedMediaType, r.Status)
	r = c.do(http.MethodPost, env(dm.SandboxEnvironmentID, "users", unknownID, "devices"), map[string]any{"type": "TOTP"})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestDeviceNickname(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	item := env(dm.SandboxEnvironmentID, "users", dm.SandboxMFAUserID, "devices", dm.SandboxMFADeviceIDs[1])

	r := c.do(http.MethodPut, item+"/nickname", map[string]any{"nickname": "Work mail"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, "Work mail", r.str("nickname"))
	assert.Equal(t, "Work mail", c.get(item).str("nickname"))

	r = c.do(http.MethodPut, item+"/nickname", map[string]any{})
	assert.Equal(t, []string{detailRequired}, r.detailCodes())
	r = c.do(http.MethodPut, item+"/nickname", map[string]any{"nickname": ""})
	require.Equal(t, http.StatusOK, r.Status)
	_, has := c.get(item).Body["nickname"]
	assert.False(t, has, "an empty nickname removes it")

	r = c.do(http.MethodGet, item+"/nickname", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	r = c.do(http.MethodPut, env(dm.SandboxEnvironmentID, "users", dm.SandboxMFAUserID, "devices", unknownID, "nickname"), map[string]any{"nickname": "x"})
	assert.Equal(t, http.StatusNotFound, r.Status)
}

func TestDeviceOrder(t *testing.T) {
	t.Parallel()
	c := newClient(t)
	dm := Demo()
	coll := env(dm.SandboxEnvironmentID, "users", dm.SandboxMFAUserID, "devices")
	ids := dm.SandboxMFADeviceIDs
	order := func(ids ...string) map[string]any {
		var list []any
		for _, id := range ids {
			list = append(list, map[string]any{"id": id})
		}
		return map[string]any{"order": list}
	}
	listed := func() []string {
		var out []string
		for _, d := range c.get(coll).items("devices") {
			out = append(out, str(d, "id"))
		}
		return out
	}

	r := c.do(http.MethodPost, coll, order(ids[2], ids[0], ids[1]), mediaDevicesReorder)
	require.Equal(t, http.StatusOK, r.Status, string(r.Raw))
	assert.Equal(t, []string{ids[2], ids[0], ids[1]}, listed())

	for name, body := range map[string]map[string]any{
		"not every device": order(ids[0], ids[1]),
		"a device twice":   order(ids[0], ids[0], ids[1]),
		"an unknown id":    order(ids[0], ids[1], unknownID),
		"no order":         {},
	} {
		r := c.do(http.MethodPost, coll, body, mediaDevicesReorder)
		assert.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", name, r.Raw)
	}
	assert.Equal(t, []string{ids[2], ids[0], ids[1]}, listed(), "a refused order changes nothing")

	r = c.do(http.MethodDelete, coll, "", "application/json")
	assert.Equal(t, http.StatusUnsupportedMediaType, r.Status)
	r = c.do(http.MethodDelete, coll, "", mediaDevicesOrderClear)
	require.Equal(t, http.StatusNoContent, r.Status, string(r.Raw))
	assert.Equal(t, ids, listed(), "without an order, the devices come in the order they were paired")
}

func TestDeviceOTPIsStable(t *testing.T) {
	t.Parallel()
	a := DeviceOTP("d-1")
	assert.Len(t, a, 6)
	assert.Equal(t, a, DeviceOTP("d-1"))
	assert.NotEqual(t, a, DeviceOTP("d-2"))
}
