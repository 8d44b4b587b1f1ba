package badinput

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// JSON-RPC error codes the frames are answered with.
const (
	CodeParseError     = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInvalidParams  = -32602
)

// Frame is one line an MCP client might send on stdio that is not a valid
// JSON-RPC message, and the answer it must get.
type Frame struct {
	Name string
	Line []byte
	// Code is the error code of the answer; 0 means no answer at all (an
	// empty line, a broken response, which are dropped).
	Code int64
	// ID is the answer's id as JSON text ("null" when the frame's id is
	// missing or unusable).
	ID string
	// Want is a part of the answer's message that says what is wrong.
	Want string
	// BeforeInit, when set, is the code before the MCP handshake (when the
	// server refuses any request but ping until initialize).
	BeforeInit int64
}

// Frames are the malformed frames: each kind a client, a proxy or a
// person typing at the server has been seen to send. maxFrame is the
// server's limit on one message; one frame is longer.
func Frames(maxFrame int) []Frame {
	huge := `{"jsonrpc":"2.0","id":"huge","method":"tools/call","params":{"name":"list_environments","arguments":{"x":"` +
		strings.Repeat("a", maxFrame) + `"}}}`
	hugeNoID := `{"jsonrpc":"2.0","method":"tools/call","params":{"x":"` + strings.Repeat("b", maxFrame) + `"},"id":"late"}`
	deep := `{"jsonrpc":"2.0","id":"deep","method":"ping","params":{"a":` + strings.Repeat("[", 3000) + strings.Repeat("]", 3000) + `}}`
	return []Frame{
		{Name: "a stray word", Line: []byte("hello"), Code: CodeParseError, ID: "null", Want: "not valid JSON"},
		{Name: "a shell command", Line: []byte(`ls -la /`), Code: CodeParseError, ID: "null", Want: "not valid JSON"},
		{Name: "truncated JSON", Line: []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/list"`), Code: CodeParseError, ID: "null", Want: "ends before"},
		{Name: "truncated string", Line: []byte(`{"jsonrpc":"2.0","id":7,"method":"tools/li`), Code: CodeParseError, ID: "null", Want: "ends before"},
		{Name: "two messages on one line", Line: []byte(`{"jsonrpc":"2.0","id":8,"method":"ping"} {"jsonrpc":"2.0","id":9,"method":"ping"}`),
			Code: CodeParseError, ID: "null", Want: "after top-level value"},
		{Name: "a batch", Line: []byte(`[{"jsonrpc":"2.0","id":10,"method":"ping"},{"jsonrpc":"2.0","id":11,"method":"ping"}]`),
			Code: CodeInvalidRequest, ID: "null", Want: "batches"},
		{Name: "an empty batch", Line: []byte(`[]`), Code: CodeInvalidRequest, ID: "null", Want: "batches"},
		{Name: "a number", Line: []byte(`42`), Code: CodeInvalidRequest, ID: "null", Want: "JSON object, not a number"},
		{Name: "a string", Line: []byte(`"ping"`), Code: CodeInvalidRequest, ID: "null", Want: "JSON object, not a string"},
		{Name: "null", Line: []byte(`null`), Code: CodeInvalidRequest, ID: "null", Want: "not null"},
		{Name: "true", Line: []byte(`true`), Code: CodeInvalidRequest, ID: "null", Want: "not a boolean"},
		{Name: "an empty object", Line: []byte(`{}`), Code: CodeInvalidRequest, ID: "null", Want: `"jsonrpc": "2.0"`},
		{Name: "no jsonrpc member", Line: []byte(`{"id":12,"method":"ping"}`), Code: CodeInvalidRequest, ID: "12", Want: `"jsonrpc": "2.0"`},
		{Name: "jsonrpc 1.0", Line: []byte(`{"jsonrpc":"1.0","id":13,"method":"ping"}`), Code: CodeInvalidRequest, ID: "13", Want: `"jsonrpc": "2.0"`},
		{Name: "jsonrpc as a number", Line: []byte(`{"jsonrpc":2.0,"id":14,"method":"ping"}`), Code: CodeInvalidRequest, ID: "14", Want: `"jsonrpc": "2.0"`},
		{Name: "no method", Line: []byte(`{"jsonrpc":"2.0","id":15}`), Code: CodeInvalidRequest, ID: "15", Want: `no "method"`},
		{Name: "a method that is a number", Line: []byte(`{"jsonrpc":"2.0","id":16,"method":5}`), Code: CodeInvalidRequest, ID: "16", Want: `"method" must be a string`},
		{Name: "a method that is null", Line: []byte(`{"jsonrpc":"2.0","id":17,"method":null}`), Code: CodeInvalidRequest, ID: "17", Want: `"method" must be a string`},
		{Name: "an object id", Line: []byte(`{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}`), Code: CodeInvalidRequest, ID: "null", Want: `"id" must be a string or an integer`},
		{Name: "an array id", Line: []byte(`{"jsonrpc":"2.0","id":[1],"method":"ping"}`), Code: CodeInvalidRequest, ID: "null", Want: `"id" must be a string or an integer`},
		{Name: "a fractional id", Line: []byte(`{"jsonrpc":"2.0","id":1.5,"method":"ping"}`), Code: CodeInvalidRequest, ID: "null", Want: "no fraction"},
		{Name: "a boolean id", Line: []byte(`{"jsonrpc":"2.0","id":true,"method":"ping"}`), Code: CodeInvalidRequest, ID: "null", Want: `"id" must be a string or an integer`},
		{Name: "a null id", Line: []byte(`{"jsonrpc":"2.0","id":null,"method":"ping"}`), Code: CodeInvalidRequest, ID: "null", Want: "not null"},
		{Name: "both method and result", Line: []byte(`{"jsonrpc":"2.0","id":18,"method":"ping","result":{}}`), Code: CodeInvalidRequest, ID: "18", Want: "not both"},
		{Name: "params a string", Line: []byte(`{"jsonrpc":"2.0","id":19,"method":"tools/list","params":"all"}`), Code: CodeInvalidParams, ID: "19", Want: "must be a JSON object"},
		{Name: "params an array", Line: []byte(`{"jsonrpc":"2.0","id":20,"method":"tools/call","params":["list_environments"]}`), Code: CodeInvalidParams, ID: "20", Want: "must be a JSON object"},
		{Name: "an unknown method", Line: []byte(`{"jsonrpc":"2.0","id":21,"method":"tools/destroy"}`), Code: CodeMethodNotFound, ID: "21", Want: "tools/destroy",
			BeforeInit: CodeInvalidRequest},
		{Name: "not UTF-8", Line: []byte("{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"ping\",\"params\":{\"x\":\"\xff\xfe\"}}"), Code: CodeParseError, ID: "null", Want: "not valid UTF-8"},
		{Name: "Latin-1 text", Line: []byte("caf\xe9"), Code: CodeParseError, ID: "null", Want: "not valid UTF-8"},
		{Name: "a raw control character", Line: []byte("{\"jsonrpc\":\"2.0\",\"id\":23,\"method\":\"ping\",\"params\":{\"x\":\"a\x00b\"}}"), Code: CodeParseError, ID: "null", Want: "not valid JSON"},
		{Name: "an escape sequence", Line: []byte("\x1b[2J\x1b[H"), Code: CodeParseError, ID: "null", Want: "not valid JSON"},
		{Name: "nesting deeper than the SDK reads", Line: []byte(deep), Code: CodeInvalidRequest, ID: `"deep"`, Want: "depth"},
		{Name: "a line over the limit, id first", Line: []byte(huge), Code: CodeInvalidRequest, ID: `"huge"`, Want: "more than the limit"},
		{Name: "a line over the limit, id last", Line: []byte(hugeNoID), Code: CodeInvalidRequest, ID: "null", Want: "more than the limit"},
		{Name: "an empty line", Line: []byte(""), Code: 0},
		{Name: "a line of spaces", Line: []byte("   \t "), Code: 0},
		{Name: "a carriage return", Line: []byte("\r"), Code: 0},
		{Name: "a response to no request", Line: []byte(`{"jsonrpc":"2.0","id":"nobody","result":{}}`), Code: 0},
		{Name: "a broken response", Line: []byte(`{"jsonrpc":"2.0","error":{"code":1,"message":"x"}}`), Code: 0},
	}
}

// FrameStats are the figures of a RunFrames.
type FrameStats struct {
	// Frames is how many malformed frames were sent, Answered how many got
	// an error answer, Valid how many valid requests were answered.
	Frames, Answered, Valid int
	// LargestAnswer is the longest error answer, in bytes.
	LargestAnswer int
}

// RunFrames sends every frame to a server over s, each followed by a
// valid ping, first before the MCP handshake and then after it, and
// checks the answers: each malformed frame gets exactly its error (or
// nothing), every valid request is answered, no error has code 0, and
// the session still lists and calls tools at the end.
func RunFrames(t *testing.T, s *RawSession, maxFrame int) FrameStats {
	t.Helper()
	var st FrameStats
	initialized := false
	run := func(phase string) {
		for _, f := range Frames(maxFrame) {
			require.NoError(t, s.Send(f.Line), "%s: %s", phase, f.Name)
			st.Frames++
			ping, before, err := s.Request("ping", nil)
			require.NoError(t, err, "%s: %s: the server must answer the next request", phase, f.Name)
			require.Nil(t, ping.Error, "%s: %s: ping: %s", phase, f.Name, ping.Raw)
			st.Valid++
			if f.Code == 0 {
				assert.Empty(t, before, "%s: %s gets no answer", phase, f.Name)
				continue
			}
			if f.ID != "null" && !answered(before, f.ID) {
				// A frame the transport could read is a request the SDK
				// answers, and it answers requests concurrently once the
				// session is up: the error may come after the ping's answer.
				late, more, err := s.Await(f.ID)
				require.NoError(t, err, "%s: %s: its answer never came", phase, f.Name)
				before = append(append(before, more...), late)
			}
			if !assert.Len(t, before, 1, "%s: %s gets one answer", phase, f.Name) {
				continue
			}
			a := before[0]
			st.Answered++
			st.LargestAnswer = max(st.LargestAnswer, len(a.Raw))
			require.NotNil(t, a.Error, "%s: %s: %s", phase, f.Name, a.Raw)
			code := f.Code
			if f.BeforeInit != 0 && !initialized {
				code = f.BeforeInit
			}
			assert.Equal(t, code, a.Error.Code, "%s: %s: %s", phase, f.Name, a.Raw)
			assert.True(t, a.HasID, "%s: %s: an error answer always has an id member", phase, f.Name)
			assert.Equal(t, f.ID, string(a.ID), "%s: %s", phase, f.Name)
			assert.Contains(t, a.Error.Message, f.Want, "%s: %s", phase, f.Name)
			assert.Less(t, len(a.Raw), 2048, "%s: %s: the answer is short", phase, f.Name)
		}
	}

	// Before initialize, as a client that starts with a bad line would.
	run("before initialize")
	r, _, err := s.Request("tools/list", nil)
	require.NoError(t, err)
	require.NotNil(t, r.Error, "tools/list before initialize is refused: %s", r.Raw)
	assert.NotZero(t, r.Error.Code, "no error goes out with code 0: %s", r.Raw)
	st.Valid++

	assert.Equal(t, int64(CodeInvalidRequest), r.Error.Code, "%s", r.Raw)
	require.NoError(t, s.Initialize("2025-06-18"))
	initialized = true
	st.Valid++
	run("after initialize")

	r, _, err = s.Request("tools/list", nil)
	require.NoError(t, err)
	require.Nil(t, r.Error, "%s", r.Raw)
	var list struct {
		Tools []struct{ Name string } `json:"tools"`
	}
	require.NoError(t, json.Unmarshal(r.Result, &list))
	assert.NotEmpty(t, list.Tools)
	r, _, err = s.Request("tools/call", json.RawMessage(`{"name":"list_environments","arguments":{}}`))
	require.NoError(t, err)
	require.Nil(t, r.Error, "%s", r.Raw)
	assert.Contains(t, string(r.Result), "Sandbox")
	st.Valid += 2
	return st
}

// answered says whether one of the replies answers the request with this id.
func answered(replies []Reply, id string) bool {
	for _, r := range replies {
		if r.answers(id) {
			return true
		}
	}
	return false
}
