"""``rmpair``, with each key derivation's duration appended to $RMPAIR_BENCH_KDF_LOG.

``tui_startup.py`` runs the app through this to subtract the key derivation that actually
happened inside the process from the unlock time, instead of a median measured elsewhere
(on a busy machine one Argon2id run varies by a factor of two). Only the timing wrapper is
added; everything else is ``rmpair`` as installed.
"""

from __future__ import annotations

import os
import sys
import time

from rmpair.core import crypto

_LOG = os.environ["RMPAIR_BENCH_KDF_LOG"]
_derive_key = crypto.derive_key


def _timed_derive_key(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - a transparent wrapper
    started = time.perf_counter()
    try:
        return _derive_key(*args, **kwargs)
    finally:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{time.perf_counter() - started}\n")


crypto.derive_key = _timed_derive_key

if __name__ == "__main__":
    if sys.argv[1:2] == ["--direct-app"]:  # the app without the command line in front of it
        from pathlib import Path

        from rmpair.tui.app import RmpairApp

        RmpairApp(Path(sys.argv[2])).run()
        raise SystemExit(0)
    from rmpair.cli import main

    sys.argv[0] = "rmpair"
    raise SystemExit(main())
