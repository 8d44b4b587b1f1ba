package pingone

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodePageKeepsUnknownMembers: items are decoded in one pass, and an
// item with members the model does not name keeps them, as a decode of the
// item alone would; the next link, the count and other members of the page
// are read whatever their order.
func TestDecodePageKeepsUnknownMembers(t *testing.T) {
	t.Parallel()
	body := []byte(`{"count": 3, "size": 3, "_embedded": {"other": [{"x": 1}], "users": [
		{"id": "u1", "username": "ann", "name": {"given": "Ann"}},
		{"id": "u2", "username": "bob", "futureMember": {"kept": true}, "name": {"given": "Bob", "nickname": "B"}},
		{"id": "u3", "username": "cy"}
	]}, "_links": {"self": {"href": "https://api/x"}, "next": {"href": "https://api/x?cursor=abc"}}}`)
	var got []*User
	next, count, err := decodePage(body, "users", func(u *User) bool { got = append(got, u); return true })
	require.NoError(t, err)
	assert.Equal(t, "https://api/x?cursor=abc", next)
	assert.Equal(t, 3, count)
	require.Len(t, got, 3)
	assert.Equal(t, []string{"ann", "bob", "cy"}, []string{got[0].Username, got[1].Username, got[2].Username})
	assert.Nil(t, got[0].Extra, "an item whose members the model all names has no Extra")
	assert.JSONEq(t, `{"kept": true}`, string(got[1].Extra["futureMember"]))

	// The same as decoding each item alone.
	var alone User
	require.NoError(t, json.Unmarshal([]byte(`{"id": "u2", "username": "bob", "futureMember": {"kept": true}, "name": {"given": "Bob", "nickname": "B"}}`), &alone))
	assert.Equal(t, &alone, got[1])

	// The consumer stops: no more items are decoded.
	n := 0
	_, _, err = decodePage(body, "users", func(*User) bool { n++; return false })
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	// Items of a model that keeps nothing decode as they are.
	ids, _, err := decodePage([]byte(`{"_embedded":{"totalIdentities":[{"date":1,"totalIdentities":2}]}}`), "totalIdentities",
		func(*TotalIdentity) bool { return true })
	require.NoError(t, err)
	assert.Equal(t, "", ids)

	_, _, err = decodePage([]byte(`{"_embedded":{"users":[{"id": 5}]}}`), "users", func(*User) bool { return true })
	assert.Error(t, err, "a member of the wrong type is an error")
	_, _, err = decodePage([]byte(`{"_embedded":{"users":{}}}`), "users", func(*User) bool { return true })
	assert.ErrorContains(t, err, "not an array")
}
