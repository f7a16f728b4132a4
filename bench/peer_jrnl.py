"""rmpair against jrnl: a text search and a Markdown export of everything, as whole processes.

    python bench/peer_jrnl.py              # 1,000 and 5,000 entries, 7 interleaved runs each
    python bench/peer_jrnl.py --runs 5 --sizes 1000

jrnl (an encrypted command-line journal) goes into the benchmark's own virtual
environment, ``bench/.venv-jrnl``, made on first run with this interpreter's ``venv``
and pip; it is never a dependency of rmpair. Both tools get the same generated journal
(seeded, about 1.5 KB an entry, a rare word planted in one entry in 250), encrypted:

* rmpair: a vault built in-process through ``PairService`` with the default (real)
  Argon2id cost; searched with ``rmpair search WORD`` and exported with
  ``rmpair export --format markdown --include-private --force`` (the journal's author
  exporting everything, private entries included).
* jrnl: an ``encrypt: true`` journal, configured in a temporary XDG_CONFIG_HOME, built with
  jrnl's own ``--import``; searched with ``jrnl -contains WORD --short`` (one line per match,
  like rmpair's search) and exported with ``jrnl --export markdown --file PATH``.

Passwords are not typed. jrnl 4.x asks its keyring first, then prompts through Rich's
``Console.input(password=True)``, i.e. ``getpass``. ``getpass`` reads /dev/tty when there is
one and falls back to standard input when there is not, so each process is started in its own
session (``start_new_session``: no controlling terminal) with the password on standard input,
and ``PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring`` makes the keyring answer "no
password" at once instead of probing D-Bus. rmpair reads one passphrase per line of standard
input whenever standard input is not a terminal.

Each figure is the median wall-clock time of whole processes (interpreter start-up, imports,
key derivation, decryption, the work, exit), run rmpair, jrnl, rmpair, jrnl, ... after one
untimed warm-up of each. Nothing is asserted; the targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import venv
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness as h  # noqa: E402
from rmpair.core.crypto import KdfParams  # noqa: E402

JRNL_VERSION = "4.6"
JRNL_VENV = h.BENCH_DIR / ".venv-jrnl"
TARGETS = {1000: 0.8, 5000: 0.5}  # rmpair / jrnl, at most (issue 16)

_JRNL_KDF_SNIPPET = """
import json, secrets, statistics, sys, time
from jrnl.__version__ import __version__
from jrnl.encryption import determine_encryption_method_for_writing
method = determine_encryption_method_for_writing(True)("default", {})
method._password = sys.argv[1]
times = []
for _ in range(int(sys.argv[2])):
    salt = secrets.token_bytes(16)
    started = time.perf_counter()
    method._make_key(salt)
    times.append(time.perf_counter() - started)
import cryptography
print(json.dumps({"median": statistics.median(times), "version": __version__,
                  "class": type(method).__name__, "cryptography": cryptography.__version__}))
"""


# -- jrnl's own environment ------------------------------------------------------------------


def _venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_jrnl_venv(folder: Path = JRNL_VENV) -> Path:
    """jrnl ``JRNL_VERSION`` in its own venv; made or repaired on first use."""
    python = _venv_python(folder)
    if python.exists():
        check = subprocess.run(
            [str(python), "-c", "from jrnl.__version__ import __version__; print(__version__)"],
            capture_output=True,
            text=True,
        )
        if check.returncode == 0 and check.stdout.strip() == JRNL_VERSION:
            return folder
    print(f"Installing jrnl {JRNL_VERSION} into {folder} (once) ...", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(folder)
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", f"jrnl=={JRNL_VERSION}"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"Could not install jrnl {JRNL_VERSION} into {folder}; see pip's output above.")
    return folder


def jrnl_command(folder: Path | None = None) -> list[str]:
    folder = folder or JRNL_VENV
    script = folder / ("Scripts/jrnl.exe" if sys.platform == "win32" else "bin/jrnl")
    return [str(script)]


def jrnl_kdf(folder: Path, runs: int = 5) -> dict:
    done = subprocess.run(
        [str(_venv_python(folder)), "-c", _JRNL_KDF_SNIPPET, h.PASSPHRASE, str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


# -- building the two journals ---------------------------------------------------------------


def jrnl_text(journal: list[h.JournalEntry]) -> str:
    """jrnl's own plain-text format: ``[date] title``, then the body, a blank line between."""
    return "\n".join(f"[{e.when:%Y-%m-%d %H:%M}] {e.title}\n{e.body}\n" for e in journal)


def write_jrnl_config(home: Path, journal_file: Path) -> None:
    config = home / "config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f"""version: '{JRNL_VERSION}'
journals:
  default:
    journal: {journal_file}
    encrypt: true
editor: ''
encrypt: true
template: false
default_hour: 9
default_minute: 0
timeformat: '%Y-%m-%d %H:%M'
tagsymbols: '#@'
highlight: false
linewrap: 79
indent_character: '|'
colors:
  body: none
  date: none
  tags: none
  title: none
""",
        encoding="utf-8",
    )


def jrnl_env(home: Path) -> dict[str, str]:
    env = h.bench_env(home)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    return env


def build_jrnl_journal(home: Path, journal: list[h.JournalEntry]) -> float:
    """Through jrnl's ``--import``: a new encrypted journal asks for a password twice and
    whether to keep it in the keyring (no), then imports every entry and writes once."""
    journal_file = home / "data" / "journal.txt"
    write_jrnl_config(home, journal_file)
    plain = home / "import.txt"
    plain.write_text(jrnl_text(journal), encoding="utf-8")
    elapsed, _ = h.run_process(
        [*jrnl_command(), "--import", "--file", str(plain)],
        stdin=f"{h.PASSPHRASE}\n{h.PASSPHRASE}\nn\n",
        env=jrnl_env(home),
    )
    plain.unlink()
    if not journal_file.read_bytes().startswith(b"JRNLv"):
        raise RuntimeError(f"{journal_file} is not an encrypted jrnl journal")
    return elapsed


# -- one size ---------------------------------------------------------------------------------


def compare(size: int, runs: int, work: Path) -> dict:
    journal = h.generate_journal(size)
    rm_home, jr_home = work / f"rmpair-{size}", work / f"jrnl-{size}"
    vault = rm_home / "pair.rmpair"
    rm_home.mkdir(parents=True)
    rm_build = h.build_rmpair_vault(vault, journal)
    jr_build = build_jrnl_journal(jr_home, journal)
    rm_env, jr_env = h.bench_env(rm_home), jrnl_env(jr_home)
    rm_out, jr_out = rm_home / "export.md", jr_home / "export.md"
    rm_json, jr_json = rm_home / "export.json", jr_home / "export.json"
    stdin = h.PASSPHRASE + "\n"
    want = h.expected_matches(size)

    def rm_search() -> tuple[float, float]:
        elapsed, done = h.run_process([*h.rmpair_command(), "--vault", str(vault), "search", h.RARE_WORD], stdin=stdin, env=rm_env)
        found = len(done.stdout.splitlines())
        if found != want:
            raise RuntimeError(f"rmpair search found {found} entries, expected {want}:\n{done.stdout}")
        return elapsed, done.cpu_seconds

    def jr_search() -> tuple[float, float]:
        elapsed, done = h.run_process([*jrnl_command(), "-contains", h.RARE_WORD, "--short"], stdin=stdin, env=jr_env)
        found = len([line for line in done.stdout.splitlines() if line.strip()])
        if found != want:
            raise RuntimeError(f"jrnl search found {found} entries, expected {want}:\n{done.stdout}")
        return elapsed, done.cpu_seconds

    def rm_export() -> tuple[float, float]:
        elapsed, done = h.run_process(
            [*h.rmpair_command(), "--vault", str(vault), "export", "--format", "markdown", "--out", str(rm_out), "--include-private", "--force"],
            stdin=stdin,
            env=rm_env,
        )
        if h.exported_count(done.stdout) != size:
            raise RuntimeError(f"rmpair export did not export {size} entries: {done.stdout}")
        return elapsed, done.cpu_seconds

    def jr_export() -> tuple[float, float]:
        elapsed, done = h.run_process([*jrnl_command(), "--export", "markdown", "--file", str(jr_out)], stdin=stdin, env=jr_env)
        headings = sum(1 for line in jr_out.read_text(encoding="utf-8").splitlines() if line.startswith("### "))
        if headings != size:
            raise RuntimeError(f"jrnl export has {headings} entries, expected {size}")
        return elapsed, done.cpu_seconds

    def rm_export_json() -> tuple[float, float]:
        elapsed, done = h.run_process(
            [*h.rmpair_command(), "--vault", str(vault), "export", "--format", "json", "--out", str(rm_json), "--include-private", "--force"],
            stdin=stdin,
            env=rm_env,
        )
        if len(json.loads(rm_json.read_text(encoding="utf-8"))["entries"]) != size:
            raise RuntimeError(f"rmpair JSON export did not export {size} entries: {done.stdout}")
        return elapsed, done.cpu_seconds

    def jr_export_json() -> tuple[float, float]:
        elapsed, done = h.run_process([*jrnl_command(), "--export", "json", "--file", str(jr_json)], stdin=stdin, env=jr_env)
        if len(json.loads(jr_json.read_text(encoding="utf-8"))["entries"]) != size:
            raise RuntimeError(f"jrnl JSON export does not hold {size} entries")
        return elapsed, done.cpu_seconds

    wall, cpu = h.interleave([("rmpair search", rm_search), ("jrnl search", jr_search)], runs)
    for pair in ([("rmpair export", rm_export), ("jrnl export", jr_export)],
                 [("rmpair json", rm_export_json), ("jrnl json", jr_export_json)]):
        more_wall, more_cpu = h.interleave(pair, runs)
        wall |= more_wall
        cpu |= more_cpu
    return {
        "size": size,
        "times": {name: h.summarise(t) for name, t in wall.items()},
        "cpu": {name: h.summarise(t) for name, t in cpu.items()},
        "build": {"rmpair": rm_build, "jrnl": jr_build},
        "files": {"rmpair": vault.stat().st_size, "jrnl": (jr_home / "data" / "journal.txt").stat().st_size},
        "exports": {"rmpair": rm_out.stat().st_size, "jrnl": jr_out.stat().st_size},
        "matches": want,
    }


def print_public_tool_commands(work: Path, sizes: list[int]) -> None:
    """The same comparison with hyperfine, on the kept journals: whole processes, the
    passphrase on standard input, jrnl without a controlling terminal (``setsid -w``)."""
    passphrase = work / "passphrase.txt"
    passphrase.write_text(h.PASSPHRASE + "\n", encoding="utf-8")
    rmpair = " ".join(h.rmpair_command())
    print("To time them again with hyperfine (or put /usr/bin/time -v in front of one command):")
    for size in sizes:
        vault, jr_home = work / f"rmpair-{size}" / "pair.rmpair", work / f"jrnl-{size}"
        jr_env = f"HOME={jr_home} XDG_CONFIG_HOME={jr_home}/config PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring"
        print(f"  hyperfine --warmup 1 --runs 7 \\\n"
              f"    'setsid -w {rmpair} --vault {vault} search {h.RARE_WORD} < {passphrase}' \\\n"
              f"    '{jr_env} setsid -w {jrnl_command()[0]} -contains {h.RARE_WORD} --short < {passphrase}'")


def main(argv: list[str] | None = None) -> int:
    global JRNL_VENV
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--sizes", default="1000,5000", help="journal sizes, comma-separated (default 1000,5000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the journals")
    parser.add_argument("--jrnl-venv", type=Path, default=JRNL_VENV,
                        help=f"the virtual environment jrnl {JRNL_VERSION} is in, made there if it is not (default {JRNL_VENV})")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    JRNL_VENV = args.jrnl_venv

    ensure_jrnl_venv(JRNL_VENV)
    h.print_machine()
    rm_kdf = h.rmpair_kdf_seconds()
    jr = jrnl_kdf(JRNL_VENV)
    print("## key derivation (median of 5, in-process, one derivation)")
    params = KdfParams()
    print(f"  rmpair: Argon2id {params.memory_kib // 1024} MiB, {params.iterations} passes, {params.lanes} lanes "
          f"(rmpair.core.crypto.derive_key, KdfParams())  {h.fmt_s(rm_kdf)}")
    print(f"  jrnl {jr['version']}: PBKDF2-HMAC-SHA256 100,000 iterations ({jr['class']}._make_key)      {h.fmt_s(jr['median'])}")
    print(f"  (cryptography {jr['cryptography']} in jrnl's venv; each tool derives one key per command)")
    print()

    work = h.scratch_dir("rmpair-bench-peer-")
    results = []
    try:
        for size in sizes:
            print(f"## {size:,} entries: building ...", flush=True)
            result = compare(size, args.runs, work)
            results.append(result)
            b, f, x = result["build"], result["files"], result["exports"]
            print(f"  built: rmpair vault {f['rmpair'] / 1e6:.1f} MB in {b['rmpair']:.1f} s (in-process); "
                  f"jrnl journal {f['jrnl'] / 1e6:.1f} MB in {b['jrnl']:.1f} s (jrnl --import)")
            print(f"  exports: rmpair {x['rmpair'] / 1e6:.1f} MB, jrnl {x['jrnl'] / 1e6:.1f} MB; "
                  f"search for '{h.RARE_WORD}' finds {result['matches']} entries in each")
            for name, summary in result["times"].items():
                print(f"  {name:14s} {h.fmt_summary(summary)}   CPU {result['cpu'][name].median:.3f} s")
            print()
    finally:
        if args.keep:
            print(f"kept {work}")
            print_public_tool_commands(work, sizes)
        else:
            h.remove_tree(work)

    print("## summary: median whole-process wall-clock seconds, rmpair / jrnl")
    print("   (beside it, less disturbed by other work on the machine: the ratio of each tool's fastest run,")
    print("    and the ratio of median CPU time, user + system, of the processes)")
    print(f"  key derivation inside each: rmpair {rm_kdf:.3f} s, jrnl {jr['median']:.3f} s")
    print(f"  {'entries':>8}  {'operation':9}  {'rmpair':>8}  {'jrnl':>8}  {'ratio':>6}  {'target':>7}  verdict   "
          f"{'rmpair-KDF':>10}  {'jrnl-KDF':>8}  {'fastest':>7}  {'CPU':>6}")
    for result in results:
        size = result["size"]
        target = TARGETS.get(size)
        for op in ("search", "export", "json"):
            rm_s, jr_s = result["times"][f"rmpair {op}"], result["times"][f"jrnl {op}"]
            rm, jrv = rm_s.median, jr_s.median
            ratio = rm / jrv
            verdict = h.verdict(ratio, target) if target else "-"
            target_text = f"<= {target:.1f}x" if target else "-"
            print(f"  {size:>8,}  {op:9}  {rm:8.3f}  {jrv:8.3f}  {ratio:5.2f}x  {target_text:>7}  {verdict:7}   "
                  f"{rm - rm_kdf:10.3f}  {jrv - jr['median']:8.3f}  {rm_s.low / jr_s.low:6.2f}x  "
                  f"{result['cpu'][f'rmpair {op}'].median / result['cpu'][f'jrnl {op}'].median:5.2f}x")
    h.print_load_after()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
