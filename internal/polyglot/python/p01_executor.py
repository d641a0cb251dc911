"""P01: a blocking call made from asyncio, through loop.run_in_executor and inline. A task ticks
(counts, and yields to the loop) all along; the program prints how many times it ticked while
the blocking call was in progress ("ticks_during_call"), counted from inside the call: read as
the call starts and as it ends. In the executor the call runs in another thread and the loop
goes on ticking; inline it runs on the loop's own thread, which runs nothing else until the
call returns, however idle the machine. The blocking call is a sleep of BLOCK_S, standing for
any call that blocks its thread: a file read, a query, a library with no async API.
"""
import asyncio
import json
import sys
import time

BLOCK_S = 0.5


async def main(mode):
    ticks = 0
    ticking = True

    async def ticker():
        nonlocal ticks
        while ticking:
            ticks += 1
            await asyncio.sleep(0)

    def blocking_call():
        start = ticks
        time.sleep(BLOCK_S)
        return ticks - start

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)  # the ticker has started
    if mode == "executor":
        during = await asyncio.get_running_loop().run_in_executor(None, blocking_call)
    else:
        during = blocking_call()
    ticking = False
    await task
    return {"mode": mode, "ticks_during_call": during, "ticks": ticks, "block_s": BLOCK_S}


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("executor", "inline"):
        sys.exit(f"unknown mode {mode!r}: executor or inline")
    print(json.dumps(asyncio.run(main(mode))))
