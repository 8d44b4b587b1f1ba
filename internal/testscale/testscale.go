// Package testscale says how large the generated tenants of the scale tests
// are. `make test` keeps them small enough for its time budget; `make
// workflows` runs the same tests on 5,000 users and prints their figures.
package testscale

import (
	"os"
	"strconv"
)

// Env is the variable that sets the number of generated users.
const Env = "P1KIT_SCALE_USERS"

// DefaultUsers is the number of generated users in `make test`.
const DefaultUsers = 1000

// Users is how many generated users a scale test adds to the tenant.
func Users() int {
	if n, err := strconv.Atoi(os.Getenv(Env)); err == nil && n > 0 {
		return n
	}
	return DefaultUsers
}
