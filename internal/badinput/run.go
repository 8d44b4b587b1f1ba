package badinput

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// MaxMessageBytes bounds what any front end shows for a bad call.
const MaxMessageBytes = 4 << 10

// protocolProblem is what a front end's own refusal of arguments it cannot
// carry must say.
var protocolProblem = regexp.MustCompile(`not valid (JSON|UTF-8)|JSON is complete|nesting depth`)

// Result is what a front end showed for one call.
type Result struct {
	// Text is the result, or the error message without any front-end
	// prefix such as "p1: ".
	Text string
	// Failed is true when the front end reported a failure.
	Failed bool
	// Protocol is true when the front end refused the call in its own
	// protocol (an MCP parse error for arguments that are not JSON), before
	// the toolkit saw it.
	Protocol bool
}

// FrontEnd calls tools the way one front end does.
type FrontEnd interface {
	Call(t *testing.T, tool, args string) Result
}

// Lenient is implemented by a front end that rightly accepts some of the
// cases (an OpenAI strict-mode front end reads a null optional argument
// as "not given"); Run skips those and counts them.
type Lenient interface {
	Allows(c Case) bool
}

// Factory starts a front end over srv, with every tool available (write
// tools too: bad calls of them must be refused before any guard runs).
type Factory func(t *testing.T, srv *pingonetest.Server) FrontEnd

// Stats are the figures of a Run.
type Stats struct {
	// Cases is how many bad calls went through, Allowed how many the front
	// end rightly accepted (see Lenient).
	Cases, Allowed int
	// Largest is the longest message shown, in bytes, and LargestCase the
	// case that produced it.
	Largest     int
	LargestCase string
}

// Run puts every case through the front end f makes and checks it.
func Run(t *testing.T, name string, f Factory) Stats {
	t.Helper()
	srv := pingonetest.NewTestServer(t)
	ref := Toolkit(t, srv)
	fe := f(t, srv)
	var st Stats
	lenient, _ := fe.(Lenient)
	for _, c := range Cases() {
		if lenient != nil && lenient.Allows(c) {
			st.Allowed++
			continue
		}
		srv.ResetRequests()
		_, refErr := ref.Call(context.WithoutCancel(t.Context()), c.Tool, json.RawMessage(c.Args))
		var te *tools.Error
		require.True(t, errors.As(refErr, &te), "%s: the library refuses the call (%v)", c.Name, refErr)
		want := refErr.Error()
		for _, w := range c.Want {
			require.Contains(t, want, w, "%s: the library's message names what to fix", c.Name)
		}
		require.Empty(t, srv.Requests(), "%s: the library sent a request", c.Name)

		srv.ResetRequests()
		res := fe.Call(t, c.Tool, c.Args)
		st.Cases++
		if len(res.Text) > st.Largest {
			st.Largest, st.LargestCase = len(res.Text), c.Name
		}
		assert.True(t, res.Failed, "%s: %s shows a failure: %.300s", c.Name, name, res.Text)
		assert.LessOrEqual(t, len(res.Text), MaxMessageBytes, "%s: %s's message is bounded", c.Name, name)
		for _, trace := range []string{"goroutine ", "panic:", "runtime.", ".go:"} {
			assert.NotContains(t, res.Text, trace, "%s: %s shows no stack trace", c.Name, name)
		}
		if res.Protocol && !strings.Contains(res.Text, want) {
			// The front end's protocol cannot carry these arguments (they
			// are not JSON, or nest deeper than its decoder reads): its own
			// error must still say what is wrong with them.
			assert.Regexp(t, protocolProblem, res.Text, "%s: %s", c.Name, name)
			assert.True(t, !json.Valid([]byte(c.Args)) || !utf8.ValidString(c.Args) || strings.Contains(c.Args, strings.Repeat("[", 1000)),
				"%s: %s refused well-formed arguments in its protocol: %s", c.Name, name, res.Text)
		} else {
			assert.Contains(t, res.Text, want, "%s: %s shows the library's message", c.Name, name)
		}
		for _, r := range srv.Requests() {
			assert.Fail(t, "a bad call reached the emulator", "%s: %s sent %s %s", c.Name, name, r.Method, r.Path)
		}
	}
	t.Logf("%s: %d bad calls refused (%d more rightly accepted); the largest message is %d bytes (%s)",
		name, st.Cases, st.Allowed, st.Largest, st.LargestCase)
	return st
}

// Toolkit is the reference: the library over srv with every tool
// available, signed in with a token the emulator issued.
func Toolkit(t *testing.T, srv *pingonetest.Server) *tools.Toolkit {
	t.Helper()
	client, err := pingone.NewClient(pingone.WithBaseURL(srv.APIURL()), pingone.WithAuthBaseURL(srv.AuthURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(24 * time.Hour), TokenType: "Bearer"})))
	require.NoError(t, err)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{Filter: tools.Filter{AllowWrites: true}, FrontEnd: "badinput"})
	require.NoError(t, err)
	return tk
}
