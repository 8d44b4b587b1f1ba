// Package lazy holds values that are built on first use rather than at
// program start: a package-level regexp.MustCompile runs in every process
// that links the package (p1 links the emulator for --sandbox and the
// sanitiser for every result), and compiling them all was a measurable part
// of the start → tools/list time of `p1 mcp run`.
package lazy

import (
	"regexp"
	"sync"
)

var (
	mu       sync.Mutex
	patterns []string
)

// Regexp returns a function that compiles src on its first call and
// returns the same *regexp.Regexp on every call. Like regexp.MustCompile
// it panics on a bad pattern, on first use; CheckAll compiles every
// pattern declared so far, for a test to call.
func Regexp(src string) func() *regexp.Regexp {
	mu.Lock()
	patterns = append(patterns, src)
	mu.Unlock()
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(src) })
}

// CheckAll compiles every pattern declared through Regexp and returns the
// first error, so that a package's tests catch a bad pattern that no test
// happens to use.
func CheckAll() error {
	mu.Lock()
	defer mu.Unlock()
	for _, p := range patterns {
		if _, err := regexp.Compile(p); err != nil {
			return err
		}
	}
	return nil
}
