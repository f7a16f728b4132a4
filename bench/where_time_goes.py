"""Where rmpair's time goes: the phases behind the whole-process figures of the other scripts.

    python bench/where_time_goes.py                  # 10,000 entries
    python bench/where_time_goes.py --entries 1000

Not a benchmark with targets: a breakdown to read beside them, each phase timed on its own
with ``time.perf_counter`` (medians of a few repeats). Three parts:

1. Start-up, each in a fresh interpreter: bare Python, ``rmpair.cli.build_parser()`` (what
   every ``rmpair`` command, the app included, pays before doing anything), what the
   reading commands import (``rmpair.core.entry_reader``; ``rmpair.core.pair_reader`` and
   ``rmpair.reports.export``), the service's ORM, and ``rmpair.tui.app``.
2. One CLI command's work, in-process, on a vault of ``--entries`` entries: reading and
   decrypting the vault (key derivation on its own line), loading the database, turning the
   rows into entries (ORM rows, AES-GCM, JSON, views), the search, and the export's steps.
3. The app's unlock, in Textual's headless mode: from Enter to the home screen, with the
   service's and the home screen's steps timed by wrappers (how often each ran, and for how
   long), and Textual's stylesheet (re)parses.

For a call tree instead, pyinstrument in a folder of the benchmark's own (never the
project's dependencies)::

    python -m pip install --target bench/.tools pyinstrument
    PYTHONPATH=bench/.tools python -m pyinstrument -m rmpair --vault V search quokka < passphrase.txt
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import json
import pstats
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness as h  # noqa: E402

_STARTUP_SNIPPET = """
import time, json, sys
t0 = time.perf_counter()
steps = {}
def mark(name):
    global t0
    now = time.perf_counter(); steps[name] = now - t0; t0 = now
from rmpair.cli import build_parser
build_parser()
mark("rmpair.cli.build_parser() (lists the commands, imports none of their modules)")
import rmpair.core.entry_reader
mark("then rmpair.core.entry_reader (what search and list need)")
import rmpair.core.pair_reader, rmpair.reports.export
mark("then rmpair.core.pair_reader and rmpair.reports.export (show, export, summary)")
import rmpair.core.service
mark("then rmpair.core.service (SQLModel: what writing commands and the app need)")
import rmpair.tui.app
mark("then rmpair.tui.app (textual)")
print(json.dumps(steps))
"""


def median_of(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def startup(repeats: int = 5) -> None:
    print("## 1. start-up, fresh interpreters (median of %d)" % repeats)
    h.compile_rmpair()  # imports read bytecode, as from an installed rmpair
    bare = []
    steps: dict[str, list[float]] = defaultdict(list)
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - started)
        done = subprocess.run([sys.executable, "-c", _STARTUP_SNIPPET], capture_output=True, text=True, check=True)
        for name, seconds in json.loads(done.stdout).items():
            steps[name].append(seconds)
    print(f"  {'python -c pass (whole process)':58s} {statistics.median(bare):.3f} s")
    for name, values in steps.items():
        print(f"  {name:58s} {statistics.median(values):.3f} s")
    print()


def hot_spots(fn, top: int = 8) -> list[tuple[str, float]]:
    """The functions ``fn`` spends most of its own time in (cProfile, so slower than real)."""
    profile = cProfile.Profile()
    profile.runcall(fn)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    rows = sorted(((tt, f"{Path(file).name}:{line}({name})") for (file, line, name), (_cc, _nc, tt, _ct, _callers) in stats.items()), reverse=True)
    return [(label, tt) for tt, label in rows[:top]]


def cli_work(vault: Path) -> None:
    from rmpair.core import crypto
    from rmpair.reports import export
    from rmpair.content import load_content
    from rmpair.core.database import Database
    from rmpair.core.service import PairService
    from rmpair.core.vault import Vault
    from rmpair.core.vault_read import read_whole
    from rmpair.core.vault_format import split

    print(f"## 2. one CLI command's work, in-process ({vault.stat().st_size / 1e6:.1f} MB vault; median of 3)")

    def row(name: str, seconds: float) -> None:
        print(f"  {name:58s} {seconds:.3f} s")

    def spots(fn, what: str) -> None:
        print(f"    where {what} spends its own time (cProfile, inflated; top functions):")
        for label, seconds in hot_spots(fn):
            print(f"      {seconds:7.3f} s  {label}")

    data = read_whole(vault)
    row("read the file", median_of(lambda: read_whole(vault)))
    header, _prefix, _body = split(data)
    row("split and check the header", median_of(lambda: split(data)))
    slot = next(s for s in header.slots if s.kind == "passphrase")
    row("key derivation (Argon2id, the slot's parameters)", median_of(lambda: crypto.derive_key(h.PASSPHRASE, slot.salt, slot.kdf)))
    opened, image = Vault.open(vault, h.PASSPHRASE, write=False)
    row("Vault.open, all of it (read, split, derive, decrypt)", median_of(lambda: Vault.open(vault, h.PASSPHRASE, write=False)[0].close()))
    database = Database.from_image(image)
    row("Database.from_image (deserialize, migrations check)", median_of(lambda: Database.from_image(image).close()))
    entry_sql = "SELECT * FROM entry"
    row("  (for scale: every entry row through sqlite3 directly)", median_of(
        lambda: (database.connection.execute(entry_sql).fetchall(), database.connection.execute("SELECT id, sealed FROM sealed_entry").fetchall())
    ))
    services: list[PairService] = []

    def construct() -> None:
        for old in services:
            old._entries.clear()
        services[:] = [PairService(opened, Database.from_image(image))]

    row("PairService(...): every entry loaded and decrypted", median_of(construct))
    spots(construct, "PairService(...)")
    service = services[0]
    row("meetings() read again (as after a change)", median_of(lambda: _uncached_meetings(service)))
    row("to_do()", median_of(service.to_do))
    row(f"search '{h.RARE_WORD}'", median_of(lambda: service.search(h.RARE_WORD)))
    row("entries() (filter and sort everything)", median_of(lambda: service.entries()))
    pack = load_content()
    row("load_content (prompt pack)", median_of(load_content))
    document = export.build_export(service, include_private=True, content=pack)
    row("export: build_export(include_private)", median_of(lambda: export.build_export(service, include_private=True, content=pack)))
    text = export.render(document, "markdown")
    row(f"export: render markdown ({len(text) / 1e6:.1f} MB)", median_of(lambda: export.render(document, "markdown")))
    spots(lambda: export.render(document, "markdown"), "render markdown")
    print()


def _uncached_meetings(service) -> None:  # noqa: ANN001 - PairService
    service._meetings = None
    service.meetings()


def app_unlock(vault: Path) -> None:
    from rmpair.core import crypto
    from rmpair.core import vault as vault_module
    from rmpair.tui.app import RmpairApp
    from rmpair.core import entry_reader
    from rmpair.core.database import Database
    from rmpair.tui.screens import home
    from rmpair.core.service import PairService
    from textual.css.stylesheet import Stylesheet

    calls: dict[str, list[float]] = defaultdict(list)

    def wrap(owner, name: str, label: str) -> None:
        real = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
        if real is None:
            return
        target = real.__func__ if isinstance(real, classmethod) else real

        @functools.wraps(target)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return target(*args, **kwargs)
            finally:
                calls[label].append(time.perf_counter() - started)

        setattr(owner, name, classmethod(timed) if isinstance(real, classmethod) else timed)

    wrap(crypto, "derive_key", "key derivation")
    wrap(vault_module.Vault, "open", "Vault.open (incl. key derivation)")
    wrap(Database, "from_image", "Database.from_image")
    wrap(entry_reader, "load_entries", "load_entries (sqlite3, AES-GCM, JSON, views)")
    wrap(PairService, "entries", "PairService.entries")
    wrap(PairService, "to_do", "PairService.to_do")
    wrap(home.HomeScreen, "reload", "HomeScreen.reload")
    wrap(Stylesheet, "reparse", "textual Stylesheet.reparse")

    async def run() -> float:
        app = RmpairApp(vault)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(2.0)  # the warm-up worker finishes, as while a person types
            for key in h.PASSPHRASE:
                await pilot.press(key)
            calls.clear()
            started = time.perf_counter()
            await pilot.press("enter")
            while not isinstance(app.screen, home.HomeScreen):
                await asyncio.sleep(0.002)
            await pilot.pause()
            elapsed = time.perf_counter() - started
            await pilot.press("ctrl+q")
        return elapsed

    elapsed = asyncio.run(run())
    print("## 3. the app's unlock, headless, Enter -> home screen settled (one run)")
    print(f"  {'in all':58s} {elapsed:.3f} s")
    for label, values in calls.items():
        print(f"  {label:58s} {sum(values):.3f} s  ({len(values)} call{'s' if len(values) != 1 else ''})")
    print("  (the service's steps run in a worker thread; the home screen's on the app's thread)")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--vault", type=Path, help="an existing vault (passphrase as in _harness) instead of building one")
    parser.add_argument("--skip-app", action="store_true", help="leave out part 3")
    args = parser.parse_args(argv)
    h.print_machine()
    work = h.scratch_dir("rmpair-bench-where-")
    try:
        vault = args.vault
        if vault is None:
            vault = work / "pair.rmpair"
            h.build_rmpair_vault(vault, h.generate_journal(args.entries))
        startup()
        cli_work(vault)
        if not args.skip_app:
            app_unlock(vault)
    finally:
        h.remove_tree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
