Feature: A feature that passes
  The control case for the meta-tests: the same child run as the bad features, but nothing wrong.

  Scenario: Nothing is wrong
    Given the "mutex" counter
    When 4 goroutines each increment it 100 times
    Then the count is exactly 400
    And no goroutine is left running
