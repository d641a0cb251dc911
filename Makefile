# concspec: `make verify` runs the corpus and writes reports; `make test` runs every test.

GO          ?= go
SEED        ?=
TAGS        ?= ~@slow
HANG_BOUND  ?=
CONCURRENCY ?=
SHARD       ?=
SHARD_DURATIONS ?=
REPORTS     := $(CURDIR)/reports
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCH_COUNT ?= 6
STRESS_RUNS ?= 3
NEIGHBOURS  ?= none,one,two,build
PROCS       ?= 1,2,4,8
# Mutants run only their own rules' scenarios; the @polyglot ones are the negative controls of
# the other runtimes' detectors, so the baseline run that finds them must include them.
MUTATE_TAGS ?= ~@slow

MODULE      := github.com/concspec/concspec

# The corpus runs in local directory mode (no package argument) so that its run streams to the
# terminal as it happens.
CORPUS_ENV := CONCSPEC_SEED=$(SEED) CONCSPEC_HANG_BOUND=$(HANG_BOUND) CONCSPEC_CONCURRENCY=$(CONCURRENCY) \
  CONCSPEC_SHARD=$(SHARD) CONCSPEC_SHARD_DURATIONS=$(SHARD_DURATIONS)

.PHONY: verify verify-all report tools packages steps example example-broken ecosystem test lint bench stress mutate mutate-all

## verify: run the corpus (all but @slow) under -race in random order, scenarios side by side
##         (@exclusive ones alone); write reports/junit.xml, cucumber.json, messages.ndjson,
##         figures.json and conformance.json. SEED=… replays an order, TAGS=… selects,
##         CONCURRENCY=1 runs one scenario at a time. SHARD=i/n runs only the i-th of n shares
##         of the scenarios TAGS selects (the same shares on every machine, whatever the seed;
##         SHARD_DURATIONS=an earlier run's cucumber.json balances them by time, else by
##         number): run each share on its own CI machine, then join their reports with
##         `go run ./cmd/concspec-report -merge DIR1,DIR2,… -reports OUT` (docs/ci/).
verify:
	$(CORPUS_ENV) CONCSPEC_TAGS='$(TAGS)' CONCSPEC_REPORTS=$(REPORTS) $(GO) test -race -count=1 -run '^TestFeatures$$'

## verify-all: the whole corpus, @slow scenarios included.
verify-all:
	$(MAKE) verify TAGS=

## report: run the corpus, then render reports/index.html (the official Cucumber HTML report,
##         from reports/messages.ndjson checked against the Cucumber Messages schema) and
##         reports/summary.html (rules, conformance, mutation matrix, figures with plots).
report: tools verify
	$(GO) run ./cmd/concspec-report -reports $(REPORTS)

## tools: the npm packages of tools/report (pinned by its lockfile), then what the corpus runs
##        beyond Go — Debian's chromium for the report's browser test, xmllint
##        (libxml2-utils) for the junit.xml schema test, rayon and tokio for Rust, Mono for
##        C# — installed with apt-get when missing; then it prepares the
##        polyglot programs and says which runtimes are ready.
tools: tools/report/node_modules/.package-lock.json packages
	$(GO) run ./cmd/concspec-polyglot

tools/report/node_modules/.package-lock.json: tools/report/package.json tools/report/package-lock.json
	cd tools/report && npm ci --no-audit --no-fund

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	ls -d /usr/share/cargo/registry/rayon-[0-9]* >/dev/null 2>&1 || missing="$$missing librust-rayon-dev"; \
	ls -d /usr/share/cargo/registry/tokio-[0-9]* >/dev/null 2>&1 || missing="$$missing librust-tokio-dev"; \
	command -v mcs >/dev/null 2>&1 || missing="$$missing mono-mcs"; \
	command -v mono >/dev/null 2>&1 || missing="$$missing mono-runtime"; \
	if [ -n "$$missing" ]; then \
	  echo "installing from Debian:$$missing"; \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; } || \
	  echo "concspec: COULD NOT INSTALL$$missing: the tests and scenarios that need them will be skipped, with the reason"; \
	fi

## steps: the step vocabulary — every step, with a line of the corpus that uses it — for teams
##        writing their own scenarios.
steps:
	@$(GO) run ./cmd/concspec-steps

## example: the conformance kit's worked example (examples/thirdparty, a module of its own): a
##          team's task group and counter held to the contract scenarios with a scenario of its
##          own, and a broken group that the corpus must catch.
example:
	cd examples/thirdparty && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./... && $(GO) test -race -count=1 ./...

## example-broken: what a team sees when its implementation breaks a rule (this run fails on
##                 purpose; make succeeds only if it does).
example-broken:
	cd examples/thirdparty && ! THIRDPARTY_BROKEN=1 $(GO) test -race -count=1 -run '^TestLateCancelGroupConformance$$' ./...

## ecosystem: common Go concurrency libraries (errgroup, conc, xsync, go.uber.org/atomic, …) held
##            to every contract they fit, through thin adapters in ecosystem/ (a module of its
##            own, versions pinned by its go.mod and go.sum); writes reports/ecosystem.json.
##            A library that differs is a finding, recorded; the run fails only on an error of
##            concspec's, or on a difference docs/ecosystem.md does not explain (or explains and
##            no longer occurs). ECOSYSTEM_WRITE_DOCS=1 rewrites the matrix in that page.
ECOSYSTEM_WRITE_DOCS ?=
ecosystem:
	cd ecosystem && $(GO) mod download && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./... && \
	  ECOSYSTEM_REPORTS=$(REPORTS) ECOSYSTEM_WRITE_DOCS=$(ECOSYSTEM_WRITE_DOCS) $(GO) test -race -count=1 -timeout 30m ./...

## test: every test of the module — patterns, harness meta-tests, the whole corpus (@slow
##       included), the report's schema and browser tests — a smoke run of the benchmarks, the
##       conformance kit's worked example, the ecosystem matrix, the mutation matrix, and the
##       linters. The corpus runs on its own first: its figures measure the machine, not the
##       other packages' tests (the browser test runs part of the corpus, and a browser, in its
##       own process).
test: lint tools
	$(CORPUS_ENV) CONCSPEC_TAGS= $(GO) test -race -count=1 .
	CONCSPEC_REQUIRE_TOOLS=1 $(GO) test -race -count=1 $$($(GO) list ./... | grep -vx '$(MODULE)')
	$(GO) test -run '^$$' -bench . -benchtime 1x ./benchmarks
	$(MAKE) example
	$(MAKE) ecosystem
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

## stress: the corpus STRESS_RUNS times in each cell of GOMAXPROCS (PROCS=1,2,4,8) × neighbour
##         (NEIGHBOURS=none,one,two,build: nothing; one CPU burner; two burners in another
##         session; `go build -a std` from scratch), a fresh seed each time; prints the matrix
##         with each cell's CPU pressure, the failures with their seeds and failing scenarios,
##         the skipped and the slowest scenarios, and fails if any run failed.
stress:
	$(GO) run ./cmd/concspec-stress -runs $(STRESS_RUNS) -procs '$(PROCS)' -neighbours '$(NEIGHBOURS)' -tags '$(TAGS)'

## mutate: for each mutant (a broken implementation in place of a reference one, or a detector
##         switched off), the scenarios of the rules it breaks, one corpus process per mutant,
##         as many side by side as there are CPUs; prints the matrix (and writes
##         reports/mutation.json) and fails unless every mutant is killed by its rules' scenarios.
mutate:
	$(GO) run ./cmd/concspec-mutate -tags '$(MUTATE_TAGS)' -out $(REPORTS)/mutation.json

## mutate-all: the same, but the whole corpus for every mutant (slow: about 20 full runs), to
##             see which other rules' scenarios also catch each mutant.
mutate-all:
	$(GO) run ./cmd/concspec-mutate -all -tags '$(MUTATE_TAGS)' -out $(REPORTS)/mutation.json

## mutate-source: the project's own source-mutation pass over patterns/ (long: about 25 min on
##                two cores with RUNS=1, so not part of make test): each mutant in
##                mutants/patterns.txt (a snippet of a reference pattern replaced, as a mutation
##                tool would) laid over the module with the go command's -overlay, and the
##                scenarios of the rules it breaks (not @slow, not @polyglot) run RUNS times;
##                prints the matrix, writes reports/source-mutation.json, and fails unless every
##                mutant is killed by a scenario in every run or listed as equivalent.
##                RUNS=5 checks that each kill is deterministic; PARALLEL=… mutants side by side.
mutate-source: RUNS ?= 1
mutate-source: PARALLEL ?= 2
mutate-source:
	$(GO) run ./cmd/concspec-srcmutate -runs $(RUNS) -parallel $(PARALLEL) -out $(REPORTS)/source-mutation.json
