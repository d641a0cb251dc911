@R03
Feature: Share memory by communicating
  Node.js workers share no ordinary objects: a value crosses only when it is explicitly handed
  over. Go's counterpart is a discipline rather than a wall: a value sent on a channel changes
  owner, and the sender does not touch it again. Kept, the discipline needs no lock and the race
  detector finds nothing; broken, the race detector reports the sender's write.

  Scenario: Buffers that change owner through a channel arrive intact, with no lock
    The whole corpus runs under the race detector, so this run alone shows there is no race.

    Given the "send and let go" handoff
    When 100 buffers are handed from one goroutine to another
    Then every one of the 100 buffers arrives intact
    And no goroutine is left running

  Scenario: The race detector stays quiet when the sender lets go
    Given the "send and let go" handoff
    When 100 buffers are handed from one goroutine to another in a child process built with the race detector
    Then the race detector reports nothing
    And every one of the 100 buffers arrives intact

  @negative
  Scenario: A sender that keeps writing after the send is reported by the race detector
    Given the "send and keep writing" handoff
    When 100 buffers are handed from one goroutine to another in a child process built with the race detector
    Then the race detector reports a data race
    And the race report points at "ownership.HandoffThenKeepWriting"

  @negative
  Scenario: A sender that keeps writing after the send spoils the buffers it gave away, and the intact-handoff check says so
    Without the race detector nothing halts the child, and the receiver looks at every buffer
    again once the channel is closed, after the sender's last write: the sender's writes show.

    Given the "send and keep writing" handoff
    When 100 buffers are handed from one goroutine to another in a child process built without the race detector
    Then the check that every one of the 100 buffers arrives intact fails: 100 buffers arrived, 0 of them intact
