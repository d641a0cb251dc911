Feature: A step with an argument out of range

  Scenario: A negative number of goroutines
    Given the "mutex" counter
    When -3 goroutines each increment it 100 times
