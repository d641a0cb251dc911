@exclusive
Feature: When concurrency and parallelism pay, and when they do not
  The guide's table of when to use concurrency says: many I/O operations, yes; one call, plain
  sequential code. Independent chunks of work, yes; workers sharing mutable state, no. And when
  spawning costs more than the work, batch it or run it sequentially. Each claim is measured
  here, within one run, and the figures land in the reports.

  @R22 @P07
  Rule: concurrency pays for many calls, not for one

    @negative
    Scenario: Concurrency pays for many calls, and not for one
      Given a loopback HTTP server
      When 1 call and then 20 calls the server answers after 10ms are made one after another and concurrently
      Then concurrency makes the single call no faster
      And it makes the 20 calls at least 5 times faster
      And once the server is closed, no goroutine is left running

  @R23
  Rule: parallelism pays for independent chunks, not for shared state

    @negative
    Scenario: Independent chunks sum quickly; workers sharing one lock do not
      When 200000 numbers are summed in 2 independent chunks, and by as many workers adding every number to one total under a shared lock
      Then the shared lock is at least 3 times slower
      And no goroutine is left running

  @R24
  Rule: when spawning costs more than the work, batch it

    @negative
    Scenario: For tiny work a goroutine per item costs more than the work itself
      When 500 items of work sized 1, 100, 1000, 10000 and 50000 rounds run one after another, one goroutine per item, and in one chunk per core
      Then for work of 1 rounds one goroutine per item is slower than one after another
      And the size from which one goroutine per item stops losing is reported
      And no goroutine is left running
