"""R21: a coroutine function called without await. The call makes a coroutine object and runs
none of its body; when the object is dropped unawaited, CPython warns (RuntimeWarning) that the
coroutine was never awaited. Prints one JSON object: whether the body ran after the call and
after the loop had run other callbacks ("body_ran"), the warnings raised meanwhile
("warning_category", "warning"), and, for contrast, whether the same body runs when awaited
("body_ran_when_awaited"). It also runs the forgetful call in a child interpreter with the
default warning filters (isolated: PYTHONWARNINGS and the like are ignored), bounded by
CHILD_BOUND_S, and prints what that child wrote on stderr ("default_stderr"): what a user sees.
"""
import asyncio
import json
import subprocess
import sys
import warnings

CHILD_BOUND_S = 15

FORGETFUL = """
import asyncio

async def save():
    print("the body ran")

async def main():
    save()

asyncio.run(main())
"""


async def main():
    ran = []

    async def save():
        ran.append(True)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        save()  # the coroutine object is made and dropped at once, never awaited
        for _ in range(3):  # let the loop run whatever it has
            await asyncio.sleep(0)
    body_ran = bool(ran)
    await save()
    child = subprocess.run([sys.executable, "-I", "-c", FORGETFUL], capture_output=True, text=True, timeout=CHILD_BOUND_S)
    return {
        "body_ran": body_ran,
        "warnings": len(caught),
        "warning_category": caught[0].category.__name__ if caught else None,
        "warning": str(caught[0].message) if caught else None,
        "body_ran_when_awaited": bool(ran),
        "default_stdout": child.stdout, "default_stderr": child.stderr, "default_exit_code": child.returncode,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
