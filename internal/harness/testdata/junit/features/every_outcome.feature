Feature: A scenario for every way a scenario ends

  Scenario: passes, with a figure measured
    Given a step that passes
    When a step records the figure "speed-up" of 3 times
    Then a step that passes

  Scenario: fails
    Given a step that passes
    When a step that fails
    Then a step that passes

  Scenario: pending
    Given a step that passes
    When a step whose definition is still pending

  Scenario: skipped before its first step, for what the machine lacks
    Given the machine lacks what this scenario needs
    Then a step that passes

  Scenario: skipped after steps that passed, for what the machine lacks
    Given a step that passes
    When a step records the figure "rounds" of 2 rounds
    And the machine lacks what this scenario needs
    Then a step that passes

  @needs:time-travel
  Scenario Outline: skipped for a capability <implementation> does not declare
    Given a step that passes

    @implementation:ours
    Examples:
      | implementation |
      | ours           |
