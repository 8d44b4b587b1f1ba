package tools

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// isSnakeCase agrees with the pattern it stands for.
func TestIsSnakeCase(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	for _, name := range []string{"", "a", "list_users", "get_user2", "a_1", "list__users", "_list", "list_", "List_users",
		"list-users", "1list", "list_Users", "x_y_z", "é", "list users", "get_user_", "a__", "z9_9z"} {
		assert.Equal(t, re.MatchString(name), isSnakeCase(name), "%q", name)
	}
}
