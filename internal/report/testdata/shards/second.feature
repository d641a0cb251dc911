@R02
Feature: A second feature for the merge of shards

  Scenario: another that passes
    Given a step that passes

  Scenario: yet another that passes
    Given a step that passes
