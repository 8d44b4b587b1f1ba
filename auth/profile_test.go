package auth_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/auth"
)

// profileFileBytes is a profile file as p1 has always written it: indented
// with two spaces, keys in field order, empty members left out, a final
// newline.
const profileFileBytes = `{
  "default_profile": "work",
  "profiles": {
    "lab": {
      "root_domain": "pingone.eu",
      "environment_id": "env-lab",
      "client_id": "client-lab",
      "store_type": "file"
    },
    "work": {
      "api_url": "http://127.0.0.1:9/v1",
      "auth_url": "http://127.0.0.1:9",
      "environment_id": "env-work",
      "client_id": "client-work",
      "grant_type": "device_code",
      "scopes": [
        "openid",
        "profile"
      ],
      "policy": "/etc/p1/work.yaml"
    }
  }
}
`

func TestProfileFileRoundTripKeepsTheFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	require.NoError(t, os.WriteFile(path, []byte(profileFileBytes), 0o600))
	f, err := auth.ReadProfileFile(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"lab", "work"}, f.Names())
	assert.Equal(t, &auth.Profile{
		APIURL: "http://127.0.0.1:9/v1", AuthURL: "http://127.0.0.1:9", EnvironmentID: "env-work", ClientID: "client-work",
		GrantType: "device_code", Scopes: []string{"openid", "profile"}, Policy: "/etc/p1/work.yaml",
	}, f.Profiles["work"])

	out := filepath.Join(dir, "sub", "config.json")
	require.NoError(t, f.Save(out))
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, profileFileBytes, string(data), "the file is written byte for byte as before")
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(out)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	}
}

func TestReadProfileFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f, err := auth.ReadProfileFile(filepath.Join(dir, "missing.json"))
	require.NoError(t, err, "a missing file is an empty one")
	assert.Empty(t, f.Profiles)
	assert.NotNil(t, f.Profiles)

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"profiles": [}`), 0o600))
	_, err = auth.ReadProfileFile(bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), bad)
	assert.Contains(t, err.Error(), "not valid JSON")

	null := filepath.Join(dir, "null.json")
	require.NoError(t, os.WriteFile(null, []byte(`{"default_profile": "x"}`), 0o600))
	f, err = auth.ReadProfileFile(null)
	require.NoError(t, err)
	assert.NotNil(t, f.Profiles, "a file without profiles can be added to")
}

func TestProfileFileSelect(t *testing.T) {
	t.Parallel()
	work := &auth.Profile{ClientID: "client-work"}
	f := &auth.ProfileFile{DefaultProfile: "work", Profiles: map[string]*auth.Profile{"work": work}}
	cases := []struct {
		name, give, want string
		profile          *auth.Profile
		err              string
	}{
		{name: "the file's default", give: "", want: "work", profile: work},
		{name: "named", give: " work ", want: "work", profile: work},
		{name: "not in the file", give: "lab", want: "lab", profile: &auth.Profile{}},
		{name: "bad name", give: "bad name!", err: `profile name "bad name!"`},
		{name: "too long", give: string(make([]byte, 65)), err: "profile name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name, p, err := f.Select(tc.give)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, name)
			assert.Equal(t, tc.profile, p)
		})
	}
	name, p, err := (&auth.ProfileFile{}).Select("")
	require.NoError(t, err)
	assert.Equal(t, "default", name, "without a default profile the name is default")
	assert.NotNil(t, p)
}

func TestConfigDir(t *testing.T) {
	t.Parallel()
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == auth.EnvConfigDir {
				return v
			}
			return ""
		}
	}
	dir, err := auth.ConfigDir(env(" /srv/p1 "))
	require.NoError(t, err)
	assert.Equal(t, "/srv/p1", dir)
	path, err := auth.ProfileFilePath(env("/srv/p1"))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join("/srv/p1", "config.json"), path)
	if ucd, err := os.UserConfigDir(); err == nil {
		dir, err := auth.ConfigDir(env(""))
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(ucd, "p1kit"), dir)
	}
}
