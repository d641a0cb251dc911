Feature: Gherkin that does not parse

  Scenario: A step keyword out of place
    Given the "mutex" counter
  Examples:
    | oops |
  This line is not Gherkin at all
