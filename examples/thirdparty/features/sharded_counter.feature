@ours @R18
Feature: Our sharded counter under the load our service puts on it
  The service increments one counter from every request handler. This is our own scenario,
  written with concspec's step vocabulary (`make steps` in concspec lists it), run together
  with concspec's contract scenarios.

  Scenario: Fifty handlers incrementing 400 times each lose nothing
    Given the "sharded" counter
    When 50 goroutines each increment it 400 times
    Then the count is exactly 20000
    And no goroutine is left running
