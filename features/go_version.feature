@R26
Feature: The corpus states the Go it needs and uses that Go's idioms
  Goroutines and channels have been in Go since 1.0, but the idioms the corpus uses are newer:
  sync.WaitGroup.Go (Go 1.25) starts and counts a goroutine in one call, so the Add can never be
  misplaced, and vet's "waitgroup" analyzer (also Go 1.25) catches the misplaced Add in code
  that still writes it by hand.

  Scenario: The module requires Go 1.26, and the toolchain running it is at least that
    The toolchain is compared with the go directive release for release: go1.26.8 does not
    satisfy a module that requires 1.26.9.

    Then the module requires Go 1.26 or newer
    And the toolchain running the corpus is at least the version the module requires

  @negative
  Scenario: A module that requires a newer Go than the one running the corpus, and the toolchain check says so
    The module asks for the very next release (1.26.9 when 1.26.8 runs), which a comparison of
    language versions alone would let through.

    Given a module that requires the Go release after the one running the corpus
    Then the check that the toolchain running the corpus is at least the version that module requires fails

  Scenario: The patterns count their goroutines with sync.WaitGroup.Go, and vet's waitgroup analyzer finds nothing in them
    Each call is resolved to the method it names, so a call of another method called Go does not
    count.

    When go vet's waitgroup analyzer checks the patterns
    Then vet reports nothing
    And the patterns start their goroutines with sync.WaitGroup.Go and never call WaitGroup.Add

  @negative
  Scenario: WaitGroup.Add called inside the new goroutine, and vet's check and the WaitGroup.Go check say so
    When go vet's waitgroup analyzer checks a package that calls WaitGroup.Add inside the goroutine it starts
    Then the check that vet reports nothing fails with "WaitGroup.Add called from inside new goroutine"
    And the check that that package starts its goroutines with sync.WaitGroup.Go and never calls WaitGroup.Add fails

  @negative
  Scenario: errgroup's Go is not sync.WaitGroup.Go, and the WaitGroup.Go check says so
    The pipeline starts its goroutines with errgroup's g.Go(func() error {…}), which reads much
    like wg.Go(func() {…}); a check that matched the spelling would count it.

    Then the check that the pipeline pattern starts its goroutines with sync.WaitGroup.Go and never calls WaitGroup.Add fails
