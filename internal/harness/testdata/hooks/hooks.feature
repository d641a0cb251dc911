Feature: The harness's own hooks are test steps of their own

  Scenario: a step that leaves a goroutine running
    Given a step that passes
    When a step leaves a goroutine running

  @implementation:outsider @needs:recovers-panics
  Scenario: a scenario that needs what its implementation lacks
    Given a step that passes
