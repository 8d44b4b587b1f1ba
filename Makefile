# p1kit — one command for each job. `make test` is what CI runs.
GO      ?= go
PKGS    ?= ./...
BIN     ?= bin

.PHONY: all build test lint fmt bench golden clean

all: build

## build: compile every package and the p1 binary into ./bin
build:
	$(GO) build $(PKGS)
	$(GO) build -o $(BIN)/p1 ./frontends/p1

## lint: gofmt and go vet must be clean
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

## test: lint, then every test with the race detector
test: lint
	$(GO) test -race -count=1 $(PKGS)

## bench: the performance figures (no timed assertions anywhere)
bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

## golden: rewrite the golden files after an intended change
golden:
	$(GO) test ./tools/ -run Golden -update

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf $(BIN)
