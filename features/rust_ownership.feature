@polyglot
Feature: Rust's ownership and data races
  In Go a counter that several goroutines add to without a lock compiles, runs and loses
  updates, and only the race detector, at run time, says why (counters.feature). Rust's
  borrow checker refuses the same program before it can run: a value may have one mutable
  borrow at a time, and every thread that adds to the counter would hold one. What compiles
  instead shares the counter through a type that makes each update exclusive: a Mutex or an
  atomic, behind an Arc that owns it for all the threads.

  The programs are compiled by rustc alone, offline, in a directory of their own. A machine
  without rustc skips these scenarios with the reason.

  @R18
  Rule: Rust rejects a data race on a counter at compile time; a Mutex or an atomic makes the counter shareable

    @negative
    Scenario: A counter shared mutably across threads does not compile, and the compiler says why
      Four scoped threads each add to one local counter through the closure's mutable borrow
      of it. The compile check is what the claim rests on: it fires here, on the data race,
      and rustc's error says which rule the program broke; no binary is left to run.

      When rustc compiles the Rust program "ownership/race.rs"
      Then the check that it compiled fails
      And rustc's error is E0499: "cannot borrow `counter` as mutable more than once at a time"
      And rustc made no binary

    Scenario: Arc<Mutex> and atomic counters compile and count exactly
      Eight threads each add 1 a hundred thousand times to a counter behind Arc<Mutex<u64>>
      and to an Arc<AtomicU64>. Not one update is lost.

      When rustc compiles the Rust program "ownership/counters.rs"
      Then it compiled, and rustc made a binary
      When the Rust program "ownership/counters.rs" runs with "8 100000"
      Then its "arc_mutex" is "800000"
      And its "atomic_u64" is "800000"
