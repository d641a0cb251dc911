Feature: A scenario the machine cannot run, beside one it can

  Scenario: The machine lacks what this scenario needs
    Given the machine lacks what this scenario needs

  Scenario: Nothing is wrong
    Given the "mutex" counter
    When 4 goroutines each increment it 100 times
    Then the count is exactly 400
