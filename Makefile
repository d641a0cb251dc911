# concspec: `make verify` runs the corpus and writes reports; `make test` runs every test.

GO          ?= go
SEED        ?=
TAGS        ?= ~@slow
HANG_BOUND  ?=
REPORTS     := $(CURDIR)/reports
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCH_COUNT ?= 6
STRESS_RUNS ?= 3

# The corpus runs in local directory mode (no package argument) so that its run streams to the
# terminal as it happens.
CORPUS_ENV := CONCSPEC_SEED=$(SEED) CONCSPEC_HANG_BOUND=$(HANG_BOUND)

.PHONY: verify verify-all test lint bench stress mutate

## verify: run the corpus (all but @slow) under -race in random order; write reports/junit.xml,
##         cucumber.json, figures.json and conformance.json. SEED=… replays an order, TAGS=… selects.
verify:
	$(CORPUS_ENV) CONCSPEC_TAGS='$(TAGS)' CONCSPEC_REPORTS=$(REPORTS) $(GO) test -race -count=1 -run '^TestFeatures$$'

## verify-all: the whole corpus, @slow scenarios included.
verify-all:
	$(MAKE) verify TAGS=

## test: every test of the module — patterns, harness meta-tests, the whole corpus (@slow
##       included) — a smoke run of the benchmarks, the mutation matrix, and the linters.
test: lint
	$(CORPUS_ENV) CONCSPEC_TAGS= $(GO) test -race -count=1 ./...
	$(GO) test -run '^$$' -bench . -benchtime 1x ./benchmarks
	$(MAKE) mutate

## lint: gofmt, go vet and staticcheck (pinned, fetched through the module proxy).
lint:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## bench: the reference patterns beside errgroup and conc, without -race, into reports/bench.txt
##        (benchstat's format); BenchmarkGoroutine runs a million goroutines at once.
bench:
	mkdir -p $(REPORTS)
	$(GO) test -run '^$$' -bench 'Group|Bounded|Ordered|Counters' -benchmem -count $(BENCH_COUNT) -benchtime 200ms ./benchmarks > $(REPORTS)/bench.txt
	$(GO) test -run '^$$' -bench '^BenchmarkGoroutine$$' -benchmem -count $(BENCH_COUNT) -benchtime 1000000x ./benchmarks >> $(REPORTS)/bench.txt
	cat $(REPORTS)/bench.txt

## stress: the corpus STRESS_RUNS times at each GOMAXPROCS 1, 2, 4 and 8, a fresh seed each
##         time, beside a CPU-burning neighbour; prints failures with their seeds and the slowest
##         scenarios, and fails if any run failed.
stress:
	$(GO) run ./cmd/concspec-stress -runs $(STRESS_RUNS) -procs 1,2,4,8 -tags '$(TAGS)'

## mutate: the corpus once per mutant (a broken implementation in place of a reference one);
##         prints the matrix and fails unless every mutant is killed by its rules' scenarios.
mutate:
	$(GO) run ./cmd/concspec-mutate -tags '$(TAGS)'
