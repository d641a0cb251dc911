Feature: An implementation the catalogue does not know

  Scenario: A misspelt counter
    Given the "mutexx" counter
