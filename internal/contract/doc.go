// Package contract checks p1kit's HTTP traffic against the PingOne OpenAPI
// documents in testdata/openapi: every request the client sends in a test and
// every response the emulator (pingone/pingonetest) answers is validated with
// github.com/getkin/kin-openapi.
//
// # Tests only
//
// This package may be imported from _test.go files only, anywhere in the
// repository. It is the one place that imports kin-openapi, and keeping it
// out of every non-test file keeps kin-openapi (and its YAML and JSON Schema
// dependencies) out of every binary p1kit builds. TestOnlyImportedFromTests
// enforces this by parsing the repository.
//
// # Use
//
//	v := contract.Load(t)                       // the three specs, parsed once per process
//	hc := &http.Client{Transport: v.Transport(t, http.DefaultTransport)}
//	... drive the client ...
//	require.Positive(t, v.Stats().Validated)
//
// or, for front-end tests that only want a client on the emulator:
//
//	c := contract.Client(t, srv)
//
// Transport validates, for each exchange: the route (method and path are
// declared), the parameters (path, query, headers), the request body against
// its schema and content type, that no query parameter is sent that the
// operation does not declare, that a body is sent only where one is declared;
// then that the response status is declared, its headers and its body match the
// schema of that status and content type. A violation is reported with
// tb.Errorf naming the method, the path, the status and the spec's complaint.
// Requests to the auth host (/{envID}/as/...), which no spec describes, are
// passed through and counted separately.
//
// A test that sends an invalid request on purpose (to see the server's 400)
// marks its context with ExpectInvalidRequest: the request's complaints are
// then expected (and their absence is reported), while the response is still
// checked. Validator.Untyped lists the responses the spec gives no schema
// for, which therefore went unchecked.
//
// # Which document
//
// A request is routed to the first document that declares its method and path,
// in this order: gc (pingone-go-client.openapi.yaml, OpenAPI 3.1; newer and
// more precise for /environments, billOfMaterials and totalIdentities), mgmt
// (pingone-management.openapi.yaml), mfa (pingone-mfa.openapi.yaml).
//
// # Decisions
//
//   - doc.Validate is skipped: the PingOne documents do not pass it (invalid
//     examples, conflicting paths), and validating three multi-megabyte
//     documents would cost more than the tests. The legacy router refuses the
//     documents too; gorillamux is used with doc.Servers replaced by "/v1",
//     which matches the API base of the emulator and of PingOne on any host.
//   - Options: MultiError (all complaints at once), NoopAuthenticationFunc
//     (token checks are the emulator's job), IncludeResponseStatus (an
//     undeclared status is a violation), RejectWhenRequestBodyNotSpecified,
//     response bodies validated. ReadOnly validation stays on: a request that
//     sends a readOnly property is reported (PUT is a full replace and PingOne
//     may reject server-owned fields). WriteOnly validation stays on: a
//     response that echoes a writeOnly property (a password) is reported.
//   - Where the spec is wrong or silent, the exception is explicit: see
//     DefaultExceptions in exceptions.go. An exception suppresses one
//     complaint (a substring of it) for one method, path template, status and
//     side, never a whole exchange.
package contract
