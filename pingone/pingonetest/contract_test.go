package pingonetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"
)

// The contract: every response the tests receive is validated against the
// OpenAPI files in testdata/openapi — gc (pingone-go-client) for the
// environment, bill-of-materials and total-identities operations, mgmt for the
// rest. Applications are validated against the variant for their protocol
// (ApplicationOIDC, ApplicationSAML): the spec's oneOf includes
// ApplicationPingOneAdminConsole, which has no required properties and so
// matches every application, making strict oneOf validation fail for any body.

type specRouter struct {
	doc    *openapi3.T
	router routers.Router
}

var (
	contractOnce sync.Once
	contractErr  error
	specMgmt     *specRouter
	specGC       *specRouter
)

var reUUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func loadSpec(name string) (*specRouter, error) {
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "openapi", name)
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	doc.Servers = openapi3.Servers{{URL: "/v1"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("router %s: %w", name, err)
	}
	return &specRouter{doc: doc, router: r}, nil
}

func loadContract() {
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(reUUID.String()))
	specMgmt, contractErr = loadSpec("pingone-management.openapi.yaml")
	if contractErr != nil {
		return
	}
	specGC, contractErr = loadSpec("pingone-go-client.openapi.yaml")
}

func usesGC(path string) bool {
	p := strings.TrimPrefix(path, "/v1")
	segs := splitPath(p)
	if len(segs) == 0 || segs[0] != "environments" {
		return false
	}
	if len(segs) <= 2 {
		return true
	}
	return len(segs) == 3 && (segs[2] == "billOfMaterials" || segs[2] == "totalIdentities")
}

func isApplications(path string) (bool, bool) {
	segs := splitPath(strings.TrimPrefix(path, "/v1"))
	if len(segs) >= 3 && segs[0] == "environments" && segs[2] == "applications" {
		return true, len(segs) == 3
	}
	return false, false
}

// checkContract validates one response. Requests outside /v1 (auth host) are skipped.
func checkContract(t testing.TB, req *http.Request, reqBody []byte, r resp) {
	t.Helper()
	// 405 and 415 are real PingOne answers that the mgmt spec does not declare
	// (it declares 405 on some POSTs only and 415 nowhere).
	if !strings.HasPrefix(req.URL.Path, "/v1/") || r.Status == http.StatusMethodNotAllowed || r.Status == http.StatusUnsupportedMediaType {
		return
	}
	if r.Status == http.StatusNotFound && r.str("message") == "The requested resource was not found." {
		return // unknown route: nothing in the spec to check against
	}
	contractOnce.Do(loadContract)
	require.NoError(t, contractErr)

	if app, list := isApplications(req.URL.Path); app && r.Status < 300 && len(r.Raw) > 0 {
		segs := splitPath(strings.TrimPrefix(req.URL.Path, "/v1"))
		if len(segs) == 3 || len(segs) == 4 {
			bodies := []map[string]any{r.Body}
			if list {
				bodies = r.items("applications")
			}
			for _, b := range bodies {
				name := map[string]string{"OPENID_CONNECT": "ApplicationOIDC", "SAML": "ApplicationSAML", "WS_FED": "ApplicationWSFED", "EXTERNAL_LINK": "ApplicationExternalLink"}[str(b, "protocol")]
				require.NotEmpty(t, name, "application protocol %v", b["protocol"])
				schema := specMgmt.doc.Components.Schemas[name].Value
				var v any
				raw, _ := json.Marshal(b)
				require.NoError(t, json.Unmarshal(raw, &v))
				require.NoError(t, schema.VisitJSON(v, openapi3.VisitAsResponse()), "%s %s: %s", req.Method, req.URL.Path, raw)
			}
			if list {
				return
			}
			return
		}
	}

	sr := specMgmt
	if usesGC(req.URL.Path) {
		sr = specGC
	}
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := sr.router.FindRoute(vreq)
	require.NoError(t, err, "no route in the spec for %s %s", req.Method, req.URL.Path)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status:  r.Status,
		Header:  r.Header,
		Body:    io.NopCloser(bytes.NewReader(r.Raw)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	err = openapi3filter.ValidateResponse(context.Background(), in)
	require.NoError(t, err, "%s %s → %d: %s", req.Method, req.URL.RequestURI(), r.Status, truncate(r.Raw))
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

func TestContractSpecsLoad(t *testing.T) {
	t.Parallel()
	contractOnce.Do(loadContract)
	require.NoError(t, contractErr)
}
