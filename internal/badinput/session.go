package badinput

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"
)

// replyTimeout bounds the wait for one answer, so that a server that
// stops answering fails the test instead of hanging it.
const replyTimeout = 30 * time.Second

// Reply is one message a server wrote.
type Reply struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int64  `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	// Raw is the line as written.
	Raw []byte `json:"-"`
	// HasID says whether the message had an "id" member (null or not).
	HasID bool `json:"-"`
}

// answers reports whether r is the answer to the request with this id (a
// JSON text), not a request of the server's that reuses it.
func (r Reply) answers(id string) bool { return string(r.ID) == id && r.Method == "" }

// RawSession speaks JSON-RPC to an MCP server line by line, so that it can
// send what no MCP client library would: malformed frames, arguments that
// are not JSON. It reads the server's lines in a goroutine.
type RawSession struct {
	w       io.Writer
	replies chan Reply
	readErr chan error

	mu   sync.Mutex
	next int
}

// NewRawSession starts reading the server's output r; w is its input.
func NewRawSession(w io.Writer, r io.Reader) *RawSession {
	s := &RawSession{w: w, replies: make(chan Reply, 64), readErr: make(chan error, 1)}
	go func() {
		br := bufio.NewReaderSize(r, 1<<20)
		for {
			line, err := br.ReadBytes('\n')
			if len(line) > 0 {
				var rep Reply
				var members map[string]json.RawMessage
				if uerr := json.Unmarshal(line, &members); uerr != nil {
					s.readErr <- fmt.Errorf("the server wrote a line that is not a JSON object: %v: %.200s", uerr, line)
					return
				}
				_ = json.Unmarshal(line, &rep)
				_, rep.HasID = members["id"]
				rep.Raw = line
				s.replies <- rep
			}
			if err != nil {
				if errors.Is(err, io.EOF) {
					err = io.EOF
				}
				s.readErr <- err
				return
			}
		}
	}()
	return s
}

// Send writes one line (a newline is added).
func (s *RawSession) Send(line []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.w.Write(append(append([]byte(nil), line...), '\n'))
	return err
}

// Next returns the next message the server writes.
func (s *RawSession) Next() (Reply, error) {
	select {
	case r := <-s.replies:
		return r, nil
	case err := <-s.readErr:
		s.readErr <- err
		// Drain what was read before the end.
		select {
		case r := <-s.replies:
			return r, nil
		default:
		}
		return Reply{}, fmt.Errorf("the server's output ended: %w", err)
	case <-time.After(replyTimeout):
		return Reply{}, fmt.Errorf("no answer within %s", replyTimeout)
	}
}

// NewID returns a fresh request id (a JSON string).
func (s *RawSession) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	return strconv.Quote("r" + strconv.Itoa(s.next))
}

// Request sends a request with a fresh id and returns its answer, and the
// other messages the server wrote before it.
func (s *RawSession) Request(method string, params json.RawMessage) (Reply, []Reply, error) {
	id := s.NewID()
	frame := `{"jsonrpc":"2.0","id":` + id + `,"method":` + strconv.Quote(method)
	if params != nil {
		frame += `,"params":` + string(params)
	}
	if err := s.Send([]byte(frame + "}")); err != nil {
		return Reply{}, nil, err
	}
	return s.Await(id)
}

// Await reads until the answer with this id (a JSON text) arrives.
func (s *RawSession) Await(id string) (Reply, []Reply, error) {
	var before []Reply
	for {
		r, err := s.Next()
		if err != nil {
			return Reply{}, before, err
		}
		if r.answers(id) {
			return r, before, nil
		}
		before = append(before, r)
	}
}

// Initialize runs the MCP handshake.
func (s *RawSession) Initialize(protocolVersion string) error {
	r, _, err := s.Request("initialize", json.RawMessage(`{"protocolVersion":`+strconv.Quote(protocolVersion)+
		`,"capabilities":{},"clientInfo":{"name":"badinput","version":"v0"}}`))
	if err != nil {
		return err
	}
	if r.Error != nil {
		return fmt.Errorf("initialize: %d %s", r.Error.Code, r.Error.Message)
	}
	return s.Send([]byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`))
}

// CallTool sends a tools/call with the arguments as raw text, which may be
// anything, and returns the answer: the call's own, or the error the
// server gave the frame when it could not read it (a frame split by a raw
// newline gets one for each of its lines; the first is returned). A ping
// after the frame tells the two apart: the server answers a malformed line
// before it reads the next one.
func (s *RawSession) CallTool(name, args string) (Reply, error) {
	id := s.NewID()
	nameJSON, _ := json.Marshal(name)
	frame := `{"jsonrpc":"2.0","id":` + id + `,"method":"tools/call","params":{"name":` + string(nameJSON)
	if args != "" {
		frame += `,"arguments":` + args
	}
	if err := s.Send([]byte(frame + "}}")); err != nil {
		return Reply{}, err
	}
	pingID := s.NewID()
	if err := s.Send([]byte(`{"jsonrpc":"2.0","id":` + pingID + `,"method":"ping"}`)); err != nil {
		return Reply{}, err
	}
	var frameErr *Reply
	pinged := false
	for {
		r, err := s.Next()
		if err != nil {
			return Reply{}, err
		}
		switch {
		case r.answers(id):
			if !pinged {
				// Wait for the ping's answer too, so that the next call
				// starts afresh.
				if _, _, err := s.Await(pingID); err != nil {
					return Reply{}, err
				}
			}
			return r, nil
		case r.answers(pingID):
			pinged = true
			if frameErr != nil {
				return *frameErr, nil
			}
		case string(r.ID) == "null" && r.Error != nil && !pinged:
			if frameErr == nil {
				frameErr = &r
			}
		}
	}
}
