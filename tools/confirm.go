package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

// Confirmation of destructive calls. These calls need it:
//
//   - every call of a tool whose Effect is Delete (delete_*, remove_*, reset_*);
//   - the calls of a tool that declares Confirm.Required (a role grant, a
//     password set, disabling a user), except those whose arguments match
//     its Confirm.ExceptWhen (enabling a user);
//   - the calls of the tools a policy adds (Config.ConfirmTools).
//
// Such a call runs only when it is confirmed, in one of two ways: the
// `confirm` argument repeats the target's id or name, or the front end asked
// a person and passes the answer with WithConfirmed. Otherwise it fails
// closed with KindNeedsConfirmation, and the message says exactly what to
// pass. The target is the tool's declared Target (Meta.Target). A dry run
// needs no confirmation: it changes nothing.

// confirmArg and dryRunArg are the policy arguments the toolkit reads
// itself; handlers never see them.
const (
	confirmArg = "confirm"
	dryRunArg  = "dryRun"
)

// addPolicyArguments gives write tools the dryRun argument and the tools
// that need confirmation the confirm argument. It runs in New.
func addPolicyArguments(m Meta, s *jsonschema.Schema) {
	if m.Effect == Read {
		return
	}
	if s.Properties == nil {
		s.Properties = map[string]*jsonschema.Schema{}
	}
	s.Properties[dryRunArg] = &jsonschema.Schema{Type: "boolean",
		Description: "true to change nothing: return the request that would be sent and, for an update, the before/after difference."}
	if m.mayNeedConfirmation() {
		s.Properties[confirmArg] = &jsonschema.Schema{Type: "string",
			Description: "Repeat the target's id or name to confirm this destructive call; without it the call is refused and says what to pass."}
	}
}

// withConfirmArgument returns a copy of a write tool that a policy adds to
// the confirmation list, with the confirm argument in its schema, so that a
// model can confirm it like the built-in ones.
func (t *Tool) withConfirmArgument() (*Tool, error) {
	if _, ok := t.InputSchema().Properties[confirmArg]; ok {
		return t, nil
	}
	c := *t
	s := t.InputSchema().CloneSchemas()
	s.Properties[confirmArg] = &jsonschema.Schema{Type: "string",
		Description: "Repeat the target's id or name to confirm this call; without it the call is refused and says what to pass."}
	c.schema = func() *jsonschema.Schema { return s }
	c.resolved = resolveOnce(c.schema)
	c.catalogued = false // its schema is not the catalogue's
	if _, err := c.resolved(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Confirmation describes a destructive call waiting for confirmation.
type Confirmation struct {
	// Tool and Title name the call ("delete_user", "Delete user").
	Tool  string `json:"tool"`
	Title string `json:"title"`
	// TargetKind is what the target is ("user", "group", …).
	TargetKind string `json:"targetKind"`
	// TargetID is the target's id; TargetName its name when it could be read.
	TargetID   string `json:"targetId"`
	TargetName string `json:"targetName,omitempty"`
	// EnvironmentID and EnvironmentName name the environment acted on.
	EnvironmentID   string `json:"environmentId,omitempty"`
	EnvironmentName string `json:"environmentName,omitempty"`
	// Plan is what a workflow will change, counted ("disable user ×1,
	// remove from group ×3"); empty for a single call.
	Plan string `json:"plan,omitempty"`
}

// Prompt is the question a front end asks a person, e.g.
// `Delete user "alice" (id …) in environment "Sandbox"?`.
func (c *Confirmation) Prompt() string {
	if c.Plan != "" {
		return c.describe() + ": " + c.Plan + "?"
	}
	return c.describe() + "?"
}

func (c *Confirmation) describe() string {
	s := c.Title
	if c.TargetName != "" {
		s += fmt.Sprintf(" — %s %q (id %s)", c.TargetKind, c.TargetName, c.TargetID)
	} else {
		s += fmt.Sprintf(" — %s %s", c.TargetKind, c.TargetID)
	}
	if c.EnvironmentName != "" {
		s += fmt.Sprintf(" in environment %q", c.EnvironmentName)
	} else if c.EnvironmentID != "" {
		s += " in environment " + c.EnvironmentID
	}
	return s
}

// Matches reports whether answer confirms the target: its id (any case) or
// its exact name, surrounding spaces ignored.
func (c *Confirmation) Matches(answer string) bool {
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return false
	}
	return strings.EqualFold(answer, c.TargetID) || (c.TargetName != "" && answer == c.TargetName)
}

// how says how to confirm, for the error message.
func (c *Confirmation) how() string {
	s := fmt.Sprintf("To confirm, call %s again with the same arguments and confirm: %q (the %s's id)", c.Tool, c.TargetID, c.TargetKind)
	if c.TargetName != "" {
		s += fmt.Sprintf(" or confirm: %q (its name)", c.TargetName)
	}
	return s + "."
}

type confirmedKey struct{}

// WithConfirmed returns a context in which a call whose target has this id
// or name counts as confirmed. Front ends that asked a person use it on the
// re-call; it never changes the arguments a model sent.
func WithConfirmed(ctx context.Context, target string) context.Context {
	return context.WithValue(ctx, confirmedKey{}, target)
}

func confirmedIn(ctx context.Context) string { s, _ := ctx.Value(confirmedKey{}).(string); return s }

type declinedKey struct{}

const declinedWhenAsked = "was declined when asked"

// WithDeclined returns a context in which a call needing confirmation is
// refused (KindDenied) because the person asked declined it. Front ends use
// it on the re-call after a "no", so that the refusal is audited and worded
// the same everywhere.
func WithDeclined(ctx context.Context) context.Context {
	return context.WithValue(ctx, declinedKey{}, declinedWhenAsked)
}

// WithConfirmationFailed returns a context in which a call needing
// confirmation is refused (KindDenied) because asking the person failed:
// the client answered the prompt with an error, or with an answer that
// cannot be read. why says what happened, e.g. "the client answered the
// prompt with an error (timeout)". A failed prompt never counts as a yes.
func WithConfirmationFailed(ctx context.Context, why string) context.Context {
	return context.WithValue(ctx, declinedKey{}, "could not be confirmed: "+cutMessage(why))
}

// callNeedsConfirmation applies the list above to one call.
func (tk *Toolkit) callNeedsConfirmation(t *Tool, args map[string]json.RawMessage) bool {
	if !t.mayNeedConfirmation() && !slices.Contains(tk.confirmTools, t.Name) {
		return false
	}
	return t.Effect == Delete || !t.Confirm.exempt(args)
}

// confirm returns nil when the call is confirmed, else a KindNeedsConfirmation
// error naming the target.
func (tk *Toolkit) confirm(ctx context.Context, t *Tool, args map[string]json.RawMessage, envID, envName string) error {
	c := &Confirmation{Tool: t.Name, Title: t.Title, EnvironmentID: envID, EnvironmentName: envName}
	if t.Target != nil {
		c.TargetKind = t.Target.Kind
		_ = json.Unmarshal(args[t.Target.Arg], &c.TargetID)
	}
	if c.TargetID == "" {
		// A tool with no declared target: confirm by the tool's name.
		c.TargetKind, c.TargetID = "tool", t.Name
	} else if t.Target.Name != nil {
		// The name only helps; the id always confirms.
		if name, err := t.Target.Name(ctx, tk.deps, envID, c.TargetID); err == nil {
			c.TargetName = name
		}
	}
	if why, _ := ctx.Value(declinedKey{}).(string); why != "" {
		msg := "not confirmed: " + c.describe() + " " + why + ". Nothing was sent to PingOne."
		if why != declinedWhenAsked {
			msg += " Call the tool again to be asked again."
		}
		return &Error{Kind: KindDenied, Tool: t.Name, Confirmation: c, Message: msg}
	}
	if c.Matches(confirmedIn(ctx)) {
		return nil
	}
	var given string
	_ = json.Unmarshal(args[confirmArg], &given)
	if c.Matches(given) {
		return nil
	}
	msg := "needs confirmation: " + c.describe() + ". Nothing was sent to PingOne. " + c.how()
	if given != "" {
		msg = fmt.Sprintf("confirm %s does not match the target: %s. Nothing was sent to PingOne. %s", echo(given), c.describe(), c.how())
	}
	return &Error{Kind: KindNeedsConfirmation, Tool: t.Name, Message: msg, Confirmation: c}
}

// ConfirmationTools lists the registered tools whose calls may need
// confirmation, sorted (for documentation and `p1 policy check`).
func (tk *Toolkit) ConfirmationTools() []string {
	var out []string
	for _, t := range tk.reg.Tools() {
		if t.mayNeedConfirmation() || slices.Contains(tk.confirmTools, t.Name) {
			out = append(out, t.Name)
		}
	}
	sort.Strings(out)
	return out
}
