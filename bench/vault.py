"""The vault itself at 1,000 and 10,000 entries: save, unlock, search, and peak memory.

    /work/venv/bin/python bench/vault.py                 # 1,000 and 10,000 entries, 5 runs each
    /work/venv/bin/python bench/vault.py --sizes 1000,10000 --runs 7

For each size a vault of the shared generated journal (``_harness.generate_journal``:
seeded, about 1.5 KB an entry, three in four private) is built through ``PairService``
with the default Argon2id cost. Then, in-process (no interpreter start-up in the figures):

* save: ``add_entry`` of one more 1.5 KB entry, which rewrites the whole vault (serialise
  the database, seal it, write a temporary file, fsync, rotate backups, rename, fsync the
  folder) -- the wait after every change;
* unlock: ``PairService.unlock`` read-only -- key derivation, decrypting the body, loading
  the database and decrypting this person's private entries; shown whole and without the
  key derivation (timed alone just before each unlock; the median of the differences);
* search: ``PairService.search`` for a word in one entry in 250;
* peak memory of a fresh process that only unlocks and searches: ``ru_maxrss`` (the whole
  process, SQLite's own allocations included) before and after, and ``tracemalloc``'s peak
  over one unlock and search (Python objects only: SQLite's pages are not traced).

Build and open run in separate child processes, so each size's peak RSS is its own. Every
figure is printed with the 10k/1k ratio beside it; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness as h  # noqa: E402

VAULT_NAME = "pair.rmpair"


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def build(size: int, folder: Path, runs: int) -> dict:
    """Child: build the vault, then time ``runs`` saves of one more entry."""
    from rmpair.core.service import PairService

    vault = folder / VAULT_NAME
    build_s = h.build_rmpair_vault(vault, h.generate_journal(size))
    size_before = vault.stat().st_size
    extra = h.generate_journal(runs, seed=h.SEED + 1)
    service = PairService.unlock(vault, h.PASSPHRASE, write=True)
    saves = []
    try:
        for entry in extra:
            started = time.perf_counter()
            service.add_entry(kind=entry.kind, title=entry.title, body=entry.body, meeting=entry.meeting)
            saves.append(time.perf_counter() - started)
    finally:
        service.close()
    return {"build_s": build_s, "file_bytes": size_before, "save_ms": _median_ms(saves)}


def open_and_search(folder: Path, runs: int, expected: int) -> dict:
    """Child: time unlocks and searches on a vault built earlier, then trace one of each."""
    import tracemalloc

    from rmpair.core.service import PairService

    vault = folder / VAULT_NAME
    baseline_rss = _maxrss_mib()  # after importing rmpair, before any unlock
    kdfs, unlocks, searches = [], [], []
    for _ in range(runs):
        # Key derivation timed just before each unlock, so a busy machine slows both alike.
        kdfs.append(h.rmpair_kdf_seconds(1))
        started = time.perf_counter()
        service = PairService.unlock(vault, h.PASSPHRASE, write=False)
        unlocks.append(time.perf_counter() - started)
        try:
            started = time.perf_counter()
            found = service.search(h.RARE_WORD)
            searches.append(time.perf_counter() - started)
            if len(found) != expected:
                raise SystemExit(f"search found {len(found)} entries, expected {expected}")
        finally:
            service.close()
    peak_rss = _maxrss_mib()

    tracemalloc.start()
    service = PairService.unlock(vault, h.PASSPHRASE, write=False)
    service.search(h.RARE_WORD)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    service.close()
    return {
        "unlock_ms": _median_ms(unlocks),
        "kdf_ms": _median_ms(kdfs),
        "unlock_beyond_kdf_ms": _median_ms([u - k for u, k in zip(unlocks, kdfs)]),
        "search_ms": _median_ms(searches),
        "rss_baseline_mib": baseline_rss,
        "rss_peak_mib": peak_rss,
        "tracemalloc_peak_mib": traced_peak / 2**20,
    }


def _child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench child {' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


ROWS = [
    ("vault file", "file_bytes", lambda v: f"{v / 1e6:.1f} MB"),
    ("build (one save at the end)", "build_s", lambda v: f"{v:.1f} s"),
    ("save: add one entry", "save_ms", lambda v: f"{v:.0f} ms"),
    ("unlock, whole", "unlock_ms", lambda v: f"{v:.0f} ms"),
    ("  of which key derivation", "kdf_ms", lambda v: f"{v:.0f} ms"),
    ("  unlock beyond key derivation", "unlock_beyond_kdf_ms", lambda v: f"{v:.0f} ms"),
    ("search (1 entry in 250 matches)", "search_ms", lambda v: f"{v:.1f} ms"),
    ("max RSS after imports", "rss_baseline_mib", lambda v: f"{v:.0f} MiB"),
    ("max RSS after unlock + search", "rss_peak_mib", lambda v: f"{v:.0f} MiB"),
    ("tracemalloc peak, unlock + search", "tracemalloc_peak_mib", lambda v: f"{v:.1f} MiB"),
]


def _short(count: int) -> str:
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="two entry counts, small,large (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each operation (default 5)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:  # ["build", SIZE, DIR] or ["open", DIR, EXPECTED]
        if args.child[0] == "build":
            result = build(int(args.child[1]), Path(args.child[2]), args.runs)
        else:
            result = open_and_search(Path(args.child[1]), args.runs, int(args.child[2]))
        print(json.dumps(result))
        return 0

    small, large = (int(s) for s in args.sizes.split(","))
    h.print_machine()
    work = h.scratch_dir("rmpair-bench-vault-")
    results: dict[int, dict] = {}
    try:
        for size in (small, large):
            folder = work / str(size)
            folder.mkdir()
            runs = str(args.runs)
            results[size] = _child("--runs", runs, "--child", "build", str(size), str(folder))
            results[size] |= _child(
                "--runs", runs, "--child", "open", str(folder), str(h.expected_matches(size))
            )
            print(f"measured {size:,} entries", flush=True)
    finally:
        h.remove_tree(work)

    print()
    print(f"## vault at {small:,} and {large:,} entries (medians of {args.runs} runs, in-process)")
    ratio_label = f"{_short(large)}/{_short(small)}"
    head = f"{'':36}{small:>12,}{large:>12,}{ratio_label:>9}"
    print(head)
    for label, key, fmt in ROWS:
        a, b = results[small][key], results[large][key]
        ratio = f"{b / a:.1f}x" if a > 0 else "-"
        print(f"{label:36}{fmt(a):>12}{fmt(b):>12}{ratio:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
