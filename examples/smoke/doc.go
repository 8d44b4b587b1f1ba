// Package smoke is p1kit's smoke suite: a fixed list of read calls, and one
// create/delete pair, made through the built p1 binary — the way a script
// or CI job uses p1. It holds only a test (smoke_test.go), run by
// `make smoke` and by `make test`.
//
// Where it runs:
//
//   - With PINGONE_CLIENT_ID, PINGONE_CLIENT_SECRET and
//     PINGONE_MCP_ENVIRONMENT_ID (or PINGONE_ENVIRONMENT_ID) set — a worker
//     application and the environment holding it, plus PINGONE_ROOT_DOMAIN
//     outside North America — against that real tenant. The create/delete
//     pair runs only in the environment named by P1KIT_SMOKE_ENVIRONMENT_ID
//     (use a SANDBOX environment; PRODUCTION is refused by the guard);
//     without it the reads run in the first environment listed and the pair
//     is skipped.
//   - Otherwise against the PingOne emulator served by `p1 sandbox`, in its
//     demo Sandbox environment.
//
// P1_BIN names the p1 binary to test (make smoke builds bin/p1); without it
// the test builds one.
package smoke
