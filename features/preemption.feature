@R20 @exclusive
Feature: A tight loop cannot starve the other goroutines
  The guide warns that a tight CPU loop may keep others from running and suggests
  runtime.Gosched(). Since Go 1.14 the runtime preempts a goroutine asynchronously, even in a
  loop with no function calls, so at GOMAXPROCS 1 another goroutine still gets its turn and no
  Gosched is needed. Switching asynchronous preemption off brings the old starvation back, which
  shows what the runtime now does for you.

  Scenario: At GOMAXPROCS 1 a tight loop is preempted, and the goroutine it waits for runs
    When a tight loop with no function calls waits at GOMAXPROCS 1 for a flag that only another goroutine sets
    Then the loop ends, because the other goroutine got to run
    And no goroutine is left running

  Scenario: The same loop in a child process at GOMAXPROCS 1 ends too
    The control for the scenario below: the child program itself is sound.

    When the same loop runs in a child process with GOMAXPROCS=1, under a bound of 5000ms
    Then the child's loop ends

  @negative
  Scenario: Without asynchronous preemption the loop starves the other goroutine, and the loop check says so
    When the same loop runs in a child process with GOMAXPROCS=1 and GODEBUG=asyncpreemptoff=1, under a bound of 500ms
    Then the check that the child's loop ends fails: the bound stopped the child still spinning in "work.SpinUntil"
