"""R18: threads running `counter += 1` on a shared counter, without a lock and with one.
Prints one JSON object for the mode given:

- "unlocked": THREADS threads, started together, each add 1 INCREMENTS times, first to a
  global int ("plain_count", "plain_lost") and then to a counter whose value is read and written
  through Python code, a property ("attribute_count", "attribute_lost"); "expected" is the count
  nothing lost. CPython 3.10 and later with the GIL hand it to another thread only where the
  bytecode calls a function or jumps back in a loop, and the plain increment does neither
  between its load and its store, so on them "plain_lost" is 0 by accident, not by promise.
  The property's increment does: its setter is a call, made after the getter has read the value.
- "locked": the same two counters, each increment under one threading.Lock.
"""
import json
import sys
import threading

THREADS = 4
INCREMENTS = 250_000

counter = 0


class Counter:
    """A counter whose `value += 1` reads through one Python function and writes through
    another: between them the interpreter may hand the GIL to another thread."""

    def __init__(self):
        self._value = 0

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, v):
        self._value = v


def run_threads(increment):
    """Runs increment INCREMENTS times in each of THREADS threads released together."""
    start = threading.Barrier(THREADS)

    def work():
        start.wait()
        for _ in range(INCREMENTS):
            increment()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main(mode):
    global counter
    lock = threading.Lock() if mode == "locked" else None
    attribute = Counter()

    def plain():
        global counter
        counter += 1

    def through_attribute():
        attribute.value += 1

    def locked(increment):
        def under_lock():
            with lock:
                increment()
        return under_lock

    if lock:
        plain, through_attribute = locked(plain), locked(through_attribute)
    expected = THREADS * INCREMENTS
    run_threads(plain)
    run_threads(through_attribute)
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    return {
        "mode": mode, "threads": THREADS, "expected": expected,
        "plain_count": counter, "plain_lost": expected - counter,
        "attribute_count": attribute.value, "attribute_lost": expected - attribute.value,
        "gil": gil, "switch_interval_s": sys.getswitchinterval(),
    }


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("unlocked", "locked"):
        sys.exit(f"unknown mode {mode!r}: unlocked or locked")
    print(json.dumps(main(mode)))
