@R18
Feature: Shared counters need synchronisation
  When many goroutines add to one counter, each increment is a read, an add and a write. If
  nothing orders those steps, two goroutines can read the same value and one of the two updates
  vanishes. A mutex, an atomic add, or a single goroutine that owns the counter and receives
  increments through a channel each make every update count.

  @R03 @R05
  Scenario: The corpus itself watches for data races
    The scenarios that run synchronised code in this process claim that no race happened here.
    That claim means something only if this process runs under the race detector: a corpus
    built without it must fail here, not pass the rest in silence.

    Then this run of the corpus watches for data races

  Scenario Outline: The <implementation> counter counts every increment
    Given the "<implementation>" counter
    When <goroutines> goroutines each increment it <increments> times
    Then the count is exactly <total>
    And no goroutine is left running

    @contract
    Examples: the contract
      | implementation | goroutines | increments | total |
      | mutex          | 1          | 1000       | 1000  |
      | mutex          | 8          | 1000       | 8000  |
      | mutex          | 100        | 200        | 20000 |

    Examples: other implementations
      | implementation | goroutines | increments | total |
      | atomic         | 1          | 1000       | 1000  |
      | atomic         | 8          | 1000       | 8000  |
      | atomic         | 100        | 200        | 20000 |
      | owner          | 1          | 1000       | 1000  |
      | owner          | 8          | 1000       | 8000  |
      | owner          | 100        | 200        | 20000 |

  Scenario Outline: The <implementation> counter counts every increment while the goroutines' increments overlap
    Goroutines that each make a fixed number of increments may never overlap: on a busy machine,
    or at GOMAXPROCS 1, each can make all of its increments before the next one starts, and a
    counter that reads the count and then writes it back would lose nothing. Here the overlap is
    made sure of, not hoped for. The child sets GOMAXPROCS itself, whatever its environment
    says, so the two goroutines run on two threads, which the kernel may switch between at any
    instruction, even when they share one processor. Each goroutine increments the counter 100
    times, reads the count, and starts again; whenever the count has moved by anything but its
    own 100, the other goroutine's increments landed between two of its reads. Both go on until
    each has seen that 20 times (a goroutine that makes twenty million increments first fails
    the run, saying so), and the count must then be exactly the increments they made, however
    many that took. On one processor each of those overlaps is a switch away from a
    goroutine in the middle of its increments, and the race detector's bookkeeping around every
    atomic operation widens the gap between an increment's read and its write: a counter whose
    increment reads and then writes, each step atomic but not the pair, gets forty chances to
    lose updates. Measured beside two busy neighbours on one processor, it lost thousands of
    updates in every one of 200 runs.

    Given the "<implementation>" counter
    When 2 goroutines at GOMAXPROCS 2 increment it in a child process built with the race detector, until each has seen the others' increments between two of its reads 20 times
    Then the race detector reports nothing
    And the count is exactly the increments made

    Examples:
      | implementation |
      | mutex          |
      | atomic         |
      | owner          |

  Scenario Outline: The race detector stays quiet for the <implementation> counter, read while it counts
    A detector that fired on every program would prove nothing; these runs show it is silent
    when the increments are synchronised. Another goroutine reads the count until it sees an
    increment, ordered with the incrementing goroutines by nothing but the counter itself: a
    Value that read the count without the lock, or past the owner, would race with Increment,
    and the race detector would say so.

    Given the "<implementation>" counter
    When 8 goroutines each increment it 1000 times while another goroutine reads the count, in a child process built with the race detector
    Then the race detector reports nothing
    And the count is exactly 8000

    Examples:
      | implementation |
      | mutex          |
      | atomic         |
      | owner          |

  @negative
  Scenario: The race detector reports the unsynchronised counter
    The unsynchronised counter is the bad pattern itself, run for real in a child process so that
    its race cannot fail the corpus that is watching it.

    Given the "unsynchronised" counter
    When 4 goroutines each increment it 1000 times in a child process built with the race detector
    Then the race detector reports a data race
    And the race report points at "counter.(*Unsynchronised).Increment"

  @negative
  Scenario: Without the race detector the unsynchronised counter loses updates, and the count check says so
    Nothing fails loudly here: the program exits normally and the total is simply too small. Left
    to the scheduler, how many updates are lost varies from run to run, and is often none at
    GOMAXPROCS 1; so the interleaving that loses them is forced. Each goroutine reads the count,
    and none writes back what it read plus one until every one has read: all of them read 0 and
    write 1, and all updates but one are lost, every time.

    Given the "unsynchronised" counter
    When 8 goroutines each increment it once, all reading the count before any writes it back, in a child process built without the race detector
    Then the child process exits normally
    And the check that the count is exactly 8 fails, with 7 updates lost
    And the lost updates are reported as a figure
