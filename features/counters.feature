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
