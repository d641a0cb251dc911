Feature: A scenario that hangs

  Scenario: A step never returns
    Given a step waits forever on a channel nobody closes
