Feature: A scenario that leaks a goroutine

  Scenario: A goroutine outlives its scenario
    Given a goroutine is started that waits forever on a channel nobody closes
