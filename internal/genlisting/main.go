// Command genlisting writes tools/catalogue_gen.go: the listing of every
// tool p1kit ships (tools.All()) rendered from its schema at build time,
// so that listing the catalogue derives no schema and renders nothing at
// start-up (see tools/listing.go). Run it from the repository root after
// changing a tool's arguments:
//
//	go run ./internal/genlisting    (make golden runs it)
//
// TestCatalogueListingFresh fails while the file differs from what it
// writes. On a merge conflict in the file, delete it and run it again: the
// tools package builds without the file (and renders every listing).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"

	"github.com/p1kit/p1kit/tools"
)

// file is where the listing goes, relative to the repository root.
const file = "tools/catalogue_gen.go"

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	var b bytes.Buffer
	err := tools.WriteCatalogue(&b)
	var src []byte
	if err == nil {
		src, err = format.Source(b.Bytes())
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(*root, file), src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genlisting:", err)
		os.Exit(1)
	}
}
