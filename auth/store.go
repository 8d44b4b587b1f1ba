package auth

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/99designs/keyring"
	"golang.org/x/term"

	"github.com/p1kit/p1kit/auth/internal/nodbus"
)

// The keyring has run its D-Bus probe (its init ran before this package's,
// which imports it); give child processes their environment back.
func init() { nodbus.Restore() }

// ErrNotFound is returned by Store.Get when nothing is stored under the key.
var ErrNotFound = errors.New("auth: nothing stored under this key")

// Store keeps sign-in sessions (they hold refresh tokens) between runs.
// Implementations must be safe for concurrent use. A Store never writes a
// token to a file in clear.
type Store interface {
	// Get returns the data stored under key, or ErrNotFound.
	Get(key string) ([]byte, error)
	// Set stores data under key, replacing what was there.
	Set(key string, data []byte) error
	// Delete removes key; deleting a missing key is not an error.
	Delete(key string) error
	// Backend names where data goes, e.g. "memory", "keyctl", "file (~/.config/p1kit/keyring)".
	Backend() string
}

// MemoryStore is a Store that keeps everything in memory, for tests and
// for sessions that must not outlive the process.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string][]byte{}} }

// Get implements Store.
func (s *MemoryStore) Get(key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return nil, ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

// Set implements Store.
func (s *MemoryStore) Set(key string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = append([]byte(nil), data...)
	return nil
}

// Delete implements Store.
func (s *MemoryStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

// Backend implements Store.
func (s *MemoryStore) Backend() string { return "memory" }

// PasswordEnv is the environment variable holding the password of the
// encrypted file store.
const PasswordEnv = "P1_KEYRING_PASSWORD"

// BackendsEnv, when set, restricts the OS credential stores OpenKeyring
// tries to this comma-separated list (keychain, wincred, secret-service,
// kwallet, keyctl); "none" tries none and goes straight to the encrypted
// file store.
const BackendsEnv = "P1_KEYRING_BACKENDS"

// KeyringOptions configures OpenKeyring.
type KeyringOptions struct {
	// Type is "keychain" (the OS credential store, falling back to the
	// encrypted file), "file" (the encrypted file only) or "" (keychain).
	Type string
	// FileDir is the directory of the encrypted file store; default
	// os.UserConfigDir()/p1kit/keyring.
	FileDir string
	// Password returns the file store's password. Default: PasswordEnv, or
	// a prompt when stdin is a terminal; with neither, storing fails with a
	// message saying to set PasswordEnv.
	Password func(prompt string) (string, error)
	// Notice receives one line when the OS store is not available and the
	// file store is used instead (typically os.Stderr); nil discards it.
	Notice io.Writer
}

// OpenKeyring returns a Store in the OS credential store (macOS Keychain,
// Windows Credential Manager, Secret Service or KWallet when a D-Bus session
// is announced in DBUS_SESSION_BUS_ADDRESS, the Linux kernel keyring), or,
// when none is available or opts.Type is "file", in a directory of files
// encrypted with a password (JWE, PBES2). It fails only for a bad
// opts.Type: an unavailable keychain is a fallback, not an error, and the
// file password is asked for only when a session is read or written.
func OpenKeyring(opts KeyringOptions) (Store, error) {
	if opts.FileDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			dir = os.TempDir()
		}
		opts.FileDir = filepath.Join(dir, "p1kit", "keyring")
	}
	if opts.Password == nil {
		opts.Password = defaultPassword
	}
	cfg := keyring.Config{
		ServiceName:              "p1kit",
		KeychainName:             "login",
		KeychainTrustApplication: true,
		KeyCtlScope:              "user",
		LibSecretCollectionName:  "login",
		KWalletAppID:             "p1kit",
		KWalletFolder:            "p1kit",
		WinCredPrefix:            "p1kit",
		FileDir:                  opts.FileDir,
		FilePasswordFunc:         keyring.PromptFunc(opts.Password),
	}
	switch opts.Type {
	case "", "keychain":
		for _, b := range osBackends() {
			cfg.AllowedBackends = []keyring.BackendType{b}
			kr, err := keyring.Open(cfg)
			if err != nil {
				continue
			}
			if _, err := kr.Keys(); err != nil {
				continue
			}
			return &keyringStore{kr: kr, backend: string(b)}, nil
		}
		if opts.Notice != nil {
			fmt.Fprintf(opts.Notice, "p1: no OS keychain available; sign-in sessions are kept in encrypted files in %s (password from %s)\n", opts.FileDir, PasswordEnv)
		}
	case "file":
	default:
		return nil, fmt.Errorf("auth: unknown token store type %q (want keychain or file)", opts.Type)
	}
	cfg.AllowedBackends = []keyring.BackendType{keyring.FileBackend}
	kr, err := keyring.Open(cfg)
	if err != nil {
		return nil, fmt.Errorf("auth: opening the encrypted file store in %s: %w", opts.FileDir, err)
	}
	return &keyringStore{kr: kr, backend: "file (" + opts.FileDir + ")"}, nil
}

// osBackends lists the OS credential stores worth trying here. The D-Bus
// stores are tried only when a session bus is announced, so that nothing
// tries to start one on a headless machine.
func osBackends() []keyring.BackendType {
	var out []keyring.BackendType
	avail := keyring.AvailableBackends()
	has := func(b keyring.BackendType) bool {
		for _, a := range avail {
			if a == b {
				return true
			}
		}
		return false
	}
	switch runtime.GOOS {
	case "darwin":
		out = append(out, keyring.KeychainBackend)
	case "windows":
		out = append(out, keyring.WinCredBackend)
	case "linux":
		if os.Getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
			out = append(out, keyring.SecretServiceBackend, keyring.KWalletBackend)
		}
		out = append(out, keyring.KeyCtlBackend)
	}
	var only map[string]bool
	if v := strings.TrimSpace(os.Getenv(BackendsEnv)); v != "" {
		only = map[string]bool{}
		for _, b := range strings.Split(v, ",") {
			only[strings.TrimSpace(b)] = true
		}
	}
	var usable []keyring.BackendType
	for _, b := range out {
		if has(b) && (only == nil || only[string(b)]) {
			usable = append(usable, b)
		}
	}
	return usable
}

func defaultPassword(prompt string) (string, error) {
	if p := os.Getenv(PasswordEnv); p != "" {
		return p, nil
	}
	if term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stderr.Fd())) {
		fmt.Fprintf(os.Stderr, "%s (or set %s): ", prompt, PasswordEnv)
		b, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", fmt.Errorf("reading the keyring password: %w", err)
		}
		if len(b) == 0 {
			return "", errors.New("the keyring password is empty")
		}
		return string(b), nil
	}
	return "", fmt.Errorf("the encrypted token file needs a password: set %s (no terminal to ask on)", PasswordEnv)
}

// keyringStore adapts a 99designs keyring.
type keyringStore struct {
	mu      sync.Mutex // the file backend caches its password unsynchronised
	kr      keyring.Keyring
	backend string
}

func (s *keyringStore) Get(key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, err := s.kr.Get(key)
	if errors.Is(err, keyring.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("auth: reading the session from %s: %w", s.backend, err)
	}
	return it.Data, nil
}

func (s *keyringStore) Set(key string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.kr.Set(keyring.Item{Key: key, Data: data, Label: "p1kit sign-in " + key, Description: "PingOne session of p1kit"})
	if err != nil {
		return fmt.Errorf("auth: saving the session in %s: %w", s.backend, err)
	}
	return nil
}

func (s *keyringStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.kr.Remove(key)
	if err == nil || errors.Is(err, keyring.ErrKeyNotFound) || errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return fmt.Errorf("auth: deleting the session from %s: %w", s.backend, err)
}

func (s *keyringStore) Backend() string { return s.backend }
