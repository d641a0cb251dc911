@R26 @polyglot
Feature: The version table's milestones on the installed runtimes
  The guide dates each runtime's concurrency milestones in a table: the release that brought
  asyncio, async and await, TaskGroup, worker threads, virtual threads, tokio. For each row
  that can be checked here a small probe, run in that runtime, uses the feature and prints the
  version it ran on; the scenario asserts the version is at least the guide's and the feature
  did what it does. A runtime the machine lacks skips its row with the reason. The version is
  the runtime's own report: Python's, Node's and the JDK's; rustc's `--version`; the tokio in
  the Cargo.lock the probe was built with; for C#, the .NET Framework profile whose class
  library Mono runs (the directory it runs from, /usr/lib/mono/4.5).

  Three rows are not here. Go's is go_version.feature's. Python 3.13's free-threaded build is
  not installable on this machine (other_runtimes.feature has its scenario, which skips).
  Parallel.ForEachAsync is .NET 6's, and the C# here is Mono, whose class library has no such
  method: mcs says error CS0117, `System.Threading.Tasks.Parallel' does not contain a
  definition for `ForEachAsync'. Those claims are stated, not run.

  Scenario Outline: Each installed runtime is new enough for the milestone the guide dates, and has it
    When the <runtime> program "<probe>" runs with "<milestone>"
    Then the <component> that ran it is <version> or newer, the release the guide dates <feature> to
    And it has <feature>: its "works" is "true"

    Examples:
      | runtime | probe         | milestone       | component              | version | feature                        |
      | Python  | versions.py   | asyncio         | Python                 | 3.4     | the asyncio module             |
      | Python  | versions.py   | async-await     | Python                 | 3.5     | async and await                |
      | Python  | versions.py   | taskgroup       | Python                 | 3.11    | asyncio.TaskGroup              |
      | Node.js | versions.mjs  | worker-threads  | Node.js                | 10.5    | the worker_threads module      |
      | Node.js | versions.mjs  | worker-threads  | Node.js                | 12      | worker_threads without a flag  |
      | Java    | Versions.java | virtual-threads | JDK                    | 21      | virtual threads                |
      | Rust    | versions      | async-await     | Rust                   | 1.39    | async and await                |
      | Rust    | versions      | tokio           | tokio                  | 1.0     | tokio's stable release         |
      | C#      | Versions.cs   | async-await     | .NET Framework profile | 4.5     | async and await                |

  @negative
  Scenario: A milestone dated one release after the installed runtime, and the version check says so
    The check is asked whether the Python that ran the probe is at least the release after its
    own (3.12 when 3.11.7 runs): however new the Python, it is not.

    When the Python program "versions.py" runs with "taskgroup"
    Then the check that the Python that ran it is the release after its own or newer fails
