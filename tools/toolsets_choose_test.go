package tools_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/p1kit/p1kit/tools"
)

func TestChooseToolsetsPrecedence(t *testing.T) {
	for _, tc := range []struct {
		name     string
		f        tools.Filter
		given    []string
		profile  []string
		discover bool
		want     []string
	}{
		{"the flag wins", tools.Filter{Toolsets: []string{"roles"}}, []string{"certificates"}, []string{"applications"}, false, []string{"certificates"}},
		{"then the policy file", tools.Filter{Toolsets: []string{"roles"}}, nil, []string{"applications"}, false, []string{"roles"}},
		{"then the profile", tools.Filter{}, nil, []string{"applications"}, false, []string{"applications"}},
		{"an include list alone selects from every tool", tools.Filter{IncludeTools: []string{"get_*"}}, nil, nil, false, nil},
		{"discovery stands for every tool", tools.Filter{}, nil, nil, true, []string{tools.AllToolsets}},
		{"else the default set", tools.Filter{}, nil, nil, false, tools.DefaultToolsets},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f
			f.ChooseToolsets(tc.given, tc.profile, tc.discover)
			assert.Equal(t, tc.want, f.Toolsets)
		})
	}
}
