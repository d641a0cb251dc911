@R26
Feature: The corpus states the Go it needs and uses that Go's idioms
  Goroutines and channels have been in Go since 1.0, but the idioms the corpus uses are newer:
  sync.WaitGroup.Go (Go 1.25) starts and counts a goroutine in one call, so the Add can never be
  misplaced, and vet's "waitgroup" analyzer (also Go 1.25) catches the misplaced Add in code
  that still writes it by hand.

  Scenario: The module requires Go 1.26, and the toolchain running it is at least that
    Then the module requires Go 1.26 or newer
    And the toolchain running the corpus is at least the version the module requires

  Scenario: The patterns use sync.WaitGroup.Go, and vet's waitgroup analyzer finds nothing in them
    When go vet's waitgroup analyzer checks the patterns
    Then vet reports nothing
    And the patterns start goroutines with sync.WaitGroup.Go

  @negative
  Scenario: vet's waitgroup analyzer catches WaitGroup.Add called inside the new goroutine
    When go vet's waitgroup analyzer checks a package that calls WaitGroup.Add inside the goroutine it starts
    Then vet reports "WaitGroup.Add called from inside new goroutine"
