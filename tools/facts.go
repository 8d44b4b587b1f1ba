package tools

import (
	"bytes"
	"context"
	"encoding/json"
)

// Policy facts: what the guard, the confirmation step and the argument
// rules know about a tool. They are declared on the tool (the family
// declarations fill them in), and the engine reads nothing else: it holds no
// table keyed by tool name, so a new tool gets the right prompt, guard and
// audit record without a change to the engine.

// Target is the object a confirmation names: the one a person must
// recognise before the call goes ahead (the user whose membership, role,
// password or devices change, rather than the group or the device).
type Target struct {
	// Arg is the argument holding the target's id ("userId").
	Arg string
	// Kind is what the target is, in a prompt ("user").
	Kind string
	// Name reads the target's name (a username, a group's name) so that a
	// person or a model can confirm with it; nil, or an error, leaves the
	// prompt with the id alone, which always confirms.
	Name func(ctx context.Context, d Deps, envID, id string) (string, error)
}

// Confirm says which calls of a tool need confirmation beyond the default:
// every call of a Delete tool needs it, and a policy may add tools
// (Config.ConfirmTools).
type Confirm struct {
	// Required makes calls of a tool that is not a Delete need confirmation
	// (a role grant, a password set, disabling a user).
	Required bool
	// ExceptWhen lists argument values that make a call safe, so that it
	// needs no confirmation: {"enabled": true} for enabling a user, which
	// restores access.
	ExceptWhen map[string]any
}

// Grant names the arguments of a tool that grants a role, or defines
// one: the protected-role rule reads the role (and a custom role's
// permissions) or the permissions defined, the administrators-environment
// rule the scope.
type Grant struct {
	// RoleArg holds the id of the role granted.
	RoleArg string
	// ScopeTypeArg and ScopeIDArg hold the scope the role applies at
	// (ORGANIZATION, ENVIRONMENT, POPULATION, APPLICATION and its id).
	ScopeTypeArg, ScopeIDArg string
	// PermissionsArg holds the permission ids of a role the tool defines
	// (create_custom_role) rather than grants: the protected-role rule
	// refuses permissions only protected roles carry. A Grant names
	// either RoleArg and the scope, or PermissionsArg.
	PermissionsArg string
}

// mayNeedConfirmation reports whether some calls of the tool need
// confirmation by its own facts (the schema then has a confirm argument).
func (m Meta) mayNeedConfirmation() bool { return m.Effect == Delete || m.Confirm.Required }

// exempt reports whether the arguments make this call one that needs no
// confirmation (Confirm.ExceptWhen).
func (c Confirm) exempt(args map[string]json.RawMessage) bool {
	for arg, want := range c.ExceptWhen {
		raw, ok := args[arg]
		if !ok {
			continue
		}
		w, err := json.Marshal(want)
		if err == nil && bytes.Equal(bytes.TrimSpace(raw), w) {
			return true
		}
	}
	return false
}
