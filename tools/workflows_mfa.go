package tools

import (
	"context"
	"errors"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/internal/lazy"
	"github.com/p1kit/p1kit/pingone"
)

// The MFA-management workflow that enrols a device: pair an SMS or email
// device for a user (PingOne sends the user a one-time passcode), then, in a
// second call, activate it with the passcode the user reads out. Each call
// is a planned workflow with one confirmation naming the user. A call whose
// answer was lost is settled by the next one: its plan reads the user's
// devices and pairs no second device for the same phone or address.

type enrolDeviceIn struct {
	userIn
	Type     string `json:"type,omitempty" jsonschema:"To pair: SMS (give phone) or EMAIL (give email). Leave out when activating (deviceId and otp)."`
	Phone    string `json:"phone,omitempty" jsonschema:"Phone number in E.164 form (+15550100000), for an SMS device."`
	Email    string `json:"email,omitempty" jsonschema:"Email address, for an EMAIL device."`
	Nickname string `json:"nickname,omitempty" jsonschema:"Name the user sees for the device (\"Work phone\"), when pairing."`
	DeviceID string `json:"deviceId,omitempty" jsonschema:"To activate: the device id the pairing call answered (result.device.id), with otp."`
	OTP      string `json:"otp,omitempty" jsonschema:"To activate: the one-time passcode the user received and reads out, with deviceId. Never logged."`
}

func (enrolDeviceIn) tuneSchema(s *jsonschema.Schema) {
	enum(s, "type", pingone.DeviceTypeSMS, pingone.DeviceTypeEmail)
}

// EnrolResult is the Result of an enrol_mfa_device report: the device, as
// PingOne holds it after the call (or, in a plan, as it is before it).
type EnrolResult struct {
	UserID string         `json:"userId"`
	Device *DeviceSummary `json:"device,omitempty"`
	// Next says what to do next: activate with the passcode, or nothing.
	Next string `json:"next"`
}

// ePhone is the form of phone number PingOne pairs: E.164 digits.
var ePhone = lazy.Regexp(`^\+?[0-9]{7,15}$`)

func workflowMFATools() []*Tool {
	return []*Tool{
		New(Meta{
			Name: "enrol_mfa_device", Title: "Enrol an MFA device for a user", Collection: "workflows", Effect: Create, EnvironmentArg: "environmentId",
			Target: users.Target(), Confirm: Confirm{Required: true}, // a new way to sign on as the user
			RequiredWith: map[string]string{"otp": "deviceId"},
			Description: "Enrols an SMS or email MFA device for a user in two calls. First call (type, phone or email): pairs the device; " +
				"PingOne sends the user a one-time passcode and the device waits in ACTIVATION_REQUIRED; the report's result.device.id " +
				"is the device. Second call (deviceId and the otp the user reads out): activates it, and it becomes ACTIVE. dryRun true " +
				"answers the plan. A wrong passcode leaves the device unactivated: ask for the passcode again and repeat the second call. " +
				"A device already paired for the same phone or address is not paired twice.",
		}, func(ctx context.Context, d Deps, in enrolDeviceIn) (*Report, error) {
			var p *plan
			var err error
			if in.DeviceID != "" || in.OTP != "" {
				p, err = planActivation(ctx, d, in)
			} else {
				p, err = planPairing(ctx, d, in)
			}
			if err != nil {
				return nil, err
			}
			return p.carryOut(ctx)
		}),
	}
}

// planPairing plans the first call: pair a device unless the user has one
// for the same phone or address already.
func planPairing(ctx context.Context, d Deps, in enrolDeviceIn) (*plan, error) {
	var addr string
	switch in.Type {
	case pingone.DeviceTypeSMS:
		if in.Email != "" {
			return nil, invalidArgs("argument \"email\" is for an EMAIL device; an SMS device takes \"phone\"")
		}
		if !ePhone().MatchString(in.Phone) {
			return nil, invalidArgs("argument \"phone\" must be a phone number in E.164 form (+15550100000) for an SMS device, got %s", echo(in.Phone))
		}
		addr = in.Phone
	case pingone.DeviceTypeEmail:
		if in.Phone != "" {
			return nil, invalidArgs("argument \"phone\" is for an SMS device; an EMAIL device takes \"email\"")
		}
		if !strings.Contains(in.Email, "@") || strings.ContainsAny(in.Email, " \t\r\n") {
			return nil, invalidArgs("argument \"email\" must be an email address for an EMAIL device, got %s", echo(in.Email))
		}
		addr = in.Email
	case "":
		return nil, invalidArgs("give \"type\" (SMS with \"phone\", or EMAIL with \"email\") to pair a device, or \"deviceId\" and \"otp\" to activate one")
	default:
		return nil, invalidArgs("argument \"type\" must be SMS or EMAIL, got %s (pair_mfa_device pairs the other types)", echo(in.Type))
	}
	env, uid := in.EnvironmentID, in.UserID
	u, err := d.Client.Users.Get(ctx, env, uid, nil)
	if err != nil {
		return nil, err
	}
	p := &plan{name: "enrol_mfa_device"}
	devs, err := d.Client.MFADevices.List(ctx, env, uid)
	if err != nil {
		return nil, err
	}
	for _, dev := range devs {
		if dev.Type != in.Type || !strings.EqualFold(dev.Phone+dev.Email, addr) {
			continue
		}
		sum := deviceSummary(dev)
		if dev.Status == pingone.DeviceStatusActive {
			p.result = &EnrolResult{UserID: uid, Device: &sum, Next: "nothing: the device is ACTIVE already"}
			p.note("%s has an ACTIVE %s device for %s already (id %s): nothing to pair", u.Username, dev.Type, addr, dev.ID)
			return p, nil
		}
		p.result = &EnrolResult{UserID: uid, Device: &sum, Next: activateNext(dev.ID)}
		p.note("%s has a %s device for %s awaiting activation already (id %s), perhaps from a call whose answer was lost: "+
			"it is not paired twice. %s; if the passcode expired, delete the device with delete_mfa_device and enrol again",
			u.Username, dev.Type, addr, dev.ID, activateNext(dev.ID))
		return p, nil
	}
	p.add(0, "pair "+in.Type+" device", "user", uid, u.Username, func(ctx context.Context) error {
		paired, err := d.Client.MFADevices.Pair(ctx, env, uid, &pingone.MFADevice{Type: in.Type, Phone: in.Phone, Email: in.Email, Nickname: in.Nickname})
		if err != nil {
			return err
		}
		sum := deviceSummary(paired)
		p.result = &EnrolResult{UserID: uid, Device: &sum, Next: activateNext(paired.ID)}
		p.note("PingOne sent a one-time passcode to %s; device %s is %s", addr, paired.ID, paired.Status)
		return nil
	})
	p.result = &EnrolResult{UserID: uid, Next: "carry out the plan (confirm), then activate the device with the passcode the user receives"}
	return p, nil
}

func activateNext(deviceID string) string {
	return "when the user reads out the passcode, call enrol_mfa_device again with deviceId " + deviceID + " and otp"
}

// planActivation plans the second call: activate the device unless it is
// ACTIVE already (a first activation whose answer was lost).
func planActivation(ctx context.Context, d Deps, in enrolDeviceIn) (*plan, error) {
	switch {
	case in.DeviceID == "":
		return nil, invalidArgs("argument \"otp\" goes with \"deviceId\" (the device the pairing call answered); give both to activate")
	case in.OTP == "":
		return nil, invalidArgs("argument \"otp\" is required with \"deviceId\": the one-time passcode the user received")
	case in.Type != "" || in.Phone != "" || in.Email != "" || in.Nickname != "":
		return nil, invalidArgs("activating takes \"deviceId\" and \"otp\" only; \"type\", \"phone\", \"email\" and \"nickname\" are for pairing")
	}
	env, uid, did := in.EnvironmentID, in.UserID, in.DeviceID
	if _, err := d.Client.Users.Get(ctx, env, uid, nil); err != nil {
		return nil, err
	}
	dev, err := d.Client.MFADevices.Get(ctx, env, uid, did)
	if pingone.IsNotFound(err) {
		return nil, &Error{Kind: KindNotFound, Message: "device " + did + " is not a device of user " + uid + ": list_mfa_devices lists the user's devices", Err: err}
	}
	if err != nil {
		return nil, err
	}
	p := &plan{name: "enrol_mfa_device"}
	sum := deviceSummary(dev)
	p.result = &EnrolResult{UserID: uid, Device: &sum, Next: "carry out the plan (confirm) to activate the device"}
	switch dev.Status {
	case pingone.DeviceStatusActive:
		p.result = &EnrolResult{UserID: uid, Device: &sum, Next: "nothing: the device is ACTIVE already"}
		p.note("device %s is ACTIVE already: nothing to activate", did)
		return p, nil
	case pingone.DeviceStatusActivationRequired:
	default:
		return nil, &Error{Kind: KindAPI, Message: "device " + did + " is " + dev.Status + ", not ACTIVATION_REQUIRED: only a device awaiting activation is activated"}
	}
	p.add(0, "activate MFA device", "MFA device", did, strings.TrimSpace(dev.Type+" "+dev.Phone+dev.Email), func(ctx context.Context) error {
		active, err := d.Client.MFADevices.Activate(ctx, env, uid, did, in.OTP)
		if err != nil {
			if refusedOTP(err) {
				return &Error{Kind: KindInvalidArguments, Err: err, Message: "PingOne refused the one-time passcode (INVALID_OTP): device " + did +
					" stays ACTIVATION_REQUIRED, not activated; ask the user to read out the passcode again and call enrol_mfa_device " +
					"with deviceId " + did + " and the otp (if it expired, delete the device with delete_mfa_device and enrol again)"}
			}
			return err
		}
		sum := deviceSummary(active)
		p.result = &EnrolResult{UserID: uid, Device: &sum, Next: "nothing: the user can sign on with the device"}
		p.note("device %s went from ACTIVATION_REQUIRED to %s", did, active.Status)
		return nil
	})
	return p, nil
}

// refusedOTP reports whether PingOne refused an activation's passcode.
func refusedOTP(err error) bool {
	var pe *pingone.Error
	if !errors.As(err, &pe) || pe.StatusCode != 400 {
		return false
	}
	for _, dt := range pe.Details {
		if dt.Code == "INVALID_OTP" || strings.EqualFold(dt.Target, "otp") {
			return true
		}
	}
	return false
}
