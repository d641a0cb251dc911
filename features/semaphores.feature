@R19
Feature: A weighted semaphore bounds a resource and keeps its units
  A weighted semaphore guards a resource of a fixed size — connections, memory, a remote
  service's patience — in units: Acquire(ctx, n) waits until n units are free, Release(n) gives
  them back, and TryAcquire(n) takes them only if it can at once. Four promises make it safe to
  share: never more than the weight is held; an Acquire given up through its context keeps no
  unit; a large Acquire is not kept waiting for ever by small ones that keep arriving (for a
  semaphore that serves first come, first served); and TryAcquire never waits.

  The Acquires run from goroutines of the scenario's own, and each holds its units until the
  step lets it go. The step counts the units held as each Acquire returns and before each
  Release, and lets go only once nothing in the scenario moves: every Acquire has got in or
  waits. Nothing is timed.

  Scenario Outline: <semaphore>: 10 Acquires of 1 never hold more than the weight of 3
    Given the "<semaphore>" semaphore of weight 3
    When 10 goroutines each acquire 1 and hold it until let go, in rounds
    Then the held weight never exceeded 3
    And no goroutine is left running

    @contract
    Examples: the contract
      | semaphore |
      | reference |

    Examples: other implementations
      | semaphore |
      | x/sync    |

  Scenario Outline: <semaphore>: Acquires of different weights never hold more than the weight of 4
    Given the "<semaphore>" semaphore of weight 4
    When goroutines acquire the weights 3, 1, 2, 4, 1, 3, 2, 2 and hold them until let go, in rounds
    Then the held weight never exceeded 4
    And no goroutine is left running

    @contract @needs:weighted
    Examples: the contract
      | semaphore |
      | reference |

    Examples: other implementations
      | semaphore |
      | x/sync    |

  @negative
  Scenario: A semaphore one unit heavier than its weight is caught by the weight check
    Given the "over-admits" semaphore of weight 3
    When 10 goroutines each acquire 1 and hold it until let go, in rounds
    Then the check that the held weight never exceeded 3 fails: 4 units held at once under a weight of 3
    And no goroutine is left running

  Scenario Outline: <semaphore>: an Acquire cancelled while it waits keeps no unit
    The whole weight is held, so the Acquire waits; its context is cancelled while it does, and
    only then is the weight released. The cancelled Acquire must return its context's error,
    and the semaphore must be whole again: every unit can be acquired.

    Given the "<semaphore>" semaphore of weight 3
    When its whole weight is held, and an Acquire of 1 that waits for it is cancelled
    Then the whole weight can be acquired again
    And no goroutine is left running

    @contract
    Examples: the contract
      | semaphore |
      | reference |

    Examples: other implementations
      | semaphore |
      | x/sync    |

  @negative
  Scenario: A cancelled Acquire that stays queued takes a unit nobody gives back, and the permit-leak check says so
    The broken semaphore returns the context's error but leaves the cancelled Acquire in its
    queue: the first Release hands it a unit that its caller, told it failed, never releases.

    Given the "leaks-on-cancel" semaphore of weight 3
    When its whole weight is held, and an Acquire of 1 that waits for it is cancelled
    Then the check that the whole weight can be acquired again fails: only 2 of the weight 3 could be acquired once every unit was released: 1 kept by the cancelled Acquire
    And no goroutine is left running

  Scenario Outline: <semaphore>: a small Acquire made after a large one waits behind it
    With 1 of the weight 4 held, an Acquire of 4 must wait. An Acquire of 1 made after it would
    fit at once, but a semaphore that let it in would let every small Acquire in before the
    large one, which might then wait for ever. A semaphore that serves first come, first served
    makes it wait its turn. One that does not is free to say so: it does not declare fifo, and
    this row is skipped for it.

    Given the "<semaphore>" semaphore of weight 4
    When 1 of its weight is held, an Acquire of 4 waits, and then an Acquire of 1 is made
    Then the Acquire of 4 got in before the Acquire of 1 made after it
    And no goroutine is left running

    @contract @needs:weighted @needs:fifo
    Examples: the contract
      | semaphore |
      | reference |

    Examples: other implementations
      | semaphore |
      | x/sync    |

  @negative
  Scenario: A semaphore that lets small Acquires in ahead of a large one is caught by the FIFO check
    Given the "lets-small-ones-barge" semaphore of weight 4
    When 1 of its weight is held, an Acquire of 4 waits, and then an Acquire of 1 is made
    Then the check that the Acquire of 4 got in before the Acquire of 1 made after it fails: the Acquire of 1, made while the Acquire of 4 waited, got in first: small Acquires coming one after another can keep the large one waiting for ever
    And no goroutine is left running

  Scenario Outline: <semaphore>: TryAcquire never waits
    Given the "<semaphore>" semaphore of weight 2
    When its whole weight is held
    Then TryAcquire of 1 refuses at once, and once the weight is released takes it
    And no goroutine is left running

    @contract
    Examples: the contract
      | semaphore |
      | reference |

    Examples: other implementations
      | semaphore |
      | x/sync    |

  @negative
  Scenario: A TryAcquire that waits for the units is caught by the TryAcquire check
    The step notices that TryAcquire has not returned as soon as nothing in the scenario can
    move; it then releases the weight, and the broken TryAcquire returns.

    Given the "blocking-try" semaphore of weight 2
    When its whole weight is held
    Then the check that TryAcquire of 1 refuses at once fails: TryAcquire(1) blocked while the whole weight of 2 was held, until it was released
    And no goroutine is left running
