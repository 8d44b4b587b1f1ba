// Package mcpclients_test checks the MCP client configurations in this
// directory against the real p1: every flag they pass exists, every
// variable they set is one p1 reads, and the sandbox entry serves MCP.
package mcpclients_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type server struct {
	Type    string            `json:"type"`
	Command string            `json:"command"`
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env"`
}

// configs reads every *.json here: Claude Desktop, Cursor and Claude Code
// use "mcpServers", VS Code "servers".
func configs(t *testing.T) map[string]map[string]server {
	t.Helper()
	files, err := filepath.Glob("*.json")
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"claude-code.json", "claude-desktop.json", "cursor.json", "vscode.json"}, files)
	out := map[string]map[string]server{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		var c struct {
			MCPServers map[string]server `json:"mcpServers"`
			Servers    map[string]server `json:"servers"`
		}
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		require.NoError(t, dec.Decode(&c), f)
		servers := c.MCPServers
		if f == "vscode.json" {
			servers = c.Servers
		}
		require.NotEmpty(t, servers, "%s has no servers", f)
		out[f] = servers
	}
	return out
}

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// p1 is P1_BIN, or p1 built once for these tests.
func p1(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the p1 binary")
	}
	if bin := os.Getenv("P1_BIN"); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "p1-mcp-clients-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "p1")
		if out, err := exec.Command("go", "build", "-o", binPath, "../../frontends/p1").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

var helpFlag = regexp.MustCompile(`(?m)^\s+--([a-z0-9-]+)`)

// flagsOf lists the flags `p1 <path> --help` documents.
func flagsOf(t *testing.T, bin string, path ...string) []string {
	t.Helper()
	out, err := exec.Command(bin, append(path, "--help")...).CombinedOutput()
	require.NoError(t, err, "p1 %s --help: %s", strings.Join(path, " "), out)
	var flags []string
	for _, m := range helpFlag.FindAllStringSubmatch(string(out), -1) {
		flags = append(flags, m[1])
	}
	require.NotEmpty(t, flags)
	return flags
}

// TestConfigsNameRealFlagsAndVariables checks each configuration's command
// line against p1's own help, and its variables against what p1 reads.
func TestConfigsNameRealFlagsAndVariables(t *testing.T) {
	t.Parallel()
	bin := p1(t)
	known := append(flagsOf(t, bin), flagsOf(t, bin, "mcp", "run")...)
	read := variablesP1Reads(t, bin)
	for file, servers := range configs(t) {
		for name, s := range servers {
			where := file + ": " + name
			assert.Equal(t, "p1", s.Command, where)
			if s.Type != "" {
				assert.Equal(t, "stdio", s.Type, where)
			}
			var path []string
			for i := 0; i < len(s.Args); i++ {
				a := s.Args[i]
				if flag, ok := strings.CutPrefix(a, "--"); ok {
					assert.Contains(t, known, strings.SplitN(flag, "=", 2)[0], "%s: p1 has no flag %s", where, a)
					if flag == "grant-type" && i+1 < len(s.Args) {
						i++
						assert.Contains(t, []string{"authorization_code", "device_code", "client_credentials"}, s.Args[i], where)
					}
					continue
				}
				path = append(path, a)
			}
			assert.Equal(t, []string{"mcp", "run"}, path, "%s runs `p1 mcp run`", where)
			for v := range s.Env {
				assert.Contains(t, read, v, "%s: p1 does not read %s", where, v)
				assert.NotContains(t, v, "SECRET", "%s: no secret in a config file", where)
			}
		}
	}
}

// variablesP1Reads lists the PINGONE_ variables in p1's help and sources.
func variablesP1Reads(t *testing.T, bin string) []string {
	t.Helper()
	var text strings.Builder
	for _, path := range [][]string{{}, {"mcp", "run"}} {
		out, err := exec.Command(bin, append(path, "--help")...).CombinedOutput()
		require.NoError(t, err)
		text.Write(out)
	}
	sources, err := filepath.Glob("../../frontends/p1/*.go")
	require.NoError(t, err)
	for _, f := range sources {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		text.Write(raw)
	}
	var out []string
	for _, m := range regexp.MustCompile(`PINGONE_[A-Z0-9_]+`).FindAllString(text.String(), -1) {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// TestSandboxEntryServesMCP starts each configuration's sandbox server as
// the client would and lists its tools over MCP.
func TestSandboxEntryServesMCP(t *testing.T) {
	t.Parallel()
	bin := p1(t)
	for file, servers := range configs(t) {
		s, ok := servers["pingone-sandbox"]
		if !assert.True(t, ok, "%s has no pingone-sandbox entry", file) {
			continue
		}
		cmd := exec.CommandContext(t.Context(), bin, s.Args...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
		client := sdk.NewClient(&sdk.Implementation{Name: "config-check", Version: "v0"}, nil)
		cs, err := client.Connect(t.Context(), &sdk.CommandTransport{Command: cmd}, nil)
		require.NoError(t, err, file)
		var names []string
		for tool, err := range cs.Tools(t.Context(), nil) {
			require.NoError(t, err, file)
			names = append(names, tool.Name)
		}
		res, err := cs.CallTool(t.Context(), &sdk.CallToolParams{Name: "list_environments", Arguments: map[string]any{}})
		require.NoError(t, err, file)
		require.NoError(t, cs.Close())
		assert.Contains(t, names, "set_user_enabled", "%s: --disable-read-only shows the write tools", file)
		assert.False(t, res.IsError, file)
		assert.Contains(t, res.Content[0].(*sdk.TextContent).Text, "Sandbox", file)
	}
}
