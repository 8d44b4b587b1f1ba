package pingone

import (
	"context"
	"net/http"
	"time"
)

// MFADevicesService manages the MFA devices paired to a user:
// /environments/{envID}/users/{userID}/devices (PingOne MFA API).
type MFADevicesService service

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

// UnmarshalJSON keeps unknown members in Extra.
func (d *MFADevice) UnmarshalJSON(b []byte) error {
	type plain MFADevice
	return unmarshalKeep(b, (*plain)(d), &d.Extra)
}

// MarshalJSON writes Extra back.
func (d MFADevice) MarshalJSON() ([]byte, error) {
	type plain MFADevice
	return marshalKeep(plain(d), d.Extra)
}

func devicesPath(envID, userID string, more ...string) []string {
	return append(usersPath(envID, userID, "devices"), more...)
}

// List returns every MFA device of a user, active or awaiting activation.
func (s *MFADevicesService) List(ctx context.Context, envID, userID string) ([]*MFADevice, error) {
	var out []*MFADevice
	for d, err := range listAll[*MFADevice](ctx, s.c, devicesPath(envID, userID), "devices", nil, nil) {
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Get returns one MFA device of a user.
func (s *MFADevicesService) Get(ctx context.Context, envID, userID, deviceID string) (*MFADevice, error) {
	var d MFADevice
	if _, err := s.c.do(ctx, request{method: http.MethodGet, segs: devicesPath(envID, userID, deviceID)}, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// Delete unpairs an MFA device from a user; the user can no longer
// authenticate with it.
func (s *MFADevicesService) Delete(ctx context.Context, envID, userID, deviceID string) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, segs: devicesPath(envID, userID, deviceID)}, nil)
	return err
}
