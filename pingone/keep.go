package pingone

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
)

// Extra holds the JSON members of a resource that its Go type does not name.
// PingOne's PUT is a full replace: keeping them means a read-modify-write
// through this client never drops a field it does not know about.
type Extra map[string]json.RawMessage

var knownKeys sync.Map // reflect.Type → map[string]bool

func keysOf(t reflect.Type) map[string]bool {
	if v, ok := knownKeys.Load(t); ok {
		return v.(map[string]bool)
	}
	keys := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			n, _, _ := strings.Cut(tag, ",")
			if n == "-" {
				continue
			}
			if n != "" {
				name = n
			}
		}
		keys[name] = true
	}
	knownKeys.Store(t, keys)
	return keys
}

// unmarshalKeep decodes data into v (a pointer to a struct without custom
// JSON methods) and stores the members v does not name in extra.
func unmarshalKeep(data []byte, v any, extra *Extra) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	known := keysOf(reflect.TypeOf(v).Elem())
	*extra = nil
	for k, raw := range all {
		if !known[k] {
			if *extra == nil {
				*extra = Extra{}
			}
			(*extra)[k] = raw
		}
	}
	return nil
}

// marshalKeep encodes v and adds the members of extra that v does not set.
func marshalKeep(v any, extra Extra) ([]byte, error) {
	data, err := encodeJSON(v)
	if err != nil || len(extra) == 0 {
		return data, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	known := keysOf(reflect.TypeOf(v))
	for k, raw := range extra {
		if _, set := obj[k]; !set && !known[k] {
			obj[k] = raw
		}
	}
	return encodeJSON(obj)
}

// dropMembers removes the named members (dotted names reach into nested
// objects) from a JSON object.
func dropMembers(data []byte, names []string) ([]byte, error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	for _, name := range names {
		cur := obj
		parts := strings.Split(name, ".")
		for i, p := range parts {
			if i == len(parts)-1 {
				delete(cur, p)
				break
			}
			next, ok := cur[p].(map[string]any)
			if !ok {
				break
			}
			cur = next
		}
	}
	return encodeJSON(obj)
}

// Members PingOne returns but does not take in a request body.
var (
	commonReadOnly     = []string{"_links", "_embedded", "id", "environment", "createdAt", "updatedAt"}
	populationReadOnly = append([]string{"userCount"}, commonReadOnly...)
	groupReadOnly      = append([]string{"directMemberCounts", "totalMemberCounts", "sourceId", "sourceType", "displayName"}, commonReadOnly...)
	userReadOnly       = append([]string{"emailVerified", "enabled", "lastSignOn", "memberOfGroupIDs", "memberOfGroupNames",
		"account.lockedAt", "account.secondsUntilUnlock", "mfaEnabled"}, commonReadOnly...)
	applicationReadOnly    = append([]string{"clientSecret"}, commonReadOnly...)
	roleAssignmentReadOnly = append([]string{"readOnly", "group", "gateway"}, commonReadOnly...)
)
