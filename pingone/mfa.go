package pingone

import (
	"context"
	"errors"
	"net/http"
)

// MFADevicesService manages the MFA devices paired to a user:
// /environments/{envID}/users/{userID}/devices (PingOne MFA API). It lists,
// reads, pairs, activates, renames, orders and unpairs them; it holds its
// collection rather than embedding it, since PingOne replaces no device with
// PUT and pairs one with a flow of its own (pair, then activate with the
// one-time passcode PingOne sends).
type MFADevicesService struct{ devices ChildCollection[MFADevice] }

// The MFA spec leaves devices untyped; these are the members PingOne sets.
var devicesResource = Resource{Parent: "users", Path: "devices", Key: "devices",
	ReadOnly: []string{"_links", "createdAt", "environment", "id", "updatedAt", "user"}}

// MFA device types (MFADevice.Type).
const (
	DeviceTypeSMS       = "SMS"
	DeviceTypeVoice     = "VOICE"
	DeviceTypeEmail     = "EMAIL"
	DeviceTypeTOTP      = "TOTP"
	DeviceTypeMobile    = "MOBILE"
	DeviceTypeFIDO2     = "FIDO2"
	DeviceTypeOATHToken = "OATH_TOKEN"
)

// Content types of the MFA device actions, which share their paths with
// plain reads and writes.
const (
	deviceActivateContentType     = "application/vnd.pingidentity.device.activate+json"
	devicesReorderContentType     = "application/vnd.pingidentity.devices.reorder+json"
	devicesOrderRemoveContentType = "application/vnd.pingidentity.devices.order.remove+json"
)

// MFA device statuses (MFADevice.Status).
const (
	DeviceStatusActive             = "ACTIVE"
	DeviceStatusActivationRequired = "ACTIVATION_REQUIRED"
)

// MFADevice is a device a user has paired for multi-factor authentication.
// The MFA spec leaves devices untyped; the fields below are those PingOne
// returns for every type, the rest stays in Extra.
type MFADevice struct {
	Meta
	User *ObjectRef `json:"user,omitempty"`
	// Type is DeviceTypeSMS, DeviceTypeEmail, DeviceTypeTOTP, …
	Type string `json:"type"`
	// Status is DeviceStatusActive, or DeviceStatusActivationRequired while pairing is not finished.
	Status   string `json:"status,omitempty"`
	Nickname string `json:"nickname,omitempty"`
	// Phone is set for SMS and VOICE devices, Email for EMAIL devices.
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	// Extra keeps members this type does not name (per-type details).
	Extra Extra `json:"-"`
}

// List returns every MFA device of a user, active or awaiting activation.
func (s *MFADevicesService) List(ctx context.Context, envID, userID string) ([]*MFADevice, error) {
	return collect(s.devices.All(ctx, envID, userID, nil))
}

// Get returns one MFA device of a user.
func (s *MFADevicesService) Get(ctx context.Context, envID, userID, deviceID string) (*MFADevice, error) {
	return s.devices.Get(ctx, envID, userID, deviceID)
}

// Delete unpairs an MFA device from a user; the user can no longer
// authenticate with it.
func (s *MFADevicesService) Delete(ctx context.Context, envID, userID, deviceID string) error {
	return s.devices.Delete(ctx, envID, userID, deviceID)
}

// Pair pairs a new device to a user: POST …/users/{userID}/devices with
// the device's type and its details (Phone for SMS and VOICE, Email for
// EMAIL; nothing more for TOTP, whose answer carries the secret to load into
// an authenticator app in Extra). PingOne answers with the device,
// usually in status ACTIVATION_REQUIRED: it sends a one-time passcode to
// the phone or address, and Activate finishes the pairing with it.
func (s *MFADevicesService) Pair(ctx context.Context, envID, userID string, d *MFADevice) (*MFADevice, error) {
	return s.devices.Create(ctx, envID, userID, d)
}

// Activate finishes the pairing of a device in status ACTIVATION_REQUIRED
// with the one-time passcode PingOne sent to it (or the authenticator app
// shows, for TOTP): POST …/devices/{deviceID} with Content-Type
// application/vnd.pingidentity.device.activate+json. A wrong passcode is a
// 400 INVALID_DATA; the device stays as it was.
func (s *MFADevicesService) Activate(ctx context.Context, envID, userID, deviceID, otp string) (*MFADevice, error) {
	if otp == "" {
		return nil, errors.New("pingone: Activate device: the one-time passcode is empty")
	}
	var out MFADevice
	body := struct {
		OTP string `json:"otp"`
	}{otp}
	r := request{method: http.MethodPost, body: body, contentType: deviceActivateContentType}
	if err := s.devices.call(ctx, "Activate", []string{envID, userID, deviceID}, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SetNickname renames a device (PUT …/devices/{deviceID}/nickname); an
// empty nickname removes it.
func (s *MFADevicesService) SetNickname(ctx context.Context, envID, userID, deviceID, nickname string) (*MFADevice, error) {
	var out MFADevice
	body := struct {
		Nickname string `json:"nickname"`
	}{nickname}
	r := request{method: http.MethodPut, segs: []string{"nickname"}, body: body}
	if err := s.devices.call(ctx, "SetNickname", []string{envID, userID, deviceID}, r, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// SetOrder sets the order in which a user's devices are offered at sign-on,
// first the default (POST …/users/{userID}/devices with Content-Type
// application/vnd.pingidentity.devices.reorder+json). deviceIDs must name
// every device of the user, each once.
func (s *MFADevicesService) SetOrder(ctx context.Context, envID, userID string, deviceIDs []string) error {
	if len(deviceIDs) == 0 {
		return errors.New("pingone: SetOrder devices: no device ids (use RemoveOrder to drop the order)")
	}
	body := struct {
		Order []ObjectRef `json:"order"`
	}{make([]ObjectRef, 0, len(deviceIDs))}
	for _, id := range deviceIDs {
		if id == "" {
			return errEmptyID("SetOrder devices", "deviceID")
		}
		body.Order = append(body.Order, ObjectRef{ID: id})
	}
	r := request{method: http.MethodPost, body: body, contentType: devicesReorderContentType}
	return s.devices.call(ctx, "SetOrder", []string{envID, userID}, r, nil)
}

// RemoveOrder drops the order set by SetOrder, so that PingOne orders the
// user's devices by itself again (DELETE …/users/{userID}/devices with
// Content-Type application/vnd.pingidentity.devices.order.remove+json).
func (s *MFADevicesService) RemoveOrder(ctx context.Context, envID, userID string) error {
	r := request{method: http.MethodDelete, contentType: devicesOrderRemoveContentType}
	return s.devices.call(ctx, "RemoveOrder", []string{envID, userID}, r, nil)
}
