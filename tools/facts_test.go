package tools_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/contract"
	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// The tools below exist only in this test: the engine has never heard of
// them, so the prompts, refusals and audit records they get come from the
// facts they declare alone.

type widgetIn struct {
	EnvironmentID string `json:"environmentId" jsonschema:"ID (UUID) of the PingOne environment."`
	WidgetID      string `json:"widgetId" jsonschema:"ID (UUID) of the widget."`
}

type grantIn struct {
	EnvironmentID string `json:"environmentId" jsonschema:"ID (UUID) of the PingOne environment."`
	Power         string `json:"power" jsonschema:"ID (UUID) of the role."`
	Where         string `json:"where" jsonschema:"Scope type."`
	WhereID       string `json:"whereId" jsonschema:"ID (UUID) of the scope."`
}

type widgetCalls struct {
	mu    sync.Mutex
	calls []string
}

func (w *widgetCalls) record(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls = append(w.calls, id)
}

func (w *widgetCalls) seen() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.calls...)
}

func widgetKit(t *testing.T, cfg tools.Config) (*tools.Toolkit, *widgetCalls, *[]tools.AuditRecord) {
	t.Helper()
	ran := &widgetCalls{}
	widget := &tools.Target{Arg: "widgetId", Kind: "widget", Name: func(_ context.Context, _ tools.Deps, _, id string) (string, error) {
		return "Sprocket " + id[:4], nil
	}}
	retire := tools.New(tools.Meta{
		Name: "retire_widget", Title: "Retire widget", Collection: "widgets", Effect: tools.Delete, EnvironmentArg: "environmentId",
		Description: "Retires a widget.", Target: widget,
	}, func(_ context.Context, _ tools.Deps, in widgetIn) (map[string]string, error) {
		ran.record(in.WidgetID)
		return map[string]string{"retired": in.WidgetID}, nil
	})
	inspect := tools.New(tools.Meta{
		Name: "inspect_widget_owner", Title: "Inspect widget owner", Collection: "widgets", Effect: tools.Read,
		Description: "Reads who owns a widget.", PersonalData: true, Target: widget,
	}, func(_ context.Context, _ tools.Deps, in widgetIn) (map[string]string, error) {
		ran.record("inspect " + in.WidgetID)
		return map[string]string{"owner": "someone"}, nil
	})
	bestow := tools.New(tools.Meta{
		Name: "bestow_power", Title: "Bestow power", Collection: "widgets", Effect: tools.Create, EnvironmentArg: "environmentId",
		Description: "Grants a role.", Grant: &tools.Grant{RoleArg: "power", ScopeTypeArg: "where", ScopeIDArg: "whereId"},
	}, func(_ context.Context, _ tools.Deps, in grantIn) (map[string]string, error) {
		ran.record("bestow " + in.Power)
		return map[string]string{"granted": in.Power}, nil
	})
	srv := pingonetest.NewTestServer(t)
	client, _ := contract.ClientWith(t, srv, pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond}))
	var mu sync.Mutex
	var records []tools.AuditRecord
	cfg.Audit = func(_ context.Context, r tools.AuditRecord) {
		mu.Lock()
		defer mu.Unlock()
		records = append(records, r)
	}
	tk, err := tools.NewToolkit(tools.NewRegistry(retire, inspect, bestow), client, cfg)
	require.NoError(t, err)
	return tk, ran, &records
}

func TestNewToolGetsPromptRefusalAndAuditFromItsFacts(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, ran, records := widgetKit(t, tools.Config{Filter: writable})
	widgetID := "0a1b2c3d-0000-4000-8000-000000000001"
	args, _ := json.Marshal(map[string]string{"environmentId": d.SandboxEnvironmentID, "widgetId": widgetID})

	tool, ok := tk.Tool("retire_widget")
	require.True(t, ok)
	assert.Contains(t, tool.InputSchema().Properties, "confirm", "a delete takes the confirm argument")
	assert.Contains(t, tk.ConfirmationTools(), "retire_widget")

	// Unconfirmed: the prompt names the declared target, read by name.
	_, err := tk.Call(t.Context(), "retire_widget", args)
	var te *tools.Error
	require.ErrorAs(t, err, &te)
	assert.Equal(t, tools.KindNeedsConfirmation, te.Kind)
	require.NotNil(t, te.Confirmation)
	assert.Equal(t, `Retire widget — widget "Sprocket 0a1b" (id `+widgetID+`) in environment "Sandbox"?`, te.Confirmation.Prompt())
	assert.Contains(t, te.Message, `confirm: "Sprocket 0a1b" (its name)`)
	assert.Empty(t, ran.seen(), "nothing ran before confirmation")

	// Confirmed by name: it runs.
	confirmed, _ := json.Marshal(map[string]string{"environmentId": d.SandboxEnvironmentID, "widgetId": widgetID, "confirm": "Sprocket 0a1b"})
	res, err := tk.Call(t.Context(), "retire_widget", confirmed)
	require.NoError(t, err)
	assert.JSONEq(t, `{"retired":"`+widgetID+`"}`, string(res.Data))

	// In PRODUCTION the guard refuses it: it is a write by its Effect.
	prod, _ := json.Marshal(map[string]string{"environmentId": d.ProductionEnvironmentID, "widgetId": widgetID, "confirm": widgetID})
	_, err = tk.Call(t.Context(), "retire_widget", prod)
	require.ErrorAs(t, err, &te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, "production guard")
	assert.Equal(t, []string{widgetID}, ran.seen(), "only the confirmed sandbox call ran")

	require.Len(t, *records, 3)
	for i, want := range []string{tools.DecisionConfirmRequired, tools.DecisionAllow, tools.DecisionDeny} {
		r := (*records)[i]
		assert.Equal(t, "retire_widget", r.Tool)
		assert.Equal(t, want, r.Decision, "record %d", i)
		assert.Equal(t, &tools.AuditTarget{Kind: "widget", ID: widgetID}, r.Target, "record %d names the target", i)
	}
	assert.Equal(t, "Production", (*records)[2].EnvironmentName)
}

func TestNewToolPersonalDataAndGrantFacts(t *testing.T) {
	t.Parallel()
	d := pingonetest.Demo()
	tk, ran, _ := widgetKit(t, tools.Config{Filter: writable, Environments: tools.EnvironmentPolicy{ProtectProductionUserData: true}})
	assert.Equal(t, []string{"inspect_widget_owner"}, tk.Registry().PersonalDataTools())

	_, te := call(t, tk, "inspect_widget_owner", map[string]string{"environmentId": d.ProductionEnvironmentID, "widgetId": "0a1b2c3d-0000-4000-8000-000000000001"})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, "reading user data is not allowed")
	_, te = call(t, tk, "inspect_widget_owner", map[string]string{"environmentId": d.SandboxEnvironmentID, "widgetId": "0a1b2c3d-0000-4000-8000-000000000001"})
	require.Nil(t, te, "personal data outside PRODUCTION is readable")

	orgAdmin := d.RoleIDs[pingone.RoleOrganizationAdmin]
	_, te = call(t, tk, "bestow_power", map[string]string{"environmentId": d.SandboxEnvironmentID, "power": orgAdmin, "where": pingone.ScopeOrganization, "whereId": d.OrganizationID})
	require.NotNil(t, te)
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, `role "Organization Admin"`)

	helpDesk := d.RoleIDs[pingone.RoleHelpDeskAdmin]
	_, te = call(t, tk, "bestow_power", map[string]string{"environmentId": d.SandboxEnvironmentID, "power": helpDesk, "where": pingone.ScopeEnvironment, "whereId": d.AdminEnvironmentID})
	require.NotNil(t, te, "a grant scoped to the administrators environment is refused")
	assert.Equal(t, tools.KindDenied, te.Kind)
	assert.Contains(t, te.Message, "administrators environment")

	_, te = call(t, tk, "bestow_power", map[string]string{"environmentId": d.SandboxEnvironmentID, "power": helpDesk, "where": pingone.ScopeEnvironment, "whereId": d.SandboxEnvironmentID})
	require.Nil(t, te)
	assert.Equal(t, []string{"inspect 0a1b2c3d-0000-4000-8000-000000000001", "bestow " + helpDesk}, ran.seen())
}

// TestFactsChecked: a fact naming an argument the tool does not have is a
// programming error caught when the tool's schema is derived (its first
// call, or TestEverySchemaResolves for every tool p1kit ships); a fact
// that is wrong whatever the schema, when the tool is built.
func TestFactsChecked(t *testing.T) {
	t.Parallel()
	h := func(context.Context, tools.Deps, widgetIn) (struct{}, error) { return struct{}{}, nil }
	drop := tools.New(tools.Meta{Name: "drop_widget", Title: "Drop", Description: "d", Collection: "widgets", Effect: tools.Delete,
		Target: &tools.Target{Arg: "gadgetId", Kind: "gadget"}}, h)
	assert.PanicsWithValue(t, `tools.New(drop_widget): Target.Arg "gadgetId" is not an input property`, func() { drop.InputSchema() })
	assert.Panics(t, func() { _ = drop.ResolveSchema() }, "a call resolves the schema: it fails the same way")
	grant := tools.New(tools.Meta{Name: "grant_widget", Title: "Grant", Description: "d", Collection: "widgets", Effect: tools.Create,
		Grant: &tools.Grant{RoleArg: "roleId", ScopeTypeArg: "scopeType", ScopeIDArg: "scopeId"}}, h)
	assert.PanicsWithValue(t, `tools.New(grant_widget): Grant argument "roleId" is not an input property`, func() { grant.InputSchema() })
	pair := tools.New(tools.Meta{Name: "pair_widget", Title: "Pair", Description: "d", Collection: "widgets", Effect: tools.Create,
		RequiredWith: map[string]string{"passcode": "environmentId"}}, h)
	assert.PanicsWithValue(t, `tools.New(pair_widget): RequiredWith "passcode": "passcode" is not an optional input property`, func() { pair.InputSchema() })
	assert.Panics(t, func() {
		tools.New(tools.Meta{Name: "drop_widget", Title: "Drop", Description: "d", Collection: "widgets", Effect: tools.Delete,
			Grant: &tools.Grant{RoleArg: "roleId"}}, h)
	})
	assert.Panics(t, func() {
		tools.New(tools.Meta{Name: "drop_widget", Title: "Drop", Description: "d", Collection: "widgets", Effect: tools.Delete, PersonalData: true}, h)
	}, "personal data is a fact of reads")
}
