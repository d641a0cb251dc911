Feature: Two scenarios side by side, one of which leaks

  The two scenarios meet at a barrier, so they certainly run at the same time; the one that
  leaks does so while the other is still running. The leak is that scenario's alone.

  Scenario: The leaking one
    Given both scenarios have met
    And a goroutine is started that waits forever on a channel nobody closes
    When the other scenario is told the leak has happened

  Scenario: The clean one
    Given both scenarios have met
    When the other scenario's leak has happened
    Then no goroutine is left running
