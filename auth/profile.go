package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The profile file: named sign-in profiles in $P1_CONFIG_DIR/config.json
// or os.UserConfigDir()/p1kit/config.json, shared by p1 and every program
// built on p1kit. It holds no secret: tokens live in the token store,
// client secrets in the environment.
const (
	// EnvConfigDir names the directory of the profile file and of the
	// encrypted token files (default os.UserConfigDir()/p1kit).
	EnvConfigDir = "P1_CONFIG_DIR"
	// EnvProfile names the profile to use when none is given.
	EnvProfile = "P1_PROFILE"
)

// Profile is one named way to sign in, as kept in the profile file.
type Profile struct {
	RootDomain    string   `json:"root_domain,omitempty"`
	APIURL        string   `json:"api_url,omitempty"`
	AuthURL       string   `json:"auth_url,omitempty"`
	EnvironmentID string   `json:"environment_id,omitempty"`
	ClientID      string   `json:"client_id,omitempty"`
	GrantType     string   `json:"grant_type,omitempty"`
	Scopes        []string `json:"scopes,omitempty"`
	// Policy is the default policy file of the profile.
	Policy string `json:"policy,omitempty"`
	// Environment is the default target environment of tool calls (a
	// name or an id), what p1's --env gives; not the sign-in environment.
	Environment string `json:"environment,omitempty"`
	// Toolsets are the toolsets `p1 mcp run` lists for the profile
	// (tools.DefaultToolsets when empty).
	Toolsets []string `json:"toolsets,omitempty"`
	// StoreType is keychain or file.
	StoreType string `json:"store_type,omitempty"`
}

// ProfileFile is the content of the profile file.
type ProfileFile struct {
	DefaultProfile string              `json:"default_profile,omitempty"`
	Profiles       map[string]*Profile `json:"profiles"`
}

// ConfigDir is where p1kit keeps its profile file and its encrypted token
// files: $P1_CONFIG_DIR, else os.UserConfigDir()/p1kit. getenv looks the
// variable up; nil means os.Getenv.
func ConfigDir(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if d := strings.TrimSpace(getenv(EnvConfigDir)); d != "" {
		return d, nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config directory (%v); set %s", err, EnvConfigDir)
	}
	return filepath.Join(d, "p1kit"), nil
}

// ProfileFilePath is the profile file: config.json in ConfigDir(getenv).
func ProfileFilePath(getenv func(string) string) (string, error) {
	dir, err := ConfigDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "config.json"), nil
}

// ReadProfileFile reads the profile file at path; a missing file is an
// empty one.
func ReadProfileFile(path string) (*ProfileFile, error) {
	f := &ProfileFile{Profiles: map[string]*Profile{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %v (fix or delete it)", path, err)
	}
	if f.Profiles == nil {
		f.Profiles = map[string]*Profile{}
	}
	return f, nil
}

// Save writes the profile file at path, readable by its owner only,
// replacing it atomically.
func (f *ProfileFile) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Names lists the profiles, sorted.
func (f *ProfileFile) Names() []string {
	var out []string
	for n := range f.Profiles {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Select picks the profile named name, else the file's default profile,
// else "default", and returns its name and the profile: an empty one (not
// nil) when the file has none of that name, so that flags and variables
// alone can sign in. A name unusable in a shell or a file name is an error.
func (f *ProfileFile) Select(name string) (string, *Profile, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = f.DefaultProfile
	}
	if name == "" {
		name = "default"
	}
	if !ValidProfileName(name) {
		return "", nil, fmt.Errorf("profile name %q: use letters, digits, '-', '_' or '.'", name)
	}
	p := f.Profiles[name]
	if p == nil {
		p = &Profile{}
	}
	return name, p, nil
}

// ValidProfileName reports whether n is a usable profile name: 1 to 64
// letters, digits, '-', '_' or '.'.
func ValidProfileName(n string) bool {
	if n == "" || len(n) > 64 {
		return false
	}
	for _, r := range n {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
