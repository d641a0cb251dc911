@R01
Feature: A basket of scenarios for the merge of shards
  Plain scenarios and an outline whose rows the shards share out.

  Background:
    Given a step that passes

  Scenario: one that passes
    Then a step that passes

  @negative
  Scenario: one that fails
    Then a step that fails

  Scenario: one that is skipped
    Then a step that skips

  Scenario Outline: a row <n>
    Then a step that passes
    And a step that attaches a figure

    Examples:
      | n |
      | 1 |
      | 2 |
      | 3 |
      | 4 |
