# p1kit — one command for each job. `make test` is what CI runs.
#
# The repository holds several Go modules: the core module at the root and
# nested modules that keep heavy dependencies out of it (LangChainGo, the
# OpenAI SDK). `go test ./...` from the root skips nested modules, so every
# target below runs in each of them.
GO      ?= go
PKGS    ?= ./...
BIN     ?= bin
# The commands are built without the symbol table and DWARF (a stack trace
# still names every function) and without local paths: p1 is 16 MB, not 23.
LDFLAGS ?= -s -w
# Nested modules, each with its own go.mod.
NESTED  ?= frontends/langchaingo examples/langchaingo-agent examples/openai-go
MODULES := . $(NESTED)
# In a nested module, `in_module` runs with -mod=mod: the nested modules
# replace github.com/p1kit/p1kit with ../.., so a dependency added to the
# core module must not break their build before someone runs `make tidy`.
in_module = if [ "$$m" = . ]; then flags=; else flags=-mod=mod; fi; (cd $$m && GOFLAGS="$$GOFLAGS $$flags" $(GO)

# How long `make fuzz` runs each fuzz target.
FUZZTIME ?= 10m

.PHONY: all build test lint fmt bench fuzz golden smoke tidy clean

all: build

## build: compile every package of every module; the commands (p1 and the
## examples) go into ./bin
build:
	@mkdir -p $(BIN)
	@set -e; for m in $(MODULES); do echo "build $$m"; \
	  libs=$$($(in_module) list -f '{{if and .GoFiles (ne .Name "main")}}{{.ImportPath}}{{end}}' $(PKGS))); \
	  mains=$$($(in_module) list -f '{{if eq .Name "main"}}{{.ImportPath}}{{end}}' $(PKGS))); \
	  if [ -n "$$libs" ]; then $(in_module) build $$libs); fi; \
	  if [ -n "$$mains" ]; then $(in_module) build -trimpath -ldflags="$(LDFLAGS)" -o $(abspath $(BIN))/ $$mains); fi; \
	done

## lint: gofmt and go vet must be clean, in every module
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	@set -e; for m in $(MODULES); do echo "vet $$m"; $(in_module) vet $(PKGS)); done

## test: lint, then every test of every module with the race detector
test: lint
	@set -e; for m in $(MODULES); do echo "test $$m"; $(in_module) test -race -count=1 $(PKGS)); done

## bench: the performance figures (no timed assertions anywhere)
bench:
	@set -e; for m in $(MODULES); do $(in_module) test -run '^$$' -bench . -benchmem $(PKGS)); done

## fuzz: run every fuzz target of the core module for FUZZTIME each, one
## after another (go test -fuzz takes one target per run). `make test` runs
## only their seed corpora, as plain go test does. A crash stops the run and
## leaves the input under the package's testdata/fuzz/ for go test to replay.
fuzz:
	@set -e; targets=$$($(GO) test -list '^Fuzz' $(PKGS) | awk '/^Fuzz/ { names[n++] = $$1; next } /^ok / { for (i = 0; i < n; i++) print $$2 ":" names[i]; n = 0 }'); \
	  if [ -z "$$targets" ]; then echo "no fuzz targets"; exit 1; fi; \
	  for t in $$targets; do pkg=$${t%%:*}; name=$${t##*:}; \
	    echo "fuzz $$name in $$pkg for $(FUZZTIME)"; \
	    $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done

## golden: rewrite the golden files after an intended change
golden:
	$(GO) test ./tools/ -run Golden -update
	$(GO) test ./frontends/openai/ -run Golden -update

## smoke: the smoke suite through the built p1 — against the tenant named by
## PINGONE_* worker credentials when they are set, else against `p1 sandbox`
smoke:
	$(GO) build -trimpath -ldflags="$(LDFLAGS)" -o $(BIN)/p1 ./frontends/p1
	P1_BIN=$(abspath $(BIN))/p1 $(GO) test -count=1 -v -run '^TestSmoke$$' ./examples/smoke/

## tidy: go mod tidy in every module
tidy:
	@set -e; for m in $(MODULES); do (cd $$m && $(GO) mod tidy); done

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf $(BIN)
