Feature: A scenario with an ambiguous step

  Scenario: Two definitions match one step
    Given a step that two definitions match
