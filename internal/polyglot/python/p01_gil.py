"""P01: under the GIL, threads doing CPU work take turns; processes compute at once; asyncio
waits concurrently. Prints one JSON object for the mode given: "pools", the processors kept busy
(CPU time / wall time) by two CPU-bound workers as threads and as processes (the best of five
runs each); "asyncio", the wall time of 100 concurrent waits relative to one."""
import asyncio
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

ROUNDS = 2_000_000
RUNS = 5


def spin(rounds):
    """Computes, and returns the CPU time the thread (or process) running it spent."""
    start = time.thread_time()
    total = 0
    for i in range(rounds):
        total += i * i
    return time.thread_time() - start


def busy(pool_class):
    """The most processors two workers of the pool kept busy — their CPU time over the wall
    time — in RUNS tries: a busy neighbour only takes processors away, so the best run is the
    fairest. The pool is started, and its workers with it, before anything is timed."""
    with pool_class(max_workers=2) as pool:
        list(pool.map(spin, [1, 1]))
        best = 0.0
        for _ in range(RUNS):
            wall0 = time.perf_counter()
            cpu = sum(pool.map(spin, [ROUNDS, ROUNDS]))
            best = max(best, cpu / (time.perf_counter() - wall0))
        return best


async def waits(n, latency):
    start = time.perf_counter()
    await asyncio.gather(*(asyncio.sleep(latency) for _ in range(n)))
    return time.perf_counter() - start


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "asyncio":
        one = asyncio.run(waits(1, 0.05))
        out = {"asyncio_100_over_1": asyncio.run(waits(100, 0.05)) / one}
    elif mode == "pools":
        out = {
            "gil": getattr(sys, "_is_gil_enabled", lambda: True)(),
            "threads_processors": busy(ThreadPoolExecutor),
            "processes_processors": busy(ProcessPoolExecutor),
        }
    else:
        sys.exit(f"unknown mode {mode!r}: asyncio or pools")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
