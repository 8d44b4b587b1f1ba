package pingonetest

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/p1kit/p1kit/internal/lazy"
)

// Content types of the MFA device actions (MFA API).
const (
	mediaDeviceActivate    = "application/vnd.pingidentity.device.activate+json"
	mediaDevicesReorder    = "application/vnd.pingidentity.devices.reorder+json"
	mediaDevicesOrderClear = "application/vnd.pingidentity.devices.order.remove+json"

	deviceActive             = "ACTIVE"
	deviceActivationRequired = "ACTIVATION_REQUIRED"
	detailInvalidOTP         = "INVALID_OTP"
)

var (
	// pairableTypes are the device types the emulator pairs through the
	// API; MOBILE, FIDO2 and OATH_TOKEN pair through flows of their own.
	pairableTypes  = []string{"SMS", "VOICE", "EMAIL", "TOTP"}
	deviceStatuses = []string{deviceActive, deviceActivationRequired}
	rePhone        = lazy.Regexp(`^\+?[0-9]{7,15}$`)
)

// devices: a user's MFA devices (MFA API), seeded for a few Sandbox users.
// A POST on the collection pairs one (application/json) or sets the order
// of the user's devices (the reorder content type); a DELETE on it drops
// that order; a POST on a device activates it with its one-time passcode;
// PUT …/nickname renames it. They live below the user and go with it.
var devices = &resource{
	key: keyDevices, kind: "device", parent: keyUsers,
	verbs:    vList | vGet | vCreate | vDelete,
	readOnly: withCommon("user"),
	members: []member{
		{path: "type", kind: mString, required: true, enum: pairableTypes},
		{path: "status", kind: mString, enum: deviceStatuses},
		{path: "nickname", kind: mString},
		{path: "phone", kind: mString},
		{path: "email", kind: mString},
	},
	create:   pairOrReorder,
	validate: validateDevice,
	check:    pairDevice,
	act:      activateDevice,
	clear:    removeDeviceOrder,
	sub:      map[string]placeHandler{"nickname": setDeviceNickname},
}

// DeviceOTP is the one-time passcode the emulator "sends" to MFA device
// deviceID when it is paired, and the one Activate accepts for it: six
// digits derived from the id alone, so that a test (in process or driving
// a p1 binary against --sandbox) can read it without a phone. It is the same
// for every type, TOTP included: the emulator computes no time-based code.
func DeviceOTP(deviceID string) string {
	sum := sha256.Sum256([]byte("p1kit emulator otp\x00" + deviceID))
	return fmt.Sprintf("%06d", binary.BigEndian.Uint32(sum[:4])%1_000_000)
}

// validateDevice checks what each type of device needs to be paired.
func validateDevice(v *validator, body doc) {
	typ := str(body, "type")
	switch typ {
	case "SMS", "VOICE":
		if s := v.reqString(body, "phone", "phone"); s != "" && !rePhone().MatchString(s) {
			v.add(detailInvalidValue, "phone", fmt.Sprintf("phone %q is not a phone number in E.164 form (+15550100000)", s))
		}
	case "EMAIL":
		if s := v.reqString(body, "email", "email"); s != "" && (!strings.Contains(s, "@") || strings.ContainsAny(s, " \t\r\n")) {
			v.add(detailInvalidValue, "email", fmt.Sprintf("email %q is not a valid email address", s))
		}
	case "TOTP":
		if str(body, "status") == deviceActive {
			v.add(detailInvalidValue, "status", "A TOTP device is activated with a passcode from the authenticator app; pair it in status ACTIVATION_REQUIRED")
		}
	}
	if typ != "SMS" && typ != "VOICE" {
		if _, has := body["phone"]; has {
			v.add(detailInvalidValue, "phone", fmt.Sprintf("phone applies to SMS and VOICE devices, not %s", typ))
		}
	}
	if typ != "EMAIL" {
		if _, has := body["email"]; has {
			v.add(detailInvalidValue, "email", fmt.Sprintf("email applies to EMAIL devices, not %s", typ))
		}
	}
}

// pairOrReorder serves a POST on a user's devices: a pairing in plain JSON,
// or the device order in the reorder content type.
func pairOrReorder(e *Emulator, c *rctx, at place, _ string) result {
	switch mt := c.mediaType(); mt {
	case "", "application/json":
		return e.save(c, byKey[keyDevices], at, "")
	case mediaDevicesReorder:
		return e.setDeviceOrder(c, at)
	default:
		return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %s is not supported here; pair a device with application/json or order the devices with %s.", mt, mediaDevicesReorder)))
	}
}

// pairDevice links a new device to its user; unless paired ACTIVE, it
// awaits activation with DeviceOTP.
func pairDevice(w *write) *apiError {
	w.body["user"] = ref(w.parent)
	if str(w.body, "status") == "" {
		w.body["status"] = deviceActivationRequired
	}
	return nil
}

// activateDevice finishes a pairing with the device's one-time passcode.
func activateDevice(e *Emulator, c *rctx, at place, id string) result {
	if mt := c.mediaType(); mt != mediaDeviceActivate {
		return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %q is not supported here; activate a device with Content-Type %s.", mt, mediaDeviceActivate)))
	}
	body, aerr := c.decodeObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	otp := v.reqString(body, "otp", "otp")
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.onDevice(c, at, id, func(l *loc, d doc) result {
		if str(d, "status") != deviceActivationRequired {
			return errResult(invalidField(detailInvalidValue, "status",
				fmt.Sprintf("The device is %s; only a device in status %s is activated", str(d, "status"), deviceActivationRequired)))
		}
		if otp != DeviceOTP(id) {
			return errResult(invalidField(detailInvalidOTP, "otp", "The one-time passcode is not valid for this device"))
		}
		d["status"] = deviceActive
		d["updatedAt"] = ts(e.now())
		return okJSON(l.render(d))
	})
}

// onDevice runs fn on device id under the write lock: 404 when the
// environment, the user or the device is missing.
func (e *Emulator) onDevice(c *rctx, at place, id string, fn func(l *loc, d doc) result) result {
	return e.locked(c, byKey[keyDevices], at, true, func(l *loc) result {
		d := l.find(id)
		if d == nil {
			return errResult(notFound("device", id))
		}
		return fn(l, d)
	})
}

// setDeviceNickname serves PUT …/devices/{deviceID}/nickname; an empty
// nickname removes it.
func setDeviceNickname(e *Emulator, c *rctx, at place, id string) result {
	return dispatch(c.r.Method, handlers{http.MethodPut: func() result {
		body, aerr := c.jsonObject()
		if aerr != nil {
			return errResult(aerr)
		}
		v := &validator{}
		nick, has := v.optString(body, "nickname", "nickname")
		if !has && len(v.details) == 0 {
			v.add(detailRequired, "nickname", "nickname is required")
		}
		if len([]rune(nick)) > 100 {
			v.add(detailInvalidValue, "nickname", "nickname must be at most 100 characters")
		}
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
		return e.onDevice(c, at, id, func(l *loc, d doc) result {
			if nick == "" {
				delete(d, "nickname")
			} else {
				d["nickname"] = nick
			}
			d["updatedAt"] = ts(e.now())
			return okJSON(l.render(d))
		})
	}})
}

// setDeviceOrder puts a user's devices in the order given, which must name
// each of them once, and answers with them in that order.
func (e *Emulator) setDeviceOrder(c *rctx, at place) result {
	body, aerr := c.decodeObject()
	if aerr != nil {
		return errResult(aerr)
	}
	v := &validator{}
	var ids []string
	switch list, ok := body["order"].([]any); {
	case body["order"] == nil:
		v.add(detailRequired, "order", "order is required: the user's device ids, first the default")
	case !ok || len(list) == 0:
		v.add(detailInvalidValue, "order", "order must be a non-empty array of {id}")
	default:
		for i, el := range list {
			m, ok := el.(map[string]any)
			if !ok {
				v.add(detailInvalidValue, fmt.Sprintf("order[%d]", i), "each entry of order must be an object {id}")
				continue
			}
			ids = append(ids, v.reqString(m, "id", fmt.Sprintf("order[%d].id", i)))
		}
	}
	if aerr := v.err(); aerr != nil {
		return errResult(aerr)
	}
	return e.locked(c, byKey[keyDevices], at, true, func(l *loc) result {
		all := l.items().all()
		for i, id := range ids {
			switch {
			case l.find(id) == nil:
				v.add(detailInvalidValue, fmt.Sprintf("order[%d].id", i), fmt.Sprintf("device %s is not a device of this user", id))
			case slices.Index(ids, id) != i:
				v.add(detailInvalidValue, fmt.Sprintf("order[%d].id", i), fmt.Sprintf("device %s is listed twice", id))
			}
		}
		if aerr := v.err(); aerr != nil {
			return errResult(aerr)
		}
		if len(ids) != len(all) {
			return errResult(constraint("order", fmt.Sprintf("order must list every device of the user (%d), not %d", len(all), len(ids))))
		}
		coll := l.items()
		ordered := make([]doc, len(ids))
		for i, id := range ids {
			ordered[i] = coll.get(id)
		}
		reorder(coll, ordered)
		return l.renderAll(ordered)
	})
}

// removeDeviceOrder serves a DELETE on a user's devices in the
// order.remove content type: the devices go back to the order they were
// paired in.
func removeDeviceOrder(e *Emulator, c *rctx, at place, _ string) result {
	if mt := c.mediaType(); mt != mediaDevicesOrderClear {
		return errResult(unsupportedMediaType(fmt.Sprintf("Content-Type %q is not supported here; remove the device order with Content-Type %s.", mt, mediaDevicesOrderClear)))
	}
	return e.locked(c, byKey[keyDevices], at, true, func(l *loc) result {
		if coll := l.items(); coll != nil {
			ordered := slices.Clone(coll.all())
			slices.SortStableFunc(ordered, func(a, b doc) int { return strings.Compare(str(a, "createdAt"), str(b, "createdAt")) })
			reorder(coll, ordered)
		}
		return noContent()
	})
}

// reorder replaces the order of a collection's items.
func reorder(c *collection, ordered []doc) {
	c.items = ordered
	for i, d := range ordered {
		c.index[d["id"].(string)] = i
	}
}

// renderAll answers with a HAL page of the given objects of the location.
func (l *loc) renderAll(ds []doc) result {
	items := make([]any, len(ds))
	for i, d := range ds {
		items[i] = l.render(d)
	}
	return l.c.collectionResult(l.r.key, items, len(items), listParams{}, false)
}
