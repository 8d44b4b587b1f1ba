// Package policytest is one table of policy cases and a runner that puts
// each case through a front end, so that every front end (MCP, the p1 CLI,
// the OpenAI dispatcher, the LangChainGo tool) is held to the same
// decisions and the same messages.
//
// A front end is a Factory: given an emulator, a policy file and an audit
// log path, it returns something that calls one tool the way that front end
// does. Run checks, for every case, that the decision (read from the audit
// log the front end wrote) is the expected one, that a refusal's message is
// exactly the message tools.Toolkit.Call gives (the library is the
// reference), and that when the policy said no, no request that changes the
// tenant reached the emulator (its request recorder).
//
// Adding a front end: write its Factory and call
// policytest.Run(t, "openai", factory) from its tests.
package policytest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"

	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// FrontEnd calls tools the way one front end does.
type FrontEnd interface {
	// Call calls a tool once and returns the text the front end shows: the
	// result on success, the error message (without any front-end prefix
	// such as "p1: ") on failure.
	Call(t *testing.T, tool string, args map[string]any) (text string, failed bool)
}

// Factory starts a front end over srv with the policy file at policyFile,
// writing its audit log (JSON lines) to auditLog.
type Factory func(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) FrontEnd

// Case is one policy case.
type Case struct {
	Name string
	// Policy is the policy file (YAML).
	Policy string
	Tool   string
	Args   map[string]any
	// Decision is the audit decision expected (tools.Decision…).
	Decision string
	// Contains are parts of the text the front end shows; Excludes, parts
	// it must not show.
	Contains, Excludes []string
	// Writes is false when no request that changes the tenant may reach
	// PingOne (every refusal, every dry run).
	Writes bool
}

// Cases returns the policy cases, over the emulator's demo tenant.
func Cases() []Case {
	d := pingonetest.Demo()
	sb, prod, stg, admin := d.SandboxEnvironmentID, d.ProductionEnvironmentID, d.StagingEnvironmentID, d.AdminEnvironmentID
	const writable = "filter:\n  readOnly: false\n"
	return []Case{
		{Name: "allowed read", Tool: "list_populations", Args: map[string]any{"environmentId": sb},
			Decision: tools.DecisionAllow, Contains: []string{"Employees"}},
		{Name: "write tool hidden by read-only mode", Tool: "create_group", Args: map[string]any{"environmentId": sb, "name": "G"},
			Decision: tools.DecisionDeny, Contains: []string{"read-only mode is on"}},
		{Name: "filtered-out tool by pattern", Policy: writable + "  excludeTools: [\"delete_*\"]\n",
			Tool: "delete_group", Args: map[string]any{"environmentId": sb, "groupId": d.SandboxEmptyGroupID, "confirm": "Auditors"},
			Decision: tools.DecisionDeny, Contains: []string{`excluded by exclude-tools "delete_*"`}},
		{Name: "production write refused", Policy: writable, Tool: "create_group", Args: map[string]any{"environmentId": prod, "name": "G"},
			Decision: tools.DecisionDeny, Contains: []string{"refused by the production guard"}},
		{Name: "production promotion refused", Policy: writable, Tool: "update_environment",
			Args:     map[string]any{"environmentId": sb, "name": "Sandbox", "region": "NA", "type": "PRODUCTION"},
			Decision: tools.DecisionDeny, Contains: []string{"would make an environment PRODUCTION"}},
		{Name: "production made writable by name", Policy: writable + "guard:\n  environments:\n    - environment: Production\n      writes: true\n",
			Tool: "create_group", Args: map[string]any{"environmentId": prod, "name": "Policy group"},
			Decision: tools.DecisionAllow, Contains: []string{"Policy group"}, Writes: true},
		{Name: "only the named sandbox is writable", Policy: writable + "guard:\n  writesOnlyWhereAllowed: true\n  environments:\n    - environment: Sandbox\n      writes: true\n",
			Tool: "create_group", Args: map[string]any{"environmentId": stg, "name": "G"},
			Decision: tools.DecisionDeny, Contains: []string{"writes are allowed only in the environments the policy names"}},
		{Name: "the named sandbox is writable", Policy: writable + "guard:\n  writesOnlyWhereAllowed: true\n  environments:\n    - environment: Sandbox\n      writes: true\n",
			Tool: "create_group", Args: map[string]any{"environmentId": sb, "name": "Sandbox group"},
			Decision: tools.DecisionAllow, Contains: []string{"Sandbox group"}, Writes: true},
		{Name: "environment deny list by name", Policy: "guard:\n  denyEnvironments: [staging]\n",
			Tool: "list_groups", Args: map[string]any{"environmentId": stg},
			Decision: tools.DecisionDeny, Contains: []string{`environment "Staging"`, "is on the deny list"}},
		{Name: "denied environment not listed", Policy: "guard:\n  denyEnvironments: [staging]\n",
			Tool: "list_environments", Args: map[string]any{},
			Decision: tools.DecisionAllow, Contains: []string{`"name":"Sandbox"`}, Excludes: []string{"Staging", stg}},
		{Name: "environment allow list by id", Policy: "guard:\n  allowEnvironments: [\"" + sb + "\"]\n",
			Tool: "list_groups", Args: map[string]any{"environmentId": prod},
			Decision: tools.DecisionDeny, Contains: []string{"is not on the allow list"}},
		{Name: "environment on the allow list", Policy: "guard:\n  allowEnvironments: [\"" + sb + "\"]\n",
			Tool: "list_groups", Args: map[string]any{"environmentId": sb},
			Decision: tools.DecisionAllow, Contains: []string{"Auditors"}},
		{Name: "production user data protected", Policy: "guard:\n  protectProductionUserData: true\n",
			Tool: "list_users", Args: map[string]any{"environmentId": prod},
			Decision: tools.DecisionDeny, Contains: []string{"reading user data is not allowed", "No user data was read."}},
		{Name: "sandbox user data still readable", Policy: "guard:\n  protectProductionUserData: true\n",
			Tool: "get_user", Args: map[string]any{"environmentId": sb, "userId": d.SandboxUserID},
			Decision: tools.DecisionAllow, Contains: []string{"jdoe"}},
		{Name: "confirmation required", Policy: writable, Tool: "delete_group",
			Args:     map[string]any{"environmentId": sb, "groupId": d.SandboxEmptyGroupID},
			Decision: tools.DecisionConfirmRequired, Contains: []string{"needs confirmation", `confirm: "Auditors"`, `confirm: "` + d.SandboxEmptyGroupID + `"`}},
		{Name: "confirmation given by name", Policy: writable, Tool: "delete_group",
			Args:     map[string]any{"environmentId": sb, "groupId": d.SandboxEmptyGroupID, "confirm": "Auditors"},
			Decision: tools.DecisionAllow, Contains: []string{`"deleted":true`}, Writes: true},
		{Name: "confirmation that names another target", Policy: writable, Tool: "delete_user",
			Args:     map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "confirm": "someone.else"},
			Decision: tools.DecisionConfirmRequired, Contains: []string{`confirm "someone.else" does not match the target`}},
		{Name: "disabling a user needs confirmation", Policy: writable, Tool: "set_user_enabled",
			Args:     map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "enabled": false},
			Decision: tools.DecisionConfirmRequired, Contains: []string{"needs confirmation", `confirm: "jdoe"`}},
		{Name: "enabling a user needs none", Policy: writable, Tool: "set_user_enabled",
			Args:     map[string]any{"environmentId": sb, "userId": d.SandboxDisabledUserID, "enabled": true},
			Decision: tools.DecisionAllow, Contains: []string{`"enabled":true`}, Writes: true},
		{Name: "dry run of an update", Policy: writable, Tool: "update_group",
			Args:     map[string]any{"environmentId": sb, "groupId": d.SandboxEmptyGroupID, "name": "Auditors", "description": "Changed", "dryRun": true},
			Decision: tools.DecisionDryRun, Contains: []string{`"dryRun":true`, `"method":"PUT"`, `"path":"description"`}},
		{Name: "dry run of a delete needs no confirmation", Policy: writable, Tool: "delete_user",
			Args:     map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "dryRun": true},
			Decision: tools.DecisionDryRun, Contains: []string{`"method":"DELETE"`, d.SandboxUserID}},
		{Name: "dry run by policy", Policy: writable + "dryRun: true\n", Tool: "create_group",
			Args:     map[string]any{"environmentId": sb, "name": "Never created"},
			Decision: tools.DecisionDryRun, Contains: []string{`"method":"POST"`, "Never created"}},
		{Name: "administrators environment protected", Policy: writable, Tool: "create_group",
			Args:     map[string]any{"environmentId": admin, "name": "G"},
			Decision: tools.DecisionDeny, Contains: []string{"protects the administrators environment"}},
		{Name: "protected role never granted", Policy: writable, Tool: "assign_user_role",
			Args: map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "roleId": d.RoleIDs["Organization Admin"],
				"scopeType": "ORGANIZATION", "scopeId": d.OrganizationID, "confirm": "jdoe"},
			Decision: tools.DecisionDeny, Contains: []string{`role "Organization Admin"`, "protects administrator roles"}},
		{Name: "role grant needs confirmation", Policy: writable, Tool: "assign_user_role",
			Args: map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "roleId": d.RoleIDs["Help Desk Admin"],
				"scopeType": "ENVIRONMENT", "scopeId": sb},
			Decision: tools.DecisionConfirmRequired, Contains: []string{"Grant a role to a user", `confirm: "jdoe"`}},
		{Name: "protected roles allowed by policy", Policy: writable + "rules:\n  allowProtectedRoles: true\n", Tool: "assign_user_role",
			Args: map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "roleId": d.RoleIDs["Environment Admin"],
				"scopeType": "ENVIRONMENT", "scopeId": sb, "confirm": "jdoe"},
			Decision: tools.DecisionAllow, Contains: []string{`"roleName":"Environment Admin"`}, Writes: true},
		{Name: "protected role never granted to a group", Policy: writable, Tool: "assign_group_role",
			Args: map[string]any{"environmentId": sb, "groupId": d.SandboxHelpDeskGroupID, "roleId": d.RoleIDs["Organization Admin"],
				"scopeType": "ORGANIZATION", "scopeId": d.OrganizationID, "confirm": "Help Desk"},
			Decision: tools.DecisionDeny, Contains: []string{`role "Organization Admin"`, "protects administrator roles"}},
		{Name: "protected role never granted to an application", Policy: writable, Tool: "assign_application_role",
			Args: map[string]any{"environmentId": sb, "applicationId": d.SandboxWorkerAppID, "roleId": d.RoleIDs["Environment Admin"],
				"scopeType": "ENVIRONMENT", "scopeId": sb, "confirm": "Directory Sync"},
			Decision: tools.DecisionDeny, Contains: []string{`role "Environment Admin"`, "protects administrator roles"}},
		{Name: "no application grant scoped to the administrators environment", Policy: writable, Tool: "assign_application_role",
			Args: map[string]any{"environmentId": sb, "applicationId": d.SandboxWorkerAppID, "roleId": d.RoleIDs["Identity Data Read Only"],
				"scopeType": "ENVIRONMENT", "scopeId": admin, "confirm": "Directory Sync"},
			Decision: tools.DecisionDeny, Contains: []string{"the grant's scope is", "protects the administrators environment"}},
		{Name: "an administrator application given a non-admin role", Policy: writable, Tool: "assign_application_role",
			Args: map[string]any{"environmentId": sb, "applicationId": d.SandboxWorkerAppID, "roleId": d.RoleIDs["Help Desk Admin"],
				"scopeType": "ENVIRONMENT", "scopeId": sb, "confirm": "Directory Sync"},
			Decision: tools.DecisionAllow, Contains: []string{`"roleName":"Help Desk Admin"`}, Writes: true},
		{Name: "a custom role granted to an administrator", Policy: writable, Tool: "assign_user_role",
			Args: map[string]any{"environmentId": sb, "userId": d.SandboxUserID, "roleId": d.SandboxAuditorRoleID,
				"scopeType": "POPULATION", "scopeId": d.SandboxEmployeesPopulationID, "confirm": "jdoe"},
			Decision: tools.DecisionAllow, Contains: []string{`"roleName":"Directory Auditor"`}, Writes: true},
		{Name: "custom role with a protected role's permission not defined", Policy: writable, Tool: "create_custom_role",
			Args: map[string]any{"environmentId": sb, "name": "Shadow Admin", "permissions": []any{"identity:read:user", "orgmgt:create:environment"},
				"canBeAssignedBy": []any{d.RoleIDs["Identity Data Admin"]}},
			Decision: tools.DecisionDeny, Contains: []string{`"orgmgt:create:environment"`, `only the protected role "Organization Admin" carries`}},
		{Name: "removing MFA devices needs confirmation", Policy: writable, Tool: "reset_user_mfa_devices",
			Args:     map[string]any{"environmentId": sb, "userId": d.SandboxMFAUserID},
			Decision: tools.DecisionConfirmRequired, Contains: []string{"Reset a user's MFA devices"}},
		{Name: "page size over the cap refused", Policy: "rules:\n  maxPageSize: 2\n", Tool: "list_users",
			Args:     map[string]any{"environmentId": sb, "limit": 3},
			Decision: tools.DecisionDeny, Contains: []string{"limit 3 is larger than the policy's maximum page size 2"}},
		{Name: "page size clamped", Policy: "rules:\n  maxPageSize: 2\n  pageSize: clamp\n", Tool: "list_users",
			Args:     map[string]any{"environmentId": sb, "limit": 3},
			Decision: tools.DecisionAllow, Contains: []string{`"nextCursor"`}},
	}
}

// Run puts every case through the front end made by f.
func Run(t *testing.T, name string, f Factory) {
	for _, c := range Cases() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			policyFile := filepath.Join(dir, "policy.yaml")
			require.NoError(t, os.WriteFile(policyFile, []byte(c.Policy), 0o600))
			refText, refFailed := Reference(t, pingonetest.NewTestServer(t), policyFile, filepath.Join(dir, "ref-audit.jsonl")).
				Call(t, c.Tool, c.Args)

			srv := pingonetest.NewTestServer(t)
			auditLog := filepath.Join(dir, "audit.jsonl")
			fe := f(t, srv, policyFile, auditLog)
			srv.ResetRequests()
			text, failed := fe.Call(t, c.Tool, c.Args)

			rec := LastAudit(t, auditLog)
			assert.Equal(t, c.Decision, rec.Decision, "%s: decision (%s)", name, text)
			assert.Equal(t, c.Tool, rec.Tool)
			assert.Equal(t, c.Decision != tools.DecisionAllow && c.Decision != tools.DecisionDryRun, failed, "%s: failed (%s)", name, text)
			for _, want := range c.Contains {
				assert.Contains(t, compact(text), want, "%s", name)
			}
			for _, not := range c.Excludes {
				assert.NotContains(t, text, not, "%s", name)
			}
			if failed {
				assert.Equal(t, refText, text, "%s shows the same message as the library", name)
			}
			assert.Equal(t, refFailed, failed)
			if !c.Writes {
				for _, r := range srv.Requests() {
					if strings.HasPrefix(r.Path, "/v1/") {
						assert.Equal(t, http.MethodGet, r.Method, "%s: no write may reach PingOne, got %s %s", name, r.Method, r.Path)
					}
				}
			}
		})
	}
}

// compact re-encodes JSON text without spaces, so that Contains works on
// the pretty-printed output of some front ends.
func compact(text string) string {
	var v any
	if json.Unmarshal([]byte(text), &v) != nil {
		return text
	}
	b, _ := json.Marshal(v)
	return strings.ReplaceAll(string(b), `\u0026`, "&")
}

// LastAudit reads the last record of a JSON-lines audit log.
func LastAudit(t *testing.T, file string) tools.AuditRecord {
	t.Helper()
	f, err := os.Open(file)
	require.NoError(t, err, "the front end wrote no audit log")
	defer f.Close()
	var last string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) != "" {
			last = sc.Text()
		}
	}
	require.NotEmpty(t, last, "the audit log is empty")
	var rec tools.AuditRecord
	require.NoError(t, json.Unmarshal([]byte(last), &rec), last)
	return rec
}

// Toolkit builds a toolkit over srv the way a front end does: the policy
// file, an audit log, and a client signed in to the emulator.
func Toolkit(t *testing.T, srv *pingonetest.Server, policyFile, auditLog, frontEnd string) *tools.Toolkit {
	t.Helper()
	reg := tools.NewRegistry(tools.All()...)
	p, err := tools.LoadPolicyFile(policyFile, reg)
	require.NoError(t, err)
	cfg := p.Config(reg)
	audit, closeFn, err := tools.OpenAuditLog(auditLog, os.Stderr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = closeFn() })
	cfg.Audit, cfg.FrontEnd = audit, frontEnd
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(24 * time.Hour), TokenType: "Bearer"})))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(reg, client, cfg)
	require.NoError(t, err)
	return tk
}

// Reference is the library itself: tools.Toolkit.Call, the text every
// front end must show.
func Reference(t *testing.T, srv *pingonetest.Server, policyFile, auditLog string) FrontEnd {
	return library{Toolkit(t, srv, policyFile, auditLog, "library")}
}

type library struct{ tk *tools.Toolkit }

func (l library) Call(t *testing.T, tool string, args map[string]any) (string, bool) {
	raw, err := json.Marshal(args)
	require.NoError(t, err)
	res, err := l.tk.Call(context.WithoutCancel(t.Context()), tool, raw)
	if err != nil {
		var te *tools.Error
		require.True(t, errors.As(err, &te), "%T", err)
		return err.Error(), true
	}
	return string(res.Data), false
}
