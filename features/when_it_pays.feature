@exclusive
Feature: When concurrency and parallelism pay, and when they do not
  The guide's table of when to use concurrency says: many I/O operations, yes; one call, plain
  sequential code. Independent chunks of work, yes; workers sharing mutable state, no. And when
  spawning costs more than the work, batch it or run it sequentially. Each claim is measured
  here, within one run, in the program built without the race detector, as a user's binary is
  built; the figures land in the reports.

  A busy machine can flip a ratio of wall times, so each claim is decided on what it cannot
  change. Calls that are faster together wait at the server together, and the server counts
  them. Work spread over processors is judged by how long it takes given the processors it wants:
  the processor time of the threads that do it, over the processors those threads want (on a CPU
  or waiting for one), measured in alternating rounds. On some machines two processors slow each
  other down when both compute (hardware threads of one core, or a host busy beside the
  machine): a round in which the work side by side took far more processor time than alone
  cannot show a speed-up, and when most rounds are such, the claim is skipped with what was
  measured. Spawning is judged by the processor time it costs.

  @R22 @P07
  Rule: concurrency pays for many calls, not for one

    @negative
    Scenario: Concurrency pays for many calls, and not for one
      One call is timed as a plain call and as a goroutine of its own; the figures show the
      goroutine gains nothing, and the scaling check says why: there is nothing to overlap.

      When 1 call and then 20 calls the server answers after 10ms are made one after another and concurrently
      Then concurrency makes the 20 calls at least 5 times faster: at least as many of them waited together
      And the check that concurrency makes the single call at least 2 times faster fails: it waited alone
      And no goroutine is left running

  @R23
  Rule: parallelism pays for independent chunks, not for shared state

    @negative
    Scenario: Independent chunks sum quickly; workers sharing one lock do not
      When 50000000 numbers are summed one after another, in 2 independent chunks side by side, and by as many workers adding each number to one total under a shared lock
      Then the independent chunks are at least 1.5 times faster than one after another, given the processors each wants
      And the independent chunks are at least 3 times faster than the shared lock, given the processors each wants
      And the check that the shared lock is at least 1.5 times faster than one after another, given the processors each wants, fails
      And no goroutine is left running

  @R24
  Rule: when spawning costs more than the work, batch it

    @negative
    Scenario: For tiny work a goroutine per item costs more than the work itself
      When 500 items of work sized 1, 100, 1000, 10000 and 50000 rounds run one after another, one goroutine per item, and in one chunk per core
      Then for work of 1 round one goroutine per item costs more processor time than one after another
      And for work of 1 round one goroutine per item costs at least 2 times the processor time of one chunk per core
      And the check that for work of 50000 rounds one goroutine per item costs at least 2 times the processor time of one chunk per core fails
      And the size from which one goroutine per item stops losing is reported
      And no goroutine is left running
