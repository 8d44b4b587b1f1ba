package pingone

// SignOnPoliciesService manages sign-on policies:
// /environments/{envID}/signOnPolicies. A policy is an ordered list of
// actions (SignOnPolicyActions) that applications run when a user signs
// on; applications without an assignment (SignOnPolicyAssignments) use the
// environment's default policy, which PingOne refuses to delete.
type SignOnPoliciesService struct{ EnvCollection[SignOnPolicy] }

var signOnPoliciesResource = Resource{Path: "signOnPolicies", Key: "signOnPolicies",
	ReadOnly: []string{"_links", "createdAt", "environment", "id", "updatedAt"}}

// SignOnPolicy is a named, ordered set of sign-on actions. Name is required
// and unique in the environment (letters, digits, _ . - and spaces, or an
// absolute URI). Default can only be set to true: doing so makes every other
// policy of the environment non-default.
type SignOnPolicy struct {
	Meta
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Default     *bool  `json:"default,omitempty"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// SignOnPolicyActionsService manages the actions of a sign-on policy:
// /environments/{envID}/signOnPolicies/{policyID}/actions. PingOne runs
// them in priority order (lowest first).
type SignOnPolicyActionsService struct {
	ChildCollection[SignOnPolicyAction]
}

var signOnPolicyActionsResource = Resource{Parent: "signOnPolicies", Path: "actions", Key: "actions",
	ReadOnly: []string{"_links", "environment", "id"}}

// Sign-on policy action types (SignOnPolicyAction.Type).
const (
	ActionTypeLogin                = "LOGIN"
	ActionTypeMFA                  = "MULTI_FACTOR_AUTHENTICATION"
	ActionTypeIdentifierFirst      = "IDENTIFIER_FIRST"
	ActionTypeIdentityProvider     = "IDENTITY_PROVIDER"
	ActionTypeProgressiveProfiling = "PROGRESSIVE_PROFILING"
	ActionTypeAgreement            = "AGREEMENT"
	ActionTypePingIDWinLogin       = "PINGID_WINLOGIN_PASSWORDLESS_AUTHENTICATION"
	ActionTypePingIDAuthentication = "PINGID_AUTHENTICATION"
)

// SignOnPolicyActionTypes lists the action types PingOne knows.
func SignOnPolicyActionTypes() []string {
	return []string{ActionTypeLogin, ActionTypeMFA, ActionTypeIdentifierFirst, ActionTypeIdentityProvider,
		ActionTypeProgressiveProfiling, ActionTypeAgreement, ActionTypePingIDWinLogin, ActionTypePingIDAuthentication}
}

// SignOnPolicyAction is one step of a sign-on policy. PingOne models the
// actions as a oneOf switched on Type; this struct names the members every
// type shares and the ones a type requires, and keeps the rest (recovery,
// registration, sms, email, discoveryRules, …) in Extra.
//
// Required: Type and Priority (≥ 1, lower runs first), plus per type —
// IDENTITY_PROVIDER: IdentityProvider; AGREEMENT: Agreement;
// PROGRESSIVE_PROFILING: Attributes, PreventMultiplePromptsPerFlow,
// PromptIntervalSeconds and PromptText.
type SignOnPolicyAction struct {
	Meta
	SignOnPolicy *ObjectRef `json:"signOnPolicy,omitempty"`
	Type         string     `json:"type"`
	Priority     int        `json:"priority"`
	// Condition says when the action applies (PingOne's policy condition
	// language), kept as sent.
	Condition Extra `json:"condition,omitempty"`

	// MULTI_FACTOR_AUTHENTICATION: the device authentication policy (the
	// environment's default when nil).
	DeviceAuthenticationPolicy *ObjectRef `json:"deviceAuthenticationPolicy,omitempty"`
	// IDENTITY_PROVIDER: the external identity provider that signs the user on.
	IdentityProvider *ObjectRef `json:"identityProvider,omitempty"`
	// AGREEMENT: the agreement the user must accept.
	Agreement *ObjectRef `json:"agreement,omitempty"`
	// LOGIN and IDENTIFIER_FIRST: the identity providers offered for social sign-on.
	SocialProviders []ObjectRef `json:"socialProviders,omitempty"`
	// PROGRESSIVE_PROFILING: the attributes asked for, and how.
	Attributes                    []ProfilingAttribute `json:"attributes,omitempty"`
	PreventMultiplePromptsPerFlow *bool                `json:"preventMultiplePromptsPerFlow,omitempty"`
	PromptIntervalSeconds         *int                 `json:"promptIntervalSeconds,omitempty"`
	PromptText                    string               `json:"promptText,omitempty"`

	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}

// ProfilingAttribute is one user attribute a PROGRESSIVE_PROFILING action
// asks for.
type ProfilingAttribute struct {
	// Name is the attribute's path in the user schema (email, address.postalCode).
	Name     string `json:"name"`
	Required bool   `json:"required"`
}

// SignOnPolicyAssignmentsService manages which sign-on policies an
// application uses:
// /environments/{envID}/applications/{appID}/signOnPolicyAssignments.
type SignOnPolicyAssignmentsService struct {
	ChildCollection[SignOnPolicyAssignment]
}

var signOnPolicyAssignmentsResource = Resource{Parent: "applications", Path: "signOnPolicyAssignments", Key: "signOnPolicyAssignments",
	ReadOnly: []string{"_links", "application", "environment", "id"}}

// SignOnPolicyAssignment makes an application use a sign-on policy.
// SignOnPolicy and Priority (≥ 1; the lowest is evaluated first) are
// required.
type SignOnPolicyAssignment struct {
	Meta
	Application  *ObjectRef `json:"application,omitempty"`
	SignOnPolicy *ObjectRef `json:"signOnPolicy"`
	Priority     int        `json:"priority"`
	// Extra keeps members this type does not name, so an update does not drop them.
	Extra Extra `json:"-"`
}
