"""The app in a process that may not write a file past a size limit (RLIMIT_FSIZE), as on a
full disk or under ``ulimit -f``: driven by Pilot, as a person would use it.

Usage: ``app_under_file_limit.py VAULT LIMIT quit|lock``

The limit is set as rmpair's ``main()`` prepares a process (SIGXFSZ ignored, so a write
past the limit fails with EFBIG instead of killing it), and is smaller than the vault, so
every save fails. The mentor types a reflection; then

* ``quit``: Ctrl+Q must ask instead of quitting; once the limit is lifted, Enter (try
  again) saves and quits with 0;
* ``lock``: Ctrl+L must lock with the text held; the mentee unlocking is not offered it;
  once the limit is lifted, the mentor unlocking is offered it and Enter puts it back.

Each step is reported as one JSON line on stdout (a pipe, so the limit does not apply to
it); a broken promise ends the process with an ``AssertionError`` on stderr.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path

from rmpair.tui.app import RmpairApp
from rmpair.cli import fail_writes_past_file_size_limit
from rmpair.core.crypto import KdfParams

MENTOR = "ada kettle orbit"
MENTEE = "ben velvet tram"
TYPED = "Written while the disk would take nothing more"


def report(**fields) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def lift_the_limit() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
    report(step="limit lifted")


async def until(pilot, condition, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g}s (screen: {type(pilot.app.screen).__name__})")
        await pilot.pause(0.02)


def showing(app, name: str) -> bool:
    return type(app.screen).__name__ == name


async def unlock(pilot, passphrase: str, then: str) -> None:
    await until(pilot, lambda: showing(pilot.app, "UnlockScreen"), "the unlock screen")
    await pilot.press(*passphrase, "enter")
    await until(pilot, lambda: showing(pilot.app, then), f"{then} after unlocking")


async def drive(vault: Path, mode: str) -> int | None:
    app = RmpairApp(vault, kdf=KdfParams(memory_kib=1024, iterations=1), settings_path=vault.with_name("settings.toml"))
    async with app.run_test(size=(100, 32)) as pilot:
        await unlock(pilot, MENTOR, "HomeScreen")
        await pilot.press("r")
        await until(pilot, lambda: showing(app, "ReflectionScreen"), "the reflection screen")
        await pilot.press(*TYPED)
        await until(pilot, lambda: app.service.unsaved, "a failed autosave")
        report(step="typed", unsaved=True)

        if mode == "quit":
            await pilot.press("ctrl+q")
            await until(pilot, lambda: showing(app, "UnsavedOnQuit"), "the question before quitting")
            problem = str(app.screen.query_one("#unsaved-problem").render())
            report(step="asked", running=app.return_code is None, problem=problem)
            lift_the_limit()
            await pilot.press("enter")
            await until(pilot, lambda: app.return_code is not None, "quitting after the retry")
        else:
            await pilot.press("ctrl+l")
            await until(pilot, lambda: showing(app, "UnlockScreen"), "the lock")
            report(step="locked", held=len(app.held_changes), sealed=all(TYPED.encode() not in h.sealed for h in app.held_changes))
            await unlock(pilot, MENTEE, "HomeScreen")
            await until(
                pilot,
                lambda: not [w for w in app.workers if w.group == "held-changes" and w.is_running],
                "the look for held changes",
            )
            report(step="partner", offered=not showing(app, "HomeScreen"), held=len(app.held_changes))
            await pilot.press("ctrl+l")
            lift_the_limit()
            await unlock(pilot, MENTOR, "PutBack")
            report(step="offered")
            await pilot.press("enter")
            await until(pilot, lambda: showing(app, "HomeScreen") and not app.service.unsaved, "the put-back save")
            report(step="put back", held=len(app.held_changes))
            await pilot.press("ctrl+q")
            await until(pilot, lambda: app.return_code is not None, "quitting")
    return app.return_code


def main() -> None:
    vault, limit, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    fail_writes_past_file_size_limit()
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    code = asyncio.run(drive(vault, mode))
    report(step="ended", exit=code)


if __name__ == "__main__":
    main()
