package tools

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedactArguments(t *testing.T) {
	t.Parallel()
	in := `{"environmentId":"e","password":"p1","application":{"clientSecret":"s1","tokenEndpointAuthMethod":"CLIENT_SECRET_BASIC",
		"keys":[{"privateKey":"k1"}],"refresh_token":"r1"},"otp":"123456","name":"Secretariat","description":"token of thanks"}`
	var got map[string]any
	assert.NoError(t, json.Unmarshal(redactArguments(json.RawMessage(in)), &got))
	app := got["application"].(map[string]any)
	for _, v := range []any{got["password"], app["clientSecret"], app["keys"].([]any)[0].(map[string]any)["privateKey"], app["refresh_token"], got["otp"]} {
		assert.Equal(t, "[REDACTED]", v)
	}
	assert.Equal(t, "CLIENT_SECRET_BASIC", app["tokenEndpointAuthMethod"], "settings named after secrets stay readable")
	assert.Equal(t, "Secretariat", got["name"])
	assert.Equal(t, "token of thanks", got["description"], "values are not matched, names are")
}
