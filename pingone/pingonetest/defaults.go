package pingonetest

import "fmt"

// A collection with a default object (populations, sign-on policies) keeps
// exactly one: making an object the default takes the flag from the others,
// the flag cannot be unset (only moved), and the default cannot be deleted.

// keepOneDefault is the check hook of such a collection; kind names the
// objects in its message.
func keepOneDefault(kind string) func(w *write) *apiError {
	return func(w *write) *apiError {
		isDefault, _ := w.body["default"].(bool)
		wasDefault := w.cur != nil && w.cur["default"] == true
		if _, has := w.body["default"]; has && wasDefault && !isDefault {
			return constraint("default", fmt.Sprintf("The default %s cannot be unset; make another %s the default instead.", kind, kind))
		}
		w.body["default"] = wasDefault || isDefault
		if isDefault && !wasDefault {
			for _, p := range w.items().items {
				if p["default"] == true {
					p["default"] = false
					p["updatedAt"] = w.now
				}
			}
		}
		return nil
	}
}

// refuseDeleteDefault is the refuse hook of such a collection.
func refuseDeleteDefault(kind string) func(l *loc, d doc) *apiError {
	return func(_ *loc, d doc) *apiError {
		if d["default"] != true {
			return nil
		}
		return constraint("id", fmt.Sprintf("%s %q is the environment's default %s and cannot be deleted; make another %s the default first.",
			capitalize(kind), str(d, "name"), kind, kind))
	}
}
