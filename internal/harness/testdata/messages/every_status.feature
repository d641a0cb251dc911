@R01
Feature: Every status a step can end with
  Background:
    Given a step that passes

  Scenario: passing, with a figure attached
    When a step attaches a figure
    Then a step that passes

  Scenario: failing, then skipped
    When a step that fails
    Then a step that passes

  Scenario: pending
    When a step that is pending

  Scenario: undefined
    When a step nobody defined

  Scenario: ambiguous
    When a step that two definitions match

  Rule: a rule groups scenarios
    Scenario Outline: an outline row with <n>
      When a step takes 3 and <n>
      And a step with a table
        | a | b |
      And a step with a doc string
        """
        text
        """

      Examples:
        | n |
        | 1 |
        | 2 |
