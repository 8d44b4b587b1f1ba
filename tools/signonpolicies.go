package tools

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// SignOnPolicySummary is one row of list_sign_on_policies.
type SignOnPolicySummary struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Default     bool       `json:"default"`
	CreatedAt   *time.Time `json:"createdAt,omitempty"`
}

// signOnPolicyFields are the settable fields of a sign-on policy.
type signOnPolicyFields struct {
	Name        string  `json:"name" jsonschema:"Policy name, unique in the environment: letters, digits, spaces and _ . - (or an absolute URI), e.g. Step_Up_MFA."`
	Description *string `json:"description,omitempty" jsonschema:"Description."`
	Default     *bool   `json:"default,omitempty" jsonschema:"true makes this the environment's default policy, used by every application without a sign-on policy assignment, and unsets the previous default. It cannot be set back to false: make another policy the default instead."`
}

var signOnPolicies = Family[pingone.SignOnPolicy, SignOnPolicySummary, signOnPolicyFields]{
	Noun: "sign_on_policy", Collection: "sign_on_policies",
	Client: func(c *pingone.Client) EnvResource[pingone.SignOnPolicy] { return c.SignOnPolicies },
	Summary: func(p *pingone.SignOnPolicy) SignOnPolicySummary {
		return SignOnPolicySummary{ID: p.ID, Name: p.Name, Description: p.Description, Default: p.Default != nil && *p.Default, CreatedAt: p.CreatedAt}
	},
	Name: func(p *pingone.SignOnPolicy) string { return p.Name },
	Descriptions: Descriptions{
		List: "Lists the sign-on policies of an environment (id, name, description, default, createdAt). " +
			"The default policy is what applications without a sign-on policy assignment use; list_sign_on_policy_actions shows what a policy does.",
		Get:    "Returns one sign-on policy. Its steps are its actions: list_sign_on_policy_actions.",
		Create: "Creates an empty sign-on policy; add its steps with create_sign_on_policy_action and give it to applications with create_application_sign_on_policy_assignment.",
		Update: "Updates a sign-on policy's name, description or default flag.",
		Delete: "Deletes a sign-on policy and its actions. PingOne refuses for the environment's default policy and for a policy an application is assigned " +
			"(remove the assignments first: list_application_sign_on_policy_assignments).",
	},
}

// signOnPolicyIn names a policy.
type signOnPolicyIn struct {
	envIn
	SignOnPolicyID string `json:"signOnPolicyId" jsonschema:"ID (UUID) of the sign-on policy, from list_sign_on_policies."`
}

// actionIn names one action of a policy.
type actionIn struct {
	signOnPolicyIn
	ActionID string `json:"actionId" jsonschema:"ID (UUID) of the sign-on policy action, from list_sign_on_policy_actions."`
}

// profilingAttributeIn is one attribute a PROGRESSIVE_PROFILING action asks for.
type profilingAttributeIn struct {
	Name     string `json:"name" jsonschema:"User attribute path, e.g. mobilePhone or address.postalCode."`
	Required bool   `json:"required" jsonschema:"Whether the user must give a value."`
}

// actionOptions are the members of an action beyond its type and priority;
// which apply depends on the type.
type actionOptions struct {
	Condition                     map[string]any         `json:"condition,omitempty" jsonschema:"When the action runs, in PingOne's policy condition language, e.g. {\"secondsSince\":\"${session.lastSignOn.withAuthenticator.mfa.at}\",\"greater\":43200}; without one it always runs."`
	DeviceAuthenticationPolicy    *refIn                 `json:"deviceAuthenticationPolicy,omitempty" jsonschema:"MULTI_FACTOR_AUTHENTICATION: the device authentication (MFA) policy {\"id\": \"…\"}; the environment's default when omitted."`
	IdentityProvider              *refIn                 `json:"identityProvider,omitempty" jsonschema:"IDENTITY_PROVIDER (required there): the external identity provider {\"id\": \"…\"} that signs the user on."`
	Agreement                     *refIn                 `json:"agreement,omitempty" jsonschema:"AGREEMENT (required there): the agreement {\"id\": \"…\"} the user must accept."`
	SocialProviders               []refIn                `json:"socialProviders,omitempty" jsonschema:"LOGIN and IDENTIFIER_FIRST: identity providers [{\"id\": \"…\"}] offered for social sign-on."`
	Attributes                    []profilingAttributeIn `json:"attributes,omitempty" jsonschema:"PROGRESSIVE_PROFILING (required there): the user attributes to ask for."`
	PreventMultiplePromptsPerFlow *bool                  `json:"preventMultiplePromptsPerFlow,omitempty" jsonschema:"PROGRESSIVE_PROFILING (required there): skip this action if another profiling action already ran in the flow."`
	PromptIntervalSeconds         *int                   `json:"promptIntervalSeconds,omitempty" jsonschema:"PROGRESSIVE_PROFILING (required there): how often to ask again, in seconds (at least 1)."`
	PromptText                    *string                `json:"promptText,omitempty" jsonschema:"PROGRESSIVE_PROFILING (required there): the text shown when asking."`
}

// actionOptional are the members update_sign_on_policy_action can clear.
var actionOptional = []string{"condition", "deviceAuthenticationPolicy", "socialProviders"}

type createActionIn struct {
	signOnPolicyIn
	Type     string `json:"type" jsonschema:"The PINGID_ types are for workforce environments. It cannot change later."`
	Priority int    `json:"priority" jsonschema:"Position in the policy: 1 runs first; no two actions of a policy share one."`
	actionOptions
}

func (createActionIn) tuneSchema(s *jsonschema.Schema) {
	enum(s, "type", pingone.SignOnPolicyActionTypes()...)
	prop(s, "priority").Minimum = jsonschema.Ptr(1.0)
}

type updateActionIn struct {
	actionIn
	Priority *int `json:"priority,omitempty" jsonschema:"New position in the policy (1 runs first)."`
	actionOptions
	Clear []string `json:"clear,omitempty" jsonschema:"Optional members to remove; members neither given nor named here keep their current values."`
}

func (updateActionIn) tuneSchema(s *jsonschema.Schema) {
	prop(s, "priority").Minimum = jsonschema.Ptr(1.0)
	enum(s, "clear", actionOptional...)
}

type actionsOut struct {
	SignOnPolicyID string                        `json:"signOnPolicyId"`
	Actions        []*pingone.SignOnPolicyAction `json:"actions"`
}

type actionOut struct {
	Action *pingone.SignOnPolicyAction `json:"action"`
}

func signOnPolicyTools() []*Tool {
	policy := signOnPolicies.Target() // an action's confirmation names its policy
	const coll = "sign_on_policies"
	return append(signOnPolicies.Tools(),
		New(Meta{
			Name: "list_sign_on_policy_actions", Title: "List a sign-on policy's actions", Collection: coll, Effect: Read,
			Description: "Lists the actions (steps) of a sign-on policy in the order PingOne runs them (lowest priority first), each in full: " +
				"id, type (LOGIN, MULTI_FACTOR_AUTHENTICATION, IDENTIFIER_FIRST, IDENTITY_PROVIDER, AGREEMENT, PROGRESSIVE_PROFILING, …), priority, " +
				"condition and the members of its type.",
		}, func(ctx context.Context, d Deps, in signOnPolicyIn) (actionsOut, error) {
			actions, err := all(d.Client.SignOnPolicyActions.All(ctx, in.EnvironmentID, in.SignOnPolicyID, nil))
			if err != nil {
				return actionsOut{}, err
			}
			return actionsOut{SignOnPolicyID: in.SignOnPolicyID, Actions: actions}, nil
		}),
		New(Meta{
			Name: "get_sign_on_policy_action", Title: "Get a sign-on policy action", Collection: coll, Effect: Read,
			Description: "Returns one action of a sign-on policy in full.",
		}, func(ctx context.Context, d Deps, in actionIn) (actionOut, error) {
			a, err := d.Client.SignOnPolicyActions.Get(ctx, in.EnvironmentID, in.SignOnPolicyID, in.ActionID)
			return actionOut{a}, err
		}),
		New(Meta{
			Name: "create_sign_on_policy_action", Title: "Add an action to a sign-on policy", Collection: coll, Effect: Create,
			EnvironmentArg: "environmentId", Target: policy,
			Description: "Adds a step to a sign-on policy: its type, its priority and the members its type requires (each member says for which " +
				"type). Every application using the policy signs users on with it from then on.",
		}, func(ctx context.Context, d Deps, in createActionIn) (actionOut, error) {
			next, err := mergeInto(&pingone.SignOnPolicyAction{Type: in.Type, Priority: in.Priority}, in.actionOptions)
			if err != nil {
				return actionOut{}, err
			}
			a, err := d.Client.SignOnPolicyActions.Create(ctx, in.EnvironmentID, in.SignOnPolicyID, next)
			return actionOut{a}, err
		}),
		New(Meta{
			Name: "update_sign_on_policy_action", Title: "Update a sign-on policy action", Collection: coll, Effect: Update,
			EnvironmentArg: "environmentId", Target: policy,
			Description: "Changes an action of a sign-on policy: its priority, condition or the members of its type (its type cannot change: delete it and " +
				"create another).",
		}, func(ctx context.Context, d Deps, in updateActionIn) (actionOut, error) {
			given, err := json.Marshal(in.actionOptions)
			if err != nil {
				return actionOut{}, err
			}
			var set map[string]any
			if err := json.Unmarshal(given, &set); err != nil {
				return actionOut{}, err
			}
			if in.Priority != nil {
				set["priority"] = *in.Priority
			}
			for _, c := range in.Clear {
				if !slices.Contains(actionOptional, c) {
					return actionOut{}, invalidArgs("clear: %q is not an optional member of an action (%v)", c, actionOptional)
				}
			}
			if err := refuseGivenAndCleared(set, in.Clear, argumentName); err != nil {
				return actionOut{}, err
			}
			cur, err := d.Client.SignOnPolicyActions.Get(ctx, in.EnvironmentID, in.SignOnPolicyID, in.ActionID)
			if err != nil {
				return actionOut{}, err
			}
			next, err := mergeInto(cur, set, in.Clear...)
			if err != nil {
				return actionOut{}, err
			}
			a, err := d.Client.SignOnPolicyActions.Update(ctx, in.EnvironmentID, in.SignOnPolicyID, in.ActionID, next)
			return actionOut{a}, err
		}),
		New(Meta{
			Name: "delete_sign_on_policy_action", Title: "Delete a sign-on policy action", Collection: coll, Effect: Delete,
			EnvironmentArg: "environmentId", Target: policy,
			Description: "Removes one step from a sign-on policy (for example its MFA step); applications using the policy no longer run it.",
		}, func(ctx context.Context, d Deps, in actionIn) (deleted, error) {
			err := d.Client.SignOnPolicyActions.Delete(ctx, in.EnvironmentID, in.SignOnPolicyID, in.ActionID)
			return deleted{Deleted: err == nil, ID: in.ActionID}, err
		}),
	)
}

// The sign-on policy assignments of an application. They sit in the
// applications collection: they say how an application signs users on.

// SignOnPolicyAssignmentSummary is one policy an application uses.
type SignOnPolicyAssignmentSummary struct {
	ID             string `json:"id"`
	SignOnPolicyID string `json:"signOnPolicyId"`
	// SignOnPolicyName is empty when the policy could not be read.
	SignOnPolicyName string `json:"signOnPolicyName,omitempty"`
	Priority         int    `json:"priority"`
}

type policyAssignmentIn struct {
	applicationIn
	SignOnPolicyAssignmentID string `json:"signOnPolicyAssignmentId" jsonschema:"ID (UUID) of the assignment, from list_application_sign_on_policy_assignments."`
}

type createPolicyAssignmentIn struct {
	applicationIn
	SignOnPolicyID string `json:"signOnPolicyId" jsonschema:"ID (UUID) of the sign-on policy, from list_sign_on_policies; it must be in the same environment."`
	Priority       int    `json:"priority" jsonschema:"Order among the application's policies: 1 is evaluated first; no two of its assignments share one."`
}

type updatePolicyAssignmentIn struct {
	policyAssignmentIn
	SignOnPolicyID *string `json:"signOnPolicyId,omitempty" jsonschema:"ID (UUID) of another sign-on policy for this assignment."`
	Priority       *int    `json:"priority,omitempty" jsonschema:"New order among the application's policies (1 is evaluated first)."`
}

func (createPolicyAssignmentIn) tuneSchema(s *jsonschema.Schema) {
	prop(s, "priority").Minimum = jsonschema.Ptr(1.0)
}

func (updatePolicyAssignmentIn) tuneSchema(s *jsonschema.Schema) {
	prop(s, "priority").Minimum = jsonschema.Ptr(1.0)
}

type policyAssignmentsOut struct {
	ApplicationID           string                          `json:"applicationId"`
	SignOnPolicyAssignments []SignOnPolicyAssignmentSummary `json:"signOnPolicyAssignments"`
}

type policyAssignmentOut struct {
	SignOnPolicyAssignment SignOnPolicyAssignmentSummary `json:"signOnPolicyAssignment"`
}

func summarizePolicyAssignment(a *pingone.SignOnPolicyAssignment, names map[string]string) SignOnPolicyAssignmentSummary {
	s := SignOnPolicyAssignmentSummary{ID: a.ID, Priority: a.Priority}
	if a.SignOnPolicy != nil {
		s.SignOnPolicyID, s.SignOnPolicyName = a.SignOnPolicy.ID, names[a.SignOnPolicy.ID]
	}
	return s
}

// policyNames reads the names of an environment's sign-on policies by id.
func policyNames(ctx context.Context, d Deps, envID string) (map[string]string, error) {
	names := map[string]string{}
	for p, err := range d.Client.SignOnPolicies.All(ctx, envID, nil) {
		if err != nil {
			return nil, err
		}
		names[p.ID] = p.Name
	}
	return names, nil
}

// namedAssignment summarises one assignment with its policy's name (left
// out if the policy cannot be read: the assignment itself was written).
func namedAssignment(ctx context.Context, d Deps, envID string, a *pingone.SignOnPolicyAssignment) policyAssignmentOut {
	names := map[string]string{}
	if a.SignOnPolicy != nil {
		if p, err := d.Client.SignOnPolicies.Get(ctx, envID, a.SignOnPolicy.ID); err == nil {
			names[p.ID] = p.Name
		}
	}
	return policyAssignmentOut{summarizePolicyAssignment(a, names)}
}

func policyAssignmentTools() []*Tool {
	app := applications.Target() // the application whose sign-on changes
	const coll = "applications"
	return []*Tool{
		New(Meta{
			Name: "list_application_sign_on_policy_assignments", Title: "List an application's sign-on policies", Collection: coll, Effect: Read,
			Description: "Lists the sign-on policies an application uses, in the order PingOne evaluates them (lowest priority first): assignment id, " +
				"policy id and name, priority. An application with none uses the environment's default policy (list_sign_on_policies shows which).",
		}, func(ctx context.Context, d Deps, in applicationIn) (policyAssignmentsOut, error) {
			out := policyAssignmentsOut{ApplicationID: in.ApplicationID, SignOnPolicyAssignments: []SignOnPolicyAssignmentSummary{}}
			var list []*pingone.SignOnPolicyAssignment
			for a, err := range d.Client.SignOnPolicyAssignments.All(ctx, in.EnvironmentID, in.ApplicationID, nil) {
				if err != nil {
					return policyAssignmentsOut{}, err
				}
				list = append(list, a)
			}
			if len(list) == 0 {
				return out, nil
			}
			names, err := policyNames(ctx, d, in.EnvironmentID)
			if err != nil {
				return policyAssignmentsOut{}, err
			}
			for _, a := range list {
				out.SignOnPolicyAssignments = append(out.SignOnPolicyAssignments, summarizePolicyAssignment(a, names))
			}
			return out, nil
		}),
		New(Meta{
			Name: "get_application_sign_on_policy_assignment", Title: "Get an application's sign-on policy assignment", Collection: coll, Effect: Read,
			Description: "Returns one sign-on policy assignment of an application: its policy (id and name) and priority.",
		}, func(ctx context.Context, d Deps, in policyAssignmentIn) (policyAssignmentOut, error) {
			a, err := d.Client.SignOnPolicyAssignments.Get(ctx, in.EnvironmentID, in.ApplicationID, in.SignOnPolicyAssignmentID)
			if err != nil {
				return policyAssignmentOut{}, err
			}
			return namedAssignment(ctx, d, in.EnvironmentID, a), nil
		}),
		New(Meta{
			Name: "create_application_sign_on_policy_assignment", Title: "Assign a sign-on policy to an application", Collection: coll, Effect: Create,
			EnvironmentArg: "environmentId", Target: app,
			Description: "Makes an application use a sign-on policy at a priority; from then on it no longer uses " +
				"the environment's default policy. PingOne refuses a policy the application already uses.",
		}, func(ctx context.Context, d Deps, in createPolicyAssignmentIn) (policyAssignmentOut, error) {
			a, err := d.Client.SignOnPolicyAssignments.Create(ctx, in.EnvironmentID, in.ApplicationID,
				&pingone.SignOnPolicyAssignment{SignOnPolicy: pingone.Ref(in.SignOnPolicyID), Priority: in.Priority})
			if err != nil {
				return policyAssignmentOut{}, err
			}
			return namedAssignment(ctx, d, in.EnvironmentID, a), nil
		}),
		New(Meta{
			Name: "update_application_sign_on_policy_assignment", Title: "Change an application's sign-on policy assignment", Collection: coll, Effect: Update,
			EnvironmentArg: "environmentId", Target: app,
			Description: "Changes the policy or the priority of one sign-on policy assignment of an application; what you omit stays as it is.",
		}, func(ctx context.Context, d Deps, in updatePolicyAssignmentIn) (policyAssignmentOut, error) {
			c := d.Client.SignOnPolicyAssignments
			cur, err := c.Get(ctx, in.EnvironmentID, in.ApplicationID, in.SignOnPolicyAssignmentID)
			if err != nil {
				return policyAssignmentOut{}, err
			}
			if in.SignOnPolicyID != nil {
				cur.SignOnPolicy = pingone.Ref(*in.SignOnPolicyID)
			}
			if in.Priority != nil {
				cur.Priority = *in.Priority
			}
			a, err := c.Update(ctx, in.EnvironmentID, in.ApplicationID, in.SignOnPolicyAssignmentID, cur)
			if err != nil {
				return policyAssignmentOut{}, err
			}
			return namedAssignment(ctx, d, in.EnvironmentID, a), nil
		}),
		New(Meta{
			Name: "delete_application_sign_on_policy_assignment", Title: "Remove a sign-on policy from an application", Collection: coll, Effect: Delete,
			EnvironmentArg: "environmentId", Target: app,
			Description: "Removes one sign-on policy assignment from an application (the policy itself stays). An application left with none uses " +
				"the environment's default policy.",
		}, func(ctx context.Context, d Deps, in policyAssignmentIn) (deleted, error) {
			err := d.Client.SignOnPolicyAssignments.Delete(ctx, in.EnvironmentID, in.ApplicationID, in.SignOnPolicyAssignmentID)
			return deleted{Deleted: err == nil, ID: in.SignOnPolicyAssignmentID}, err
		}),
	}
}

// actionsServed and assignmentsServed: a policy's actions and an
// application's policy assignments have hand-written tools.
var (
	actionsServed = handWritten("actions", "sign_on_policies", "sign_on_policy_action", "list_sign_on_policy_actions", "get_sign_on_policy_action",
		"create_sign_on_policy_action", "update_sign_on_policy_action", "delete_sign_on_policy_action")
	assignmentsServed = handWritten("signOnPolicyAssignments", "applications", "sign_on_policy_assignment",
		"list_application_sign_on_policy_assignments", "get_application_sign_on_policy_assignment", "create_application_sign_on_policy_assignment",
		"update_application_sign_on_policy_assignment", "delete_application_sign_on_policy_assignment")
)
