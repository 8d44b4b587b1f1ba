// Package pingonetest is an in-memory PingOne: the Platform management API
// (under /v1) and the auth host token endpoint (/{envID}/as/token), served by
// an [http.Handler] for tests, for `p1 --sandbox` (in process) and for
// `p1 sandbox` (on a loopback port).
//
// It behaves like PingOne, not like a mock:
//
//   - HAL bodies: every resource carries _links.self (absolute, built from the
//     request's scheme and Host); collections are
//     {_links:{self,next?}, _embedded:{<key>:[…]}, count, size}.
//   - Cursor pagination: limit + an opaque cursor; _links.next keeps limit and
//     filter and is present only when there are more items. A cursor is bound
//     to the filter it was issued for; a tampered or mismatched cursor is a 400.
//   - SCIM filters parsed by github.com/scim2/filter-parser/v2 and evaluated
//     over the stored JSON documents, with the attributes and operators each
//     endpoint supports; anything else is 400 INVALID_DATA with an
//     INVALID_FILTER detail whose innerError lists supportedAttributes and
//     supportedOperators. String comparisons are case-insensitive.
//   - Filter on environments: name (eq, sw); id, organization.id, license.id,
//     status, type (eq); and.
//   - Filter on populations: id, name (eq, sw); and, or.
//   - Filter on groups: name (eq, sw); id, population.id (eq); and, or.
//   - Filter on users: id, username, email, name.given, name.family,
//     name.formatted, population.id, externalId, mobilePhone, account.status,
//     lifecycle.status (eq ne co sw ew gt ge lt le pr); enabled, mfaEnabled
//     (eq ne pr); createdAt, updatedAt (eq ne gt ge lt le pr, RFC 3339);
//     memberOfGroups[id eq "…"]; and, or, not, parentheses.
//   - Filter on users/{id}/memberOfGroups: id (eq), name (eq, sw), type (eq); and, or.
//   - Filter on totalIdentities (required): exactly
//     startDate eq "<RFC 3339>", optionally and endDate eq "<RFC 3339>".
//   - Filter on activities (required): a range on recordedAt or createdAt
//     (gt ge lt le) joined by and, with correlationId, action.type,
//     actors.user.id, actors.user.name, actors.client.id, resources.id,
//     resources.type, resources.population.id (eq); and, or. A long filter
//     may be posted instead: POST …/activities {"filter", "limit", "cursor"}.
//   - Filter on metrics/activeIdentityCounts (required): startDate ge
//     "<RFC 3339>"; samplePeriod DAY or MONTH; order startDate or
//     -startDate; limit 1–100, no cursor.
//   - Limits: 1–1000 (environments 1–5000); outside → 400 OUT_OF_RANGE.
//   - PingOne error bodies {id, code, message, details[{code,target,message,innerError}]}
//     and status codes: 400 INVALID_DATA (REQUIRED_VALUE, INVALID_VALUE,
//     UNIQUENESS_VIOLATION, CONSTRAINT_VIOLATION, OUT_OF_RANGE, INVALID_FILTER),
//     401 ACCESS_FAILED/INVALID_TOKEN, 404 NOT_FOUND, 405, 415 INVALID_REQUEST,
//     429 REQUEST_LIMITED + Retry-After, 5xx UNEXPECTED_ERROR.
//   - Referential rules, declared as data on each resource (see
//     [Resources]) and consulted by every write and delete: a reference on
//     write must name an existing object (a user's or group's population, a
//     role assignment's role and scope); a delete is refused with 400
//     INVALID_DATA / CONSTRAINT_VIOLATION naming what still points at it
//     (users and groups restrict their population's delete), or cascades:
//     an environment takes everything in it, a user its memberships, role
//     assignments and MFA devices, a group its memberships, and a deleted
//     population, application or environment the role assignments scoped to
//     it (PingOne removes them). A restricting referrer that goes in the same
//     delete does not hold it. The default population cannot be deleted;
//     usernames, population names, group names, environment names and SAML
//     spEntityIds are unique (per environment; environments per
//     organisation); PRODUCTION environments must be set to DELETE_PENDING
//     before they can be deleted; region is immutable.
//   - Roles: GET /roles lists the system roles (same name-derived ids in
//     every emulator, also WithoutDemoTenant), each with applicableTo. A user
//     role assignment needs an existing role, a scope type in the role's
//     applicableTo and a scope id that exists in the organisation
//     (ORGANIZATION: the environment's own organisation); a duplicate of an
//     existing assignment is 400 UNIQUENESS_VIOLATION.
//   - MFA devices (users/{id}/devices): list, get and delete; seeded for a few
//     Sandbox users ([DemoTenant.SandboxMFAUserID]). Role assignments and
//     devices are returned in one page (no limit or cursor: the specs declare
//     none).
//   - PUT is a full replace; PATCH on users is a JSON merge; unknown fields are
//     kept. Passwords are stored as salted hashes and never returned.
//   - Special content types: users may be created with application/json or
//     application/vnd.pingidentity.user.import+json; a password is set only with
//     application/vnd.pingidentity.password.set+json (anything else is 415);
//     a POST to a user locks its account (application/vnd.pingidentity.account.lock+json,
//     optionally {"unlockAt": …}) or unlocks it (…account.unlock+json).
//   - Account lock (accounts.go): account.status LOCKED or OK, lockedAt,
//     unlockAt and secondsUntilUnlock as of the request; a lock whose unlockAt
//     has passed is over; canAuthenticate is false while locked or disabled.
//     Enabled and locked are independent: PUT …/enabled never unlocks, the
//     unlock never enables, and the auth host signs on neither a disabled nor
//     a locked user. Two Sandbox users are locked ([DemoTenant.SandboxLockedUserID]).
//   - A user's mfaEnabled (PUT …/mfaEnabled only; PUT and PATCH of the user
//     leave it), verifyStatus (ENABLED or DISABLED) and identityProvider (an
//     identity provider of the environment, or PingOne's own with no body).
//
// Resources are declarations (resource.go): where a collection lives, its
// HAL key and path, filter and page limit, members, read-only members,
// unique members, references and computed counts; one generic store and
// router (serve.go, references.go) serves them all, and what a family needs
// beyond that is a hook or a handler written by hand beside its
// declaration. A new collection is a declaration, a conformance fixture and
// a fixture for each of its references (resources_test.go).
//
// Decisions where PingOne is ambiguous or varies:
//
//   - An unknown environment in a path is a 404 NOT_FOUND (PingOne sometimes
//     answers 403 for environments the token cannot see; the emulator has one
//     all-powerful kind of token, so it always says 404).
//   - Any valid access token may call every route (there are no roles); a token
//     is valid until it expires (WithClock controls "now").
//   - The token endpoint accepts client_secret_basic and client_secret_post for
//     any app whose tokenEndpointAuthMethod is CLIENT_SECRET_BASIC or
//     CLIENT_SECRET_POST (PingOne enforces the configured one; accepting both
//     keeps every OAuth client library working against the sandbox).
//   - totalIdentities dates are Unix epoch milliseconds (the gc spec says
//     integer, format unix-date-time).
//   - All responses are application/json (the gc spec also allows
//     application/hal+json).
//   - Application names need not be unique (PingOne does not require it);
//     a SAML spEntityId must be.
//   - Environments keep unknown members across create and replace, like
//     every other resource.
//
// Audit: every write the management API serves (whether it succeeds or is
// refused) and every [Emulator.SignOn] is recorded as an activity of its
// environment: action type (USER.CREATED, GROUP.DELETED, PASSWORD.UPDATED,
// PASSWORD.CHECK_FAILED, …), actors (the token's client and user), resources
// (type, id, name, population), result (SUCCESS or FAILED, with the error
// codes, never a message that may quote what was sent), recordedAt on the
// emulator's clock, and the request's X-Ping-External-Transaction-ID as
// correlationId. Each environment keeps at most [DefaultActivityLimit]
// ([WithActivityLimit]), dropping the oldest; the demo tenant has a recent
// past (relative to the clock at New), failed sign-ons among it.
//
// Determinism: IDs come from a fixed-seed generator and the demo tenant uses
// fixed timestamps, so two emulators built with the same options hold the same
// data and [Demo] names the seeded objects. Error ids and tokens are random.
//
// Auth host: POST /{envID}/as/token with grant_type=client_credentials.
// Tokens are opaque random strings kept in a table with their environment,
// client, subject, scope, grant and expiry; grants and other /as/ endpoints
// are looked up in registries (grantHandlers, asEndpoints in token.go), so
// authorization_code, refresh_token, device_code, /as/revoke and /as/userinfo
// can be added without changing the bookkeeping. Errors follow RFC 6749
// (invalid_client 401, invalid_request / unsupported_grant_type /
// unauthorized_client 400); an unknown environment is invalid_client.
//
// Faults ([Emulator.InjectFault] one at a time, a seeded [FaultPlan] on a
// share of all requests) and the request recorder ([Emulator.Requests]) let
// tests exercise retries, rate limits, dropped connections, latency and
// answers lost after a write was applied ([Fault].ApplyFirst), and assert on
// what a client sent and what the emulator really did (RecordedRequest's
// Served beside Status; Authorization values and client_secret form fields
// are recorded as "REDACTED").
//
// The package imports no other package of this module.
package pingonetest
