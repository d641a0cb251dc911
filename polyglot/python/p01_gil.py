"""P01: under the GIL, threads doing CPU work take turns; processes compute at once; asyncio
waits concurrently. Prints one JSON object for the mode given: "pools", the processors kept busy
(CPU time / wall time) by two CPU-bound workers as threads and as processes (the best of five
runs each); "asyncio", the wall time of 100 concurrent waits relative to one."""
import asyncio
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

ROUNDS = 1_000_000
RUNS = 5


def spin(rounds):
    total = 0
    for i in range(rounds):
        total += i * i
    return total


def busy(pool_class):
    """The most processors the pool kept busy in RUNS tries: a busy neighbour only takes
    processors away, so the best run is the fairest."""
    return max(busy_once(pool_class) for _ in range(RUNS))


def busy_once(pool_class):
    before, wall0 = os.times(), time.perf_counter()
    with pool_class(max_workers=2) as pool:
        list(pool.map(spin, [ROUNDS, ROUNDS]))
    after, wall = os.times(), time.perf_counter() - wall0
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("user", "system", "children_user", "children_system"))
    return cpu / wall


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
