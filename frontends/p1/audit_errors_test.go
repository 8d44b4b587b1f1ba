package main

import (
	"testing"

	"github.com/p1kit/p1kit/pingone/pingonetest"
)

// auditErrorCalls are calls of the audit and metrics tools that must fail, each with a
// piece of the message the caller gets (toolCalls holds the successful ones).
var auditErrorCalls = func() []errorCall {
	d := pingonetest.Demo()
	sb := d.SandboxEnvironmentID
	return []errorCall{
		{"list_activities", map[string]any{"environmentId": sb, "since": "2h", "until": "3h"}, `argument "since"`},
		{"list_activities", map[string]any{"environmentId": sb, "resultStatus": "DENIED"}, "resultStatus"},
		{"list_activities", map[string]any{"environmentId": unknownID}, "NOT_FOUND"},
		{"list_user_activities", map[string]any{"environmentId": sb, "userId": ""}, `argument "userId" must be a PingOne id`},
		{"get_activity", map[string]any{"environmentId": sb, "activityId": unknownID}, "NOT_FOUND"},
		{"get_activity", map[string]any{"environmentId": sb}, "activityId"},
		{"get_active_identity_counts", map[string]any{"environmentId": sb, "samplePeriod": "WEEK"}, "samplePeriod"},
		{"get_active_identity_counts", map[string]any{"environmentId": unknownID}, "NOT_FOUND"},
	}
}()

func TestCLIAuditErrors(t *testing.T) {
	t.Parallel()
	checkCLIErrors(t, auditErrorCalls)
}

func TestProcessMCPAuditErrors(t *testing.T) {
	t.Parallel()
	checkMCPErrors(t, auditErrorCalls)
}
