package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The config file: named sign-in profiles, in
// $P1_CONFIG_DIR/config.json or os.UserConfigDir()/p1kit/config.json. It
// holds no secret: tokens live in the token store, client secrets in the
// environment.
const (
	envConfigDir = "P1_CONFIG_DIR"
	envProfile   = "P1_PROFILE"
)

// profile is one named way to sign in.
type profile struct {
	RootDomain    string   `json:"root_domain,omitempty"`
	APIURL        string   `json:"api_url,omitempty"`
	AuthURL       string   `json:"auth_url,omitempty"`
	EnvironmentID string   `json:"environment_id,omitempty"`
	ClientID      string   `json:"client_id,omitempty"`
	GrantType     string   `json:"grant_type,omitempty"`
	Scopes        []string `json:"scopes,omitempty"`
	// Policy is the default policy file of the profile.
	Policy string `json:"policy,omitempty"`
	// StoreType is keychain or file.
	StoreType string `json:"store_type,omitempty"`
}

type configFile struct {
	DefaultProfile string              `json:"default_profile,omitempty"`
	Profiles       map[string]*profile `json:"profiles"`
}

// configDir is where p1 keeps its config file and its encrypted token files.
func configDir() (string, error) {
	if d := strings.TrimSpace(os.Getenv(envConfigDir)); d != "" {
		return d, nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user config directory (%v); set %s", err, envConfigDir)
	}
	return filepath.Join(d, "p1kit"), nil
}

// loadConfig reads the config file; a missing file is an empty config.
func loadConfig() (*configFile, string, error) {
	dir, err := configDir()
	if err != nil {
		return nil, "", err
	}
	path := filepath.Join(dir, "config.json")
	cfg := &configFile{Profiles: map[string]*profile{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, path, nil
	}
	if err != nil {
		return nil, path, err
	}
	if err := json.Unmarshal(data, cfg); err != nil {
		return nil, path, fmt.Errorf("%s is not valid JSON: %v (fix or delete it)", path, err)
	}
	if cfg.Profiles == nil {
		cfg.Profiles = map[string]*profile{}
	}
	return cfg, path, nil
}

// save writes the config file readable by its owner only.
func (c *configFile) save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	data, err := json.MarshalIndent(c, "", "  ")
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

func (c *configFile) names() []string {
	var out []string
	for n := range c.Profiles {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// validProfileName keeps names usable in a shell and a file name.
func validProfileName(n string) bool {
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
