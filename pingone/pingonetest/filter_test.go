package pingonetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilterOperators(t *testing.T) {
	t.Parallel()
	u := doc{
		"id": "a1", "username": "Jane.Doe", "email": "jane@example.com", "enabled": true, "mfaEnabled": false,
		"name":           doc{"given": "Jane", "family": "Doe"},
		"createdAt":      "2025-01-10T09:00:00.000Z",
		"account":        doc{"status": "OK"},
		"tags":           []any{"x"},
		"memberOfGroups": []any{doc{"id": "g1"}, doc{"id": "g2"}},
	}
	tests := []struct {
		filter string
		want   bool
	}{
		{`username eq "jane.doe"`, true},
		{`username eq "jane"`, false},
		{`username ne "jane"`, true},
		{`username ne "JANE.DOE"`, false},
		{`externalId ne "x"`, true},
		{`email co "@EXAMPLE"`, true},
		{`email co "nope"`, false},
		{`username sw "jane."`, true},
		{`username sw "doe"`, false},
		{`username ew ".doe"`, true},
		{`username ew "jane"`, false},
		{`name.family gt "c"`, true},
		{`name.family gt "doe"`, false},
		{`name.family ge "doe"`, true},
		{`name.family lt "e"`, true},
		{`name.family lt "doe"`, false},
		{`name.family le "doe"`, true},
		{`externalId gt "a"`, false},
		{`name.given pr`, true},
		{`externalId pr`, false},
		{`enabled eq true`, true},
		{`enabled eq false`, false},
		{`enabled ne false`, true},
		{`mfaEnabled pr`, true},
		{`createdAt gt "2025-01-10T08:59:59Z"`, true},
		{`createdAt gt "2025-01-10T09:00:00Z"`, false},
		{`createdAt ge "2025-01-10T09:00:00Z"`, true},
		{`createdAt eq "2025-01-10T10:00:00+01:00"`, true},
		{`createdAt lt "2025-01-11"`, true},
		{`createdAt le "2025-01-09T00:00:00Z"`, false},
		{`createdAt ne "2025-01-09T00:00:00Z"`, true},
		{`externalId eq null`, true},
		{`username eq null`, false},
		{`username ne null`, true},
		{`account.status eq "ok" and enabled eq true`, true},
		{`account.status eq "LOCKED" or name.given eq "jane"`, true},
		{`account.status eq "LOCKED" or name.given eq "john"`, false},
		{`not (account.status eq "LOCKED")`, true},
		{`not(enabled eq true)`, false},
		{`(username sw "x" or username sw "j") and not (enabled eq false)`, true},
		{`memberOfGroups[id eq "g2"]`, true},
		{`memberOfGroups[id eq "g3"]`, false},
		{`memberOfGroups[id eq "g1"] and memberOfGroups[id eq "g2"]`, true},
		{`USERNAME EQ "JANE.DOE"`, true},
		{`username eq "Jane.\"Doe"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			t.Parallel()
			f, aerr := usersFilter.compile(tt.filter)
			require.Nil(t, aerr)
			assert.Equal(t, tt.want, f.match(docGetter(u)))
		})
	}
}

func TestFilterMultiValued(t *testing.T) {
	t.Parallel()
	spec := &filterSpec{attrs: []attrSpec{{"tags", kString, opsString}}, logical: andOr}
	d := doc{"tags": []any{"red", "green"}}
	for filter, want := range map[string]bool{
		`tags eq "red"`:  true,
		`tags eq "blue"`: false,
		`tags ne "blue"`: true,
		`tags ne "red"`:  false,
		`tags sw "gr"`:   true,
		`tags pr`:        true,
	} {
		f, aerr := spec.compile(filter)
		require.Nil(t, aerr, filter)
		assert.Equal(t, want, f.match(docGetter(d)), filter)
	}
	f, _ := spec.compile(`tags pr`)
	assert.False(t, f.match(docGetter(doc{"tags": []any{}})))
}

func TestCursor(t *testing.T) {
	t.Parallel()
	c := encodeCursor(40, `name eq "x"`)
	off, ok := decodeCursor(c, `name eq "x"`)
	assert.True(t, ok)
	assert.Equal(t, 40, off)
	_, ok = decodeCursor(c, `name eq "y"`)
	assert.False(t, ok)
	for _, bad := range []string{"", "!!", "cDFlbXU6LTE6MDAwMDAwMDA", encodeCursor(1, "")[:5]} {
		_, ok := decodeCursor(bad, "")
		assert.False(t, ok, bad)
	}
}

func TestMergePatch(t *testing.T) {
	t.Parallel()
	d := doc{"a": 1.0, "b": doc{"c": 2.0, "d": 3.0}, "e": "x"}
	mergePatch(d, doc{"a": nil, "b": doc{"c": nil, "f": 4.0}, "g": doc{"h": nil, "i": 5.0}})
	assert.Equal(t, doc{"b": doc{"d": 3.0, "f": 4.0}, "e": "x", "g": doc{"i": 5.0}}, d)
}
