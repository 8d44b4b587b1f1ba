package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// goreleaserConfig is the part of .goreleaser.yaml the release depends on.
type goreleaserConfig struct {
	Version int `yaml:"version"`
	Builds  []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Release struct {
		GitHub struct{ Owner, Name string } `yaml:"github"`
	} `yaml:"release"`
	Archives []struct {
		IDs          []string `yaml:"ids"`
		Formats      []string `yaml:"formats"`
		NameTemplate string   `yaml:"name_template"`
		Files        []string `yaml:"files"`
	} `yaml:"archives"`
}

// TestReleaseConfig checks .goreleaser.yaml against the repository (make
// release-check runs goreleaser check itself, too slow for make test): it
// builds this command with the Makefile's flags plus the version, the -X
// it sets reaches `p1 version`, its archives hold files that exist, and the
// Homebrew formula template names the archives it makes.
func TestReleaseConfig(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../.goreleaser.yaml")
	require.NoError(t, err)
	var cfg goreleaserConfig
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	require.NoError(t, dec.Decode(&cfg))
	assert.Equal(t, 2, cfg.Version)
	require.Len(t, cfg.Builds, 1)
	b := cfg.Builds[0]
	assert.Equal(t, "./frontends/p1", b.Main)
	assert.Equal(t, "p1", b.Binary)
	assert.Contains(t, b.Env, "CGO_ENABLED=0")

	makefile, err := os.ReadFile("../../Makefile")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^LDFLAGS\s*\?=\s*(.*)$`).FindSubmatch(makefile)
	require.NotNil(t, m, "the Makefile sets LDFLAGS")
	assert.Contains(t, string(makefile), `build -trimpath -ldflags="$(LDFLAGS)"`)
	assert.Contains(t, b.Flags, "-trimpath", "the Makefile builds with -trimpath")
	ldflags := strings.Fields(strings.Join(b.Ldflags, " "))
	want := append(strings.Fields(string(m[1])), "-X", "main.version={{", ".Version", "}}")
	assert.Equal(t, want, ldflags, "the Makefile's LDFLAGS, then the version")

	for _, a := range cfg.Archives {
		assert.Equal(t, []string{b.ID}, a.IDs)
		for _, f := range a.Files {
			matches, err := filepath.Glob(filepath.Join("../..", f))
			require.NoError(t, err)
			assert.NotEmpty(t, matches, "archive file %s matches nothing", f)
		}
	}

	// The Homebrew template downloads the tar.gz archives GoReleaser names.
	formula, err := os.ReadFile("../../packaging/homebrew/p1.rb.tmpl")
	require.NoError(t, err)
	require.Len(t, cfg.Archives, 1)
	assert.Contains(t, cfg.Archives[0].Formats, "tar.gz")
	for _, goos := range []string{"darwin", "linux"} {
		require.Contains(t, b.Goos, goos)
		for _, arch := range b.Goarch {
			name := strings.NewReplacer("{{ .Version }}", "VERSION", "{{ .Os }}", goos, "{{ .Arch }}", arch).Replace(cfg.Archives[0].NameTemplate)
			assert.Contains(t, string(formula), "/vVERSION/"+name+".tar.gz", "%s/%s", goos, arch)
		}
	}
	assert.Contains(t, string(formula), `generate_completions_from_executable(bin/"p1", "completion")`)
	gh := cfg.Release.GitHub
	assert.Contains(t, string(formula), "https://github.com/"+gh.Owner+"/"+gh.Name+"/releases/download/", "the formula downloads from the releases GoReleaser makes")

	// Linked with the release's ldflags, p1 prints the release's version.
	// The build flags and environment (-trimpath, CGO_ENABLED=0) are held
	// to the Makefile above; building with them here would compile every
	// package again, standard library included, for flags that change
	// nothing this test reads, so only the link step differs from the
	// end-to-end tests' build (make release-check builds the real thing).
	if testing.Short() {
		return
	}
	bin := filepath.Join(t.TempDir(), "p1")
	flags := strings.ReplaceAll(strings.Join(b.Ldflags, " "), "{{ .Version }}", "v9.8.7")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-ldflags="+flags, "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, arg := range []string{"version", "--version"} {
		r := runBinaryAt(t, bin, cleanEnv(), arg)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "p1 9.8.7", "p1 %s", arg)
	}
}
