// Package nodbus keeps the keyring library from starting a D-Bus daemon.
//
// github.com/99designs/keyring probes the D-Bus session bus in its package
// init (for Secret Service and KWallet). When DBUS_SESSION_BUS_ADDRESS is
// unset and no bus socket exists in $XDG_RUNTIME_DIR, its D-Bus library
// runs dbus-launch, which on a headless machine starts a stray bus daemon
// on every run. This package's init runs before the keyring's (Go
// initialises packages in import-path order among those whose imports are
// ready, and the keyring's D-Bus library needs os/exec, which sorts after
// this package): it points the variable at an address no transport
// accepts, so the probe fails fast and the D-Bus stores are simply not
// offered. The auth package restores the variable after the keyring's init.
package nodbus

import "os"

// Variable is the environment variable the D-Bus library reads.
const Variable = "DBUS_SESSION_BUS_ADDRESS"

// Disabled is the address set while the keyring initialises.
const Disabled = "disabled:"

// Set reports whether this package set Variable (it was unset and no
// session bus socket exists).
var Set bool

func init() {
	if os.Getenv(Variable) != "" {
		return
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		if _, err := os.Stat(dir + "/bus"); err == nil {
			return // a real session bus: the probe connects, nothing is launched
		}
	}
	if os.Setenv(Variable, Disabled) == nil {
		Set = true
	}
}

// Restore unsets Variable if this package set it. Call it after the
// keyring package is initialised (from the init of a package importing it).
func Restore() {
	if Set && os.Getenv(Variable) == Disabled {
		_ = os.Unsetenv(Variable)
	}
}
