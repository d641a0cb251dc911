@polyglot
Feature: Node.js worker threads and promises as they behave
  What the guide says about Node.js, run in Node.js itself (20 or later): what crosses from
  the main thread to a worker thread, and how, and what a rejected promise that nobody handles
  does to the process. Each scenario runs a small program that prints what it saw, and beside
  each behaviour the program runs its contrast (a copy beside a transfer, a caught rejection
  beside a forgotten one), so that every assertion tells the two apart. Without Node.js the
  scenarios are skipped with the reason.

  @P03
  Rule: A worker thread shares nothing with the main thread unless it is handed over or made shared

    Scenario: A transferred ArrayBuffer is detached in the sender
      Posted with itself in the transfer list, the buffer moves to the worker: the worker
      gets all 1,024 bytes, and the sender's buffer is left empty. Posted without the list,
      the buffer is copied and the sender keeps its bytes.

      When the Node.js program "p03_worker_messages.mjs" runs with "transfer"
      Then its "sender_bytes_after_transfer" is "0"
      And its "worker_bytes" is "1024"
      And its "worker_last_byte" is "7"
      And its "sender_bytes_after_copy" is "1024"

    Scenario: A SharedArrayBuffer is shared with the worker and updated with Atomics
      The worker and the main thread each add 100,000 to one counter in a SharedArrayBuffer
      with Atomics.add; the worker then says it is done with Atomics.store and
      Atomics.notify, and the main thread waits for that with Atomics.wait (bounded). The
      main thread sees every addition. An ordinary ArrayBuffer posted the same way is a copy:
      the worker's 100,000 additions stay in the worker.

      When the Node.js program "p03_worker_messages.mjs" runs with "shared"
      Then its "count" is "200000"
      And its "copied_buffer_count_in_worker" is "100000"
      And its "copied_buffer_count_in_sender" is "0"

    Scenario: An ordinary object reaches the worker as a structured-clone copy
      The sender posts an instance of a class of its own, which refers twice to one inner
      object. The worker receives a plain Object with the same fields, the inner object still
      one object referred to twice, and changes a field: the sender's object keeps its value.
      What the worker posts back is a new object again, not the one sent.

      When the Node.js program "p03_worker_messages.mjs" runs with "clone"
      Then its "worker_saw_x" is "1"
      And its "sender_constructor" is "Point"
      And its "worker_constructor" is "Object"
      And its "worker_same_inner" is "true"
      And its "worker_set_x" is "99"
      And its "sender_x_after_worker_change" is "1"
      And its "returned_is_sent" is "false"

    Scenario: A function cannot be posted to a worker
      postMessage throws a DataCloneError in the sender, synchronously, and nothing reaches
      the worker: the next message is the first it receives.

      When the Node.js program "p03_worker_messages.mjs" runs with "function"
      Then its "error_name" is "DataCloneError"
      And its "error" contains "could not be cloned"
      And its "worker_received_before_ping" is "0"

  @R21
  Rule: A rejection nobody handles is not lost in Node.js: it ends the process

    Scenario: A promise that rejects with nobody awaiting it ends the Node.js process
      A child Node.js process calls an async function that throws, without awaiting it or
      catching it, and schedules a callback for later. Since Node.js 15 an unhandled
      rejection is an uncaught exception by default: the child ends with exit code 1 and the
      error on stderr, and the later callback never runs. The same child that catches the
      rejection runs the callback and exits with 0.

      When the Node.js program "r21_unhandled_rejection.mjs" runs
      Then its "unhandled_exit_code" is "1"
      And its "unhandled_error_line" is "Error: the save failed"
      And its "unhandled_later_callback_ran" is "false"
      And its "handled_exit_code" is "0"
      And its "handled_stdout" contains "caught: the save failed"
      And its "handled_later_callback_ran" is "true"
