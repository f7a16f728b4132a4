"""A second rmpair process for the tests that need one. Not a test module.

    python save_loop.py loop VAULT TAG       add entries titled TAG-1, TAG-2, ... for ever,
                                             printing "saved N" after each add returns
    python save_loop.py zygote VAULT         for each line "start TAG" on stdin, fork a child that
                                             runs the loop above; print "exited PID STATUS"
                                             when that child is gone (killed, normally)
    python save_loop.py hold VAULT           hold the vault open for writing until stdin closes

The passphrase is the first line of standard input. Each mode prints "ready PID" once the
vault is unlocked, flushing every line, so the test knows what has happened so far even
after it kills this process with SIGKILL.

The zygote exists to make fifty kills affordable: importing rmpair costs about half a
second, a fork of a process that has already imported it costs nothing. Each forked child
is its own process with its own lock, killed on its own; the zygote only waits for it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Each entry is about the size of a real note: a few paragraphs.
BODY = (
    "We talked about who gets asked to present to the board and who gets asked to take "
    "notes. The same three names come up every quarter. "
) * 2


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def loop(vault: Path, passphrase: str, tag: str) -> None:
    from rmpair.core.service import PairService

    service = PairService.unlock(vault, passphrase, write=True)
    say(f"ready {os.getpid()}")
    number = 0
    while True:
        number += 1
        service.add_entry(
            kind="note", title=f"{tag}-{number}", body=f"{number}. {BODY}", private=number % 2 == 0
        )
        say(f"saved {number}")


def zygote(vault: Path, passphrase: str) -> None:
    import traceback

    import rmpair.core.service  # noqa: F401  (the import the children must not pay for again)

    say(f"zygote {os.getpid()}")
    for command in sys.stdin:
        verb, tag = command.split()
        if verb != "start":
            raise SystemExit(f"unknown command {verb}")
        pid = os.fork()
        if pid == 0:
            try:
                loop(vault, passphrase, tag)
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        say(f"exited {pid} {code}")


def hold(vault: Path, passphrase: str) -> None:
    from rmpair.core.service import PairService

    service = PairService.unlock(vault, passphrase, write=True)
    say(f"ready {os.getpid()}")
    sys.stdin.read()  # until the test closes our stdin
    service.close()
    say("closed")


def main(argv: list[str]) -> int:
    mode, vault = argv[1], Path(argv[2])
    passphrase = sys.stdin.readline().rstrip("\n")
    if mode == "loop":
        loop(vault, passphrase, argv[3])
    elif mode == "zygote":
        zygote(vault, passphrase)
    elif mode == "hold":
        hold(vault, passphrase)
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
