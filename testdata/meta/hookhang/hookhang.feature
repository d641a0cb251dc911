Feature: A hook that hangs

  @hang-in-after-hook
  Scenario: A scenario whose After hook never returns
    Given the "mutex" counter
