Feature: A run stopped by a hang still writes every report

  Scenario: A scenario that ends well
    Given the "mutex" counter
    When 4 goroutines each increment it 100 times
    Then the count is exactly 400

  Scenario: A step never returns
    Given a step waits forever on a channel nobody closes
