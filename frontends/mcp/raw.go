package mcp

import (
	"bytes"
	"strconv"
	"sync"
)

// rawResults carry pre-rendered answers past the SDK's encoder to a
// StdioTransport of this package. The SDK encodes every result with
// encoding/json, which scans a json.Marshaler's output again byte by byte
// (for the full catalogue's tools/list, 140 KB scanned twice more, the
// transport's own check included, while the client waits). When Run serves
// on a StdioTransport, the catalogue hands the SDK a placeholder naming the
// answer, and the transport writes the answer in its place; a server on any
// other transport answers with the JSON itself.
type rawResults struct {
	mu      sync.Mutex
	next    int
	answers map[string][]byte
}

// rawKey is the placeholder's one member: no result of the SDK's has it.
const rawKey = `{"io.p1kit/raw":`

// put keeps answer and returns the placeholder that stands for it.
func (r *rawResults) put(answer []byte) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	p := rawKey + strconv.Itoa(r.next) + "}"
	if r.answers == nil {
		r.answers = map[string][]byte{}
	}
	r.answers[p] = answer
	return []byte(p)
}

// take returns (and forgets) the answer result stands for, if it is a
// placeholder of r's.
func (r *rawResults) take(result []byte) ([]byte, bool) {
	if r == nil || !bytes.HasPrefix(result, []byte(rawKey)) {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	answer, ok := r.answers[string(result)]
	delete(r.answers, string(result))
	return answer, ok
}
