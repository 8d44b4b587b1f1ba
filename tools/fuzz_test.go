package tools

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
)

// FuzzValidate: whatever arguments a caller sends to whichever tool,
// validation returns either a JSON object that the tool's schema accepts
// and its input type decodes, or an invalid-arguments error whose message
// is bounded, valid UTF-8 and holds no value longer than the echo limit.
func FuzzValidate(f *testing.F) {
	all := All()
	sb := "12f999ef-4b95-4964-bd6a-73372c9258f1"
	for _, seed := range []struct {
		tool uint8
		args string
	}{
		{0, `{}`}, {1, `null`}, {2, `[]`}, {3, `{"environmentId":"` + sb + `"}`},
		{4, `{"environmentId":"` + sb + `","limit":5000}`},
		{5, `{"environmentId":"` + sb + `","limit":1.5,"cursor":"p1k1.eyJsIjo1fQ"}`},
		{6, `{"environmentId":"` + sb + `","application":{"name":"x","enabled":true,"protocol":"OPENID_CONNECT","type":"WEB_APP","tokenEndpointAuthMethod":"NONE","grantTypes":["CODE",1]}}`},
		{7, `{"license":{"id":"nope"},"name":"E","region":"NA"}`},
		{8, "{\"environmentId\":\"\xff\"}"}, {9, `{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`},
		{10, `"{\"environmentId\":\"x\"}"`}, {11, `{"environmentId":"` + sb + `"} {}`},
	} {
		f.Add(seed.tool, seed.args)
	}
	f.Fuzz(func(t *testing.T, which uint8, args string) {
		tool := all[int(which)%len(all)]
		norm, err := tool.validate(json.RawMessage(args))
		if err != nil {
			var te *Error
			if !errors.As(err, &te) || te.Kind != KindInvalidArguments {
				t.Fatalf("%s(%q): %T %v, want an invalid-arguments *Error", tool.Name, args, err, err)
			}
			if len(te.Message) > maxMessageBytes || !utf8.ValidString(te.Message) {
				t.Fatalf("%s(%q): message of %d bytes, valid UTF-8 %t", tool.Name, args, len(te.Message), utf8.ValidString(te.Message))
			}
			if long := longestQuoted(te.Message); long > maxEchoRunes {
				t.Fatalf("%s(%q): the message echoes %d characters: %s", tool.Name, args, long, te.Message)
			}
			return
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(norm, &obj) != nil || obj == nil {
			t.Fatalf("%s(%q) accepted %s, which is not a JSON object", tool.Name, args, norm)
		}
		// What validation lets through, the handler's input type reads: the
		// handler gets as far as PingOne (which fails at once, offline).
		delete(obj, confirmArg)
		delete(obj, dryRunArg)
		handlerArgs, _ := json.Marshal(obj)
		_, herr := tool.call(t.Context(), Deps{Client: offline}, handlerArgs)
		var te *Error
		if errors.As(herr, &te) && te.Kind == KindInvalidArguments &&
			(strings.Contains(te.Message, "must be of type") || strings.HasPrefix(te.Message, "arguments are not valid")) {
			t.Fatalf("%s(%q): validation accepted %s, which the handler cannot decode: %s", tool.Name, args, norm, te.Message)
		}
	})
}

// offline is a client whose every request fails at once, without a network.
var offline = func() *pingone.Client {
	c, err := pingone.NewClient(
		pingone.WithBaseURL("http://p1kit.invalid/v1"), pingone.WithAuthBaseURL("http://p1kit.invalid"),
		pingone.WithHTTPClient(&http.Client{Transport: failTransport{}}),
		pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 1}),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "fuzz", TokenType: "Bearer"})))
	if err != nil {
		panic(err)
	}
	return c
}()

type failTransport struct{}

func (failTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("offline")
}

var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// longestQuoted is the length, in characters once unescaped, of the
// longest Go-quoted string in msg.
func longestQuoted(msg string) int {
	longest := 0
	for _, q := range quoted.FindAllString(msg, -1) {
		if s, err := strconv.Unquote(q); err == nil {
			longest = max(longest, utf8.RuneCountInString(s))
		}
	}
	return longest
}

// FuzzPageCursor: parsePageCursor never panics, refuses what p1kit could
// not have made, and a cursor it accepts reads back the same.
func FuzzPageCursor(f *testing.F) {
	for _, s := range []string{
		"", "p1k1.", "p1k1.garbage", pageCursor{Limit: 50}.String(), pageCursor{Cursor: "abc", Limit: 5, Skip: 3}.String(),
		pageCursor{Cursor: "https://api.pingone.com/v1/environments/x/users?cursor=y", Limit: 1000, Skip: 999}.String(),
		"p1k1.eyJsIjo1MDAwfQ", "p1k1.eyJsIjo1LCJzIjotMX0", "PingOneCursor123", "p1k1.e30",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parsePageCursor(s)
		if !ok {
			return
		}
		if c.Limit < 1 || c.Limit > maxPageLimit || c.Skip < 0 {
			t.Fatalf("parsePageCursor(%q) accepted %+v", s, c)
		}
		again, ok := parsePageCursor(c.String())
		if !ok || again != c {
			t.Fatalf("%+v does not round-trip: %q → %+v, %t", c, c.String(), again, ok)
		}
	})
}

// FuzzParsePolicy: whatever a policy file holds, ParsePolicy returns a
// policy or problems (each with a position), never panics, and a policy it
// accepts builds a toolkit or says why not.
func FuzzParsePolicy(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "policy", "*"))
	broken, _ := filepath.Glob(filepath.Join("..", "testdata", "policy", "broken", "*"))
	for _, name := range append(files, broken...) {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"", "{}", "filter:\n  readOnly: false\n", "a: &x [*x, *x]\nb: *x\n", "filter: {excludeTools: [\"delete_*\"]}",
		"guard:\n  environments:\n    - environment: Sandbox\n      writes: true\n", "rules:\n  maxPageSize: -1\n",
		"output:\n  maxResultBytes: 1e99\n", "\t{", "--- !!binary AAAA", "[1, 2", "{\"filter\": {\"readOnly\": \"no\"}}",
	} {
		f.Add([]byte(s))
	}
	reg := NewRegistry(All()...)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy("fuzz.yaml", data, reg)
		if err != nil {
			var perrs PolicyErrors
			if !errors.As(err, &perrs) && !errors.Is(err, ErrPolicyTooLarge) {
				t.Fatalf("ParsePolicy(%q): %T %v, want PolicyErrors", data, err, err)
			}
			for _, e := range perrs {
				if e.Line < 0 || e.Msg == "" {
					t.Fatalf("ParsePolicy(%q): a problem without a position or a message: %+v", data, e)
				}
			}
			return
		}
		_ = p.Config(reg)
	})
}
