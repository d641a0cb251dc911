# concspec: `make verify` runs the corpus and writes reports; `make test` runs every test.

GO          ?= go
SEED        ?=
TAGS        ?=
HANG_BOUND  ?=
REPORTS     := $(CURDIR)/reports
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# The corpus runs in local directory mode (no package argument) so that godog's readable run
# streams to the terminal as it happens.
CORPUS_ENV := CONCSPEC_SEED=$(SEED) CONCSPEC_TAGS='$(TAGS)' CONCSPEC_HANG_BOUND=$(HANG_BOUND)

.PHONY: verify test lint

## verify: run the whole corpus under -race in random order; write reports/junit.xml,
##         reports/cucumber.json and reports/figures.json. SEED=… replays an order, TAGS=… selects.
verify:
	$(CORPUS_ENV) CONCSPEC_REPORTS=$(REPORTS) $(GO) test -race -count=1 -run '^TestFeatures$$'

## test: every test of the module (patterns, steps, harness meta-tests, the corpus) and the linters.
test: lint
	$(CORPUS_ENV) $(GO) test -race -count=1 ./...

## lint: gofmt, go vet and staticcheck (pinned, fetched through the module proxy).
lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
