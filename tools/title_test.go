package tools

import "testing"

func TestTitleRestatesName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, title string
		want        bool
	}{
		{"get_user", "Get user", true},
		{"get_user", "Get the user", true},
		{"delete_mfa_device", "Delete an MFA device", true},
		{"create_wsfed_application", "Create WS-Fed application", true},
		{"get_user_mfa", "Get a user's MFA", true},
		{"get_user_mfa", "GET A USER'S MFA", true},
		{"list_roles", "List administrator roles", false},
		{"assign_user_role", "Grant a role to a user", false},
		{"get_user", "Get", false},                 // the name has more
		{"get_user", "Get users", false},           // the title has more
		{"get_user", "Get a user, quickly", false}, // punctuation aside, more words
		{"get_user", "", false},
		{"get_2fa", "Get 2FA", true},
	} {
		if got := titleRestatesName(c.name, c.title); got != c.want {
			t.Errorf("titleRestatesName(%q, %q) = %v, want %v", c.name, c.title, got, c.want)
		}
	}
}
