"""Exchange bundles at 1,000 and 10,000 entries: export and import, time and peak memory.

    /work/venv/bin/python bench/bundle.py                      # 1,000 and 10,000 entries, 3 runs each
    /work/venv/bin/python bench/bundle.py --sizes 1000 --runs 5

For each size, laptop A holds the shared generated journal (``_harness.generate_journal``:
seeded, about 1.5 KB an entry, three in four private) with both people and the default
Argon2id cost; laptop B is made from A's pairing invite. Then, as whole processes of the
installed ``rmpair`` under ``/usr/bin/time`` (so the figures include start-up, the key
derivation and the one atomic save, exactly as a person waits for them):

* export: ``rmpair bundle export --out FILE`` on A (a new bundle number each run, so B
  never refuses it as one it has seen);
* import: ``rmpair bundle import FILE --yes`` on B, of the bundle just made: the whole
  state is merged record by record, even when little changed;

each with its wall-clock median and its peak resident memory (``%M``). Runs alternate
export and import, so a change in the machine's load falls on both. The bundle's size is
shown beside the vault's. Nothing is asserted; the 10k/1k ratios are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness as h  # noqa: E402

MENTEE_PASSPHRASE = "bench mentee passphrase"


def make_laptops(size: int, folder: Path) -> tuple[Path, Path]:
    """Laptop A with ``size`` entries and both people; laptop B accepted from A's invite."""
    from rmpair.core.service import PairService
    from rmpair.exchange import invite

    a, b = folder / "a" / "pair.rmpair", folder / "b" / "pair.rmpair"
    a.parent.mkdir(parents=True)
    b.parent.mkdir()
    h.build_rmpair_vault(a, h.generate_journal(size))
    service = PairService.unlock(a, h.PASSPHRASE)
    try:
        service.join(role="mentee", name="Bench Mentee", passphrase=MENTEE_PASSPHRASE)
    finally:
        service.close()
    service = PairService.unlock(a, MENTEE_PASSPHRASE)
    try:
        made = invite.make_invite(service, folder / "invite.rmpair")
    finally:
        service.close()
    opened = invite.open_invite((folder / "invite.rmpair").read_bytes(), made.code)
    invite.accept_invite(opened, b, MENTEE_PASSPHRASE).close()
    return a, b


def timed(argv: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one whole process."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *argv], input=stdin, capture_output=True, text=True, env=env,
        start_new_session=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


def measure(size: int, runs: int) -> dict[str, float]:
    folder = h.scratch_dir(f"rmpair-bundle-{size}-")
    try:
        started = time.perf_counter()
        a, b = make_laptops(size, folder)
        setup_s = time.perf_counter() - started
        env = h.bench_env(folder / "home")
        rmpair = h.rmpair_command()
        bundle = folder / "bundle.rmpair"
        exports, imports = [], []
        for _ in range(runs + 1):  # the first round warms the file cache, untimed
            exports.append(timed([*rmpair, "--vault", str(a), "bundle", "export", "--out", str(bundle)],
                                 h.PASSPHRASE + "\n", env))
            imports.append(timed([*rmpair, "--vault", str(b), "bundle", "import", str(bundle), "--yes"],
                                 MENTEE_PASSPHRASE + "\n", env))
        exports, imports = exports[1:], imports[1:]
        return {
            "setup_s": setup_s,
            "vault_mb": a.stat().st_size / 1e6,
            "bundle_mb": bundle.stat().st_size / 1e6,
            "export_s": statistics.median(t for t, _ in exports),
            "export_mib": max(m for _, m in exports),
            "import_s": statistics.median(t for t, _ in imports),
            "import_mib": max(m for _, m in imports),
        }
    finally:
        h.remove_tree(folder)


ROWS = [
    ("vault file", "vault_mb", "{:.1f} MB"),
    ("bundle file (padded)", "bundle_mb", "{:.1f} MB"),
    ("bundle export, whole process", "export_s", "{:.2f} s"),
    ("  peak resident memory", "export_mib", "{:.0f} MiB"),
    ("bundle import --yes, whole process", "import_s", "{:.2f} s"),
    ("  peak resident memory", "import_mib", "{:.0f} MiB"),
    ("(setting up both laptops, not timed above)", "setup_s", "{:.1f} s"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="entry counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="timed rounds of export and import per size")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    h.print_machine()
    print(f"## bundles ({args.runs} runs each; median wall time, highest peak memory)")
    results = {size: measure(size, args.runs) for size in sizes}
    header = "".join(f"{size:>14,}" for size in sizes)
    ratio = len(sizes) > 1
    print(f"  {'':40}{header}{'   ratio' if ratio else ''}")
    for label, key, fmt in ROWS:
        cells = "".join(f"{fmt.format(results[s][key]):>14}" for s in sizes)
        extra = f"{results[sizes[-1]][key] / results[sizes[0]][key]:8.2f}x" if ratio and results[sizes[0]][key] else ""
        print(f"  {label:40}{cells}{extra}")
    h.print_load_after()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
