Feature: A feature with a scenario that specifies nothing

  Scenario: A scenario without a single step
