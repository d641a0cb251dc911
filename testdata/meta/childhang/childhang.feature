Feature: A child process that hangs

  @exclusive
  Scenario: A child that never ends is stopped by its bound
    When the same loop runs in a child process with GOMAXPROCS=1 and GODEBUG=asyncpreemptoff=1, under a bound of 300ms
    Then the child's loop ends
