package pingone

import (
	"context"
	"time"
)

// MFADevicesService manages the MFA devices paired to a user:
// /environments/{envID}/users/{userID}/devices (PingOne MFA API). It lists,
// reads and unpairs them; it holds its collection rather than embedding it,
// since PingOne replaces no device with PUT and pairs one with a flow of its
// own.
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

// MFA device statuses (MFADevice.Status).
const (
	DeviceStatusActive             = "ACTIVE"
	DeviceStatusActivationRequired = "ACTIVATION_REQUIRED"
)

// MFADevice is a device a user has paired for multi-factor authentication.
// The MFA spec leaves devices untyped; the fields below are those PingOne
// returns for every type, the rest stays in Extra.
type MFADevice struct {
	ID          string     `json:"id"`
	Environment *ObjectRef `json:"environment,omitempty"`
	User        *ObjectRef `json:"user,omitempty"`
	// Type is DeviceTypeSMS, DeviceTypeEmail, DeviceTypeTOTP, …
	Type string `json:"type"`
	// Status is DeviceStatusActive, or DeviceStatusActivationRequired while pairing is not finished.
	Status   string `json:"status,omitempty"`
	Nickname string `json:"nickname,omitempty"`
	// Phone is set for SMS and VOICE devices, Email for EMAIL devices.
	Phone     string     `json:"phone,omitempty"`
	Email     string     `json:"email,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
	UpdatedAt *time.Time `json:"updatedAt,omitempty"`
	Links     Links      `json:"_links,omitempty"`
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
