package pingonetest

import "net/http"

// ---- user MFA devices (MFA API) ----

func (e *Emulator) routeUserDevices(c *rctx, envID, userID string, rest []string) result {
	m := c.r.Method
	switch len(rest) {
	case 0:
		return dispatch(m, handlers{http.MethodGet: func() result { return e.listUserDevices(c, envID, userID) }})
	case 1:
		id := rest[0]
		return dispatch(m, handlers{
			http.MethodGet:    func() result { return e.getUserDevice(c, envID, userID, id) },
			http.MethodDelete: func() result { return e.deleteUserDevice(c, envID, userID, id) },
		})
	}
	return errResult(routeNotFound())
}

func (e *Emulator) renderDevice(c *rctx, envID, userID string, dev doc) doc {
	out := copyDoc(dev)
	out["_links"] = doc{
		"self": doc{"href": c.href("environments", envID, "users", userID, "devices", dev["id"].(string))},
		"user": doc{"href": c.href("environments", envID, "users", userID)},
	}
	return out
}

func (e *Emulator) listUserDevices(c *rctx, envID, userID string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		if d.users.get(userID) == nil {
			return errResult(notFound("user", userID))
		}
		var items []any
		if devs := d.devices[userID]; devs != nil {
			for _, dev := range devs.items {
				items = append(items, e.renderDevice(c, envID, userID, dev))
			}
		}
		return c.collectionResult("devices", items, len(items), listParams{}, false)
	})
}

func (e *Emulator) getUserDevice(c *rctx, envID, userID, id string) result {
	return e.inEnv(envID, false, func(d *envData) result {
		if d.users.get(userID) == nil {
			return errResult(notFound("user", userID))
		}
		devs := d.devices[userID]
		if devs == nil || devs.get(id) == nil {
			return errResult(notFound("device", id))
		}
		return okJSON(e.renderDevice(c, envID, userID, devs.get(id)))
	})
}

func (e *Emulator) deleteUserDevice(c *rctx, envID, userID, id string) result {
	return e.inEnv(envID, true, func(d *envData) result {
		if d.users.get(userID) == nil {
			return errResult(notFound("user", userID))
		}
		devs := d.devices[userID]
		if devs == nil || !devs.remove(id) {
			return errResult(notFound("device", id))
		}
		return noContent()
	})
}
