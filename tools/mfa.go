package tools

import (
	"context"
	"strings"
	"time"
)

// DeviceSummary is one MFA device of a user.
type DeviceSummary struct {
	ID        string     `json:"id"`
	Type      string     `json:"type"`
	Status    string     `json:"status,omitempty"`
	Nickname  string     `json:"nickname,omitempty"`
	Phone     string     `json:"phone,omitempty"`
	Email     string     `json:"email,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
}

type listDevicesOut struct {
	UserID  string          `json:"userId"`
	Devices []DeviceSummary `json:"devices"`
}

type deviceIn struct {
	userIn
	DeviceID string `json:"deviceId" jsonschema:"ID (UUID) of the MFA device, from list_mfa_devices."`
}

// devicesServed: a user's MFA devices.
var devicesServed = handWritten("devices", "mfa", "device", "list_mfa_devices", "delete_mfa_device", "reset_user_mfa_devices")

func mfaTools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "list_mfa_devices", Title: "List a user's MFA devices", Collection: "mfa", Effect: Read, PersonalData: true, Target: users.Target(),
			Description: "Lists the MFA devices paired to a user: id, type (SMS, EMAIL, TOTP, MOBILE, FIDO2, VOICE…), status " +
				"(ACTIVE, or ACTIVATION_REQUIRED while pairing is unfinished), nickname, phone or email, and when it was paired.",
		}, func(ctx context.Context, d Deps, in userIn) (listDevicesOut, error) {
			devs, err := d.Client.MFADevices.List(ctx, in.EnvironmentID, in.UserID)
			if err != nil {
				return listDevicesOut{}, err
			}
			return listDevicesOut{UserID: in.UserID, Devices: rows(devs, deviceSummary)}, nil
		}),
		New(Meta{
			Name: "delete_mfa_device", Title: "Delete an MFA device", Collection: "mfa", Effect: Delete, EnvironmentArg: "environmentId",
			Target: users.Target(), // the person who loses the device
			Description: "Unpairs one MFA device from a user (the id from list_mfa_devices); the user can no longer sign on with it " +
				"and must pair it again. To remove every device of a user, use reset_user_mfa_devices.",
		}, func(ctx context.Context, d Deps, in deviceIn) (deleted, error) {
			err := d.Client.MFADevices.Delete(ctx, in.EnvironmentID, in.UserID, in.DeviceID)
			return deleted{Deleted: err == nil, ID: in.DeviceID}, err
		}),
		New(Meta{
			Name: "reset_user_mfa_devices", Title: "Reset a user's MFA devices", Collection: "mfa", Effect: Delete, EnvironmentArg: "environmentId",
			Target: users.Target(),
			Description: "Deletes every MFA device of a user, for example after a lost phone, so the user pairs new devices at the next sign-on. " +
				"dryRun true lists every device it would delete. The report counts the devices removed; if a deletion fails, " +
				"the error says which devices were removed and which were not.",
		}, resetDevices),
	}
}

// resetDevices deletes every device of a user, as a workflow: its dry run
// lists every deletion, and its report says which devices were removed and
// which were not. A device already gone (404) counts as removed.
func resetDevices(ctx context.Context, d Deps, in userIn) (*Report, error) {
	devs, err := d.Client.MFADevices.List(ctx, in.EnvironmentID, in.UserID)
	if err != nil {
		return nil, err
	}
	p := &plan{name: "reset_user_mfa_devices"}
	for _, dev := range devs {
		id := dev.ID
		p.add(0, "delete MFA device", "MFA device", id, strings.TrimSpace(dev.Type+" "+dev.Nickname), func(ctx context.Context) error {
			return gone(d.Client.MFADevices.Delete(ctx, in.EnvironmentID, in.UserID, id))
		})
	}
	return p.carryOut(ctx)
}
