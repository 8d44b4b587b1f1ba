package tools

import (
	"context"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// MFA enrolment: pairing a device for a user, activating it with the
// one-time passcode PingOne sent, renaming it and ordering a user's
// devices. Pairing and activation give a person a way to sign on as the
// user, so they confirm, naming the user.

type pairDeviceIn struct {
	userIn
	Type     string `json:"type" jsonschema:"Device type: SMS or VOICE (give phone), EMAIL (give email) or TOTP (an authenticator app; nothing more)."`
	Phone    string `json:"phone,omitempty" jsonschema:"Phone number in E.164 form (+15550100000), for SMS and VOICE devices only."`
	Email    string `json:"email,omitempty" jsonschema:"Email address, for EMAIL devices only."`
	Nickname string `json:"nickname,omitempty" jsonschema:"Name the user sees for the device (\"Work phone\")."`
	// Active pairs an SMS, VOICE or EMAIL device without activation, when
	// the administrator has verified the phone or address already.
	Active bool `json:"active,omitempty" jsonschema:"Pair the device ACTIVE at once, skipping the passcode (SMS, VOICE, EMAIL only; only when the phone or address is already verified). Default false: PingOne sends a passcode and the device waits in ACTIVATION_REQUIRED."`
}

func (pairDeviceIn) tuneSchema(s *jsonschema.Schema) {
	enum(s, "type", pingone.DeviceTypeSMS, pingone.DeviceTypeVoice, pingone.DeviceTypeEmail, pingone.DeviceTypeTOTP)
}

type activateDeviceIn struct {
	deviceIn
	OTP string `json:"otp" jsonschema:"The one-time passcode the user received on the device (or reads in the authenticator app for TOTP)."`
}

type nicknameIn struct {
	deviceIn
	Nickname string `json:"nickname" jsonschema:"The device's new name; an empty string removes it."`
}

type deviceOrderIn struct {
	userIn
	DeviceIDs []string `json:"deviceIds" jsonschema:"Every device id of the user (from list_mfa_devices), each once, in the order to offer them at sign-on; the first is the default."`
}

func (deviceOrderIn) tuneSchema(s *jsonschema.Schema) {
	p := prop(s, "deviceIds")
	p.Type, p.Types = "array", nil
}

type deviceOut struct {
	UserID string        `json:"userId"`
	Device DeviceSummary `json:"device"`
}

type deviceOrderOut struct {
	UserID string `json:"userId"`
	// Devices are the user's devices in the order PingOne now offers them.
	Devices []DeviceSummary `json:"devices"`
}

func deviceSummary(dev *pingone.MFADevice) DeviceSummary {
	return DeviceSummary{
		ID: dev.ID, Type: dev.Type, Status: dev.Status, Nickname: dev.Nickname,
		Phone: dev.Phone, Email: dev.Email, CreatedAt: dev.CreatedAt,
	}
}

// oneDevice is the answer of a tool that changed one device.
func oneDevice(userID string, dev *pingone.MFADevice, err error) (deviceOut, error) {
	if err != nil {
		return deviceOut{}, err
	}
	return deviceOut{UserID: userID, Device: deviceSummary(dev)}, nil
}

// listedOrder lists a user's devices after a change of their order.
func listedOrder(ctx context.Context, d Deps, in userIn) (deviceOrderOut, error) {
	devs, err := d.Client.MFADevices.List(ctx, in.EnvironmentID, in.UserID)
	if err != nil {
		return deviceOrderOut{}, err
	}
	return deviceOrderOut{UserID: in.UserID, Devices: rows(devs, deviceSummary)}, nil
}

func mfaEnrolmentTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "pair_mfa_device", Title: "Pair an MFA device for a user", Collection: "mfa", Effect: Create, EnvironmentArg: "environmentId",
			Target: users.Target(), Confirm: Confirm{Required: true}, // a new way to sign on as the user
			Description: "Pairs a new MFA device for a user: an SMS or VOICE phone, an EMAIL address, or a TOTP " +
				"authenticator app. PingOne sends a one-time passcode to the phone or address and returns the device in status " +
				"ACTIVATION_REQUIRED; finish with activate_mfa_device and the passcode the user received. Returns the device (its id, type, status).",
		}, func(ctx context.Context, d Deps, in pairDeviceIn) (deviceOut, error) {
			if in.Active && in.Type == pingone.DeviceTypeTOTP {
				return deviceOut{}, invalidArgs("argument \"active\" cannot be true for a TOTP device: it is activated with a passcode from the app")
			}
			dev := &pingone.MFADevice{Type: in.Type, Phone: in.Phone, Email: in.Email, Nickname: in.Nickname}
			if in.Active {
				dev.Status = pingone.DeviceStatusActive
			}
			paired, err := d.Client.MFADevices.Pair(ctx, in.EnvironmentID, in.UserID, dev)
			return oneDevice(in.UserID, paired, err)
		}),
		New(Meta{
			Name: "activate_mfa_device", Title: "Activate a user's MFA device", Collection: "mfa", Effect: Update, EnvironmentArg: "environmentId",
			Target: users.Target(), Confirm: Confirm{Required: true},
			Description: "Activates a device in status ACTIVATION_REQUIRED (deviceId from pair_mfa_device or list_mfa_devices) with the one-time " +
				"passcode the user received; the device becomes ACTIVE and the user can sign on with it. A wrong passcode is refused " +
				"(INVALID_DATA) and the device stays as it was. The passcode is never logged. Returns the device.",
		}, func(ctx context.Context, d Deps, in activateDeviceIn) (deviceOut, error) {
			dev, err := d.Client.MFADevices.Activate(ctx, in.EnvironmentID, in.UserID, in.DeviceID, in.OTP)
			return oneDevice(in.UserID, dev, err)
		}),
		New(Meta{
			Name: "set_mfa_device_nickname", Title: "Rename a user's MFA device", Collection: "mfa", Effect: Update, EnvironmentArg: "environmentId",
			Target: users.Target(),
			Description: "Sets the nickname a user sees for one of their MFA devices (deviceId from list_mfa_devices); an empty nickname " +
				"removes it. Returns the device.",
		}, func(ctx context.Context, d Deps, in nicknameIn) (deviceOut, error) {
			dev, err := d.Client.MFADevices.SetNickname(ctx, in.EnvironmentID, in.UserID, in.DeviceID, in.Nickname)
			return oneDevice(in.UserID, dev, err)
		}),
		New(Meta{
			Name: "set_mfa_device_order", Title: "Order a user's MFA devices", Collection: "mfa", Effect: Update, EnvironmentArg: "environmentId",
			Target: users.Target(),
			Description: "Sets the order in which a user's MFA devices are offered at sign-on (deviceIds). Returns the devices in their new order. " +
				"To go back to PingOne's own order, use remove_mfa_device_order.",
		}, func(ctx context.Context, d Deps, in deviceOrderIn) (deviceOrderOut, error) {
			if len(in.DeviceIDs) == 0 {
				return deviceOrderOut{}, invalidArgs("argument \"deviceIds\" is empty: list every device of the user, or use remove_mfa_device_order")
			}
			if err := d.Client.MFADevices.SetOrder(ctx, in.EnvironmentID, in.UserID, in.DeviceIDs); err != nil {
				return deviceOrderOut{}, err
			}
			return listedOrder(ctx, d, in.userIn)
		}),
		New(Meta{
			Name: "remove_mfa_device_order", Title: "Remove a user's MFA device order", Collection: "mfa", Effect: Update, EnvironmentArg: "environmentId",
			Target: users.Target(),
			Description: "Drops the device order set with set_mfa_device_order, so PingOne offers the user's MFA devices in its own " +
				"order again (the order they were paired in). Devices are not removed. Returns the devices in that order.",
		}, func(ctx context.Context, d Deps, in userIn) (deviceOrderOut, error) {
			if err := d.Client.MFADevices.RemoveOrder(ctx, in.EnvironmentID, in.UserID); err != nil {
				return deviceOrderOut{}, err
			}
			return listedOrder(ctx, d, in)
		}),
	}
}
