Feature: A scenario with a pending step

  Scenario: A step is not written yet
    Given a step whose definition is still pending
