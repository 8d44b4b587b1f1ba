package tools

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/p1kit/p1kit/pingone"
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

type resetDevicesOut struct {
	UserID string `json:"userId"`
	// Removed lists the ids of the devices deleted (or already gone).
	Removed []string `json:"removed"`
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
				"Returns the ids removed. If a deletion fails, it stops there and the error lists which devices were removed and which were not.",
		}, resetDevices),
	}
}

// resetDevices deletes a user's devices one by one. A device already gone
// (404) counts as removed; any other failure stops the reset, and the error
// names what was removed and what was not, so nothing is reported done that
// is not.
func resetDevices(ctx context.Context, d Deps, in userIn) (resetDevicesOut, error) {
	devs, err := d.Client.MFADevices.List(ctx, in.EnvironmentID, in.UserID)
	if err != nil {
		return resetDevicesOut{}, err
	}
	out := resetDevicesOut{UserID: in.UserID, Removed: []string{}}
	for i, dev := range devs {
		err := d.Client.MFADevices.Delete(ctx, in.EnvironmentID, in.UserID, dev.ID)
		if err == nil || pingone.IsNotFound(err) {
			out.Removed = append(out.Removed, dev.ID)
			continue
		}
		var left []string
		for _, rest := range devs[i:] {
			left = append(left, rest.ID)
		}
		te := classify("", err)
		removed := "none"
		if len(out.Removed) > 0 {
			removed = strings.Join(out.Removed, ", ")
		}
		return resetDevicesOut{}, &Error{Kind: te.Kind, Err: err, Message: fmt.Sprintf(
			"the reset of user %s's MFA devices stopped part way: removed %d of %d (%s); NOT removed: %s. Deleting device %s failed: %s",
			in.UserID, len(out.Removed), len(devs), removed, strings.Join(left, ", "), dev.ID, te.Message)}
	}
	return out, nil
}
