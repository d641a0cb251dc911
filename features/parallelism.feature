@R04 @R02 @P01 @exclusive
Feature: Concurrency is not parallelism
  Goroutines are concurrent: they make progress in turns. They are parallel only when the
  runtime may run them on several processors at once, which GOMAXPROCS decides. At GOMAXPROCS 1
  two CPU-bound goroutines still take turns (the scheduler preempts them), but they never hold
  more than one processor — Go's analogue of Python threads under the GIL. With one processor
  per core they hold one each.

  The measure is the processors the goroutines held on average: the time Go's scheduler kept its
  processors running them, over the wall time. It is what the program asks of the machine. A
  busy neighbour can take a core away from a thread, but not the processor from its goroutine,
  so the verdict is the same on a busy machine. Reported beside it: what the threads wanted
  from the kernel (on a CPU or ready to run), what they obtained (CPU time over wall time), and
  the machine's CPU pressure. The measurements run in a program built without the race
  detector, as a user's would be.

  @negative
  Scenario: At GOMAXPROCS 1 CPU-bound goroutines take turns, and the parallelism check says they never ran side by side
    When 2 CPU-bound goroutines compute side by side at GOMAXPROCS 1
    Then at GOMAXPROCS 1 both took chunks of the work, taking turns
    And at GOMAXPROCS 1 they held at most 1.3 processors on average
    And the check that at GOMAXPROCS 1 they held at least 1.6 processors fails

  Scenario: With one processor per core, CPU-bound goroutines run side by side
    Given a machine with more than one core
    When 2 CPU-bound goroutines compute side by side at GOMAXPROCS equal to the cores
    Then at GOMAXPROCS equal to the cores they held at least 1.6 processors on average

  Scenario: A Go program started with GOMAXPROCS unset gets a processor for each CPU it may use
    Parallelism is Go's default: nothing has to ask for it. A Go program whose environment sets
    no GOMAXPROCS starts with one processor per CPU the process may use: runtime.NumCPU, which
    counts the CPUs of its affinity mask, not all the machine's; since Go 1.25 a CPU limit of
    its cgroup lowers it too. The program compares what it started with against the runtime's
    own default (runtime.SetDefaultGOMAXPROCS, which ignores the environment), which must be
    a processor per CPU at most; the figures say what it saw. The corpus itself may run with
    GOMAXPROCS set (the stress runs set it), so the program's environment unsets it.

    When a Go program starts with GOMAXPROCS unset in its environment
    Then it started with a processor for each CPU it may use

  @negative
  Scenario: A Go program started with GOMAXPROCS=1 gets one processor, and the default-GOMAXPROCS check says so
    Given a machine with more than one core
    When a Go program starts with GOMAXPROCS set to 1 in its environment
    Then it started with GOMAXPROCS 1
    And the check that it started with a processor for each CPU it may use fails
