package mcp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// The stdio transport. The SDK's own stdio and IO transports end the
// session at the first frame they cannot decode (a stray word, truncated
// JSON, a batch, an object that is no JSON-RPC message), without an answer.
// A desktop client that sends one bad line, or a person typing at the
// server, must not take it down: StdioTransport reads one message per line,
// checks it, answers what is malformed itself with a JSON-RPC error, and
// passes only well-formed messages to the SDK.
//
//   - invalid JSON, or text that is not UTF-8: -32700 parse error, id null;
//   - JSON that is not one JSON-RPC 2.0 message (a batch array, a scalar, no
//     or a wrong "jsonrpc", a method that is not a string, an id that is
//     not a string or an integer, neither a method nor a result or error):
//     -32600 invalid request, with the message's id when it has a valid one;
//   - params that are not an object: -32602 invalid params;
//   - a line longer than MaxFrameBytes: -32600, read to its end without
//     keeping it, with the id when it comes before the limit;
//   - an empty line: skipped, as the NDJSON specification allows.
//
// Answers the SDK writes are checked on the way out: an error never goes
// out with code 0 (it becomes -32603), an answer to a request whose id was
// unusable carries "id": null, and an error message is cut to
// maxErrorMessageBytes (the SDK's messages can quote the whole params).
//
// A tools/call whose inputResponses cannot be read (an answer to a
// confirmation prompt that is no elicitation result at all) is passed on
// without them, with the problem in _meta, so that the tool answers "not
// confirmed" as a tool result the model reads (see confirm.go) instead of
// the SDK's invalid-params error the model never sees.

// DefaultMaxFrameBytes is the default bound on one inbound message: far
// above tools.MaxArgumentBytes, so that over-long arguments get the
// toolkit's message, and far below what would strain memory.
const DefaultMaxFrameBytes = 4 << 20

// maxErrorMessageBytes bounds the message of an error answer.
const maxErrorMessageBytes = 1 << 10

// metaInputResponsesError is the _meta key that carries, to the tool
// handler, why a call's inputResponses could not be read.
const metaInputResponsesError = "io.p1kit/inputResponsesError"

// StdioTransport is an sdk.Transport over newline-delimited JSON-RPC on a
// reader and a writer that survives malformed frames (see above).
type StdioTransport struct {
	// Reader and Writer default to os.Stdin and os.Stdout. Neither is
	// closed: the session ends at the end of Reader.
	Reader io.Reader
	Writer io.Writer
	// MaxFrameBytes bounds one inbound message; 0 means DefaultMaxFrameBytes.
	MaxFrameBytes int
	// Logger receives one record per malformed frame (its size and the
	// answer, never its content); nil discards them.
	Logger *slog.Logger

	// raw are the answers written in place of their placeholders (set by
	// Run; see raw.go).
	raw *rawResults
}

// Connect implements sdk.Transport.
func (t *StdioTransport) Connect(context.Context) (sdk.Connection, error) {
	r, w := t.Reader, t.Writer
	if r == nil {
		r = os.Stdin
	}
	if w == nil {
		w = os.Stdout
	}
	limit := t.MaxFrameBytes
	if limit <= 0 {
		limit = DefaultMaxFrameBytes
	}
	log := t.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &frameConn{w: w, limit: limit, log: log, raw: t.raw, incoming: make(chan msgOrErr), closed: make(chan struct{})}
	go c.readLoop(bufio.NewReaderSize(r, 64<<10))
	return c, nil
}

type msgOrErr struct {
	msg jsonrpc.Message
	err error
}

// frameConn is the sdk.Connection of a StdioTransport.
type frameConn struct {
	w     io.Writer
	limit int
	log   *slog.Logger
	raw   *rawResults

	writeMu sync.Mutex

	incoming  chan msgOrErr
	closed    chan struct{}
	closeOnce sync.Once
}

// readLoop reads frames until the end of input, answering malformed ones
// and handing the others to Read. It runs in its own goroutine so that
// Close unblocks a Read waiting for input (the goroutine itself may stay
// blocked on a reader that cannot be interrupted, as the SDK's does).
func (c *frameConn) readLoop(br *bufio.Reader) {
	for {
		line, size, err := readFrame(br, c.limit)
		if size > 0 {
			msg, ferr := c.decode(line, size)
			if ferr != nil {
				c.log.Warn("mcp: malformed message answered", "bytes", size, "code", ferr.code, "error", ferr.message)
				if werr := c.writeRaw(ferr.encode()); werr != nil {
					c.deliver(msgOrErr{err: werr})
					return
				}
			} else if msg != nil && !c.deliver(msgOrErr{msg: msg}) {
				return
			}
		}
		if err != nil {
			c.deliver(msgOrErr{err: err})
			return
		}
	}
}

// deliver hands one message or the final error to Read; false once closed.
func (c *frameConn) deliver(m msgOrErr) bool {
	select {
	case c.incoming <- m:
		return true
	case <-c.closed:
		return false
	}
}

// readFrame reads one line (without its newline). A line longer than limit
// is read to its end but only its first limit+1 bytes are kept; size is
// the line's full length. err is io.EOF after the last line.
func readFrame(br *bufio.Reader, limit int) (line []byte, size int, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		size += len(chunk)
		if keep := min(len(chunk), limit+1-len(line)); keep > 0 {
			line = append(line, chunk[:keep]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == nil {
			line = bytes.TrimSuffix(line, []byte{'\n'})
			size--
		}
		return bytes.TrimSuffix(line, []byte{'\r'}), size, err
	}
}

// Read implements sdk.Connection.
func (c *frameConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-c.closed:
		return nil, io.EOF
	case m := <-c.incoming:
		return m.msg, m.err
	}
}

// Write implements sdk.Connection.
func (c *frameConn) Write(ctx context.Context, msg jsonrpc.Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var data []byte
	var err error
	if resp, ok := msg.(*jsonrpc.Response); ok {
		if answer, raw := c.raw.take(resp.Result); raw && resp.Error == nil {
			// A pre-rendered answer (140 KB for the full catalogue's
			// tools/list) is written as it is, between its frame's head
			// and tail, not copied into one frame first.
			head, err := resultHead(resp, 0)
			if err != nil {
				return fmt.Errorf("encoding a message: %w", err)
			}
			return c.writeRaw(head, answer, []byte("}"))
		}
		data, err = encodeResponse(resp)
	} else {
		data, err = jsonrpc.EncodeMessage(msg)
	}
	if err != nil {
		return fmt.Errorf("encoding a message: %w", err)
	}
	return c.writeRaw(data)
}

// writeRaw writes one frame, the parts one after another and a newline
// after the last, with no other frame in between.
func (c *frameConn) writeRaw(parts ...[]byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	select {
	case <-c.closed:
		return sdk.ErrConnectionClosed
	default:
	}
	last := len(parts) - 1
	for _, p := range parts[:last] {
		if _, err := c.w.Write(p); err != nil {
			return err
		}
	}
	_, err := c.w.Write(append(parts[last], '\n'))
	return err
}

// Close implements sdk.Connection.
func (c *frameConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return nil
}

// SessionID implements sdk.Connection: stdio has no session id.
func (c *frameConn) SessionID() string { return "" }

// frameError is the answer to a malformed frame.
type frameError struct {
	id      json.RawMessage // nil: null
	code    int64
	message string
}

func (e *frameError) encode() []byte {
	id := e.id
	if id == nil {
		id = json.RawMessage("null")
	}
	b, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc.Error   `json:"error"`
	}{"2.0", id, jsonrpc.Error{Code: e.code, Message: e.message}})
	return b
}

func parseError(format string, a ...any) *frameError {
	return &frameError{code: jsonrpc.CodeParseError, message: "parse error: " + fmt.Sprintf(format, a...)}
}

func invalidRequest(id json.RawMessage, format string, a ...any) *frameError {
	return &frameError{id: id, code: jsonrpc.CodeInvalidRequest, message: "invalid request: " + fmt.Sprintf(format, a...)}
}

// decode checks one frame. It returns the message to pass on, or the
// answer to send; neither for a blank line.
func (c *frameConn) decode(line []byte, size int) (jsonrpc.Message, *frameError) {
	if size > c.limit {
		return nil, invalidRequest(idInPrefix(line),
			"the message is %d bytes, more than the limit of %d bytes for one message; nothing of it was processed", size, c.limit)
	}
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 {
		return nil, nil
	}
	if !utf8.Valid(line) {
		return nil, parseError("the message is not valid UTF-8 (byte %d); send UTF-8 JSON, one message per line", firstInvalidUTF8(line)+1)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset >= int64(len(line)) {
			return nil, parseError("the message ends before its JSON is complete; send one whole JSON-RPC message per line")
		}
		if errors.As(err, &se) {
			return nil, parseError("the message is not valid JSON: %s (at byte %d); send one JSON-RPC message per line", se.Error(), se.Offset)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, parseError("the message ends before its JSON is complete; send one whole JSON-RPC message per line")
		}
		if trimmed[0] == '[' {
			return nil, invalidRequest(nil, "batches (JSON arrays) are not supported; send one JSON-RPC message per line")
		}
		return nil, invalidRequest(nil, "a JSON-RPC message is a JSON object, not %s", jsonKindOf(trimmed))
	}
	if obj == nil {
		return nil, invalidRequest(nil, "a JSON-RPC message is a JSON object, not null")
	}
	rawID, hasID := obj["id"]
	id, idErr := checkID(rawID, hasID)
	rawMethod, hasMethod := obj["method"]
	_, hasResult := obj["result"]
	_, hasError := obj["error"]
	version, hasVersion := obj["jsonrpc"]
	if !hasMethod && (hasResult || hasError) {
		// A response (to an elicitation, a ping). A broken one is dropped,
		// never answered: answering a response invites an endless exchange
		// of errors between two strict peers.
		if idErr != "" || id == nil || hasResult == hasError || !hasVersion || string(version) != `"2.0"` {
			c.log.Warn("mcp: malformed response dropped", "bytes", size)
			return nil, nil
		}
		return decodeChecked(line, id)
	}
	if idErr != "" {
		return nil, invalidRequest(nil, "%s", idErr)
	}
	if !hasVersion || string(version) != `"2.0"` {
		return nil, invalidRequest(id, `the message needs "jsonrpc": "2.0"`)
	}
	switch {
	case hasMethod:
		var method string
		if rawMethod = bytes.TrimSpace(rawMethod); len(rawMethod) == 0 || rawMethod[0] != '"' || json.Unmarshal(rawMethod, &method) != nil {
			return nil, invalidRequest(id, `"method" must be a string`)
		}
		if hasResult || hasError {
			return nil, invalidRequest(id, `a message is a request (with "method") or a response (with "result" or "error"), not both`)
		}
		if hasID && id == nil {
			return nil, invalidRequest(nil, `"id" must be a string or an integer, not null (leave "id" out for a notification)`)
		}
		if p, ok := obj["params"]; ok && !isObjectOrNull(p) {
			return nil, &frameError{id: id, code: jsonrpc.CodeInvalidParams,
				message: fmt.Sprintf("invalid params: the params of %s must be a JSON object, not %s", strconv.Quote(cutRunes(method, 64)), jsonKindOf(bytes.TrimSpace(p)))}
		}
		if method == "tools/call" {
			if rewritten, ok := readableInputResponses(obj); ok {
				line = rewritten
			}
		}
	default:
		return nil, invalidRequest(id, `the message has no "method" (a request or notification) and no "result" or "error" (a response)`)
	}
	return decodeChecked(line, id)
}

// decodeChecked decodes a frame the checks let through; what the SDK still
// refuses is an invalid request too.
func decodeChecked(line []byte, id json.RawMessage) (jsonrpc.Message, *frameError) {
	msg, err := jsonrpc.DecodeMessage(line)
	if err != nil {
		return nil, invalidRequest(id, "%s", cutRunes(err.Error(), 200))
	}
	return msg, nil
}

// checkID reads a message's id: a string or an integer (nil id, no
// problem, for an absent or null id). MCP ids are never fractions.
func checkID(raw json.RawMessage, present bool) (json.RawMessage, string) {
	if !present {
		return nil, ""
	}
	raw = bytes.TrimSpace(raw)
	switch {
	case string(raw) == "null":
		return nil, ""
	case len(raw) > 0 && raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil, `"id" must be a string or an integer`
		}
		if len(s) > 256 {
			return nil, `"id" must be at most 256 bytes long`
		}
		return raw, ""
	case len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		if _, err := strconv.ParseInt(string(raw), 10, 64); err != nil {
			return nil, `"id" must be a string or an integer (no fraction, exponent or more than 64 bits)`
		}
		return raw, ""
	}
	return nil, fmt.Sprintf(`"id" must be a string or an integer, not %s`, jsonKindOf(raw))
}

// idInPrefix finds the id of an over-long message in its first bytes,
// when it comes before the limit, so that the client can match the answer.
func idInPrefix(prefix []byte) json.RawMessage {
	dec := json.NewDecoder(bytes.NewReader(prefix))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil
		}
		if key == "id" {
			if id, problem := checkID(v, true); problem == "" {
				return id
			}
			return nil
		}
	}
	return nil
}

func isObjectOrNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && (raw[0] == '{' || string(raw) == "null")
}

// jsonKindOf names the kind of a JSON value for messages.
func jsonKindOf(raw []byte) string {
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case '[':
		return "an array"
	case '{':
		return "an object"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// readableInputResponses checks a tools/call's inputResponses and
// requestState; when they cannot be read (while the rest of the params
// can), it returns the frame without them and with the problem in _meta.
func readableInputResponses(obj map[string]json.RawMessage) ([]byte, bool) {
	var params map[string]json.RawMessage
	if json.Unmarshal(obj["params"], &params) != nil || params == nil {
		return nil, false
	}
	raw, hasResponses := params["inputResponses"]
	if !hasResponses {
		return nil, false
	}
	var p sdk.CallToolParamsRaw
	err := json.Unmarshal(obj["params"], &p)
	if err == nil {
		return nil, false
	}
	var responses sdk.InputResponseMap
	if rerr := json.Unmarshal(raw, &responses); rerr != nil {
		err = rerr
	}
	delete(params, "inputResponses")
	delete(params, "requestState")
	var meta map[string]any
	if m, ok := params["_meta"]; ok && json.Unmarshal(m, &meta) != nil {
		return nil, false // the _meta is broken too: the SDK answers
	}
	if meta == nil {
		meta = map[string]any{}
	}
	meta[metaInputResponsesError] = "the client's answer to the prompt could not be read (" + cutRunes(err.Error(), 200) + ")"
	params["_meta"], _ = json.Marshal(meta)
	pb, _ := json.Marshal(params)
	if json.Unmarshal(pb, &p) != nil {
		return nil, false // something else is wrong: the SDK answers
	}
	obj["params"] = pb
	frame, err := json.Marshal(obj)
	if err != nil {
		return nil, false
	}
	return frame, true
}

// encodeResponse writes an answer as JSON-RPC 2.0 requires it: "id"
// always present (null when the request's id was unusable), an error with a
// valid code and a bounded message.
func encodeResponse(r *jsonrpc.Response) ([]byte, error) {
	if r.Error == nil && len(r.Result) > 0 && bytes.IndexByte(r.Result, '\n') < 0 && json.Valid(r.Result) {
		// The result is the SDK's compact JSON (a tools/list of the full
		// catalogue is 170 KB): it is written as it is, into a buffer of its
		// size with room for the newline, not encoded again. (Anything else
		// is compacted below, so that a frame stays one line.)
		return frameResult(r, r.Result)
	}
	out := struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      any             `json:"id"`
		Result  json.RawMessage `json:"result,omitempty"`
		Error   *jsonrpc.Error  `json:"error,omitempty"`
	}{JSONRPC: "2.0", ID: r.ID.Raw()}
	if r.Error != nil {
		out.Error = wireError(r.Error)
	} else {
		out.Result = r.Result
		if len(out.Result) == 0 {
			out.Result = json.RawMessage("null")
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// frameResult writes a successful answer whose result is compact JSON
// on one line: the SDK's, or a pre-rendered one (raw.go).
func frameResult(r *jsonrpc.Response, result []byte) ([]byte, error) {
	head, err := resultHead(r, len(result)+2)
	if err != nil {
		return nil, err
	}
	return append(append(head, result...), '}'), nil
}

// resultHead is a successful answer's frame up to its result, in a buffer
// with room for more bytes after it.
func resultHead(r *jsonrpc.Response, room int) ([]byte, error) {
	id, err := json.Marshal(r.ID.Raw())
	if err != nil {
		return nil, err
	}
	const head, mid = `{"jsonrpc":"2.0","id":`, `,"result":`
	out := make([]byte, 0, len(head)+len(id)+len(mid)+room)
	return append(append(append(out, head...), id...), mid...), nil
}

// wireError is the SDK's translation of an error to the wire (a wrapped
// *jsonrpc.Error keeps its code), with code 0 made -32603 and the message
// bounded.
func wireError(err error) *jsonrpc.Error {
	var we jsonrpc.Error
	if w, ok := err.(*jsonrpc.Error); ok {
		we = *w
	} else {
		we.Message = err.Error()
		var wrapped *jsonrpc.Error
		if errors.As(err, &wrapped) {
			we.Code = wrapped.Code
		}
	}
	if we.Code == 0 {
		// The SDK sends some refusals without a code. A request before the
		// handshake is an invalid request now; the rest are internal errors.
		we.Code = jsonrpc.CodeInternalError
		if strings.Contains(we.Message, "invalid during session initialization") {
			we.Code = jsonrpc.CodeInvalidRequest
			we.Message += " (send initialize first)"
		}
	}
	we.Message = cutRunes(we.Message, maxErrorMessageBytes)
	return &we
}

// cutRunes bounds s to about n bytes on a rune boundary, saying so.
func cutRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	return fmt.Sprintf("%s… (%d bytes in all)", cut, len(s))
}
