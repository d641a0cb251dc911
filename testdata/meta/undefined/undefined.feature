Feature: A scenario with an undefined step

  Scenario: A step has no definition
    Given the "mutex" counter
    When 4 goroutines each incremnt it 100 times
