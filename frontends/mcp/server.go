package mcp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/tools"
)

// Name is the implementation name the server reports to clients.
const Name = "p1kit"

// The tool modes: how a server lists the toolkit's tools.
const (
	// ModeDirect lists every tool the toolkit exposes.
	ModeDirect = "direct"
	// ModeDiscover lists three small tools (search_tools, describe_tool,
	// call_tool) that stand for every tool the toolkit exposes, under the
	// same policy (see tools.Toolkit.Discover).
	ModeDiscover = "discover"
)

// Options configures a server. A nil *Options is valid and means defaults.
type Options struct {
	// Instructions replaces the instructions written from the toolkit
	// (tools.Toolkit.Instructions) when non-empty.
	Instructions string
	// Mode is ModeDirect (the default) or ModeDiscover.
	Mode string
	// Version is the version reported to clients; default pingone.Version.
	Version string
	// Logger receives the SDK's own records (connections, protocol errors);
	// nil discards them. It never sees arguments or results.
	Logger *slog.Logger
	// Transport is what Run serves on; nil means a StdioTransport on
	// os.Stdin and os.Stdout, which answers malformed frames and goes on.
	Transport sdk.Transport

	// raw, set by Run on its StdioTransport, carries tools/list past the
	// SDK's encoder (raw.go).
	raw *rawResults
}

// NewServer returns an MCP server exposing every tool tk makes visible.
func NewServer(tk *tools.Toolkit, opts *Options) *sdk.Server {
	if opts == nil {
		opts = &Options{}
	}
	version := opts.Version
	if version == "" {
		version = pingone.Version
	}
	discover := opts.Mode == ModeDiscover
	instructions := opts.Instructions
	if instructions == "" {
		instructions = tk.Instructions()
		if discover {
			instructions = tk.DiscoveryInstructions()
		}
	}
	server := sdk.NewServer(&sdk.Implementation{Name: Name, Title: "p1kit for PingOne", Version: version}, &sdk.ServerOptions{
		Instructions: instructions,
		Logger:       opts.Logger,
		// The tool list is fixed for the life of the server, and p1kit sends
		// no MCP log messages: advertise tools only, even when none is visible.
		Capabilities: &sdk.ServerCapabilities{Tools: &sdk.ToolCapabilities{}},
	})
	conf := newConfirmer()
	defs, handler := tk.Definitions, func(name string) sdk.ToolHandler { return handlerFor(tk, name, conf) }
	if discover {
		defs, handler = tk.DiscoveryDefinitions, func(name string) sdk.ToolHandler { return discoveryHandler(tk, name, conf) }
	}
	cat := newCatalogue(server, defs, handler, opts.raw)
	server.AddReceivingMiddleware(callTools(tk, discover), cat.middleware)
	return server
}

// catalogue answers tools/list and adds a tool to the SDK's server only
// when it is first called. The SDK would check every tool's schema in
// AddTool and encode each one again for every tools/list; with the full
// catalogue that was most of the start → tools/list time of p1 mcp run.
// tools/list is answered from JSON written once from the definitions, in
// the SDK's order (by name) and shape; tools/call goes on to the SDK, which
// runs the handler (and the protocol's input requests) as for any tool.
// The server advertises no tools/list_changed, so adding a tool on first
// use notifies no one: the list a client has is the list it keeps.
type catalogue struct {
	server  *sdk.Server
	handler func(name string) sdk.ToolHandler

	// raw, when set, takes the tools/list answers the transport writes.
	raw *rawResults

	// ready is closed when byName and answer are written: the definitions
	// are rendered and written while the client and server shake hands.
	ready  chan struct{}
	byName map[string]tools.Definition
	answer []byte // the tools/list result, as JSON

	mu    sync.Mutex
	added map[string]bool
}

func newCatalogue(server *sdk.Server, defs func() []tools.Definition, handler func(name string) sdk.ToolHandler, raw *rawResults) *catalogue {
	c := &catalogue{server: server, handler: handler, raw: raw, ready: make(chan struct{}), added: map[string]bool{}}
	go func() {
		defer close(c.ready)
		list := defs()
		c.byName = make(map[string]tools.Definition, len(list))
		for _, d := range list {
			c.byName[d.Name] = d
		}
		c.render()
	}()
	return c
}

func (c *catalogue) middleware(next sdk.MethodHandler) sdk.MethodHandler {
	return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
		if method != "tools/list" && method != "tools/call" {
			return next(ctx, method, req)
		}
		select {
		case <-c.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if method == "tools/list" {
			if p, ok := req.GetParams().(*sdk.ListToolsParams); ok && p != nil && p.Cursor != "" {
				// One page holds every tool: no answer ever gave a cursor.
				return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: fmt.Sprintf("invalid cursor %q: tools/list answers every tool in one page", cutRunes(p.Cursor, 64))}
			}
			return &toolList{ListToolsResult: &sdk.ListToolsResult{Tools: []*sdk.Tool{}}, answer: c.answer, raw: c.raw}, nil
		}
		if p, ok := req.GetParams().(*sdk.CallToolParamsRaw); ok && p != nil {
			c.add(p.Name)
		}
		return next(ctx, method, req)
	}
}

// add adds the named tool to the SDK's server the first time it is
// called; a name that is no tool of this server's is left for the SDK to
// refuse.
func (c *catalogue) add(name string) {
	d, ok := c.byName[name]
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.added[name] {
		return
	}
	addTool(c.server, d, c.handler(name))
	c.added[name] = true
}

// render writes the tools/list result once, as the SDK answers it (its
// Cacheable normalised), each tool as the SDK writes an *sdk.Tool from
// toolOf, but with only the hints that differ from MCP's defaults (see
// toolOf) and the pre-rendered schema as it is.
func (c *catalogue) render() {
	names := slices.Sorted(maps.Keys(c.byName))
	var b bytes.Buffer
	b.Grow(1024 * len(names))
	b.WriteString(`{"ttlMs":0,"cacheScope":"public","tools":[`)
	for i, name := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		writeTool(&b, c.byName[name])
	}
	b.WriteString("]}")
	c.answer = b.Bytes()
}

// writeTool writes one tool of a tools/list answer, its members in the
// order the SDK writes them (annotations last, as toolList did).
func writeTool(b *bytes.Buffer, d tools.Definition) {
	t := toolOf(d)
	if t.Description != "" {
		b.WriteString(`{"description":`)
		writeString(b, t.Description)
		b.WriteString(`,"inputSchema":`)
	} else {
		b.WriteString(`{"inputSchema":`)
	}
	b.Write(d.InputSchema)
	b.WriteString(`,"name":`)
	writeString(b, t.Name)
	if t.Title != "" {
		b.WriteString(`,"title":`)
		writeString(b, t.Title)
	}
	a := t.Annotations
	var hs []string
	if a.DestructiveHint != nil {
		hs = append(hs, `"destructiveHint":`+strconv.FormatBool(*a.DestructiveHint))
	}
	if a.IdempotentHint {
		hs = append(hs, `"idempotentHint":true`)
	}
	if a.OpenWorldHint != nil {
		hs = append(hs, `"openWorldHint":`+strconv.FormatBool(*a.OpenWorldHint))
	}
	if a.ReadOnlyHint {
		hs = append(hs, `"readOnlyHint":true`)
	}
	if len(hs) > 0 {
		b.WriteString(`,"annotations":{` + strings.Join(hs, ",") + `}`)
	}
	b.WriteByte('}')
}

// writeString writes s as a JSON string, as encoding/json does (HTML
// characters escaped). Most names and descriptions need no escape at all
// and are written as they are.
func writeString(b *bytes.Buffer, s string) {
	if plainJSONString(s) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	q, _ := json.Marshal(s) // a string always encodes
	b.Write(q)
}

// plainJSONString reports whether encoding/json writes s between quotes
// unchanged: valid UTF-8 without control characters, quotes, backslashes,
// the characters it escapes for HTML, or U+2028 and U+2029.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return utf8.ValidString(s) && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029")
}

// toolList is a tools/list answer rendered by the catalogue.
type toolList struct {
	*sdk.ListToolsResult
	answer []byte
	raw    *rawResults
}

func (l *toolList) MarshalJSON() ([]byte, error) {
	if l.raw != nil {
		return l.raw.put(l.answer), nil
	}
	return l.answer, nil
}

// Run serves the toolkit until the client disconnects or ctx is done.
// A client closing the connection is a normal end, not an error.
func Run(ctx context.Context, tk *tools.Toolkit, opts *Options) error {
	var o Options
	if opts != nil {
		o = *opts
	}
	var transport sdk.Transport = &StdioTransport{}
	if o.Transport != nil {
		transport = o.Transport
	}
	if st, ok := transport.(*StdioTransport); ok {
		// A copy: the caller's transport is not changed.
		linked := *st
		linked.raw = &rawResults{}
		o.raw, transport = linked.raw, &linked
	}
	err := NewServer(tk, &o).Run(ctx, transport)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil // interrupted: a clean shutdown
	}
	return err
}

// objectSchema is what AddTool checks a tool's schema against.
var objectSchema = &jsonschema.Schema{Type: "object"}

// addTool adds a tool whose schema is the toolkit's pre-rendered JSON.
// AddTool would decode a JSON schema again to check that it is an object
// (for every tool it adds): it is given a schema it checks for
// free, and the tool then carries the rendered JSON, which tools/list
// sends as it is. (The toolkit's schemas are objects: tools.New and the
// definitions tests make sure of it.)
func addTool(server *sdk.Server, d tools.Definition, h sdk.ToolHandler) {
	t := toolOf(d)
	t.InputSchema = objectSchema
	server.AddTool(t, h)
	t.InputSchema = d.InputSchema
}

// toolOf translates a toolkit definition into its MCP description. The
// schema is the toolkit's pre-rendered JSON, so tools/list encodes no
// schema; the title is said once (annotations carry none). The hints say
// only what differs from MCP's defaults (readOnlyHint false,
// destructiveHint true, idempotentHint false, openWorldHint true), and
// destructiveHint and idempotentHint only for a tool that writes, where
// they mean something; writeTool leaves out the false values go-sdk would
// write anyway.
func toolOf(d tools.Definition) *sdk.Tool {
	a := d.Annotations
	ann := &sdk.ToolAnnotations{ReadOnlyHint: a.ReadOnly, IdempotentHint: a.Idempotent && !a.ReadOnly}
	if !a.ReadOnly && !a.Destructive {
		ann.DestructiveHint = new(false)
	}
	if !a.OpenWorld {
		ann.OpenWorldHint = new(false)
	}
	return &sdk.Tool{
		Name:        d.Name,
		Title:       d.Title,
		Description: d.Description,
		InputSchema: d.InputSchema,
		Annotations: ann,
	}
}

// handlerFor calls the toolkit and turns its answer into a tool result;
// a call that needs confirmation asks the person where the client can
// (confirm.go). It never returns a Go error: failures are results the
// model can read.
func handlerFor(tk *tools.Toolkit, name string, conf *confirmer) sdk.ToolHandler {
	return func(ctx context.Context, req *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
		var args json.RawMessage
		if req != nil && req.Params != nil {
			args = req.Params.Arguments
		}
		if why := unreadableAnswer(req); why != "" {
			// The transport could not read the client's answer to a prompt:
			// whatever it asked, the call is not confirmed (nor signed in).
			return toolResult(tk.Call(tools.WithConfirmationFailed(ctx, why), name, args)), nil
		}
		ctx = withProgress(ctx, req)
		if r, ok := conf.answered(ctx, tk, name, args, req); ok {
			return r, nil
		}
		res, signIn, err := callWithSignIn(ctx, req, func() (*tools.Result, error) { return tk.Call(ctx, name, args) })
		if signIn != nil {
			askedFor(ctx, inputSignIn)
			return signIn, nil
		}
		if r := conf.ask(name, args, req, err); r != nil {
			askedFor(ctx, inputConfirm)
			return r, nil
		}
		return toolResult(res, err), nil
	}
}

// callTools is the receiving middleware of tools/call:
//
//   - a tool p1kit ships but the policy hides gets the toolkit's refusal as
//     a tool result (audited, and worded as in every front end) rather than
//     the protocol's unknown-tool error the model never reads;
//   - a name p1kit does not ship gets the protocol's invalid-params error,
//     with the toolkit's message (audited; a long name is cut);
//   - a call that asked the person (an input request) and whose asking then
//     failed — on protocol versions before 2026-07-28 the SDK elicits for
//     the server, and the client's error or an answer that does not match
//     the form comes back here as a Go error — becomes a tool result saying
//     that the call was not confirmed and nothing was sent.
func callTools(tk *tools.Toolkit, discover bool) sdk.Middleware {
	return func(next sdk.MethodHandler) sdk.MethodHandler {
		return func(ctx context.Context, method string, req sdk.Request) (sdk.Result, error) {
			if method != "tools/call" {
				return next(ctx, method, req)
			}
			p, ok := req.GetParams().(*sdk.CallToolParamsRaw)
			if !ok || p == nil {
				return next(ctx, method, req)
			}
			name, args := p.Name, p.Arguments
			if discover {
				if !isDiscoveryTool(p.Name) {
					// Only the discovery tools are listed: any other name is
					// no tool of this server's.
					return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: fmt.Sprintf(
						"unknown tool %q; the tools are %s, %s and %s", cutRunes(p.Name, 64), tools.SearchToolsName, tools.DescribeToolName, tools.CallToolName)}
				}
				if p.Name != tools.CallToolName {
					return next(ctx, method, req)
				}
				var err error
				if name, args, err = tools.CallArguments(p.Arguments); err != nil {
					return next(ctx, method, req) // the handler answers with the same message
				}
			} else if _, visible := tk.Tool(p.Name); !visible {
				_, err := tk.Call(ctx, p.Name, p.Arguments)
				var te *tools.Error
				if errors.As(err, &te) && te.Kind == tools.KindUnknownTool {
					return nil, &jsonrpc.Error{Code: jsonrpc.CodeInvalidParams, Message: te.Error()}
				}
				return toolResult(nil, err), nil
			}
			asked := new(inputKind)
			res, err := next(context.WithValue(ctx, askedKey{}, asked), method, req)
			if err == nil || *asked == inputNone || ctx.Err() != nil {
				return res, err
			}
			why := "the client answered the prompt with an error (" + cutRunes(err.Error(), 300) + ")"
			if *asked == inputSignIn {
				return errorResult(fmt.Errorf("%s: sign-in to PingOne could not be shown to the user: %s; the tool was not run. Call it again to get the sign-in link", name, why)), nil
			}
			return toolResult(tk.Call(tools.WithConfirmationFailed(ctx, why), name, args)), nil
		}
	}
}

func isDiscoveryTool(name string) bool {
	return name == tools.SearchToolsName || name == tools.DescribeToolName || name == tools.CallToolName
}

// discoveryHandler answers the discovery tools. call_tool runs the named
// tool's own handler, as if the client had called it directly: the same
// confirmation (an input request, answered by re-calling call_tool), the
// same refusal for a hidden tool, the same audit.
func discoveryHandler(tk *tools.Toolkit, name string, conf *confirmer) sdk.ToolHandler {
	return func(ctx context.Context, req *sdk.CallToolRequest) (*sdk.CallToolResult, error) {
		var args json.RawMessage
		if req != nil && req.Params != nil {
			args = req.Params.Arguments
		}
		if name != tools.CallToolName {
			return toolResult(tk.Discover(ctx, name, args)), nil
		}
		inner, innerArgs, err := tools.CallArguments(args)
		if err != nil {
			return errorResult(err), nil
		}
		if _, visible := tk.Tool(inner); !visible {
			// Audited, and worded as a direct call of a hidden tool.
			return toolResult(tk.Call(ctx, inner, innerArgs)), nil
		}
		innerReq := &sdk.CallToolRequest{}
		if req != nil {
			*innerReq = *req
		}
		params := &sdk.CallToolParamsRaw{}
		if req != nil && req.Params != nil {
			*params = *req.Params
		}
		params.Name, params.Arguments = inner, innerArgs
		innerReq.Params = params
		return handlerFor(tk, inner, conf)(ctx, innerReq)
	}
}

// inputKind says what a tool call asked the person for, if anything.
type inputKind int

const (
	inputNone inputKind = iota
	inputConfirm
	inputSignIn
)

type askedKey struct{}

// askedFor records, for callTools, that the call answered with an input
// request of this kind.
func askedFor(ctx context.Context, k inputKind) {
	if p, ok := ctx.Value(askedKey{}).(*inputKind); ok {
		*p = k
	}
}

// unreadableAnswer is why the transport could not read the inputResponses
// of this call ("" when it could, or when there were none).
func unreadableAnswer(req *sdk.CallToolRequest) string {
	if req == nil || req.Params == nil {
		return ""
	}
	why, _ := req.Params.Meta[metaInputResponsesError].(string)
	return why
}

// toolResult turns the toolkit's answer into a tool result.
func toolResult(res *tools.Result, err error) *sdk.CallToolResult {
	if err != nil {
		return errorResult(err)
	}
	return &sdk.CallToolResult{
		Content:           []sdk.Content{&sdk.TextContent{Text: string(res.Data)}},
		StructuredContent: res.Data,
	}
}

// errorResult is a tool result with isError set and the toolkit's message,
// which names the tool and says what to fix.
func errorResult(err error) *sdk.CallToolResult {
	r := &sdk.CallToolResult{}
	r.SetError(err)
	return r
}

// withProgress sends a workflow's progress as notifications/progress when
// the client asked for them (a progressToken in the call's _meta).
func withProgress(ctx context.Context, req *sdk.CallToolRequest) context.Context {
	if req == nil || req.Params == nil || req.Session == nil {
		return ctx
	}
	token := req.Params.GetProgressToken()
	if token == nil {
		return ctx
	}
	session := req.Session
	return tools.WithProgress(ctx, func(done, total int, message string) {
		// A lost notification only loses a progress line.
		_ = session.NotifyProgress(ctx, &sdk.ProgressNotificationParams{
			ProgressToken: token, Progress: float64(done), Total: float64(total), Message: message,
		})
	})
}
