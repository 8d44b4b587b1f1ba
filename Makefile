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

# Build flags of go vet in `make lint`: those of `make test`'s build.
VETFLAGS ?= -race

# How long `make fuzz` runs each fuzz target.
FUZZTIME ?= 10m

.PHONY: all build test lint fmt bench fuzz faults golden docs smoke tidy clean workflows release-check portability

# GoReleaser, run through the Go module proxy (no binary download).
GORELEASER ?= github.com/goreleaser/goreleaser/v2@v2.15.1

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

## lint: gofmt and go vet must be clean, in every module. vet builds with
## -race, as make test does: the packages it compiles for their export data
## are then the test build's (from a cold cache, the second full compile of
## every module is not done)
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	@set -e; for m in $(MODULES); do echo "vet $$m"; $(in_module) vet $(VETFLAGS) $(PKGS)); done

## test: lint, then every test of every module with the race detector
test: lint
	@# p1 is built once without the race detector first: three test
	@# packages build it that way, and on a cold cache they would each
	@# compile every dependency again, at the same time.
	@$(GO) build -o /dev/null ./frontends/p1
	@set -e; for m in $(MODULES); do echo "test $$m"; $(in_module) test -race -count=1 $(PKGS)); done

## workflows: the workflow tests on a tenant of 5,000 generated users
## (make test runs them on 1,000) and the workflows under random faults with
## 25 seeds (make test: 4), then each workflow's calls to PingOne, wall time
## and answer bytes through MCP
WORKFLOW_USERS ?= 5000
WORKFLOW_FAULT_SEEDS ?= 25
workflows:
	P1KIT_SCALE_USERS=$(WORKFLOW_USERS) P1KIT_WORKFLOW_FAULT_SEEDS=$(WORKFLOW_FAULT_SEEDS) $(GO) test -count=1 -run 'Workflow|ReviewsAtScale|MoveUsers|Offboard|Enrol' ./tools/ ./frontends/mcp/ ./frontends/p1/
	P1KIT_SCALE_USERS=$(WORKFLOW_USERS) $(GO) test -count=1 -v -run 'TestWorkflowFigures$$' ./frontends/mcp/ | grep -E 'workflows_test.go|^(ok|FAIL|---)'

## bench: the performance figures (no timed assertions anywhere). The
## test binaries are built first, as go test builds them (several at once);
## then one package's benchmarks run at a time (-p 1): on two cores, two
## packages' benchmarks running side by side time each other's load.
bench:
	@set -e; for m in $(MODULES); do $(in_module) test -run '^$$' -bench '^$$' $(PKGS)) >/dev/null; done
	@set -e; for m in $(MODULES); do $(in_module) test -p 1 -run '^$$' -bench . -benchmem $(PKGS)); done

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

## faults: the fault campaign of `make test` (internal/faults) at full size:
## FAULT_CALLS tool calls against the emulator with FAULT_RATE of the
## requests faulted (429, 5xx, dropped connections, latency, answers lost
## after the write was applied); prints the figures and fails on any
## duplicate create, misreported write or reads below 99%.
FAULT_CALLS ?= 10000
FAULT_RATE  ?= 0.2
FAULT_SEED  ?= 13
faults:
	$(GO) test -count=1 -run '^TestFaultCampaign$$' -v ./internal/faults/ \
	  -args -calls=$(FAULT_CALLS) -rate=$(FAULT_RATE) -seed=$(FAULT_SEED)

## golden: rewrite the golden files after an intended change, the tool docs
## and the pre-rendered tool listing (tools/catalogue_gen.go)
golden: docs
	$(GO) run ./internal/genlisting
	$(GO) test ./tools/ -run Golden -update
	$(GO) test ./frontends/openai/ -run Golden -update

## docs: write README's tool count and table and docs/tools.md from the registry
docs:
	$(GO) run ./internal/gendocs

## smoke: the smoke suite through the built p1 — against the tenant named by
## PINGONE_* worker credentials when they are set, else against `p1 sandbox`
smoke:
	$(GO) build -trimpath -ldflags="$(LDFLAGS)" -o $(BIN)/p1 ./frontends/p1
	P1_BIN=$(abspath $(BIN))/p1 $(GO) test -count=1 -v -run '^TestSmoke$$' ./examples/smoke/

## release-check: validate the release configuration (.goreleaser.yaml) with
## goreleaser check, then build p1 for this machine as the release would
## (a snapshot, into dist/); packaging/homebrew/p1.rb.tmpl is the Homebrew
## formula template filled in from a release's checksums.txt. GoReleaser is
## built from the module proxy the first time (a large module: many minutes
## on a small machine; the build cache keeps it), so make test does not run
## this; TestReleaseConfig (frontends/p1) checks the file against the
## Makefile on every make test.
release-check:
	$(GO) run $(GORELEASER) check
	$(GO) run $(GORELEASER) build --snapshot --clean --single-target

## portability: a public MCP inspector's schema-portability check
## (@modelcontextprotocol/inspector's CLI with --strict: type arrays, remote
## $refs, untyped and boolean schemas) on every tool of the full catalogue,
## served by p1 on the embedded sandbox. Needs npm and its registry, so make
## test does not run it; TestDefinitionsArePortable (tools) holds the same
## rules and Gemini's (an object has properties) on every make test.
INSPECTOR ?= @modelcontextprotocol/inspector@2.12.0
portability:
	@set -e; dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	  $(GO) build -o "$$dir/p1" ./frontends/p1; \
	  (cd "$$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error $(INSPECTOR) >/dev/null); \
	  HOME="$$dir" "$$dir/node_modules/.bin/mcp-inspector" --cli "$$dir/p1" --sandbox mcp run --disable-read-only --toolsets all \
	    --method tools/list --strict --format json > "$$dir/list.json" 2> "$$dir/findings.txt" || { cat "$$dir/findings.txt"; exit 1; }; \
	  if [ -s "$$dir/findings.txt" ]; then cat "$$dir/findings.txt"; exit 1; fi; \
	  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const f = r.schemaFindings || []; console.log("$(INSPECTOR) --strict: " + r.result.tools.length + " tools, " + f.length + " findings"); process.exit(f.length ? 1 : 0)' \
	    "$$dir/list.json"

## tidy: go mod tidy in every module
tidy:
	@set -e; for m in $(MODULES); do (cd $$m && $(GO) mod tidy); done

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf $(BIN)
