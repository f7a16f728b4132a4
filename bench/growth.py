"""How rmpair's search and Markdown export grow from 1,000 to 10,000 entries.

    python bench/growth.py                 # 1,000 and 10,000 entries, 7 interleaved runs each
    python bench/growth.py --runs 5 --sizes 1000,10000

Two vaults of the same generated journal (``_harness.generate_journal``: seeded, about
1.5 KB an entry, kinds cycling so three in four are private, i.e. sealed one by one),
built in-process through ``PairService`` with the default Argon2id cost. Each figure is the
median wall-clock time of a whole ``rmpair`` process (start-up, imports, key derivation,
opening the vault, the work, exit), the sizes run in turn (small, large, small, large, ...)
after one untimed warm-up. The target is the large/small ratio: at most 1.3x.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness as h  # noqa: E402

TARGET = 1.3  # issue 16


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--sizes", default="1000,10000", help="two journal sizes, small,large (default 1000,10000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the vaults")
    args = parser.parse_args(argv)
    small, large = (int(s) for s in args.sizes.split(","))

    h.print_machine()
    kdf = h.rmpair_kdf_seconds()
    print(f"## key derivation inside every command: Argon2id, default KdfParams, median of 5: {h.fmt_s(kdf)}")
    print()
    work = h.scratch_dir("rmpair-bench-growth-")
    stdin = h.PASSPHRASE + "\n"
    try:
        vaults = {}
        for size in (small, large):
            home = work / str(size)
            home.mkdir()
            vault = home / "pair.rmpair"
            seconds = h.build_rmpair_vault(vault, h.generate_journal(size))
            vaults[size] = (home, vault)
            print(f"built {size:,} entries: {vault.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s", flush=True)
        print()

        def search(size: int):
            home, vault = vaults[size]
            env = h.bench_env(home)
            want = h.expected_matches(size)

            def run() -> tuple[float, float]:
                elapsed, done = h.run_process(
                    [*h.rmpair_command(), "--vault", str(vault), "search", h.RARE_WORD], stdin=stdin, env=env
                )
                if len(done.stdout.splitlines()) != want:
                    raise RuntimeError(f"search in {size} entries found the wrong entries:\n{done.stdout}")
                return elapsed, done.cpu_seconds

            return run

        def export(size: int):
            home, vault = vaults[size]
            env = h.bench_env(home)
            out = home / "export.md"

            def run() -> tuple[float, float]:
                elapsed, done = h.run_process(
                    [*h.rmpair_command(), "--vault", str(vault), "export", "--format", "markdown",
                     "--out", str(out), "--include-private", "--force"],
                    stdin=stdin,
                    env=env,
                )
                if h.exported_count(done.stdout) != size:
                    raise RuntimeError(f"export of {size} entries said: {done.stdout}")
                return elapsed, done.cpu_seconds

            return run

        wall, cpu = h.interleave([(f"search {small}", search(small)), (f"search {large}", search(large))], args.runs)
        more_wall, more_cpu = h.interleave(
            [(f"export {small}", export(small)), (f"export {large}", export(large))], args.runs
        )
        wall |= more_wall
        cpu |= more_cpu
        summaries = {name: h.summarise(t) for name, t in wall.items()}
        cpus = {name: h.summarise(t) for name, t in cpu.items()}
        print("## whole-process seconds (wall clock; CPU = user + system time of the process)")
        for name, summary in summaries.items():
            print(f"  {name:13s} {h.fmt_summary(summary)}   CPU {cpus[name].median:.3f} s")
        print()
        print(f"## growth, {large:,} / {small:,} entries (target <= {TARGET}x)")
        for op in ("search", "export"):
            lo, hi = summaries[f"{op} {small}"], summaries[f"{op} {large}"]
            cpu_lo, cpu_hi = cpus[f"{op} {small}"].median, cpus[f"{op} {large}"].median
            ratio = hi.median / lo.median
            print(f"  {op:6s}  {lo.median:.3f} s -> {hi.median:.3f} s   {ratio:.2f}x   {h.verdict(ratio, TARGET)}"
                  f"   (fastest runs {hi.low / lo.low:.2f}x; CPU {cpu_lo:.3f} s -> {cpu_hi:.3f} s, {cpu_hi / cpu_lo:.2f}x;"
                  f" {large - small:,} more entries cost +{hi.median - lo.median:.3f} s)")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            h.remove_tree(work)
    h.print_load_after()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
