package mcp

import (
	"encoding/json"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEncodeResponseWritesTheResultAsItIs: a result is written as the SDK
// encoded it, byte for byte as encoding it again would write it; one that
// is not a single line is compacted, so that a frame stays one line.
func TestEncodeResponseWritesTheResultAsItIs(t *testing.T) {
	t.Parallel()
	id, err := jsonrpc.MakeID(float64(7))
	require.NoError(t, err)
	for _, result := range []string{`{"tools":[{"name":"a","description":"x \u003c y"}],"n":1.5}`, `"s"`, `{"a":{"b":[1,2]}}`} {
		got, err := encodeResponse(&jsonrpc.Response{ID: id, Result: json.RawMessage(result)})
		require.NoError(t, err)
		want, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 7, "result": json.RawMessage(result)})
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(got))
		assert.Equal(t, `{"jsonrpc":"2.0","id":7,"result":`+result+`}`, string(got))
	}
	got, err := encodeResponse(&jsonrpc.Response{ID: id, Result: json.RawMessage("{\n  \"a\": 1\n}")})
	require.NoError(t, err)
	assert.Equal(t, `{"jsonrpc":"2.0","id":7,"result":{"a":1}}`, string(got))
	_, err = encodeResponse(&jsonrpc.Response{ID: id, Result: json.RawMessage(`{"a":`)})
	assert.Error(t, err, "an invalid result is not sent")
}
